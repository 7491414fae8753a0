#pragma once
// Moving the activations that cross a cut from one group's sub-accelerator to the next's (docs/partition.md,
// "Exchange"). Whether the bytes X go on chip depends on the two groups' activation residency:
//   both resident     on chip: X / path bandwidth + path latency, where the path is, by what the device has:
//                       mesh NoC        the rows links between two adjacent column strips: rows x link bandwidth,
//                                       one link latency
//                       shared memory   written then read through the outermost shared level: 2X / its bandwidth
//                       neither         through DRAM: 2X / DRAM bandwidth (2X DRAM bytes)
//   one resident      the resident side writes (or reads) X through DRAM: X / DRAM bandwidth (X DRAM bytes); the
//                     other side's cost already streams it
//   neither           nothing: both sides' costs already stream X through DRAM
// DRAM bandwidth here is the whole device's (assumed: a transfer is short and takes the channel while it runs).
#include <cstdint>

#include "tessera/hardware/hardware_spec.h"

namespace tessera {

struct Exchange {
  double time_s = 0;
  double dram_bytes = 0;
};

Exchange exchange_cost(const DeviceSpec& device, int64_t bytes, bool sender_resident, bool receiver_resident);

}  // namespace tessera
