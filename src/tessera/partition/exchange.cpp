#include "tessera/partition/exchange.h"

namespace tessera {

Exchange exchange_cost(const DeviceSpec& device, int64_t bytes, bool sender_resident, bool receiver_resident) {
  double x = static_cast<double>(bytes);
  double dram_bandwidth = device.off_chip.bandwidth_bytes_per_s;
  if (bytes == 0 || (!sender_resident && !receiver_resident)) return {};
  if (sender_resident != receiver_resident) return {x / dram_bandwidth, x};
  if (device.noc && device.noc->rows > 0 && device.noc->link_bandwidth_bytes_per_s > 0) {
    return {x / (device.noc->rows * device.noc->link_bandwidth_bytes_per_s) + device.noc->link_latency_s, 0};
  }
  if (!device.shared_memories.empty() && device.shared_memories.back().bandwidth_bytes_per_s > 0) {
    return {2 * x / device.shared_memories.back().bandwidth_bytes_per_s, 0};
  }
  return {2 * x / dram_bandwidth, 2 * x};
}

}  // namespace tessera
