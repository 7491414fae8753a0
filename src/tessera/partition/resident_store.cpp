#include "tessera/partition/resident_store.h"

#include <cmath>

#include "tessera/partition/sub_accelerator.h"

namespace tessera {
namespace {

const MemoryLevel* outermost_on_chip_level(const DeviceSpec& device) {
  if (!device.shared_memories.empty()) return &device.shared_memories.back();
  if (!device.cores.memories.empty()) return &device.cores.memories.back();
  return nullptr;
}

void shrink(MemoryLevel& level, double keep) {
  level.size_bytes = static_cast<int64_t>(std::floor(static_cast<double>(level.size_bytes) * keep));
}

}  // namespace

int64_t resident_budget_bytes(const DeviceSpec& sub, double resident_share) {
  return static_cast<int64_t>(std::floor(static_cast<double>(on_chip_bytes(sub)) * resident_share));
}

double resident_store_bandwidth_bytes_per_s(const DeviceSpec& sub) {
  const MemoryLevel* store = outermost_on_chip_level(sub);
  if (!store) return 0;
  return sub.shared_memories.empty() ? store->bandwidth_bytes_per_s * sub.cores.count : store->bandwidth_bytes_per_s;
}

DeviceSpec resident_backed_device(const DeviceSpec& sub, double resident_share) {
  DeviceSpec device = sub;
  double store_bandwidth = resident_store_bandwidth_bytes_per_s(sub);
  if (const MemoryLevel* store = outermost_on_chip_level(sub); store && store->energy_j_per_byte > 0) {
    device.off_chip.energy_j_per_byte = store->energy_j_per_byte;
  }
  if (store_bandwidth > 0) device.off_chip.bandwidth_bytes_per_s = store_bandwidth;
  for (auto& level : device.cores.memories) shrink(level, 1 - resident_share);
  for (auto& level : device.shared_memories) shrink(level, 1 - resident_share);
  return device;
}

}  // namespace tessera
