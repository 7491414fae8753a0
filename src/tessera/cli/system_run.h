#pragma once
// `tessera run --system S`: a workload on a multi-device system under a parallel plan — a training iteration, or LLM
// serving (prefill and decode) — the system half of the run command, kept apart from the single-device half.
#include <string>

#include "tessera/frontend/model_source.h"

namespace tessera {

struct SystemRunOptions {
  ModelRequest model;
  std::string system;
  std::string mode = "inference";  // training | inference
  std::string parallel;  // --parallel text
  std::string fidelity = "event";  // analytic | event
  std::string cost_model;
  std::string passes;
  std::string format;    // table | json
  std::string trace;     // Chrome trace output file ("" = none)
  int64_t output_tokens = 128;  // inference: tokens generated per sequence (the prompt is --seq)
  bool offload_weights = false;  // inference: layer weights in host memory, streamed
  std::string out;
  bool allow_oversubscribe = false;
};

void run_on_system(const SystemRunOptions& options);

}  // namespace tessera
