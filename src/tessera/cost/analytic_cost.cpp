// Analytic cost (docs/cost-models.md, "analytic (mapper)"): an op with MACs is mapped onto the device's memory
// hierarchy by the mapper (tiles and loop orders per level, the work split over the cores along its largest
// parallel dims); its latency is max(compute of the busiest core, each level's mapped traffic / bandwidth), never
// below the roofline's. Every other op costs what the roofline says.
#include <algorithm>
#include <cmath>

#include "tessera/core/registry.h"
#include "tessera/cost/analytic_cost.h"
#include "tessera/cost/energy_model.h"
#include "tessera/cost/roofline_cost.h"
#include "tessera/cost/unit_rates.h"

namespace tessera {

MapperArch device_mapper_arch(const DeviceSpec& device, DType dtype) {
  MapperArch arch;
  for (const auto& level : memory_bandwidths(device)) {
    arch.levels.push_back({level.level, level.scope == "off-chip" ? 0 : level.size_bytes,
                           level.bandwidth_bytes_per_s, level_energy_j_per_byte(device, level.level)});
    if (level.scope == "core") ++arch.core_levels;
  }
  arch.cores = std::max(device.cores.count, 1);
  arch.macs_per_s = unit_rates(device, dtype).matrix_flops_per_s / 2;
  return arch;
}

OpCost analytic_op_cost(const Graph& graph, const Op& op, const DeviceSpec& device, MapperObjective objective) {
  OpCost roof = roofline_op_cost(graph, op, device);
  if (op.macs <= 0) return roof;
  DType dtype = op_compute_dtype(graph, op);
  Mapping mapping = map_loop_nest(mapper_problem(graph, op), device_mapper_arch(device, dtype), objective);
  OpCost cost;
  cost.compute_s = std::max(roof.compute_s, mapping.compute_s);
  for (size_t i = 0; i < roof.traffic.size() && i < mapping.traffic_bytes.size(); ++i) {
    auto bytes = std::max(roof.traffic[i].bytes, static_cast<int64_t>(std::llround(mapping.traffic_bytes[i])));
    double time_s = std::max(roof.traffic[i].time_s, mapping.time_s[i]);
    cost.traffic.push_back({roof.traffic[i].level, bytes, time_s});
    cost.memory_s = std::max(cost.memory_s, time_s);
  }
  cost.latency_s = std::max(cost.compute_s, cost.memory_s);
  classify_cost(cost, op, unit_rates(device, dtype));
  return cost;
}

namespace {

class AnalyticCost final : public CostModel {
 public:
  explicit AnalyticCost(MapperObjective objective = MapperObjective::latency) : objective_(objective) {}

  std::string description() const override {
    return objective_ == MapperObjective::latency
               ? "analytic: contractions mapped (tiles, loop orders per memory level) by the mapper; others as roofline"
               : "analytic_energy: as analytic, the mapper choosing the lowest-energy mapping per op (then latency)";
  }

  OpCost evaluate(const Graph& graph, const Op& op, const DeviceSpec& device) const override {
    return analytic_op_cost(graph, op, device, objective_);
  }

 private:
  MapperObjective objective_;
};

TESSERA_REGISTER(CostModel, AnalyticCost, "analytic");
TESSERA_REGISTER_FACTORY(CostModel, "analytic_energy",
                         [] { return std::unique_ptr<CostModel>(std::make_unique<AnalyticCost>(MapperObjective::energy)); });

}  // namespace
}  // namespace tessera
