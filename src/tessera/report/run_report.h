#pragma once
// Rendering a whole-model evaluation (`tessera run`): summary and per-op costs as a table, JSON or CSV.
#include <string>

#include "tessera/cost/energy_model.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/frontend/model_source.h"
#include "tessera/passes/pass.h"

namespace tessera {

struct RunReport {
  const Workload& workload;
  const GraphCost& cost;
  const DeviceSpec& device;
  std::string hardware;    // preset name or file
  std::string cost_model;  // registry name
  std::vector<PassReport> passes;
};

struct RunSummary {
  double latency_s = 0;
  double throughput_samples_per_s = 0;
  double tokens_per_s = 0;  // decoder LLM phases only
  double achieved_flops_per_s = 0;
  double utilization = 0;
  double compute_bound_fraction = 0;  // of the latency
  double memory_bound_fraction = 0;
  double energy_j = 0;
  double avg_power_w = 0;
  double samples_per_j = 0;  // Perf/W: samples/s per watt
};
RunSummary summarize(const RunReport& report);

// JSON: {model, hardware, cost_model, summary: {...}, ops: [...]} — keys documented in docs/cli.md.
std::string render_run_json(const RunReport& report);
// The summary and the `top` ops by latency (all when top <= 0), or one row per op kind when by_kind.
std::string render_run_table(const RunReport& report, int top, bool by_kind);
// One row per op: name, kind, latency_s, compute_s, memory_s, bound, utilization, flops, bytes.
std::string render_run_csv(const RunReport& report);

}  // namespace tessera
