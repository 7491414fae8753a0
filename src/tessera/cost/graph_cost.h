#pragma once
// Evaluating a whole graph on one device: every op costed by a CostModel and run one after another in topological
// order (no overlap between ops), plus the memory footprint the run needs.
#include <vector>

#include "tessera/cost/op_cost.h"

namespace tessera {

struct CostedOp {
  int op = 0;  // id in the graph
  OpCost cost;
};

struct GraphCost {
  std::vector<CostedOp> ops;  // topological order
  double latency_s = 0;
  double compute_bound_s = 0;  // time spent in ops bound by compute
  double memory_bound_s = 0;   // ... by memory
  int64_t flops = 0;
  int64_t macs = 0;
  double peak_flops_per_s = 0;  // matrix-unit peak at the graph's dominant dtype (the dtype carrying the most FLOPs)
  int64_t weight_bytes = 0;
  int64_t peak_activation_bytes = 0;  // largest set of live non-weight tensors (graph inputs and KV caches included)
  int64_t footprint_bytes() const { return weight_bytes + peak_activation_bytes; }
  double achieved_flops_per_s() const { return latency_s > 0 ? static_cast<double>(flops) / latency_s : 0; }
  // MAC FLOP/s over the matrix peak: the model-FLOPs utilization (MFU) convention, at most 1 for one device.
  double utilization() const {
    return peak_flops_per_s > 0 && latency_s > 0 ? 2.0 * static_cast<double>(macs) / latency_s / peak_flops_per_s : 0;
  }
};

GraphCost evaluate_graph(const Graph& graph, const DeviceSpec& device, const CostModel& model);

// Throws InputError when weights plus peak activations exceed the device's off-chip capacity, naming both and the
// --allow-oversubscribe flag.
void check_fits(const Graph& graph, const GraphCost& cost, const DeviceSpec& device, const std::string& hardware);

// Bytes of the largest set of tensors alive at once when ops run in `order`: a tensor lives from its producer (the
// start, for graph inputs) to its last consumer (the end, for graph outputs). Weights are excluded.
int64_t peak_activation_bytes(const Graph& graph, const std::vector<int>& order);

}  // namespace tessera
