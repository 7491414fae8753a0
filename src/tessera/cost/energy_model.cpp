#include "tessera/cost/energy_model.h"

#include <algorithm>
#include <string>

#include "tessera/core/error.h"
#include "tessera/cost/energy_tables.h"

namespace tessera {
namespace {

// The spec's energy per byte of an on-chip level, or the SRAM default for its size when the spec gives 0.
double on_chip_energy_j_per_byte(const MemoryLevel& level, double technology_nm) {
  if (level.energy_j_per_byte > 0) return level.energy_j_per_byte;
  return sram_energy_j_per_byte(level.size_bytes, technology_nm);
}

const MemoryLevel* find_level(const std::vector<MemoryLevel>& levels, std::string_view name) {
  for (const auto& level : levels) {
    if (level.name == name) return &level;
  }
  return nullptr;
}

}  // namespace

double static_power_w(const DeviceSpec& device) { return kStaticPowerShareOfTdp * device.tdp_w; }

double level_energy_j_per_byte(const DeviceSpec& device, std::string_view level) {
  if (const MemoryLevel* m = find_level(device.cores.memories, level)) {
    return on_chip_energy_j_per_byte(*m, device.technology_nm);
  }
  if (const MemoryLevel* m = find_level(device.shared_memories, level)) {
    return on_chip_energy_j_per_byte(*m, device.technology_nm);
  }
  const OffChipMemory& off = device.off_chip;
  if (level == "off_chip (" + off.kind + ")" || level == "off_chip") {
    if (off.energy_j_per_byte > 0) return off.energy_j_per_byte;
    return off_chip_energy_j_per_byte(off.kind, off.capacity_bytes, device.technology_nm);
  }
  throw InputError("energy model: device '" + device.name + "' has no memory level '" + std::string(level) + "'");
}

OpEnergy op_energy(const Graph& graph, const Op& op, const OpCost& cost, const DeviceSpec& device) {
  DType dtype = op_compute_dtype(graph, op);
  double nm = device.technology_nm;
  OpEnergy energy;
  // A transcendental is counted once in vector_flops and again in transcendentals (op.h); cost it on the SFU only.
  int64_t plain_vector_flops = std::max<int64_t>(0, op.vector_flops - op.transcendentals);
  energy.compute_j = static_cast<double>(op.macs) * mac_energy_j(dtype, nm) +
                     static_cast<double>(plain_vector_flops) * vector_op_energy_j(dtype, nm) +
                     static_cast<double>(op.transcendentals) * special_op_energy_j(nm);
  for (const auto& t : cost.traffic) {
    if (t.bytes == 0) continue;
    energy.memory_j += static_cast<double>(t.bytes) * level_energy_j_per_byte(device, t.level);
  }
  energy.static_j = static_power_w(device) * cost.latency_s;
  return energy;
}

GraphEnergy graph_energy(const Graph& graph, const GraphCost& cost, const DeviceSpec& device) {
  GraphEnergy result;
  for (const auto& costed : cost.ops) {
    OpEnergy e = op_energy(graph, graph.op(costed.op), costed.cost, device);
    result.total.compute_j += e.compute_j;
    result.total.memory_j += e.memory_j;
    result.total.static_j += e.static_j;
  }
  result.latency_s = cost.latency_s;
  result.flops = cost.flops;
  return result;
}

}  // namespace tessera
