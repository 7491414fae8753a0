#pragma once
// Energy of one costed operator on one device, and of a whole costed graph (docs/cost-models.md, "energy"):
//   compute_j = MACs x mac_energy_j(dtype, node) + (vector FLOPs - transcendentals) x vector_op_energy_j(dtype, node)
//               + transcendentals x special_op_energy_j(node)
//   memory_j  = sum over OpCost::traffic of bytes x that level's energy per byte (the spec's, or the default for its
//               kind when the spec gives 0)
//   static_j  = static_power_w(device) x latency_s
// dtype is op_compute_dtype(); node is DeviceSpec::technology_nm. The tables are in energy_tables.h.
#include <string_view>

#include "tessera/cost/graph_cost.h"
#include "tessera/cost/op_cost.h"

namespace tessera {

struct OpEnergy {
  double compute_j = 0;  // dynamic energy of the arithmetic
  double memory_j = 0;   // dynamic energy of the traffic through every memory level
  double static_j = 0;   // leakage and always-on power over the op's latency
  double total_j() const { return compute_j + memory_j + static_j; }
};

// Static power as a share of TDP. Assumed 0.25: measured idle power of datacenter accelerators is roughly a fifth to
// a third of TDP (Jouppi et al., ISCA 2017, Table 2: TPUv1 28 W idle of 75 W, K80 die 25 W of 150 W, Haswell die
// 41 W of 145 W), and leakage rises with temperature under load.
inline constexpr double kStaticPowerShareOfTdp = 0.25;
double static_power_w(const DeviceSpec& device);

// Energy per byte of the memory level named `level` as OpCost::traffic names it (memory_bandwidths(): a memory's
// name, or "off_chip (<kind>)"). Throws InputError for a name that is no level of the device.
double level_energy_j_per_byte(const DeviceSpec& device, std::string_view level);

OpEnergy op_energy(const Graph& graph, const Op& op, const OpCost& cost, const DeviceSpec& device);

// A whole graph run (evaluate_graph): the sum over its ops, with average power and efficiency.
struct GraphEnergy {
  OpEnergy total;
  double latency_s = 0;
  int64_t flops = 0;
  double energy_j() const { return total.total_j(); }
  double avg_power_w() const { return latency_s > 0 ? energy_j() / latency_s : 0; }
  // Perf/W: achieved FLOP/s per watt, which is FLOPs per joule.
  double flops_per_j() const { return energy_j() > 0 ? static_cast<double>(flops) / energy_j() : 0; }
};

GraphEnergy graph_energy(const Graph& graph, const GraphCost& cost, const DeviceSpec& device);

}  // namespace tessera
