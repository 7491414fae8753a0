#pragma once
// The network of a multi-device (or multi-tile) system as plain data: a stack of tiers. Tier 0 joins endpoints
// (devices, or tiles of a wafer) into groups; tier i joins `size()` groups of tier i-1. The number of endpoints is the
// product of all tier sizes. Figures are per direction of one link (switch: of one endpoint's port into the switch).
//
//   dgx_a100 x 4 nodes:  tier 0 switch {8}  NVLink/NVSwitch, 300 GB/s per GPU
//                        tier 1 switch {4}  InfiniBand, 8 x 25 GB/s per node (one HDR NIC per GPU)
//   tx8_wafer:           tier 0 mesh2d {4,4} on-die NoC; tier 1 mesh2d {5,4} die-to-die links
//   tpu_v4 pod slice:    tier 0 torus3d {4,4,4} ICI
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace tessera {

enum class TopologyKind {
  ring,      // dims {n}: bidirectional ring
  mesh2d,    // dims {rows, cols}
  torus2d,   // dims {rows, cols}: mesh with wrap-around links
  torus3d,   // dims {x, y, z}
  switched,  // dims {n}: every member has one port into a non-blocking switch (NVSwitch, an InfiniBand fat tree)
};

struct NetworkTier {
  std::string name;  // nvlink, infiniband, noc, d2d, ici ...
  TopologyKind topology = TopologyKind::switched;
  std::vector<int> dims;
  double link_bandwidth_bytes_per_s = 0;  // per direction; switched: per member port
  double link_latency_s = 0;              // per hop (switched: member to member)
  // The share of the link bandwidth large transfers achieve (protocol, packetization, the collective library's
  // pipelining); 1 = the link figure. Measured on the real system, e.g. NCCL's bus bandwidth over the link's.
  double achievable_fraction = 1.0;

  double achievable_bandwidth_bytes_per_s() const { return link_bandwidth_bytes_per_s * achievable_fraction; }
  int64_t size() const {
    int64_t n = 1;
    for (int d : dims) n *= d;
    return n;
  }
  bool operator==(const NetworkTier&) const = default;
};

struct NetworkSpec {
  std::vector<NetworkTier> tiers;  // innermost first

  int64_t endpoints() const {
    int64_t n = tiers.empty() ? 0 : 1;
    for (const auto& tier : tiers) n *= tier.size();
    return n;
  }
  bool operator==(const NetworkSpec&) const = default;
};

}  // namespace tessera
