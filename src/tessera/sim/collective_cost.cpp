// Closed-form collective times. Notation: p participants, n bytes, b bytes/s per direction, a seconds per step.
// Sources:
//   [TRG05] Thakur, Rabenseifner, Gropp, "Optimization of Collective Communication Operations in MPICH", IJHPCA 19(1),
//           2005: ring, recursive halving/doubling (Rabenseifner's all-reduce), pairwise exchange, binomial tree.
//   [PY09]  Patarasuk, Yuan, "Bandwidth optimal all-reduce algorithms for clusters of workstations", JPDC 69(2), 2009:
//           every all-reduce moves at least 2(p-1)/p n through each participant's link; the ring attains it.
//   [SST09] Sanders, Speck, Träff, "Two-tree algorithms for full bandwidth broadcast, reduction and scan", Parallel
//           Computing 35(12), 2009: two binary trees, each node interior in at most one, each tree carrying n/2.
//   [NCCL]  NVIDIA/nccl src/graph/tuning.cc: tree all-reduce algbw = busbw / 2 (time 2n/b), latency 2 log2(p) steps.
#include "tessera/sim/collective_cost.h"

#include <bit>
#include <cmath>
#include <string>

#include "tessera/core/error.h"

namespace tessera {
namespace {

// Throws InputError for values no collective can have; true when the collective is trivial (p = 1).
bool trivial(const CollectiveGroup& group, double bytes) {
  if (group.participants < 1) {
    throw InputError("collective: expected at least 1 participant, got " + std::to_string(group.participants));
  }
  if (!std::isfinite(bytes) || bytes < 0) {
    throw InputError("collective: expected bytes >= 0, got " + std::to_string(bytes));
  }
  if (!std::isfinite(group.latency_s) || group.latency_s < 0) {
    throw InputError("collective: expected a latency >= 0 s, got " + std::to_string(group.latency_s));
  }
  if (group.participants == 1) return true;
  if (!std::isfinite(group.bandwidth_bytes_per_s) || group.bandwidth_bytes_per_s <= 0) {
    throw InputError("collective: expected a bandwidth > 0 bytes/s, got " +
                     std::to_string(group.bandwidth_bytes_per_s));
  }
  return false;
}

double ceil_log2(int64_t p) { return static_cast<double>(std::bit_width(static_cast<uint64_t>(p - 1))); }

// The (p-1)/p n/b + (p-1)a of one ring pass: p-1 steps, each moving n/p over every link [TRG05, PY09].
double ring_pass_s(const CollectiveGroup& g, double bytes) {
  double p = static_cast<double>(g.participants);
  return (p - 1) / p * bytes / g.bandwidth_bytes_per_s + (p - 1) * g.latency_s;
}

}  // namespace

// Reduce-scatter then all-gather, two ring passes: 2(p-1)/p n/b + 2(p-1)a [TRG05]; optimal in bandwidth [PY09].
double ring_all_reduce_s(const CollectiveGroup& group, double bytes) {
  return trivial(group, bytes) ? 0 : 2 * ring_pass_s(group, bytes);
}

double ring_reduce_scatter_s(const CollectiveGroup& group, double bytes) {
  return trivial(group, bytes) ? 0 : ring_pass_s(group, bytes);
}

double ring_all_gather_s(const CollectiveGroup& group, double bytes) {
  return trivial(group, bytes) ? 0 : ring_pass_s(group, bytes);
}

// Double binary tree [SST09], as NCCL runs it: reduce up and broadcast down both trees at once, each tree on n/2.
// A node interior in one tree (two children) and a leaf in the other sends, per direction: n/2 up + n down the
// interior tree, n/2 up the leaf tree = 2n, and receives the same; so 2n/b, as NCCL's model (algbw = busbw / 2).
// With p = 2 both trees are a single edge and each node moves n: n/b (the ring's figure). The pipeline's fill is one
// trip up and down a tree of depth ceil(log2 p): 2 ceil(log2 p) a. For p = 3 the roots carry 1.5n; 2n is kept.
double double_binary_tree_all_reduce_s(const CollectiveGroup& group, double bytes) {
  if (trivial(group, bytes)) return 0;
  double bytes_per_link = group.participants == 2 ? bytes : 2 * bytes;
  return 2 * ceil_log2(group.participants) * group.latency_s + bytes_per_link / group.bandwidth_bytes_per_s;
}

// Rabenseifner's all-reduce [TRG05]: reduce-scatter by recursive halving then all-gather by recursive doubling,
// 2 log2(p) a + 2(p-1)/p n/b for p a power of two: the ring's bandwidth term with log2(p) instead of p-1 steps.
// Otherwise the r = p - p' extra participants (p' = 2^floor(log2 p)) first hand their whole vector to a partner and
// get the result back at the end: + 2(a + n/b), the simple fold of [TRG05].
double halving_doubling_all_reduce_s(const CollectiveGroup& group, double bytes) {
  if (trivial(group, bytes)) return 0;
  int64_t p2 = static_cast<int64_t>(std::bit_floor(static_cast<uint64_t>(group.participants)));
  double p = static_cast<double>(p2);
  double core_s = 2 * std::log2(p) * group.latency_s + 2 * (p - 1) / p * bytes / group.bandwidth_bytes_per_s;
  double fold_s = p2 == group.participants ? 0 : 2 * (group.latency_s + bytes / group.bandwidth_bytes_per_s);
  return core_s + fold_s;
}

// Pairwise exchange [TRG05]: p-1 steps, in step k each sends its block of n/p to rank + k:
// (p-1) a + (p-1)/p n/b.
double pairwise_all_to_all_s(const CollectiveGroup& group, double bytes) {
  return trivial(group, bytes) ? 0 : ring_pass_s(group, bytes);
}

// A pipelined chain root -> 1 -> ... -> p-1 (NCCL's ring broadcast): the last participant gets the first chunk after
// p-1 hops, then the stream at b: (p-1) a + n/b.
double ring_broadcast_s(const CollectiveGroup& group, double bytes) {
  if (trivial(group, bytes)) return 0;
  return static_cast<double>(group.participants - 1) * group.latency_s + bytes / group.bandwidth_bytes_per_s;
}

// Binomial tree [TRG05]: ceil(log2 p) rounds, each sending the whole message: ceil(log2 p)(a + n/b).
double binomial_tree_broadcast_s(const CollectiveGroup& group, double bytes) {
  if (trivial(group, bytes)) return 0;
  return ceil_log2(group.participants) * (group.latency_s + bytes / group.bandwidth_bytes_per_s);
}

double send_s(const CollectiveGroup& group, double bytes) {
  return trivial(group, bytes) ? 0 : group.latency_s + bytes / group.bandwidth_bytes_per_s;
}

// Stage i reduce-scatters the n / (p_0 ... p_{i-1}) bytes the inner stages left, the all-gather retraces it:
// sum_i 2 [(p_i - 1)/p_i n_i / b_i + (p_i - 1) a_i]. One stage is the ring all-reduce; for two stages the outer pair
// of passes is the ring all-reduce across nodes on n / p_inner.
double hierarchical_all_reduce_s(std::span<const CollectiveGroup> stages, double bytes) {
  double total_s = 0;
  double share_bytes = bytes;
  for (const auto& stage : stages) {
    if (!trivial(stage, share_bytes)) total_s += 2 * ring_pass_s(stage, share_bytes);
    share_bytes /= static_cast<double>(stage.participants);
  }
  return total_s;
}

double hierarchical_all_reduce_s(const CollectiveGroup& inner, const CollectiveGroup& outer, double bytes) {
  const CollectiveGroup stages[] = {inner, outer};
  return hierarchical_all_reduce_s(stages, bytes);
}

}  // namespace tessera
