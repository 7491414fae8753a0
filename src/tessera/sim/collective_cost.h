#pragma once
// Closed-form (alpha-beta) times of collectives: T = steps x a + bytes moved by the busiest participant / b, for p
// participants, n bytes per participant, b bytes/s per direction of each participant's link and a seconds per step.
// No contention, ideal pipelining (chunks small enough that a pipeline's fill is its latency term), reduction
// arithmetic free. n is the buffer each participant holds in full: the input of all-reduce and reduce-scatter (each
// keeps n/p of a reduce-scatter), the output of all-gather (each contributes n/p), the total one participant sends
// in an all-to-all (n/p to each peer, its own block staying local), the message of a broadcast or send.
// Formulas and sources are in collective_cost.cpp; every time is 0 for p = 1.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "tessera/hardware/network_spec.h"

namespace tessera {

// The participants of one collective and the link each of them drives.
struct CollectiveGroup {
  int64_t participants = 1;
  double bandwidth_bytes_per_s = 0;  // per participant, per direction
  double latency_s = 0;              // per step (one hop of the algorithm)
};

double ring_all_reduce_s(const CollectiveGroup& group, double bytes);
double ring_reduce_scatter_s(const CollectiveGroup& group, double bytes);
double ring_all_gather_s(const CollectiveGroup& group, double bytes);
double double_binary_tree_all_reduce_s(const CollectiveGroup& group, double bytes);
double halving_doubling_all_reduce_s(const CollectiveGroup& group, double bytes);
double pairwise_all_to_all_s(const CollectiveGroup& group, double bytes);
double ring_broadcast_s(const CollectiveGroup& group, double bytes);           // pipelined chain from the root
double binomial_tree_broadcast_s(const CollectiveGroup& group, double bytes);  // whole message per tree level
double send_s(const CollectiveGroup& group, double bytes);                     // one point-to-point message

// All-reduce over nested rings, innermost first (the 2D / hierarchical ring): reduce-scatter down the stages, each on
// the share the previous stages left, then all-gather back up. Stage i's bandwidth is what one participant gets in
// that stage; for two stages this is reduce-scatter in the node, all-reduce across nodes on n/p_inner, all-gather.
double hierarchical_all_reduce_s(std::span<const CollectiveGroup> stages, double bytes);
double hierarchical_all_reduce_s(const CollectiveGroup& inner, const CollectiveGroup& outer, double bytes);

// ---- selection by name ----

enum class CollectiveKind { all_reduce, reduce_scatter, all_gather, all_to_all, broadcast, send };

std::string_view collective_kind_name(CollectiveKind kind);
// Throws InputError listing the kinds.
CollectiveKind parse_collective_kind(std::string_view name);

struct CollectiveAlgorithm {
  std::string_view name;  // ring, double_binary_tree, halving_doubling, pairwise, binomial_tree, direct
  CollectiveKind kind;
  double (*time_s)(const CollectiveGroup& group, double bytes);
};

// The algorithms implementing `kind`, in a fixed order.
std::vector<CollectiveAlgorithm> collective_algorithms(CollectiveKind kind);
// Throws InputError("unknown all_reduce algorithm 'x' (known: ring, double_binary_tree, halving_doubling)").
const CollectiveAlgorithm& find_collective_algorithm(CollectiveKind kind, std::string_view name);
double collective_time_s(CollectiveKind kind, std::string_view algorithm, const CollectiveGroup& group, double bytes);

// NCCL's bus bandwidth (nccl-tests doc/PERFORMANCE.md): algbw = n / time, busbw = algbw x 2(p-1)/p for all-reduce,
// x (p-1)/p for reduce-scatter, all-gather and all-to-all, x 1 for broadcast and send. It is comparable with the link
// bandwidth: a ring all-reduce's busbw is b.
double bus_bandwidth_bytes_per_s(CollectiveKind kind, int64_t participants, double bytes, double time_s);

// ---- from a network tier ----

// The ring stages a collective among `participants` members of `tier` runs over, one per dimension of its topology
// (switched and ring: one; mesh2d and torus2d: two; torus3d: three), for hierarchical_all_reduce_s, or for a flat
// algorithm when there is one stage. `participants`: any count up to the size on a switched tier; the whole tier
// otherwise (describe a sub-slice as a tier of its own). `streams_per_member`: collectives running at once through
// each member's links, which share them (the endpoints of a node in the across-nodes phase); 1 for the innermost tier.
//   switched: b = port bandwidth, a = member-to-member latency;
//   ring, torus dimension: a bidirectional ring; two counter-rotating rings each carry half the data (as NCCL runs
//     rings both ways), so b = 2 x link bandwidth, a = one hop;
//   mesh dimension (no wrap link): a ring embedded in the line uses each link direction once, b = link bandwidth, and
//     its steps span 2 hops (a = 2 x hop latency; 1 hop for 2 members).
// The figures fit ring algorithms; tree and halving-doubling steps between non-neighbours of a ring, mesh or torus
// take several hops and share links, which these figures leave out.
std::vector<CollectiveGroup> tier_ring_stages(const NetworkTier& tier, int64_t participants,
                                              int64_t streams_per_member = 1);
// Stages over every tier of the network, innermost first: the whole system. Tier i is shared by the endpoints of one
// of its members (the product of the sizes of the tiers below).
std::vector<CollectiveGroup> network_ring_stages(const NetworkSpec& network);

}  // namespace tessera
