#pragma once
// Runs the built `tessera` binary (path from the TESSERA_CLI macro) and captures its exit code, stdout and stderr.
#include <string>

#include "support/temp_path.h"

namespace tessera::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `args` is appended to the binary's path as shell words.
CliResult run_cli(const std::string& args);

}  // namespace tessera::testing
