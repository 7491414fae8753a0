#pragma once
// A network's endpoints, its directed links and the route between two endpoints, built from a NetworkSpec.
// Routing rules (docs/simulation.md):
//   ring, mesh2d, torus2d, torus3d: dimension-order routing, dims in spec order (dims[0] first); on a ring or torus
//     the shorter way around each dimension, ties to +.
//   switched: member -> switch uplink, switch -> member downlink; each half carries half the member-to-member latency.
//   leading mesh2d tiers (a wafer of dies of tiles) fold into one global mesh of tiles; a link crossing a boundary of
//     tier t has tier t's bandwidth and latency.
//   tiers above: a route between endpoints that first differ at tier t goes up through the switched tiers between
//     (their ports), then along tier t between the two groups. A group's links at a higher tier are shared by all its
//     members and reached directly (rail-style: every endpoint has its own NIC into the node's port).
// Endpoint e has tier-0 index e % size0, tier-1 index (e / size0) % size1, ...; mesh/torus positions are row-major.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tessera/hardware/network_spec.h"

namespace tessera {

using LinkId = int32_t;

// One direction of one physical link.
struct Link {
  double bandwidth_bytes_per_s = 0;
  double latency_s = 0;
  std::string tier;  // the NetworkTier's name
};

class Topology {
 public:
  virtual ~Topology() = default;
  virtual int64_t endpoints() const = 0;
  virtual LinkId links() const = 0;
  virtual const Link& link(LinkId id) const = 0;
  // Where the link is, for traces: "noc (3,4)->(3,5)", "infiniband up 2".
  virtual std::string link_name(LinkId id) const = 0;
  // Appends the directed links from src to dst (none when src == dst). Throws InputError for an endpoint out of range.
  virtual void append_route(int64_t src, int64_t dst, std::vector<LinkId>& out) const = 0;

  std::vector<LinkId> route(int64_t src, int64_t dst) const {
    std::vector<LinkId> out;
    append_route(src, dst, out);
    return out;
  }
};

// Throws InputError naming the tier and field of a bad spec (no tiers, empty or wrong dims, bandwidth <= 0,
// negative latency, too many endpoints or links).
std::unique_ptr<Topology> make_topology(const NetworkSpec& spec);

}  // namespace tessera
