#include "tessera/cost/graph_cost.h"

#include <map>

#include "tessera/core/checked_math.h"
#include "tessera/core/error.h"
#include "tessera/cost/unit_rates.h"

namespace tessera {

int64_t peak_activation_bytes(const Graph& graph, const std::vector<int>& order) {
  size_t steps = order.size();
  std::vector<size_t> born(graph.tensor_count(), 0), dies(graph.tensor_count(), steps);
  std::vector<bool> consumed(graph.tensor_count(), false);
  for (size_t step = 0; step < steps; ++step) {
    const Op& op = graph.op(order[step]);
    for (int t : op.outputs) born[t] = step;
    for (int t : op.inputs) {
      dies[t] = step;
      consumed[t] = true;
    }
  }
  // Deltas per step: a tensor is counted from its birth step through its death step.
  std::vector<int64_t> delta(steps + 2, 0);
  for (size_t t = 0; t < graph.tensor_count(); ++t) {
    const Tensor& tensor = graph.tensor(static_cast<int>(t));
    if (tensor.role == TensorRole::weight) continue;
    size_t end = consumed[t] ? dies[t] : steps;  // never consumed: a graph output, kept to the end
    delta[born[t]] += tensor.bytes();
    delta[end + 1] -= tensor.bytes();
  }
  int64_t live = 0, peak = 0;
  for (size_t step = 0; step <= steps; ++step) {
    live = checked_add(live, delta[step], "live activation bytes");
    peak = std::max(peak, live);
  }
  return peak;
}

void check_fits(const Graph& graph, const GraphCost& cost, const DeviceSpec& device, const std::string& hardware) {
  if (cost.footprint_bytes() <= device.off_chip.capacity_bytes) return;
  throw InputError(graph.name() + " needs " + std::to_string(cost.footprint_bytes()) +
                   " bytes (weights + peak activations) but " + hardware + " has " +
                   std::to_string(device.off_chip.capacity_bytes) + "; use --allow-oversubscribe to evaluate anyway");
}

GraphCost evaluate_graph(const Graph& graph, const DeviceSpec& device, const CostModel& model) {
  GraphCost result;
  std::vector<int> order = graph.topological_order();
  std::map<DType, int64_t> flops_by_dtype;
  for (int id : order) {
    const Op& op = graph.op(id);
    OpCost cost = model.evaluate(graph, op, device);
    result.latency_s += cost.latency_s;
    if (cost.bound == Bound::compute) result.compute_bound_s += cost.latency_s;
    if (cost.bound == Bound::memory) result.memory_bound_s += cost.latency_s;
    result.flops = checked_add(result.flops, op.flops(), "the graph's FLOPs");
    result.macs = checked_add(result.macs, op.macs, "the graph's MACs");
    flops_by_dtype[op_compute_dtype(graph, op)] += op.flops();
    result.ops.push_back({id, std::move(cost)});
  }
  DType dominant = DType::fp32;
  int64_t most = -1;
  for (const auto& [dtype, flops] : flops_by_dtype) {
    if (flops > most) {
      most = flops;
      dominant = dtype;
    }
  }
  result.peak_flops_per_s = unit_rates(device, dominant).matrix_flops_per_s;
  for (const auto& t : graph.tensors()) {
    if (t.role == TensorRole::weight) result.weight_bytes = checked_add(result.weight_bytes, t.bytes(), "weights");
  }
  result.peak_activation_bytes = peak_activation_bytes(graph, order);
  if (result.latency_s <= 0) {
    throw InputError("nothing to cost in '" + graph.name() + "': every op is free (views or opaque ops)");
  }
  return result;
}

}  // namespace tessera
