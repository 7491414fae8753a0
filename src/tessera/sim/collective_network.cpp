// Effective ring bandwidth and step latency of a network tier (the rules are in collective_cost.h).
#include <string>

#include "tessera/core/error.h"
#include "tessera/hardware/system_names.h"
#include "tessera/sim/collective_cost.h"

namespace tessera {
namespace {

// One dimension of `members` along a ring (wrap = true) or a line (a mesh dimension).
CollectiveGroup dimension_stage(const NetworkTier& tier, int64_t members, bool wrap, int64_t streams) {
  double shared_bandwidth = tier.achievable_bandwidth_bytes_per_s() / static_cast<double>(streams);
  if (wrap) return {members, 2 * shared_bandwidth, tier.link_latency_s};
  return {members, shared_bandwidth, (members > 2 ? 2 : 1) * tier.link_latency_s};
}

}  // namespace

std::vector<CollectiveGroup> tier_ring_stages(const NetworkTier& tier, int64_t participants,
                                              int64_t streams_per_member) {
  std::string what = "tier '" + tier.name + "' (" + std::string(topology_kind_name(tier.topology)) + ", " +
                     std::to_string(tier.size()) + " members)";
  if (streams_per_member < 1) {
    throw InputError(what + ": expected at least 1 stream per member, got " + std::to_string(streams_per_member));
  }
  if (participants < 1 || participants > tier.size()) {
    throw InputError(what + ": expected 1 to " + std::to_string(tier.size()) + " participants, got " +
                     std::to_string(participants));
  }
  if (tier.topology == TopologyKind::switched) {
    return {
        {participants, tier.achievable_bandwidth_bytes_per_s() / static_cast<double>(streams_per_member),
         tier.link_latency_s}};
  }
  if (participants != tier.size()) {
    throw InputError(what + ": a collective spans the whole tier, got " + std::to_string(participants) +
                     " participants (describe a sub-slice as a tier of its own)");
  }
  bool wrap = tier.topology != TopologyKind::mesh2d;
  std::vector<CollectiveGroup> stages;
  for (int members : tier.dims) stages.push_back(dimension_stage(tier, members, wrap, streams_per_member));
  return stages;
}

std::vector<CollectiveGroup> network_ring_stages(const NetworkSpec& network) {
  std::vector<CollectiveGroup> stages;
  int64_t endpoints_below = 1;
  for (const auto& tier : network.tiers) {
    for (const auto& stage : tier_ring_stages(tier, tier.size(), endpoints_below)) stages.push_back(stage);
    endpoints_below *= tier.size();
  }
  return stages;
}

}  // namespace tessera
