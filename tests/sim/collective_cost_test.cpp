// Closed-form collective times against numbers derived by hand from the formulas in collective_cost.cpp.
#include "tessera/sim/collective_cost.h"

#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "support/input_error.h"
#include "tessera/hardware/system_presets.h"

namespace tessera {
namespace {

using testing::input_error_of;

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kRelTol = 1e-12;

void expect_near_rel(double actual, double expected) { EXPECT_NEAR(actual, expected, std::abs(expected) * kRelTol); }

TEST(CollectiveCost, RingAllReduceOfOneGiBOnEightGpus) {
  // 2 (p-1)/p n/b at 300 GB/s: 2 x 7/8 x 2^30 / 3e11 = 6.2634 ms, plus 2 (p-1) = 14 steps.
  expect_near_rel(ring_all_reduce_s({8, 300e9, 0}, kGiB), 2.0 * 7 / 8 * kGiB / 3e11);
  EXPECT_NEAR(ring_all_reduce_s({8, 300e9, 0}, kGiB), 6.2634e-3, 1e-7);
  expect_near_rel(ring_all_reduce_s({8, 300e9, 1e-6}, kGiB), 2.0 * 7 / 8 * kGiB / 3e11 + 14e-6);
}

TEST(CollectiveCost, RingReduceScatterAndAllGatherAreOnePass) {
  // (p-1)/p n/b + (p-1) a = 3/4 x 1e9 / 1e11 + 3 x 1e-5.
  expect_near_rel(ring_reduce_scatter_s({4, 1e11, 1e-5}, 1e9), 7.5e-3 + 3e-5);
  expect_near_rel(ring_all_gather_s({4, 1e11, 1e-5}, 1e9), 7.5e-3 + 3e-5);
  expect_near_rel(ring_reduce_scatter_s({4, 1e11, 1e-5}, 1e9) + ring_all_gather_s({4, 1e11, 1e-5}, 1e9),
                  ring_all_reduce_s({4, 1e11, 1e-5}, 1e9));
}

TEST(CollectiveCost, HalvingDoublingMatchesRingBandwidthWithLogSteps) {
  expect_near_rel(halving_doubling_all_reduce_s({8, 300e9, 0}, kGiB), ring_all_reduce_s({8, 300e9, 0}, kGiB));
  // 2 log2(8) = 6 steps instead of 14.
  expect_near_rel(halving_doubling_all_reduce_s({8, 300e9, 1e-6}, kGiB), 2.0 * 7 / 8 * kGiB / 3e11 + 6e-6);
  // p = 6 folds onto p' = 4: 2 log2(4) a + 2 (3/4) n/b + 2 (a + n/b).
  expect_near_rel(halving_doubling_all_reduce_s({6, 1e11, 1e-6}, 1e9), 4e-6 + 1.5e-2 + 2 * (1e-6 + 1e-2));
}

TEST(CollectiveCost, DoubleBinaryTreeMovesTwiceTheMessageInLogSteps) {
  // 2 ceil(log2 8) a + 2 n/b.
  expect_near_rel(double_binary_tree_all_reduce_s({8, 1e11, 1e-6}, 1e9), 6e-6 + 2e-2);
  // ceil(log2 5) = 3.
  expect_near_rel(double_binary_tree_all_reduce_s({5, 1e11, 1e-6}, 1e9), 6e-6 + 2e-2);
  // Two participants: each tree is one edge, n/b as the ring.
  expect_near_rel(double_binary_tree_all_reduce_s({2, 1e11, 1e-6}, 1e9), 2e-6 + 1e-2);
  expect_near_rel(double_binary_tree_all_reduce_s({2, 1e11, 0}, 1e9), ring_all_reduce_s({2, 1e11, 0}, 1e9));
  // Never below the all-reduce bandwidth bound 2 (p-1)/p n/b that the ring attains (Patarasuk & Yuan).
  EXPECT_GT(double_binary_tree_all_reduce_s({64, 1e11, 0}, 1e9), ring_all_reduce_s({64, 1e11, 0}, 1e9));
}

TEST(CollectiveCost, AllToAllBroadcastAndSend) {
  // Pairwise: (p-1) a + (p-1)/p n/b with n = 4e9 sent in total by each of 4.
  expect_near_rel(pairwise_all_to_all_s({4, 1e11, 1e-6}, 4e9), 3e-6 + 0.75 * 4e-2);
  // Pipelined chain: (p-1) a + n/b; binomial tree: ceil(log2 p) (a + n/b).
  expect_near_rel(ring_broadcast_s({8, 1e11, 1e-6}, 1e9), 7e-6 + 1e-2);
  expect_near_rel(binomial_tree_broadcast_s({8, 1e11, 1e-6}, 1e9), 3 * (1e-6 + 1e-2));
  expect_near_rel(send_s({2, 1e11, 1e-6}, 1e9), 1e-6 + 1e-2);
}

TEST(CollectiveCost, OneParticipantCostsNothing) {
  for (auto kind : {CollectiveKind::all_reduce, CollectiveKind::reduce_scatter, CollectiveKind::all_gather,
                    CollectiveKind::all_to_all, CollectiveKind::broadcast, CollectiveKind::send}) {
    for (const auto& algorithm : collective_algorithms(kind)) {
      EXPECT_EQ(algorithm.time_s({1, 0, 1e-6}, kGiB), 0) << collective_kind_name(kind) << " " << algorithm.name;
      EXPECT_GT(algorithm.time_s({4, 1e11, 1e-6}, kGiB), 0) << collective_kind_name(kind) << " " << algorithm.name;
    }
  }
  CollectiveGroup single{1, 0, 0};
  EXPECT_EQ(hierarchical_all_reduce_s(single, single, kGiB), 0);
}

TEST(CollectiveCost, HierarchicalAllReduceOverTwoTiers) {
  // 4 nodes of 8: reduce-scatter in the node, all-reduce across nodes on n/8 at one NIC's 25 GB/s, all-gather.
  CollectiveGroup node{8, 300e9, 1e-6};
  CollectiveGroup across{4, 25e9, 5e-6};
  double in_node_s = 7.0 / 8 * kGiB / 300e9 + 7 * 1e-6;
  double across_s = 2 * 3.0 / 4 * (kGiB / 8) / 25e9 + 2 * 3 * 5e-6;
  expect_near_rel(hierarchical_all_reduce_s(node, across, kGiB), 2 * in_node_s + across_s);
  // One stage is the ring all-reduce; a trivial outer stage adds nothing.
  expect_near_rel(hierarchical_all_reduce_s(std::span<const CollectiveGroup>(&node, 1), kGiB),
                  ring_all_reduce_s(node, kGiB));
  expect_near_rel(hierarchical_all_reduce_s(node, {1, 25e9, 5e-6}, kGiB), ring_all_reduce_s(node, kGiB));
}

TEST(CollectiveCost, SelectableByName) {
  EXPECT_EQ(parse_collective_kind("all_reduce"), CollectiveKind::all_reduce);
  EXPECT_EQ(collective_kind_name(CollectiveKind::all_to_all), "all_to_all");
  expect_near_rel(collective_time_s(CollectiveKind::all_reduce, "halving_doubling", {8, 1e11, 0}, 1e9),
                  halving_doubling_all_reduce_s({8, 1e11, 0}, 1e9));
  std::string unknown = input_error_of([] { find_collective_algorithm(CollectiveKind::all_reduce, "butterfly"); });
  EXPECT_NE(unknown.find("unknown all_reduce algorithm 'butterfly'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("ring, double_binary_tree, halving_doubling"), std::string::npos) << unknown;
  EXPECT_NE(
      input_error_of([] { find_collective_algorithm(CollectiveKind::broadcast, "pairwise"); }).find("binomial_tree"),
      std::string::npos);
  EXPECT_NE(input_error_of([] { parse_collective_kind("allreduce"); }).find("all_reduce, reduce_scatter"),
            std::string::npos);
}

TEST(CollectiveCost, BusBandwidthOfARingIsTheLinkBandwidth) {
  double b = 300e9;
  expect_near_rel(bus_bandwidth_bytes_per_s(CollectiveKind::all_reduce, 8, kGiB, ring_all_reduce_s({8, b, 0}, kGiB)),
                  b);
  expect_near_rel(bus_bandwidth_bytes_per_s(CollectiveKind::all_gather, 8, kGiB, ring_all_gather_s({8, b, 0}, kGiB)),
                  b);
  expect_near_rel(bus_bandwidth_bytes_per_s(CollectiveKind::send, 2, kGiB, send_s({2, b, 0}, kGiB)), b);
}

TEST(CollectiveCost, RejectsImpossibleInputs) {
  EXPECT_NE(input_error_of([] {
              ring_all_reduce_s({0, 1e11, 0}, 1e9);
            }).find("at least 1 participant"),
            std::string::npos);
  EXPECT_NE(input_error_of([] { ring_all_reduce_s({4, 1e11, 0}, -1); }).find("bytes >= 0"), std::string::npos);
  EXPECT_NE(input_error_of([] { ring_all_reduce_s({4, 0, 0}, 1e9); }).find("bandwidth > 0"), std::string::npos);
  EXPECT_NE(input_error_of([] { ring_all_reduce_s({4, 1e11, -1e-6}, 1e9); }).find("latency >= 0"), std::string::npos);
}

NetworkTier tier(TopologyKind topology, std::vector<int> dims) { return {"t", topology, std::move(dims), 100e9, 1e-6}; }

TEST(CollectiveTierStages, SwitchedRingTorusAndMesh) {
  auto switched = tier_ring_stages(tier(TopologyKind::switched, {8}), 4);
  ASSERT_EQ(switched.size(), 1u);
  EXPECT_EQ(switched[0].participants, 4);
  EXPECT_DOUBLE_EQ(switched[0].bandwidth_bytes_per_s, 100e9);
  EXPECT_DOUBLE_EQ(tier_ring_stages(tier(TopologyKind::switched, {8}), 8, 8)[0].bandwidth_bytes_per_s, 12.5e9);

  // A bidirectional ring runs two counter-rotating rings: twice the link bandwidth, one hop per step.
  auto ring = tier_ring_stages(tier(TopologyKind::ring, {8}), 8);
  ASSERT_EQ(ring.size(), 1u);
  EXPECT_DOUBLE_EQ(ring[0].bandwidth_bytes_per_s, 200e9);
  EXPECT_DOUBLE_EQ(ring[0].latency_s, 1e-6);
  expect_near_rel(ring_all_reduce_s(ring[0], 1e9), 2.0 * 7 / 8 * 1e9 / 200e9 + 14e-6);

  auto torus = tier_ring_stages(tier(TopologyKind::torus3d, {4, 4, 8}), 128);
  ASSERT_EQ(torus.size(), 3u);
  EXPECT_EQ(torus[2].participants, 8);
  EXPECT_DOUBLE_EQ(torus[2].bandwidth_bytes_per_s, 200e9);

  // A mesh line embeds one ring using each link direction once, steps of 2 hops (1 hop for 2 members).
  auto mesh = tier_ring_stages(tier(TopologyKind::mesh2d, {4, 2}), 8);
  ASSERT_EQ(mesh.size(), 2u);
  EXPECT_DOUBLE_EQ(mesh[0].bandwidth_bytes_per_s, 100e9);
  EXPECT_DOUBLE_EQ(mesh[0].latency_s, 2e-6);
  EXPECT_DOUBLE_EQ(mesh[1].latency_s, 1e-6);
}

TEST(CollectiveTierStages, TorusAllReduceKeepsRingBandwidthWithFewerSteps) {
  // Reduce-scatter along x then y: (x-1)/x + (y-1)/(x y) = (p-1)/p, so the bandwidth term is the flat ring's at 2b.
  auto stages = tier_ring_stages(tier(TopologyKind::torus2d, {4, 8}), 32);
  expect_near_rel(hierarchical_all_reduce_s(stages, 1e9), 2.0 * 31 / 32 * 1e9 / 200e9 + 2 * (3 + 7) * 1e-6);
}

TEST(CollectiveTierStages, RejectsPartialNonSwitchedGroups) {
  EXPECT_NE(input_error_of([] {
              tier_ring_stages(tier(TopologyKind::torus2d, {4, 4}), 8);
            }).find("whole tier"),
            std::string::npos);
  EXPECT_NE(input_error_of([] { tier_ring_stages(tier(TopologyKind::switched, {8}), 9); }).find("1 to 8 participants"),
            std::string::npos);
}

TEST(CollectiveTierStages, DgxA100ClusterAllReduce) {
  // 4 DGX A100 nodes: the node's InfiniBand port (200 GB/s, 192 achieved by NCCL) is shared by its 8 GPUs' rings,
  // 24 GB/s each; NVSwitch achieves 230 of its 300 GB/s (data/systems/dgx_a100.yaml).
  ClusterSpec system = load_system("dgx_a100:nodes=4", std::string(TESSERA_SOURCE_DIR) + "/data");
  auto stages = network_ring_stages(system.network);
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_DOUBLE_EQ(stages[1].bandwidth_bytes_per_s, 24e9);
  double in_node_s = 7.0 / 8 * kGiB / 230.1e9 + 7 * 0.47e-6;
  double across_s = 2 * 3.0 / 4 * (kGiB / 8) / 24e9 + 2 * 3 * 2.7e-6;
  expect_near_rel(hierarchical_all_reduce_s(stages, kGiB), 2 * in_node_s + across_s);
}

TEST(CollectiveTierStages, Tx8WaferStages) {
  ClusterSpec wafer = load_system("tx8_wafer", std::string(TESSERA_SOURCE_DIR) + "/data");
  auto stages = network_ring_stages(wafer.network);
  ASSERT_EQ(stages.size(), 4u);
  EXPECT_DOUBLE_EQ(stages[0].bandwidth_bytes_per_s, 1.024e12);
  EXPECT_DOUBLE_EQ(stages[2].bandwidth_bytes_per_s, 2.56e11 / 16);  // 16 tiles share a die's d2d links
  EXPECT_EQ(stages[2].participants * stages[3].participants, 20);
}

}  // namespace
}  // namespace tessera
