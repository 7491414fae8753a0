#pragma once
// `tessera validate`: published measurements (data/validation/*.yaml, each with its source) against predictions.
#include <string>
#include <vector>

#include "tessera/cost/op_cost.h"

namespace tessera {

struct ValidationCase {
  std::string id;
  std::string file;      // the YAML file it came from
  std::string hardware;  // preset name
  std::string workload;  // "peak", a zoo model, or a micro-workload spec
  std::string dtype;
  std::string metric;    // tflops (tops for integer dtypes), bytes_per_s, samples_per_s; with a system: tflops_per_gpu, samples_per_s,
                         // iteration_s, layer_forward_s, layer_backward_s
  double value = 0;      // the published measurement, in the metric's unit (TFLOP/s or TOP/s, B/s, samples/s)
  double tolerance_pct = 0;
  int64_t batch = 0;     // zoo models; 0 = 1
  int64_t seq = 0;       // zoo models; 0 = the model's default
  std::string system;    // a system preset (with parameters): the case is a training run under `parallel`
  std::string parallel;  // --parallel text, e.g. "dp=32,tp=1,pp=1,mbs=16,recompute=full"
  // Graph passes matching the kernels the measured software ran (e.g. "none" for eager PyTorch with hand-fused
  // kernels, where the fusion pass would fuse what it did not); empty: the validate command's.
  std::string passes;
  std::string source;
  std::string skip;      // non-empty: why Tessera cannot evaluate this case yet
};

// Every case of every *.yaml in `dir`, files in name order. Throws InputError naming the file, case and field.
std::vector<ValidationCase> load_validation_cases(const std::string& dir);

struct ValidationResult {
  double predicted = 0;  // in the case's metric unit
  double error_pct = 0;  // (predicted - value) / value x 100
  bool pass = false;
};

// Evaluates one (non-skipped) case with `model` after the graph `passes` (e.g. "fusion"); hardware presets come from
// `data_dir`.
ValidationResult run_validation_case(const ValidationCase& c, const CostModel& model, const std::string& passes,
                                     const std::string& data_dir);

}  // namespace tessera
