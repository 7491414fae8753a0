#include "integration/cli_runner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tessera::testing {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CliResult run_cli(const std::string& args) {
  static int counter = 0;
  std::string base = temp_path("cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::string command = std::string(TESSERA_CLI) + " " + args + " >" + base + ".out 2>" + base + ".err";
  int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(base + ".out");
  result.err = slurp(base + ".err");
  std::filesystem::remove(base + ".out");
  std::filesystem::remove(base + ".err");
  return result;
}

}  // namespace tessera::testing
