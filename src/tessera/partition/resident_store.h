#pragma once
// Data kept on chip across batches (a group's weights, its activations) lives in a share of its sub-accelerator's
// on-chip memory, the resident store; the cost model keeps the rest for its working tiles (docs/partition.md,
// "Residency"):
//   resident budget  = resident_share x on_chip_bytes(sub)
//   working memory   = every on-chip level's size x (1 - resident_share)
//   store bandwidth  = the outermost on-chip level's total bandwidth: the last shared level's, else the last per-core
//                      level's x cores (assumed: resident operands reach the cores as fast as that level delivers)
// An op whose operands are resident is costed on resident_backed_device(): the working memories above, backed by the
// resident store in place of DRAM. Its operands that are not resident stream from DRAM exactly once (one operand
// class on chip lets the other stream through), which group_cost.h adds.
#include <cstdint>

#include "tessera/hardware/hardware_spec.h"

namespace tessera {

int64_t resident_budget_bytes(const DeviceSpec& sub, double resident_share);

// The outermost on-chip level's total bandwidth (0 for a device without on-chip memory).
double resident_store_bandwidth_bytes_per_s(const DeviceSpec& sub);

DeviceSpec resident_backed_device(const DeviceSpec& sub, double resident_share);

}  // namespace tessera
