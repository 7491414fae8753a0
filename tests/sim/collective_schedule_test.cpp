// Simulated collectives against the closed forms of collective_cost.h and against hand-derived contention.
//
// Bandwidths are powers of two bytes/s and latencies powers of two seconds, so that simulated times are exact in
// binary and equal-time events really tie. What separates the simulation from the closed form, with no contention:
//   - a transfer over h links pays (h - 1) c/b of store-and-forward on top of B/b + h L (network_sim.h; c is its chunk,
//     min(1 MiB, B/16) by default). On a ring, neighbours are one link apart: h = 1, the two agree exactly. Through a
//     switch h = 2 (uplink, downlink): every step of the algorithm pays one chunk, c/b, more. The tests use sizes whose
//     chunks are known and check sim = closed form + the sum of those chunks over the steps.
//   - pipelined algorithms (chain broadcast, double binary tree) add the pipeline's fill of a few segments.
#include "tessera/sim/collective_schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "support/input_error.h"
#include "tessera/hardware/system_presets.h"
#include "tessera/sim/collective_cost.h"

namespace tessera {
namespace {

using testing::input_error_of;

constexpr double kBandwidth = 1073741824.0;   // 1 GiB/s per link direction
constexpr double kLatency = 1.0 / (1 << 20);  // ~0.95 us per hop (switched: member to member)
constexpr int64_t kMiB = int64_t{1} << 20;
constexpr double kRelTol = 1e-12;

NetworkTier ring_tier(int members) { return NetworkTier{"ici", TopologyKind::ring, {members}, kBandwidth, kLatency}; }
NetworkTier switch_tier(int members) {
  return NetworkTier{"nvlink", TopologyKind::switched, {members}, kBandwidth, kLatency};
}

std::vector<int64_t> endpoints(int64_t count) {
  std::vector<int64_t> out(static_cast<size_t>(count));
  std::iota(out.begin(), out.end(), 0);
  return out;
}

void expect_near_rel(double actual, double expected) { EXPECT_NEAR(actual, expected, std::abs(expected) * kRelTol); }

// ---- no contention: the closed form ----

// One-way ring on a ring tier: every step sends n/p = 4 MiB one hop, 2(p-1)(n/p/b + L), exactly the closed form with
// b = the link's bandwidth.
TEST(CollectiveSchedule, RingAllReduceOnARingIsTheClosedForm) {
  auto ring = make_topology({{ring_tier(8)}});
  NetworkSim sim(*ring);
  int64_t bytes = 32 * kMiB;
  TaskId done = add_ring_all_reduce(sim, endpoints(8), bytes);
  sim.run();
  expect_near_rel(sim.finish_time_s(done), ring_all_reduce_s({8, kBandwidth, kLatency}, bytes));
  expect_near_rel(sim.finish_time_s(done), 14 * (4 * kMiB / kBandwidth + kLatency));
}

// Both ways: each half goes around its own direction's links, so a ring tier gives 2 x the link bandwidth, as
// tier_ring_stages assumes: 14 steps of (n/2)/p = 2 MiB.
TEST(CollectiveSchedule, BidirectionalRingAllReduceMatchesTierRingStages) {
  NetworkTier tier = ring_tier(8);
  auto ring = make_topology({{tier}});
  NetworkSim sim(*ring);
  int64_t bytes = 32 * kMiB;
  CollectiveOptions both;
  both.ring_direction = RingDirection::both_ways;
  TaskId done = add_ring_all_reduce(sim, endpoints(8), bytes, {}, both);
  sim.run();
  std::vector<CollectiveGroup> stages = tier_ring_stages(tier, 8);
  ASSERT_EQ(stages.size(), 1u);
  EXPECT_EQ(stages[0].bandwidth_bytes_per_s, 2 * kBandwidth);
  expect_near_rel(sim.finish_time_s(done), ring_all_reduce_s(stages[0], bytes));
  expect_near_rel(sim.finish_time_s(done), 14 * (2 * kMiB / kBandwidth + kLatency));
}

TEST(CollectiveSchedule, RingReduceScatterAndAllGatherAreOnePass) {
  auto ring = make_topology({{ring_tier(8)}});
  int64_t bytes = 32 * kMiB;
  NetworkSim scatter(*ring);
  TaskId scattered = add_ring_reduce_scatter(scatter, endpoints(8), bytes);
  scatter.run();
  NetworkSim gather(*ring);
  TaskId gathered = add_ring_all_gather(gather, endpoints(8), bytes);
  gather.run();
  expect_near_rel(scatter.finish_time_s(scattered), ring_reduce_scatter_s({8, kBandwidth, kLatency}, bytes));
  expect_near_rel(gather.finish_time_s(gathered), ring_all_gather_s({8, kBandwidth, kLatency}, bytes));
}

// Through a switch every transfer is uplink + downlink: one chunk of store-and-forward per step. Steps of n/2, n/4,
// n/8 (32, 16, 8 MiB) have chunks of 1, 1 and 0.5 MiB; halving and doubling: 2 x 2.5 MiB / b over the closed form.
TEST(CollectiveSchedule, HalvingDoublingOnASwitchIsTheClosedFormPlusOneChunkPerStep) {
  auto nvswitch = make_topology({{switch_tier(8)}});
  NetworkSim sim(*nvswitch);
  int64_t bytes = 64 * kMiB;
  TaskId done = add_halving_doubling_all_reduce(sim, endpoints(8), bytes);
  sim.run();
  expect_near_rel(sim.finish_time_s(done),
                  halving_doubling_all_reduce_s({8, kBandwidth, kLatency}, bytes) + 5 * kMiB / kBandwidth);
}

// p = 6 folds ranks 4 and 5 into 0 and 1 (64 MiB each way, 1 MiB chunks) around a 4-rank core (32 and 16 MiB steps,
// 1 MiB chunks): 2 + 4 chunks over the closed form.
TEST(CollectiveSchedule, HalvingDoublingFoldsExtraRanks) {
  auto nvswitch = make_topology({{switch_tier(8)}});
  NetworkSim sim(*nvswitch);
  int64_t bytes = 64 * kMiB;
  TaskId done = add_halving_doubling_all_reduce(sim, endpoints(6), bytes);
  sim.run();
  expect_near_rel(sim.finish_time_s(done),
                  halving_doubling_all_reduce_s({6, kBandwidth, kLatency}, bytes) + 6 * kMiB / kBandwidth);
}

// 7 steps of a 16 MiB block (1 MiB chunks): 7 chunks over (p-1)/p n/b + (p-1) L.
TEST(CollectiveSchedule, PairwiseAllToAllOnASwitch) {
  auto nvswitch = make_topology({{switch_tier(8)}});
  NetworkSim sim(*nvswitch);
  int64_t bytes = 128 * kMiB;
  TaskId done = add_pairwise_all_to_all(sim, endpoints(8), bytes);
  sim.run();
  expect_near_rel(sim.finish_time_s(done),
                  pairwise_all_to_all_s({8, kBandwidth, kLatency}, bytes) + 7 * kMiB / kBandwidth);
}

// ceil(log2 p) rounds of the whole 16 MiB message (1 MiB chunks), for p = 8 and p = 5.
TEST(CollectiveSchedule, BinomialTreeBroadcastOnASwitch) {
  auto nvswitch = make_topology({{switch_tier(8)}});
  int64_t bytes = 16 * kMiB;
  for (int p : {8, 5}) {
    NetworkSim sim(*nvswitch);
    TaskId done = add_binomial_tree_broadcast(sim, endpoints(p), bytes);
    sim.run();
    expect_near_rel(sim.finish_time_s(done),
                    binomial_tree_broadcast_s({p, kBandwidth, kLatency}, bytes) + 3 * kMiB / kBandwidth);
  }
}

// The chain root -> 1 -> ... -> 7 in S = 256 segments of s = 256 KiB (chunks c = 16 KiB): the root streams segment k
// from k s/b, each hop takes s/b + c/b + L, so the last segment reaches rank 7 at (S-1) s/b + 7 (s/b + c/b + L)
// = n/b + 6 s/b + 7 (c/b + L). Over the closed form n/b + 7 L: the fill 6 s/b + 7 c/b, 2.5% of n/b.
TEST(CollectiveSchedule, RingBroadcastPipelinesSegments) {
  auto nvswitch = make_topology({{switch_tier(8)}});
  NetworkSim sim(*nvswitch);
  int64_t bytes = 64 * kMiB;
  CollectiveOptions options;
  options.pipeline_segments = 256;
  TaskId done = add_ring_broadcast(sim, endpoints(8), bytes, {}, options);
  sim.run();
  double segment_s = 256 * 1024 / kBandwidth;
  double fill_s = 6 * segment_s + 7 * segment_s / 16;
  expect_near_rel(sim.finish_time_s(done), ring_broadcast_s({8, kBandwidth, kLatency}, bytes) + fill_s);
  EXPECT_LT(fill_s, 0.026 * bytes / kBandwidth);
}

// NCCL's trees for p = 8 have depth D = 3; every rank is interior in one tree and a leaf in the other, so its uplink
// carries four streams of n/2 (up and two down one tree, up the other): 2n, the closed form's bandwidth term. Leaves
// release a segment (s = n/2/S, S = 64) every 4 s/b, the rate a quarter of a link drains. Past the closed form the
// simulation pays the pipeline's fill and drain: the last segment goes up D hops and down D hops, each taking at
// most four segments' time on a link shared by four streams (chunks c = s/16 and latency included), so
// closed <= sim <= closed + 2 D x 4 (s/b + c/b + L). Measured: 13.1 s/b over the closed form (p = 4: 7.1, p = 16:
// 24), independent of S: a fill, not a bandwidth loss.
TEST(CollectiveSchedule, DoubleBinaryTreeOnASwitchIsTheClosedFormPlusThePipelineFill) {
  auto nvswitch = make_topology({{switch_tier(8)}});
  NetworkSim sim(*nvswitch);
  int64_t bytes = 64 * kMiB;
  TaskId done = add_double_binary_tree_all_reduce(sim, endpoints(8), bytes);
  sim.run();
  double closed_s = double_binary_tree_all_reduce_s({8, kBandwidth, kLatency}, bytes);
  double segment_s = bytes / 128.0 / kBandwidth;
  double fill_s = 24 * (segment_s + segment_s / 16 + kLatency);
  EXPECT_GE(sim.finish_time_s(done), closed_s);
  EXPECT_LE(sim.finish_time_s(done), closed_s + fill_s);
}

// Two ranks: each tree is one edge, every rank sends n/2 up one tree and n/2 down the other (the ring's n/b); two
// streams share a link, D = 1: closed <= sim <= closed + 2 x 2 (s/b + c/b + L).
TEST(CollectiveSchedule, DoubleBinaryTreeOfTwoRanks) {
  auto nvswitch = make_topology({{switch_tier(8)}});
  NetworkSim sim(*nvswitch);
  int64_t bytes = 64 * kMiB;
  TaskId done = add_double_binary_tree_all_reduce(sim, endpoints(2), bytes);
  sim.run();
  double closed_s = double_binary_tree_all_reduce_s({2, kBandwidth, kLatency}, bytes);
  double segment_s = bytes / 128.0 / kBandwidth;
  EXPECT_GE(sim.finish_time_s(done), closed_s);
  EXPECT_LE(sim.finish_time_s(done), closed_s + 4 * (segment_s + segment_s / 16 + kLatency));
}

// ---- contention ----

// Two all-reduces (A added first) on the same ring share every link. Each link alternates their chunks (m = 16 chunks
// of c = 256 KiB per 4 MiB block): in step 1 A's last chunk ends at (2m - 1) c/b, B's at 2m c/b. A's next block
// reaches the link L later, while B's last chunk still holds it (L < c/b), so the link never idles and ends step k at
// 2 k m c/b. After K = 14 steps: B at 2 K m c/b + L, A one chunk earlier; alone: K (m c/b + L). Twice as long, less
// the latency, which is not shared.
TEST(CollectiveSchedule, TwoAllReducesOnOneRingShareItsBandwidth) {
  auto ring = make_topology({{ring_tier(8)}});
  int64_t bytes = 32 * kMiB;
  double chunk_s = 256 * 1024 / kBandwidth;
  NetworkSim sim(*ring);
  TaskId first = add_ring_all_reduce(sim, endpoints(8), bytes);
  TaskId second = add_ring_all_reduce(sim, endpoints(8), bytes);
  sim.run();
  expect_near_rel(sim.finish_time_s(second), 2 * 14 * 16 * chunk_s + kLatency);
  expect_near_rel(sim.finish_time_s(first), (2 * 14 * 16 - 1) * chunk_s + kLatency);
  double alone_s = ring_all_reduce_s({8, kBandwidth, kLatency}, bytes);
  EXPECT_NEAR(sim.finish_time_s(second) / alone_s, 2.0, 0.01);
}

// A line (mesh2d 1 x 8) has no wrap link: the ring's closing hop 7 -> 0 runs back over all 7 "-" links. One way,
// nothing is shared (the i -> i+1 hops use the "+" links), as tier_ring_stages assumes for a mesh. Both ways, the
// reversed ring's closing hop 0 -> 7 runs over the "+" links that the forward ring's blocks use: each "+" link
// carries two half-blocks per step, so the bandwidth term is the one-way ring's and not half of it. The 7-hop
// transfers pay up to 6 chunks of store-and-forward (c = 64 KiB per 1 MiB half-block) and 7 L per step.
TEST(CollectiveSchedule, BothWaysOnALineGainsNothing) {
  NetworkTier line{"noc", TopologyKind::mesh2d, {1, 8}, kBandwidth, kLatency};
  auto mesh = make_topology({{line}});
  auto ring = make_topology({{ring_tier(8)}});
  int64_t bytes = 16 * kMiB;
  CollectiveOptions both;
  both.ring_direction = RingDirection::both_ways;
  auto time_s = [&](const Topology& topology, const CollectiveOptions& options) {
    NetworkSim sim(topology);
    TaskId done = add_ring_all_reduce(sim, endpoints(8), bytes, {}, options);
    sim.run();
    return sim.finish_time_s(done);
  };
  double line_both_s = time_s(*mesh, both);
  double line_one_way_s = time_s(*mesh, {});
  double ring_both_s = time_s(*ring, both);
  double bandwidth_s = 2.0 * 7 / 8 * bytes / kBandwidth;
  double fill_bound_s = 14 * (6 * 64 * 1024 / kBandwidth + 7 * kLatency);
  EXPECT_GE(line_both_s, bandwidth_s);
  EXPECT_LE(line_both_s, bandwidth_s + fill_bound_s);
  EXPECT_GE(line_one_way_s, bandwidth_s);
  EXPECT_LE(line_one_way_s, bandwidth_s + fill_bound_s);
  EXPECT_GT(line_both_s, 1.9 * ring_both_s);  // measured: 2.2 x (the fill of the 7-hop transfers)
}

// ---- a real system ----

// dgx_a100:nodes=2: 8 GPUs per NVSwitch (300 GB/s, 0.47 us), nodes on InfiniBand (200 GB/s per node, 2.7 us).
// Reduce-scatter in the node: 7 steps of n/8 = 128 MiB (1 MiB chunks) through uplink and downlink, each one chunk
// over the closed form; all-gather the same. Across the 2 nodes, on n/8: one reduce-scatter and one all-gather step of
// n/16 = 64 MiB per GPU, the 8 GPUs of a node sharing its port (the closed form's 25 GB/s each): their chunks
// alternate on the uplink, then one more 1 MiB chunk on the downlink. So at most 14 chunks at 300 GB/s and 2 at
// 200 GB/s over the closed form (59 us, 0.5% of 11.6 ms). Slightly less in fact (51.5 us): alternating, the GPUs
// finish the across-node steps a chunk apart, and the first ones start their next step earlier.
TEST(CollectiveSchedule, HierarchicalAllReduceOnTwoDgxNodes) {
  ClusterSpec system = load_system("dgx_a100:nodes=2", std::string(TESSERA_SOURCE_DIR) + "/data");
  auto topology = make_topology(system.network);
  NetworkSim sim(*topology);
  int64_t bytes = 1024 * kMiB;
  TaskId done = add_hierarchical_all_reduce(sim, endpoints(16), 8, bytes);
  sim.run();
  double nvlink_bw = system.network.tiers[0].achievable_bandwidth_bytes_per_s();
  double ib_bw = system.network.tiers[1].achievable_bandwidth_bytes_per_s();
  double closed_s = hierarchical_all_reduce_s(network_ring_stages(system.network), static_cast<double>(bytes));
  double store_and_forward_s = 14 * kMiB / nvlink_bw + 2 * kMiB / ib_bw;
  EXPECT_GE(sim.finish_time_s(done), closed_s + 7 * kMiB / nvlink_bw);  // the first reduce-scatter is in lockstep
  EXPECT_LE(sim.finish_time_s(done), closed_s + store_and_forward_s);
  EXPECT_LT(store_and_forward_s, 0.006 * closed_s);
}

// ---- dependencies and bad input ----

TEST(CollectiveSchedule, StartsAfterItsDependencies) {
  auto ring = make_topology({{ring_tier(8)}});
  NetworkSim sim(*ring);
  ResourceId gpu = sim.tasks().add_resource("gpu 0");
  TaskId compute = sim.tasks().add_task({gpu, 1e-3});
  int64_t bytes = 32 * kMiB;
  TaskId done = add_ring_all_reduce(sim, endpoints(8), bytes, std::vector<TaskId>{compute});
  TaskId alone = add_ring_all_reduce(sim, std::vector<int64_t>{3}, bytes, std::vector<TaskId>{compute});
  sim.run();
  expect_near_rel(sim.finish_time_s(done), 1e-3 + ring_all_reduce_s({8, kBandwidth, kLatency}, bytes));
  EXPECT_EQ(sim.finish_time_s(alone), 1e-3);  // one participant: done with its dependencies
}

TEST(CollectiveSchedule, BadInputIsAnInputError) {
  auto ring = make_topology({{ring_tier(8)}});
  NetworkSim sim(*ring);
  EXPECT_EQ(input_error_of([&] { add_ring_all_reduce(sim, std::vector<int64_t>{}, 8); }),
            "ring_all_reduce over 0 ranks: expected at least one participant");
  EXPECT_EQ(input_error_of([&] {
              add_ring_all_reduce(sim, std::vector<int64_t>{0, 1, 0}, 8);
            }),
            "ring_all_reduce over 3 ranks: endpoint 0 appears twice");
  EXPECT_EQ(input_error_of([&] {
              add_pairwise_all_to_all(sim, std::vector<int64_t>{0, 8}, 8);
            }),
            "pairwise_all_to_all over 2 ranks: endpoint 8 out of range (0..7)");
  EXPECT_EQ(input_error_of([&] { add_ring_broadcast(sim, endpoints(4), -1); }),
            "ring_broadcast over 4 ranks: bytes = -1 (must be >= 0)");
  CollectiveOptions no_segments;
  no_segments.pipeline_segments = 0;
  EXPECT_EQ(input_error_of([&] { add_double_binary_tree_all_reduce(sim, endpoints(4), 8, {}, no_segments); }),
            "double_binary_tree_all_reduce over 4 ranks: pipeline_segments = 0 (must be >= 1)");
  EXPECT_EQ(input_error_of([&] { add_hierarchical_all_reduce(sim, endpoints(6), 4, 8); }),
            "hierarchical_all_reduce over 6 ranks: group_size = 4 (must divide the ranks)");
}

}  // namespace
}  // namespace tessera
