#include "tessera/sim/validation.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "tessera/core/error.h"
#include "tessera/core/text_file.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/frontend/model_source.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/hardware/peaks.h"
#include "tessera/passes/pass.h"
#include "tessera/hardware/system_presets.h"
#include "tessera/sim/training_sim.h"

namespace tessera {
namespace {

template <class T>
T field(const YAML::Node& node, const std::string& key, const std::string& where, bool required = true) {
  const YAML::Node value = node[key];
  if (!value) {
    if (required) throw InputError(where + ": missing field '" + key + "'");
    return T{};
  }
  try {
    return value.as<T>();
  } catch (const YAML::Exception&) {
    throw InputError(where + ": field '" + key + "' has the wrong type");
  }
}

ValidationCase read_case(const YAML::Node& node, const std::string& file, size_t index) {
  std::string where = file + ": case " + std::to_string(index);
  ValidationCase c;
  c.id = field<std::string>(node, "id", where);
  where = file + ": case '" + c.id + "'";
  c.file = file;
  c.hardware = field<std::string>(node, "hardware", where);
  c.workload = field<std::string>(node, "workload", where);
  c.dtype = field<std::string>(node, "dtype", where);
  c.metric = field<std::string>(node, "metric", where);
  c.value = field<double>(node, "value", where);
  c.tolerance_pct = field<double>(node, "tolerance_pct", where);
  c.batch = field<int64_t>(node, "batch", where, false);
  c.seq = field<int64_t>(node, "seq", where, false);
  c.system = field<std::string>(node, "system", where, false);
  c.parallel = field<std::string>(node, "parallel", where, false);
  c.passes = field<std::string>(node, "passes", where, false);
  try {
    pass_list(c.passes);
  } catch (const InputError& e) {
    throw InputError(where + ": field 'passes': " + e.what());
  }
  c.source = field<std::string>(node, "source", where);
  c.skip = field<std::string>(node, "skip", where, false);
  bool known = c.system.empty() ? c.metric == "tflops" || c.metric == "tops" || c.metric == "bytes_per_s" ||
                                        c.metric == "samples_per_s"
                                  : c.metric == "tflops_per_gpu" || c.metric == "samples_per_s" ||
                                        c.metric == "iteration_s" || c.metric == "layer_forward_s" ||
                                        c.metric == "layer_backward_s";
  if (c.skip.empty() && !known) {
    throw InputError(where + ": metric '" + c.metric + "' (expected tflops, tops, bytes_per_s or samples_per_s; " +
                     "tflops_per_gpu, samples_per_s, iteration_s, layer_forward_s or layer_backward_s with a system)");
  }
  if (c.skip.empty() && c.workload == "peak" && c.metric != "tflops" && c.metric != "tops") {
    throw InputError(where + ": a peak case measures tflops or tops, not " + c.metric);
  }
  if (c.value <= 0 || c.tolerance_pct <= 0) throw InputError(where + ": value and tolerance_pct must be positive");
  return c;
}

}  // namespace

std::vector<ValidationCase> load_validation_cases(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  if (error) throw InputError(dir + ": cannot list validation cases (" + error.message() + ")");
  std::sort(files.begin(), files.end());
  std::vector<ValidationCase> cases;
  for (const auto& file : files) {
    YAML::Node doc;
    try {
      doc = YAML::Load(read_text_file(file));
    } catch (const YAML::Exception& e) {
      throw InputError(file + ": " + e.what());
    }
    if (!doc.IsSequence()) throw InputError(file + ": expected a list of cases");
    for (size_t i = 0; i < doc.size(); ++i) {
      if (!doc[i].IsMap()) throw InputError(file + ": case " + std::to_string(i) + " is not a mapping of fields");
      try {
        cases.push_back(read_case(doc[i], file, i));
      } catch (const YAML::Exception& e) {
        throw InputError(file + ": case " + std::to_string(i) + ": " + e.what());
      }
    }
  }
  return cases;
}

namespace {

// A training run on a system: per device, the executed FLOP/s (recomputation included) or samples/s; the iteration
// time; or one transformer layer's forward or backward (recomputation included) per micro-batch on one rank.
double predict_training(const ValidationCase& c, const CostModel& model, const std::string& passes,
                        const std::string& data_dir) {
  TrainingRequest request = training_request_for(c.workload, c.seq);
  request.dtype = parse_dtype(c.dtype);
  request.plan = parse_parallel_plan(c.parallel, c.batch);
  request.system = load_system(c.system, data_dir);
  request.cost_model = &model;
  request.passes = passes;
  bool per_layer = c.metric == "layer_forward_s" || c.metric == "layer_backward_s";
  request.allow_oversubscribe = per_layer;  // a layer's time does not depend on whether the whole model fits
  TrainingResult r = simulate_training(request);
  double devices = static_cast<double>(request.plan.devices());
  if (c.metric == "tflops_per_gpu") return r.flops_per_s_per_device / 1e12;
  if (c.metric == "iteration_s") return r.iteration_s;
  if (c.metric == "layer_forward_s") return r.step.layer.forward_s;
  if (c.metric == "layer_backward_s") return r.step.layer.backward_s;
  return r.samples_per_s / devices;
}

// One device: the graph's MAC FLOP/s, bytes/s or samples/s.
double predict_device(const ValidationCase& c, const CostModel& model, const std::string& passes,
                      const std::string& data_dir) {
  DeviceSpec device = load_hardware(c.hardware, data_dir).devices.at(0);
  DType dtype = parse_dtype(c.dtype);
  if (c.workload == "peak") return device_peak_flops_per_s(device, dtype) / 1e12;
  ModelRequest request;
  request.model = c.workload;
  request.config.dtype = dtype;
  request.config.batch = std::max<int64_t>(c.batch, 1);
  request.config.seq = c.seq;
  Workload workload = load_workload(request);
  std::vector<PassReport> reports;
  workload.graph = run_passes(workload.graph, passes, device, reports);
  GraphCost cost = evaluate_graph(workload.graph, device, model);
  int64_t bytes = 0;
  for (const auto& op : workload.graph.ops()) bytes += op.bytes_read + op.bytes_written;
  if (c.metric == "bytes_per_s") return static_cast<double>(bytes) / cost.latency_s;
  if (c.metric == "samples_per_s") return static_cast<double>(workload.samples) / cost.latency_s;
  return 2.0 * static_cast<double>(cost.macs) / cost.latency_s / 1e12;  // tflops, tops
}

}  // namespace

ValidationResult run_validation_case(const ValidationCase& c, const CostModel& model, const std::string& passes,
                                     const std::string& data_dir) {
  ValidationResult result;
  result.predicted = c.system.empty() ? predict_device(c, model, passes, data_dir)
                                      : predict_training(c, model, passes, data_dir);
  result.error_pct = (result.predicted - c.value) / c.value * 100.0;
  result.pass = std::fabs(result.error_pct) <= c.tolerance_pct;
  return result;
}

}  // namespace tessera
