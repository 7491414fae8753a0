#include "tessera/explore/design_evaluator.h"

#include <cmath>

#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/cost/area_power.h"
#include "tessera/cost/auto_cost.h"
#include "tessera/cost/energy_model.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/explore/objectives.h"
#include "tessera/explore/roi.h"
#include "tessera/hardware/hardware_loader.h"
#include "tessera/hardware/peaks.h"
#include "tessera/frontend/model_source.h"
#include "tessera/passes/pass.h"

namespace tessera {
namespace {

// A workload without a dtype runs at the first of these the base device's matrix unit supports.
DType preferred_dtype(const DeviceSpec& device) {
  for (DType d : {DType::bf16, DType::fp16, DType::int8, DType::fp32}) {
    if (device_matrix_flops_per_s(device, d) > 0) return d;
  }
  return DType::fp32;
}

double weighted_geomean(const std::vector<double>& values, const std::vector<DesignWorkload>& workloads) {
  double log_sum = 0, weight_sum = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] <= 0) return 0;
    log_sum += workloads[i].weight * std::log(values[i]);
    weight_sum += workloads[i].weight;
  }
  return std::exp(log_sum / weight_sum);
}

}  // namespace

DesignEvaluator::DesignEvaluator(const DesignSpace& space) : space_(space) {
  DeviceSpec base = parse_hardware_node(space.base_yaml, space.base).devices.at(0);
  for (const auto& w : space.workloads) {
    DType dtype = w.dtype.empty() ? preferred_dtype(base) : parse_dtype(w.dtype);
    if (!w.system.empty()) {
      workloads_.emplace_back();
      systems_.push_back(prepare_system_workload(w, dtype, space.data_dir));
      continue;
    }
    ModelRequest request;
    request.model = w.model;
    request.config.batch = std::max<int64_t>(w.batch, 1);
    request.config.seq = w.seq;
    request.config.dtype = dtype;
    if (w.batch > 0) request.given.insert("--batch");
    if (w.seq > 0) request.given.insert("--seq");
    if (!w.dtype.empty()) request.given.insert("--dtype");
    try {
      workloads_.push_back(load_workload(request));
    } catch (const InputError& e) {
      throw InputError(space.file + ": workload '" + w.model + "': " + e.what());
    }
    systems_.emplace_back();
  }
  prepare_graphs();
  baseline_ = evaluate_document(space.base_yaml, space.cost, space.passes, "");
  if (!baseline_.feasible) {
    throw InputError(space.file + ": the base hardware '" + space.base + "' cannot run the workloads: " + baseline_.reason);
  }
  auto resolve = [](const std::optional<double>& bound, double base_value) {
    return !bound ? 0.0 : *bound < 0 ? base_value : *bound;
  };
  max_area_mm2_ = resolve(space.constraints.max_area_mm2, baseline_.area_mm2);
  max_tdp_w_ = resolve(space.constraints.max_tdp_w, baseline_.tdp_w);
  if (space.roi) baseline_.cost_per_inference_usd = baseline_cost_per_inference(*space.roi, baseline_);
}

void DesignEvaluator::prepare_graphs() {
  std::vector<std::string> pass_lists{space_.passes};
  for (const auto& parameter : space_.parameters) {
    if (!parameter.is_option || parameter.name != "passes") continue;
    for (const auto& value : parameter.values) pass_lists.push_back(value.as<std::string>());
  }
  for (const auto& names : pass_lists) {
    if (prepared_.count(names)) continue;
    auto [independent, device_passes] = split_before_device_pass(names);
    PreparedGraphs& prepared = prepared_[names];
    prepared.device_passes = device_passes;
    for (size_t i = 0; i < workloads_.size(); ++i) {
      std::vector<PassReport> reports;
      prepared.graphs.push_back(systems_[i] ? Graph{}
                                            : run_passes(workloads_[i].graph, independent, DeviceSpec{}, reports));
    }
  }
}

DesignMetrics DesignEvaluator::evaluate(const DesignPoint& point) const {
  DesignMetrics metrics;
  try {
    metrics = evaluate_document(point_hardware_yaml(space_, point), point_option(space_, point, "cost", space_.cost),
                                point_option(space_, point, "passes", space_.passes),
                                point_option(space_, point, "parallel", ""));
  } catch (const InputError& e) {  // e.g. a combination of values the hardware loader rejects
    metrics.feasible = false;
    metrics.reason = e.what();
    return metrics;
  }
  if (metrics.feasible && space_.roi) metrics.cost_per_inference_usd = new_chip_cost_per_inference(*space_.roi, metrics);
  apply_constraints(metrics);
  return metrics;
}

// Every workload on the device the document describes. Problems a design can have (a dtype it cannot run, a model
// that does not fit its memory) make it infeasible rather than ending the exploration.
DesignMetrics DesignEvaluator::evaluate_document(const YAML::Node& hardware, const std::string& cost,
                                                 const std::string& passes, const std::string& parallel) const {
  DesignMetrics metrics;
  DeviceSpec device = parse_hardware_node(hardware, space_.base).devices.at(0);
  metrics.area_mm2 = estimate_area(device).total_mm2();
  metrics.tdp_w = estimate_tdp(device).total_w();
  auto model = Registry<CostModel>::instance().create(resolve_cost_model(cost, device), "cost model");
  std::vector<double> throughput, latency, energy;
  for (size_t i = 0; i < workloads_.size(); ++i) {
    const DesignWorkload& w = space_.workloads[i];
    try {
      metrics.workloads.push_back(
          systems_[i] ? evaluate_system_workload(w, *systems_[i], device, metrics.tdp_w, *model, passes, parallel)
                      : evaluate_on_device(i, device, *model, passes));
    } catch (const InputError& e) {
      metrics.feasible = false;
      metrics.reason = w.model + ": " + e.what();
      return metrics;
    }
    throughput.push_back(metrics.workloads.back().throughput);
    latency.push_back(metrics.workloads.back().latency_s);
    energy.push_back(metrics.workloads.back().energy_j_per_sample);
  }
  metrics.throughput = weighted_geomean(throughput, space_.workloads);
  metrics.latency_s = weighted_geomean(latency, space_.workloads);
  metrics.energy_j_per_sample = weighted_geomean(energy, space_.workloads);
  return metrics;
}

WorkloadMetrics DesignEvaluator::evaluate_on_device(size_t i, const DeviceSpec& device, const CostModel& model,
                                                   const std::string& passes) const {
  const PreparedGraphs& prepared = prepared_.at(passes);
  std::vector<PassReport> reports;
  Graph graph = run_passes(prepared.graphs[i], prepared.device_passes, device, reports);
  GraphCost result = evaluate_graph(graph, device, model);
  check_fits(graph, result, device, space_.base);
  double energy_j = graph_energy(graph, result, device).energy_j();
  double batch = static_cast<double>(workloads_[i].samples);
  return {space_.workloads[i].model, result.latency_s, batch / result.latency_s, energy_j / batch};
}

void DesignEvaluator::apply_constraints(DesignMetrics& metrics) const {
  if (!metrics.feasible) return;
  auto check = [&](double value, double bound, const char* what, const char* unit) {
    if (bound <= 0 || value <= bound) return;
    metrics.feasible = false;
    metrics.reason += std::string(metrics.reason.empty() ? "" : "; ") + what + " " + std::to_string(value) + " " +
                      unit + " over the limit " + std::to_string(bound);
  };
  check(metrics.area_mm2, max_area_mm2_, "area", "mm^2");
  check(metrics.tdp_w, max_tdp_w_, "TDP", "W");
}

StoredEvaluation DesignEvaluator::record(const DesignPoint& point, const DesignMetrics& metrics) const {
  StoredEvaluation e;
  e.key = point.key;
  e.point_json = point.json;
  e.feasible = metrics.feasible;
  e.metrics_json = metrics_to_json(metrics);
  // Infeasible: ranked by how far over the limits they are (1 + relative excess), evaluation failures last.
  double excess = 0;
  if (!metrics.feasible) {
    bool measured = metrics.workloads.size() == space_.workloads.size();  // over a limit, not failed to evaluate
    excess = measured ? 1.0 : 1e3;
    if (max_area_mm2_ > 0 && metrics.area_mm2 > max_area_mm2_) excess += metrics.area_mm2 / max_area_mm2_ - 1;
    if (max_tdp_w_ > 0 && metrics.tdp_w > max_tdp_w_) excess += metrics.tdp_w / max_tdp_w_ - 1;
  }
  for (const auto& name : space_.objectives) {
    e.objectives.push_back(metrics.feasible ? minimised_objective(name, objective_value(name, metrics))
                                            : kInfeasiblePenalty * excess);
  }
  return e;
}

}  // namespace tessera
