#pragma once
// Carving a sub-accelerator out of one device (docs/partition.md, "Sub-accelerators"): c of the device's C cores (a
// full-height strip of c / rows columns when the device has a mesh NoC), their private memories, a share s = c / C
// of the shared on-chip memories and, depending on the DRAM policy, of the off-chip bandwidth:
//   per-core memories   unchanged: each core keeps its own
//   shared memories     size x s and bandwidth x s (assumed: a shared SRAM's banks and ports are split with the cores)
//   mesh NoC            rows x (c / rows)
//   DRAM bandwidth      demand: the whole bandwidth (stages take turns; the pipeline period must carry every stage's
//                       bytes, plan_search.h); cores: bandwidth x s (a static split, each stage on its own share)
//   TDP, area           x s
// Carving all C cores returns the device unchanged, so a one-group plan is costed exactly like `tessera run`.
#include <cstdint>
#include <string_view>

#include "tessera/hardware/hardware_spec.h"

namespace tessera {

enum class DramShare { demand, cores };
std::string_view dram_share_name(DramShare share);
DramShare parse_dram_share(std::string_view name);  // throws InputError

// Cores are allocated in units: one mesh column (rows cores) when the device has a mesh NoC, so that every
// sub-accelerator is a rectangle; otherwise the smallest divisor d of C with C / d <= 64 (at most 64 units), or 1
// when C has no such divisor below C.
int allocation_unit_cores(const DeviceSpec& device);

// `cores` must be in [1, C] and, with a mesh NoC, a multiple of its rows (std::invalid_argument otherwise).
DeviceSpec carve_sub_accelerator(const DeviceSpec& device, int cores, DramShare dram_share);

// On-chip bytes: cores x the per-core memory sizes + the shared memory sizes.
int64_t on_chip_bytes(const DeviceSpec& device);

}  // namespace tessera
