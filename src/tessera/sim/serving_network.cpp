#include "tessera/sim/serving_network.h"

#include <algorithm>
#include <string>

#include "tessera/core/error.h"
#include "tessera/sim/collective_cost.h"

namespace tessera {

double tensor_parallel_all_reduce_s(const NetworkSpec& network, int64_t tp, double bytes) {
  if (tp == 1) return 0;
  if (network.tiers.empty()) throw InputError("tensor parallelism needs a network; the system has none");
  return hierarchical_all_reduce_s(tier_ring_stages(network.tiers.front(), tp), bytes);
}

int stage_boundary_tier(const NetworkSpec& network, int64_t tp, int64_t stage) {
  const int64_t first_rank_after = (stage + 1) * tp;  // the boundary lies between it and the rank before
  int64_t group = 1;
  for (size_t tier = 0; tier < network.tiers.size(); ++tier) {
    group *= network.tiers[tier].size();
    if (first_rank_after % group != 0) return static_cast<int>(tier);
  }
  throw InputError("pipeline stage " + std::to_string(stage + 1) + " starts at endpoint " +
                   std::to_string(first_rank_after) + ", past the system's " + std::to_string(network.endpoints()) +
                   " endpoints");
}

double stage_send_s(const NetworkSpec& network, int64_t tp, int64_t stage, double bytes) {
  int tier = stage_boundary_tier(network, tp, stage);
  int64_t endpoints_per_member = 1;
  for (int below = 0; below < tier; ++below) endpoints_per_member *= network.tiers[below].size();
  const NetworkTier& t = network.tiers[tier];
  double senders_per_link = static_cast<double>(std::min(tp, endpoints_per_member));
  return send_s({2, t.achievable_bandwidth_bytes_per_s() / senders_per_link, t.link_latency_s}, bytes);
}

}  // namespace tessera
