// Roofline (Williams et al. 2009), per op: latency = max(compute time, each memory level's traffic / bandwidth).
// Compute: MACs at the matrix units' peak for the op's dtype, other FLOPs at the vector units' peak, transcendentals
// at the special-function rate; the units are assumed to overlap, so the slowest sets compute_s. Traffic: the op's
// compulsory bytes through every level (a lower bound: no tiling reuse is lost, no spills). An optimistic bound by
// construction; the mapper-based models refine it.
#include <algorithm>

#include "tessera/core/registry.h"
#include "tessera/cost/roofline_cost.h"
#include "tessera/cost/unit_rates.h"

namespace tessera {

OpCost roofline_op_cost(const Graph& graph, const Op& op, const DeviceSpec& device) {
  DType dtype = op_compute_dtype(graph, op);
  UnitRates rates = unit_rates(device, dtype);
  OpCost cost;
  cost.compute_s = std::max({work_time(2.0 * static_cast<double>(op.macs), rates.matrix_flops_per_s),
                             work_time(static_cast<double>(op.vector_flops), rates.vector_flops_per_s),
                             work_time(static_cast<double>(op.transcendentals), rates.special_ops_per_s)});
  int64_t bytes = op.bytes_read + op.bytes_written;
  for (const auto& level : memory_bandwidths(device)) {
    double time_s = bytes == 0 ? 0 : static_cast<double>(bytes) / level.total_bandwidth_bytes_per_s;
    cost.traffic.push_back({level.level, bytes, time_s});
    cost.memory_s = std::max(cost.memory_s, time_s);
  }
  cost.latency_s = std::max(cost.compute_s, cost.memory_s);
  classify_cost(cost, op, rates);
  return cost;
}

namespace {

class RooflineCost final : public CostModel {
 public:
  std::string description() const override {
    return "roofline: max(compute at peak, compulsory bytes / bandwidth) per memory level";
  }

  OpCost evaluate(const Graph& graph, const Op& op, const DeviceSpec& device) const override {
    return roofline_op_cost(graph, op, device);
  }
};

TESSERA_REGISTER(CostModel, RooflineCost, "roofline");

}  // namespace
}  // namespace tessera
