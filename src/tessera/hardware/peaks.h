#pragma once
// Quantities derived from a hardware spec; computed on demand, never stored. A MAC is 2 FLOPs; an FMA is 2 FLOPs.
#include <string>
#include <vector>

#include "tessera/core/dtype.h"
#include "tessera/hardware/hardware_spec.h"

namespace tessera {

// MACs per cycle of all of one core's matrix units for `dtype` (0 when unsupported).
// systolic: rows x cols x macs_per_pe_per_cycle[dtype] x count; mma: macs_per_cycle[dtype] x count.
double matrix_macs_per_cycle(const MatrixUnit& unit, DType dtype);
double core_matrix_macs_per_cycle(const CoreSpec& core, DType dtype);
double core_vector_ops_per_cycle(const CoreSpec& core, DType dtype);

// One device: 2 x MACs/cycle x cores x frequency (matrix), 2 x ops/cycle x cores x frequency (vector FMA).
// The matrix unit's clock: its own when given, else the device's.
double matrix_frequency_hz(const DeviceSpec& device);
// The matrix unit's clock under sustained full load: its sustained_frequency_hz when given, else matrix_frequency_hz.
double sustained_matrix_frequency_hz(const DeviceSpec& device);
double device_matrix_flops_per_s(const DeviceSpec& device, DType dtype);
double device_vector_flops_per_s(const DeviceSpec& device, DType dtype);
// The larger of the two: the units are not assumed to run at full rate at the same time.
double device_peak_flops_per_s(const DeviceSpec& device, DType dtype);
// FLOP per byte of off-chip traffic at which the device turns from memory bound to compute bound.
double ridge_point_flop_per_byte(const DeviceSpec& device, DType dtype);
// Dtypes with a non-zero peak, in all_dtypes() order.
std::vector<DType> supported_dtypes(const DeviceSpec& device);

// Whole system: sum over devices x count.
double system_peak_flops_per_s(const SystemSpec& system, DType dtype);
int64_t system_off_chip_capacity_bytes(const SystemSpec& system);
double system_off_chip_bandwidth_bytes_per_s(const SystemSpec& system);
double system_tdp_w(const SystemSpec& system);
std::vector<DType> supported_dtypes(const SystemSpec& system);

// One row per memory level of a device, innermost first, then the off-chip memory.
struct MemoryBandwidth {
  std::string level;      // memory name; "off_chip (hbm2)" for the off-chip memory
  std::string scope;      // "core", "device" or "off-chip"
  int instances = 0;      // cores for a per-core level, else 1
  int64_t size_bytes = 0;  // of one instance
  double bandwidth_bytes_per_s = 0;        // of one instance
  double total_bandwidth_bytes_per_s = 0;  // instances x bandwidth
};
std::vector<MemoryBandwidth> memory_bandwidths(const DeviceSpec& device);

}  // namespace tessera
