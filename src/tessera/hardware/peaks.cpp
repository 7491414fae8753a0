#include "tessera/hardware/peaks.h"

#include "tessera/core/checked_math.h"

#include <algorithm>

namespace tessera {

double matrix_macs_per_cycle(const MatrixUnit& unit, DType dtype) {
  if (unit.kind == MatrixUnitKind::systolic) {
    auto it = unit.macs_per_pe_per_cycle.find(dtype);
    if (it == unit.macs_per_pe_per_cycle.end()) return 0.0;
    return static_cast<double>(unit.rows) * unit.cols * it->second * unit.count;
  }
  auto it = unit.macs_per_cycle.find(dtype);
  return it == unit.macs_per_cycle.end() ? 0.0 : it->second * unit.count;
}

double core_matrix_macs_per_cycle(const CoreSpec& core, DType dtype) {
  return core.matrix ? matrix_macs_per_cycle(*core.matrix, dtype) : 0.0;
}

double core_vector_ops_per_cycle(const CoreSpec& core, DType dtype) {
  if (!core.vector) return 0.0;
  auto it = core.vector->ops_per_cycle.find(dtype);
  return it == core.vector->ops_per_cycle.end() ? 0.0 : it->second;
}

double matrix_frequency_hz(const DeviceSpec& device) {
  const auto& matrix = device.cores.matrix;
  return matrix && matrix->frequency_hz > 0 ? matrix->frequency_hz : device.frequency_hz;
}

double sustained_matrix_frequency_hz(const DeviceSpec& device) {
  const auto& matrix = device.cores.matrix;
  return matrix && matrix->sustained_frequency_hz > 0 ? matrix->sustained_frequency_hz : matrix_frequency_hz(device);
}

double device_matrix_flops_per_s(const DeviceSpec& device, DType dtype) {
  return 2.0 * core_matrix_macs_per_cycle(device.cores, dtype) * device.cores.count * matrix_frequency_hz(device);
}

double device_vector_flops_per_s(const DeviceSpec& device, DType dtype) {
  return 2.0 * core_vector_ops_per_cycle(device.cores, dtype) * device.cores.count * device.frequency_hz;
}

double device_peak_flops_per_s(const DeviceSpec& device, DType dtype) {
  return std::max(device_matrix_flops_per_s(device, dtype), device_vector_flops_per_s(device, dtype));
}

double ridge_point_flop_per_byte(const DeviceSpec& device, DType dtype) {
  return device.off_chip.bandwidth_bytes_per_s > 0
             ? device_peak_flops_per_s(device, dtype) / device.off_chip.bandwidth_bytes_per_s
             : 0.0;
}

std::vector<DType> supported_dtypes(const DeviceSpec& device) {
  std::vector<DType> out;
  for (DType d : all_dtypes()) {
    if (device_peak_flops_per_s(device, d) > 0) out.push_back(d);
  }
  return out;
}

double system_peak_flops_per_s(const SystemSpec& system, DType dtype) {
  double total = 0;
  for (const auto& d : system.devices) total += d.count * device_peak_flops_per_s(d, dtype);
  return total;
}

int64_t system_off_chip_capacity_bytes(const SystemSpec& system) {
  int64_t total = 0;
  for (const auto& d : system.devices) {
    total = checked_add(total, checked_multiply(d.count, d.off_chip.capacity_bytes, "the system's memory"),
                        "the system's memory");
  }
  return total;
}

double system_off_chip_bandwidth_bytes_per_s(const SystemSpec& system) {
  double total = 0;
  for (const auto& d : system.devices) total += d.count * d.off_chip.bandwidth_bytes_per_s;
  return total;
}

double system_tdp_w(const SystemSpec& system) {
  double total = 0;
  for (const auto& d : system.devices) total += d.count * d.tdp_w;
  return total;
}

std::vector<DType> supported_dtypes(const SystemSpec& system) {
  std::vector<DType> out;
  for (DType d : all_dtypes()) {
    if (system_peak_flops_per_s(system, d) > 0) out.push_back(d);
  }
  return out;
}

std::vector<MemoryBandwidth> memory_bandwidths(const DeviceSpec& device) {
  std::vector<MemoryBandwidth> out;
  int cores = device.cores.count;
  for (const auto& m : device.cores.memories) {
    out.push_back({m.name, "core", cores, m.size_bytes, m.bandwidth_bytes_per_s, m.bandwidth_bytes_per_s * cores});
  }
  for (const auto& m : device.shared_memories) {
    out.push_back({m.name, "device", 1, m.size_bytes, m.bandwidth_bytes_per_s, m.bandwidth_bytes_per_s});
  }
  const auto& off = device.off_chip;
  out.push_back({"off_chip (" + off.kind + ")", "off-chip", 1, off.capacity_bytes, off.bandwidth_bytes_per_s,
                 off.bandwidth_bytes_per_s});
  return out;
}

}  // namespace tessera
