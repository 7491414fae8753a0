#pragma once
// `tessera run --system S`: a workload on a multi-device system under a parallel plan (training) — the system half
// of the run command, kept apart from the single-device half.
#include <string>

#include "tessera/frontend/model_source.h"

namespace tessera {

struct SystemRunOptions {
  ModelRequest model;
  std::string system;
  std::string mode;      // training | inference
  std::string parallel;  // --parallel text
  std::string fidelity;  // analytic | event
  std::string cost_model;
  std::string passes;
  std::string format;    // table | json
  std::string trace;     // Chrome trace output file ("" = none)
  std::string out;
  bool allow_oversubscribe = false;
};

void run_on_system(const SystemRunOptions& options);

}  // namespace tessera
