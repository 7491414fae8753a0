// Transfer times against hand derivations. Bandwidths are powers of two bytes/s and latencies powers of two seconds so
// that every simulated time is exact in binary and equal-time events really tie.
//
// One transfer of B bytes over h links of bandwidth b, chunk c, latency L per hop: the source injects chunk k over
// [k c/b, (k+1) c/b]; chunk k leaves link j at (k + j) c/b + (j - 1) L (links 1..h, pipelined), so the last chunk
// (k = B/c - 1) arrives after the last link's latency at  B/b + (h - 1) c/b + h L.
#include "tessera/sim/network_sim.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/input_error.h"

namespace tessera {
namespace {

using testing::input_error_of;

constexpr double kBandwidth = 1073741824.0;  // 1 GiB/s
constexpr double kLatency = 1.0 / (1 << 20);  // ~0.95 us
constexpr int64_t kChunk = int64_t{1} << 20;
constexpr double kChunkTime = kChunk / kBandwidth;  // 1/1024 s

NetworkSimOptions fixed_chunks() { return NetworkSimOptions{kChunk, 1}; }

std::unique_ptr<Topology> ring8() {
  return make_topology({{NetworkTier{"ici", TopologyKind::ring, {8}, kBandwidth, kLatency}}});
}

TEST(NetworkSim, OneTransferPipelinesChunksOverHops) {
  auto ring = ring8();
  NetworkSim sim(*ring, fixed_chunks());
  int64_t bytes = 8 * kChunk;
  TaskId transfer = sim.add_transfer(0, 3, bytes);  // 3 hops
  sim.run();
  double expected_s = bytes / kBandwidth + 2 * kChunkTime + 3 * kLatency;
  EXPECT_NEAR(sim.finish_time_s(transfer), expected_s, 1e-12 * expected_s);
}

// 2.5 chunks over 2 hops: link 1 carries chunks over [0,1], [1,2], [2,2.5] (in c/b); link 2 starts each one L after it
// left link 1 or when the previous one is done: [1,2], [2,3], [3,3.5] (+L); the last arrives at 3.5 c/b + 2 L, which
// is the same formula B/b + (h - 1) c/b + h L.
TEST(NetworkSim, LastChunkIsSmaller) {
  auto ring = ring8();
  NetworkSim sim(*ring, fixed_chunks());
  TaskId transfer = sim.add_transfer(0, 2, 5 * kChunk / 2);
  sim.run();
  EXPECT_NEAR(sim.finish_time_s(transfer), 3.5 * kChunkTime + 2 * kLatency, 1e-15);
}

// Two transfers of n chunks over one link alternate chunks: the first ends after 2n - 1 chunk times, the second after
// 2n, twice a lone transfer's n.
TEST(NetworkSim, TwoTransfersSharingALinkTakeTwiceAsLong) {
  auto ring = ring8();
  int64_t bytes = 8 * kChunk;
  NetworkSim alone(*ring, fixed_chunks());
  TaskId lone = alone.add_transfer(0, 1, bytes);
  alone.run();
  NetworkSim shared(*ring, fixed_chunks());
  TaskId first = shared.add_transfer(0, 1, bytes);
  TaskId second = shared.add_transfer(0, 1, bytes);
  shared.run();
  EXPECT_NEAR(alone.finish_time_s(lone), 8 * kChunkTime + kLatency, 1e-15);
  EXPECT_NEAR(shared.finish_time_s(first), 15 * kChunkTime + kLatency, 1e-15);
  EXPECT_NEAR(shared.finish_time_s(second), 16 * kChunkTime + kLatency, 1e-15);
  std::vector<TraceRecord> trace = shared.trace();
  ASSERT_EQ(trace.size(), 16u);  // alternating transfers: nothing to merge
  EXPECT_NE(trace[0].label, trace[1].label);
}

// Incast on a switch: 0->2 and 1->2 have their own uplinks but share 2's downlink, which alternates their chunks from
// c/b + L/2 on: 2n chunks back to back, the second transfer's last one arriving at (2n + 1) c/b + L.
TEST(NetworkSim, IncastSharesTheReceiversDownlink) {
  auto nvswitch = make_topology({{NetworkTier{"nvlink", TopologyKind::switched, {4}, kBandwidth, kLatency}}});
  NetworkSim sim(*nvswitch, fixed_chunks());
  int64_t bytes = 4 * kChunk;
  TaskId first = sim.add_transfer(0, 2, bytes);
  TaskId second = sim.add_transfer(1, 2, bytes);
  sim.run();
  EXPECT_NEAR(sim.finish_time_s(first), 8 * kChunkTime + kLatency, 1e-15);
  EXPECT_NEAR(sim.finish_time_s(second), 9 * kChunkTime + kLatency, 1e-15);
  LinkId downlink = nvswitch->route(0, 2).back();
  EXPECT_NEAR(sim.link_busy_s(downlink), 8 * kChunkTime, 1e-15);
}

// A chain: transfer, transfer after it, a 1 ms compute task after that, a transfer after the task.
TEST(NetworkSim, TransfersAndTasksDependOnEachOther) {
  auto ring = ring8();
  NetworkSim sim(*ring, fixed_chunks());
  int64_t bytes = 4 * kChunk;
  double hop_s = 4 * kChunkTime + kLatency;
  TaskId first = sim.add_transfer(0, 1, bytes);
  TaskId second = sim.add_transfer(1, 2, bytes, {first});
  ResourceId gpu = sim.tasks().add_resource("gpu 2");
  TaskId compute = sim.tasks().add_task({gpu, 1e-3}, {second});
  TaskId third = sim.add_transfer(2, 3, bytes, {compute}, "activations");
  TaskId both = sim.add_transfer(3, 3, bytes, {first, third});
  sim.run();
  EXPECT_NEAR(sim.finish_time_s(second), 2 * hop_s, 1e-15);
  EXPECT_NEAR(sim.finish_time_s(compute), 2 * hop_s + 1e-3, 1e-15);
  EXPECT_NEAR(sim.finish_time_s(third), 3 * hop_s + 1e-3, 1e-15);
  EXPECT_EQ(sim.finish_time_s(both), sim.finish_time_s(third));  // to itself: done with its dependencies
  EXPECT_NEAR(sim.makespan_s(), 3 * hop_s + 1e-3, 1e-15);
}

TEST(NetworkSim, ZeroBytesPayOnlyTheLatency) {
  auto ring = ring8();
  NetworkSim sim(*ring);
  TaskId empty = sim.add_transfer(0, 3, 0);
  sim.run();
  EXPECT_NEAR(sim.finish_time_s(empty), 3 * kLatency, 1e-15);
}

// Defaults: at least 16 chunks, at most 1 MiB each. 1 MiB over 3 hops: B/b + 2 (B/16)/b + 3 L.
TEST(NetworkSim, DefaultChunksAreASixteenthCappedAtOneMebibyte) {
  auto ring = ring8();
  NetworkSim sim(*ring);
  EXPECT_EQ(sim.chunk_bytes(kChunk), kChunk / 16);
  EXPECT_EQ(sim.chunk_bytes(64 * kChunk), kChunk);
  EXPECT_EQ(sim.chunk_bytes(10), 1);
  TaskId transfer = sim.add_transfer(0, 3, kChunk);
  sim.run();
  EXPECT_NEAR(sim.finish_time_s(transfer), kChunkTime + 2 * kChunkTime / 16 + 3 * kLatency, 1e-15);
}

TEST(NetworkSim, LinkBusyTimeAndMergedTrace) {
  auto ring = ring8();
  NetworkSim sim(*ring, fixed_chunks());
  int64_t bytes = 4 * kChunk;
  sim.add_transfer(0, 2, bytes, {}, "weights");
  sim.run();
  std::vector<LinkId> route = ring->route(0, 2);
  EXPECT_NEAR(sim.link_busy_s(route[0]), 4 * kChunkTime, 1e-15);
  EXPECT_NEAR(sim.link_busy_s(route[1]), 4 * kChunkTime, 1e-15);
  EXPECT_EQ(sim.link_busy_s(ring->route(5, 6)[0]), 0.0);
  std::vector<TraceRecord> trace = sim.trace();  // back-to-back chunks merge into one record per link
  ASSERT_EQ(trace.size(), 2u);
  EXPECT_EQ(trace[0].resource, route[0]);
  EXPECT_EQ(sim.tasks().resource_name(trace[0].resource), "ici (0)->(1)");
  EXPECT_EQ(sim.tasks().label(trace[0].label), "weights");
  EXPECT_NEAR(trace[0].end_s, 4 * kChunkTime, 1e-15);
  EXPECT_NEAR(trace[1].start_s, kChunkTime + kLatency, 1e-15);
  EXPECT_NEAR(trace[1].end_s, 5 * kChunkTime + kLatency, 1e-15);
}

// Across a die boundary then on-die: the slow d2d link paces the chunks, the fast NoC link adds one chunk of its time:
// B/b_d2d + L_d2d + c/b_noc + L_noc.
TEST(NetworkSim, WaferRouteMixesTierFigures) {
  double noc_latency = kLatency / 4;
  auto wafer = make_topology({{NetworkTier{"noc", TopologyKind::mesh2d, {4, 4}, 4 * kBandwidth, noc_latency},
                               NetworkTier{"d2d", TopologyKind::mesh2d, {5, 4}, kBandwidth, kLatency}}});
  NetworkSim sim(*wafer, fixed_chunks());
  TaskId transfer = sim.add_transfer(3, 17, 8 * kChunk);  // tile (0,3) -> (0,4) [d2d] -> (0,5) [noc]
  sim.run();
  EXPECT_NEAR(sim.finish_time_s(transfer), 8 * kChunkTime + kLatency + kChunkTime / 4 + noc_latency, 1e-15);
}

// All-to-all among 4 switch members: every uplink and downlink carries 3 B, so no schedule beats 3 B/b + c/b + L (the
// last chunk still has to go down), and a link never idles for long while it has chunks coming.
TEST(NetworkSim, AllToAllIsBoundByPortBandwidth) {
  auto nvswitch = make_topology({{NetworkTier{"nvlink", TopologyKind::switched, {4}, kBandwidth, kLatency}}});
  NetworkSim sim(*nvswitch, fixed_chunks());
  int64_t bytes = 8 * kChunk;
  for (int src = 0; src < 4; ++src) {
    for (int dst = 0; dst < 4; ++dst) {
      if (src != dst) sim.add_transfer(src, dst, bytes);
    }
  }
  sim.run();
  double bound_s = 3 * bytes / kBandwidth + kChunkTime + kLatency;
  EXPECT_GE(sim.makespan_s(), bound_s - 1e-15);
  EXPECT_LE(sim.makespan_s(), bound_s + 3 * kChunkTime);
  for (LinkId l = 0; l < nvswitch->links(); ++l) EXPECT_NEAR(sim.link_busy_s(l), 3 * bytes / kBandwidth, 1e-12);
}

TEST(NetworkSim, SameTransfersGiveTheSameTrace) {
  auto torus = make_topology({{NetworkTier{"ici", TopologyKind::torus2d, {4, 4}, kBandwidth, kLatency}}});
  auto run = [&] {
    auto sim = std::make_unique<NetworkSim>(*torus);
    for (int i = 0; i < 16; ++i) sim->add_transfer(i, (i * 7 + 3) % 16, (i + 1) * 100000);
    sim->run();
    return sim->trace();
  };
  std::vector<TraceRecord> first = run();
  std::vector<TraceRecord> second = run();
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].task, second[i].task);
    EXPECT_EQ(first[i].start_s, second[i].start_s);
  }
}

TEST(NetworkSim, BadTransfersAreInputErrors) {
  auto ring = ring8();
  NetworkSim sim(*ring);
  EXPECT_NE(input_error_of([&] { sim.add_transfer(0, 1, -5); }).find("bytes = -5"), std::string::npos);
  EXPECT_NE(input_error_of([&] { sim.add_transfer(0, 9, 5); }).find("endpoint 9 is out of range"), std::string::npos);
  EXPECT_NE(input_error_of([&] { NetworkSim(*ring, NetworkSimOptions{0, 1}); }).find("chunk_bytes = 0"),
            std::string::npos);
}

}  // namespace
}  // namespace tessera
