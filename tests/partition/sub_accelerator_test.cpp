// Carving sub-accelerators: shares of cores, shared memory and DRAM bandwidth add up to the device's, and carving
// the whole device changes nothing.
#include <gtest/gtest.h>

#include "partition/toy_partition.h"
#include "tessera/core/error.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/partition/resident_store.h"
#include "tessera/partition/sub_accelerator.h"

namespace tessera {
namespace {

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";

DeviceSpec preset(const std::string& name) { return load_hardware(name, kDataDir).devices.at(0); }

// 12 cores, no NoC, a 12 MB shared level at 1.2 TB/s over a 1.2 TB/s DRAM.
DeviceSpec shared_memory_device() {
  DeviceSpec d = testing::toy_device();
  d.cores.count = 12;
  d.noc.reset();
  d.shared_memories.push_back({"l2", 12000000, 1.2e12, 0});
  d.off_chip.bandwidth_bytes_per_s = 1.2e12;
  return d;
}

TEST(PartitionSubAccelerator, Vck190CarvesWholeColumns) {
  DeviceSpec vck190 = preset("vck190");
  EXPECT_EQ(allocation_unit_cores(vck190), 8);  // one column of the 8 x 50 array
  DeviceSpec sub = carve_sub_accelerator(vck190, 64, DramShare::cores);
  EXPECT_EQ(sub.cores.count, 64);
  ASSERT_TRUE(sub.noc.has_value());
  EXPECT_EQ(sub.noc->rows, 8);
  EXPECT_EQ(sub.noc->cols, 8);
  EXPECT_EQ(sub.cores.memories, vck190.cores.memories);               // each tile keeps its 32 KB
  EXPECT_DOUBLE_EQ(sub.off_chip.bandwidth_bytes_per_s, 25.6e9 * 64 / 400);  // 4.096 GB/s
  EXPECT_DOUBLE_EQ(carve_sub_accelerator(vck190, 64, DramShare::demand).off_chip.bandwidth_bytes_per_s, 25.6e9);
  EXPECT_EQ(on_chip_bytes(sub), 64 * 32768);
  EXPECT_THROW(carve_sub_accelerator(vck190, 12, DramShare::cores), std::invalid_argument);  // not whole columns
  EXPECT_THROW(carve_sub_accelerator(vck190, 408, DramShare::cores), std::invalid_argument);
}

TEST(PartitionSubAccelerator, CarvingTheWholeDeviceChangesNothing) {
  DeviceSpec vck190 = preset("vck190");
  EXPECT_EQ(carve_sub_accelerator(vck190, 400, DramShare::cores), vck190);
  EXPECT_EQ(carve_sub_accelerator(vck190, 400, DramShare::demand), vck190);
}

TEST(PartitionSubAccelerator, SharesAddUpToTheDevice) {
  DeviceSpec d = shared_memory_device();
  EXPECT_EQ(allocation_unit_cores(d), 1);                       // 12 cores: 12 units of one
  EXPECT_EQ(allocation_unit_cores(preset("a100_80gb")), 2);     // 108 SMs: 54 units of two (at most 64 units)
  int64_t size = 0;
  double shared_bandwidth = 0, dram_bandwidth = 0;
  for (int cores : {3, 4, 5}) {
    DeviceSpec sub = carve_sub_accelerator(d, cores, DramShare::cores);
    size += sub.shared_memories.at(0).size_bytes;
    shared_bandwidth += sub.shared_memories.at(0).bandwidth_bytes_per_s;
    dram_bandwidth += sub.off_chip.bandwidth_bytes_per_s;
    EXPECT_EQ(sub.shared_memories.at(0).size_bytes, cores * 1000000);
  }
  EXPECT_EQ(size, 12000000);
  EXPECT_NEAR(shared_bandwidth, 1.2e12, 1);
  EXPECT_NEAR(dram_bandwidth, 1.2e12, 1);
}

TEST(PartitionSubAccelerator, ResidentStoreTakesItsShareOfOnChipMemory) {
  DeviceSpec d = shared_memory_device();
  DeviceSpec sub = carve_sub_accelerator(d, 6, DramShare::demand);
  // 6 x 4 MiB scratchpads + 6 MB of the shared level, half of it resident.
  EXPECT_EQ(on_chip_bytes(sub), 6 * 4194304 + 6000000);
  EXPECT_EQ(resident_budget_bytes(sub, 0.5), (6 * 4194304 + 6000000) / 2);
  DeviceSpec backed = resident_backed_device(sub, 0.5);
  EXPECT_EQ(backed.cores.memories.at(0).size_bytes, 4194304 / 2);
  EXPECT_EQ(backed.shared_memories.at(0).size_bytes, 3000000);
  EXPECT_DOUBLE_EQ(backed.off_chip.bandwidth_bytes_per_s, 0.6e12);  // the shared level's share serves residents
  // Without a shared level the per-core level serves them: 8 tiles x 120 GB/s on a vck190 column.
  DeviceSpec column = carve_sub_accelerator(preset("vck190"), 8, DramShare::demand);
  EXPECT_DOUBLE_EQ(resident_store_bandwidth_bytes_per_s(column), 8 * 1.2e11);
}

TEST(PartitionSubAccelerator, UnknownDramPolicyIsAnInputError) {
  EXPECT_EQ(parse_dram_share("cores"), DramShare::cores);
  EXPECT_THROW(parse_dram_share("fair"), InputError);
}

}  // namespace
}  // namespace tessera
