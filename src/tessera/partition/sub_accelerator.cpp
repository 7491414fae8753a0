#include "tessera/partition/sub_accelerator.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "tessera/core/checked_math.h"
#include "tessera/core/error.h"

namespace tessera {

std::string_view dram_share_name(DramShare share) { return share == DramShare::demand ? "demand" : "cores"; }

DramShare parse_dram_share(std::string_view name) {
  if (name == "demand") return DramShare::demand;
  if (name == "cores") return DramShare::cores;
  throw InputError("unknown DRAM share policy '" + std::string(name) + "' (known: demand, cores)");
}

int allocation_unit_cores(const DeviceSpec& device) {
  int total = device.cores.count;
  if (device.noc && device.noc->rows > 0 && total == device.noc->rows * device.noc->cols) return device.noc->rows;
  constexpr int kMaxUnits = 64;
  for (int unit = 1; unit < total; ++unit) {
    if (total % unit == 0 && total / unit <= kMaxUnits) return unit;
  }
  return 1;
}

DeviceSpec carve_sub_accelerator(const DeviceSpec& device, int cores, DramShare dram_share) {
  int total = device.cores.count;
  if (cores < 1 || cores > total) {
    throw std::invalid_argument("cannot carve " + std::to_string(cores) + " of " + std::to_string(total) + " cores");
  }
  if (cores == total) return device;
  DeviceSpec sub = device;
  double share = static_cast<double>(cores) / total;
  sub.cores.count = cores;
  if (sub.noc && sub.noc->rows * sub.noc->cols == total) {
    if (cores % sub.noc->rows != 0) {
      throw std::invalid_argument("a mesh sub-accelerator takes whole columns of " + std::to_string(sub.noc->rows) +
                                  " cores, not " + std::to_string(cores));
    }
    sub.noc->cols = cores / sub.noc->rows;
  }
  for (auto& level : sub.shared_memories) {
    level.size_bytes = static_cast<int64_t>(std::floor(static_cast<double>(level.size_bytes) * share));
    level.bandwidth_bytes_per_s *= share;
  }
  if (dram_share == DramShare::cores) sub.off_chip.bandwidth_bytes_per_s *= share;
  sub.tdp_w *= share;
  sub.area_mm2 *= share;
  return sub;
}

int64_t on_chip_bytes(const DeviceSpec& device) {
  int64_t bytes = 0;
  for (const auto& level : device.cores.memories) {
    bytes = checked_add(bytes, checked_multiply(level.size_bytes, device.cores.count, "on-chip memory"),
                        "on-chip memory");
  }
  for (const auto& level : device.shared_memories) bytes = checked_add(bytes, level.size_bytes, "on-chip memory");
  return bytes;
}

}  // namespace tessera
