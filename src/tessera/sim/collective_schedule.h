#pragma once
// Collectives simulated on a NetworkSim: each one is added as a DAG of point-to-point transfers among participant
// endpoints, so that links shared with other traffic (another collective, a ring laid over a mesh) slow it down.
// Every function returns the task that ends when the whole collective has (every participant holds its result) and
// starts the collective once every task of `deps` has ended (compute producing the buffer, an earlier collective).
// Reduction arithmetic is free: a rank forwards a reduced block the instant its last input arrives.
//
// `ranks` lists the participants' endpoints (distinct) in algorithm order: ring order, tree numbering, the root
// first for broadcasts. `bytes` is n of collective_cost.h: the buffer one participant holds whole (all-reduce and
// reduce-scatter input, all-gather output, what one rank sends in an all-to-all, the broadcast message). Blocks of
// n/p that do not divide evenly differ by one byte. Schedules and their agreement with collective_cost.h are in
// docs/simulation.md.
#include <cstdint>
#include <span>
#include <string>

#include "tessera/sim/network_sim.h"

namespace tessera {

enum class RingDirection {
  one_way,    // every block goes to the ring successor
  both_ways,  // two counter-rotating rings on half the message each (tier_ring_stages' model of ring and torus tiers)
};

struct CollectiveOptions {
  RingDirection ring_direction = RingDirection::one_way;
  // Pipelined algorithms (double binary tree, ring broadcast) cut each tree's or chain's message into this many
  // segments; a rank forwards a segment as soon as it has it. More segments: a shorter pipeline fill, more tasks.
  int64_t pipeline_segments = 64;
  // Names the transfers in traces ("<label> 3->4"); the algorithm's name when empty.
  std::string label;
};

// p-1 steps of reduce-scatter then p-1 of all-gather; in each step every rank sends n/p to its successor once it has
// received the previous step's block.
TaskId add_ring_all_reduce(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                           std::span<const TaskId> deps = {}, const CollectiveOptions& options = {});
TaskId add_ring_reduce_scatter(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                               std::span<const TaskId> deps = {}, const CollectiveOptions& options = {});
TaskId add_ring_all_gather(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                           std::span<const TaskId> deps = {}, const CollectiveOptions& options = {});

// Two-level ring all-reduce: ranks form groups of `group_size` consecutive entries (a node's GPUs). Ring
// reduce-scatter in each group; ring all-reduce of each rank's share (n / group_size) among the ranks holding the same
// share in every group; ring all-gather in each group. Each rank moves to the next phase when it is done with its own.
TaskId add_hierarchical_all_reduce(NetworkSim& sim, std::span<const int64_t> ranks, int64_t group_size, int64_t bytes,
                                   std::span<const TaskId> deps = {}, const CollectiveOptions& options = {});

// NCCL's double binary tree: two trees (rank r's tree-0 parent as in NCCL's ncclGetBtree; tree 1 mirrored for even
// p, shifted by one for odd p), each reducing n/2 up to its root and broadcasting it down, pipelined in segments.
TaskId add_double_binary_tree_all_reduce(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                                         std::span<const TaskId> deps = {}, const CollectiveOptions& options = {});

// Rabenseifner: reduce-scatter by recursive halving, all-gather by recursive doubling over p' = 2^floor(log2 p)
// ranks; the other p - p' first send their whole buffer to a partner among the first p - p' and get the result back.
TaskId add_halving_doubling_all_reduce(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                                       std::span<const TaskId> deps = {}, const CollectiveOptions& options = {});

// p-1 steps; in step k every rank sends its block of n/p to rank + k, once done with step k-1 (sent and received).
TaskId add_pairwise_all_to_all(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                               std::span<const TaskId> deps = {}, const CollectiveOptions& options = {});

// A pipelined chain ranks[0] -> ranks[1] -> ... : the root streams the message in segments, each rank forwards a
// segment as soon as it has arrived.
TaskId add_ring_broadcast(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                          std::span<const TaskId> deps = {}, const CollectiveOptions& options = {});
// ceil(log2 p) rounds; in round j every rank i < 2^j that has the whole message sends it to rank i + 2^j.
TaskId add_binomial_tree_broadcast(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                                   std::span<const TaskId> deps = {}, const CollectiveOptions& options = {});

}  // namespace tessera
