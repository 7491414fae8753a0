#include "tessera/cost/area_power.h"

#include <algorithm>
#include <cstdint>
#include <map>

#include "tessera/cost/area_tables.h"
#include "tessera/cost/energy_model.h"
#include "tessera/cost/energy_tables.h"
#include "tessera/hardware/peaks.h"

namespace tessera {
namespace {

constexpr int kMeshRouterPorts = 5;       // assumed: four neighbours plus the local core
constexpr int kRouterBufferFlits = 4;     // assumed: 4-flit input FIFO per port
constexpr int kRouterBufferAccesses = 2;  // each flit is written into and read out of one FIFO per hop

// Area of a unit doing `per_cycle[dtype]` operations of `area_per_op(dtype)`: one datapath built for its costliest
// operation, which the cheaper dtypes pack into (ties: the larger total).
template <typename AreaPerOp>
double costliest_dtype_area_mm2(const std::map<DType, double>& per_cycle, AreaPerOp area_per_op) {
  double op_mm2 = 0;
  double area_mm2 = 0;
  for (const auto& [dtype, ops] : per_cycle) {
    if (ops <= 0) continue;
    double op = area_per_op(dtype);
    if (op > op_mm2 || (op == op_mm2 && ops * op > area_mm2)) {
      op_mm2 = op;
      area_mm2 = ops * op;
    }
  }
  return area_mm2;
}

std::map<DType, double> matrix_macs_by_dtype(const MatrixUnit& unit) {
  std::map<DType, double> macs;
  for (DType dtype : all_dtypes()) macs[dtype] = matrix_macs_per_cycle(unit, dtype);
  return macs;
}

double sram_levels_mm2(const DeviceSpec& device) {
  double node = device.technology_nm;
  double core_mm2 = 0;
  for (const MemoryLevel& level : device.cores.memories) core_mm2 += sram_area_mm2(level.size_bytes, node);
  double shared_mm2 = 0;
  for (const MemoryLevel& level : device.shared_memories) shared_mm2 += sram_area_mm2(level.size_bytes, node);
  double off_chip_sram_mm2 = device.off_chip.kind == "sram" ? sram_area_mm2(device.off_chip.capacity_bytes, node) : 0.0;
  return core_mm2 * device.cores.count + shared_mm2 + off_chip_sram_mm2;
}

double flit_bits(const DeviceSpec& device, const MeshNetwork& noc) {
  return noc.link_bandwidth_bytes_per_s * 8.0 / device.frequency_hz;
}

// Directed links of a rows x cols mesh.
double mesh_links(const MeshNetwork& noc) { return 2.0 * (noc.rows * (noc.cols - 1.0) + noc.cols * (noc.rows - 1.0)); }

double matrix_power_w(const DeviceSpec& device) {
  double macs_per_s = device.cores.count * matrix_frequency_hz(device);
  double power_w = 0;
  for (DType dtype : all_dtypes()) {
    double macs = core_matrix_macs_per_cycle(device.cores, dtype) * macs_per_s;
    power_w = std::max(power_w, macs * mac_energy_j(dtype, device.technology_nm));
  }
  return power_w;
}

double vector_power_w(const DeviceSpec& device) {
  if (!device.cores.vector) return 0;
  double cycles_per_s = device.cores.count * device.frequency_hz;
  double alu_w = 0;
  for (DType dtype : all_dtypes()) {
    double ops = core_vector_ops_per_cycle(device.cores, dtype) * cycles_per_s;
    alu_w = std::max(alu_w, ops * vector_op_energy_j(dtype, device.technology_nm));
  }
  double special_w =
      device.cores.vector->special_ops_per_cycle * cycles_per_s * special_op_energy_j(device.technology_nm);
  return alu_w + special_w;
}

}  // namespace

AreaBreakdown estimate_area(const DeviceSpec& device) {
  double node = device.technology_nm;
  check_area_node(node);
  AreaBreakdown area;
  const CoreSpec& core = device.cores;
  if (core.matrix) {
    area.matrix_mm2 = core.count * costliest_dtype_area_mm2(matrix_macs_by_dtype(*core.matrix),
                                                            [node](DType d) { return mac_area_mm2(d, node); });
  }
  if (core.vector) {
    double alu_mm2 =
        costliest_dtype_area_mm2(core.vector->ops_per_cycle, [node](DType d) { return fma_area_mm2(d, node); });
    double special_mm2 = core.vector->special_ops_per_cycle * special_function_area_mm2(node);
    area.vector_mm2 = core.count * (alu_mm2 + special_mm2);
  }
  area.sram_mm2 = sram_levels_mm2(device);
  if (device.noc) {
    double routers = static_cast<double>(device.noc->rows) * device.noc->cols;
    area.noc_mm2 = routers * router_area_mm2(kMeshRouterPorts, flit_bits(device, *device.noc), node);
  }
  area.memory_phy_mm2 = memory_phy_area_mm2(device.off_chip.kind, device.off_chip.bandwidth_bytes_per_s);
  double modelled_mm2 = area.matrix_mm2 + area.vector_mm2 + area.sram_mm2 + area.noc_mm2 + area.memory_phy_mm2;
  area.io_and_other_mm2 = modelled_mm2 * kOtherAreaShare / (1.0 - kOtherAreaShare);
  return area;
}

PowerBreakdown estimate_tdp(const DeviceSpec& device) {
  double node = device.technology_nm;
  check_area_node(node);
  PowerBreakdown power;
  power.compute_w = std::max(matrix_power_w(device), vector_power_w(device));
  for (const MemoryBandwidth& row : memory_bandwidths(device)) {
    double watts = row.total_bandwidth_bytes_per_s * level_energy_j_per_byte(device, row.level);
    (row.scope == "off-chip" ? power.memory_w : power.sram_w) += watts;
  }
  if (device.noc) {
    double flit_bytes = flit_bits(device, *device.noc) / 8.0;
    auto buffer_bytes = static_cast<int64_t>(kRouterBufferFlits * flit_bytes);
    double hop_j_per_byte = kRouterBufferAccesses * sram_energy_j_per_byte(buffer_bytes, node);
    power.noc_w = mesh_links(*device.noc) * device.noc->link_bandwidth_bytes_per_s * hop_j_per_byte;
  }
  double dynamic_w = power.compute_w + power.sram_w + power.noc_w + power.memory_w;
  power.static_w = dynamic_w * kStaticPowerShareOfTdp / (1.0 - kStaticPowerShareOfTdp);
  return power;
}

}  // namespace tessera
