// The Chrome trace writer: parsed back, every event where the Trace Event Format expects it.
#include "tessera/report/chrome_trace.h"

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "support/input_error.h"
#include "tessera/sim/collective_schedule.h"
#include "tessera/sim/topology.h"

namespace tessera {
namespace {

using testing::input_error_of;

TraceTimeline two_tracks() {
  TraceTimeline timeline;
  timeline.process_name = "dgx";
  timeline.tracks = {"gpu 0", "nvlink up 0"};
  timeline.spans.push_back(TraceSpan{0, "matmul", 0.5e-3, 1.5e-3, "compute", {{"flops", "2e12"}}});
  timeline.spans.push_back(TraceSpan{1, "all_reduce 0->1", 2e-6, 2.5e-6, {}, {}});
  return timeline;
}

TEST(ChromeTrace, WritesCompleteEventsAndTrackNames) {
  nlohmann::json doc = nlohmann::json::parse(chrome_trace_json(two_tracks()));
  EXPECT_EQ(doc["displayTimeUnit"], "ns");
  const auto& events = doc["traceEvents"];
  // process name, then per track its name and sort index, then the spans.
  ASSERT_EQ(events.size(), 1u + 2 * 2 + 2);
  EXPECT_EQ(events[0]["ph"], "M");
  EXPECT_EQ(events[0]["name"], "process_name");
  EXPECT_EQ(events[0]["args"]["name"], "dgx");
  EXPECT_EQ(events[1]["name"], "thread_name");
  EXPECT_EQ(events[1]["args"]["name"], "gpu 0");
  EXPECT_EQ(events[1]["tid"], 1);
  EXPECT_EQ(events[2]["name"], "thread_sort_index");
  EXPECT_EQ(events[2]["args"]["sort_index"], 0);
  EXPECT_EQ(events[3]["args"]["name"], "nvlink up 0");
  EXPECT_EQ(events[3]["tid"], 2);

  const auto& matmul = events[5];
  EXPECT_EQ(matmul["ph"], "X");
  EXPECT_EQ(matmul["name"], "matmul");
  EXPECT_EQ(matmul["cat"], "compute");
  EXPECT_EQ(matmul["tid"], 1);
  EXPECT_EQ(matmul["pid"], 1);
  EXPECT_DOUBLE_EQ(matmul["ts"].get<double>(), 500.0);  // microseconds
  EXPECT_DOUBLE_EQ(matmul["dur"].get<double>(), 1000.0);
  EXPECT_EQ(matmul["args"]["flops"], "2e12");
  const auto& transfer = events[6];
  EXPECT_EQ(transfer["tid"], 2);
  EXPECT_DOUBLE_EQ(transfer["ts"].get<double>(), 2.0);
  EXPECT_NEAR(transfer["dur"].get<double>(), 0.5, 1e-12);
  EXPECT_FALSE(transfer.contains("cat"));
  EXPECT_FALSE(transfer.contains("args"));
}

TEST(ChromeTrace, SameTimelineGivesIdenticalBytes) {
  EXPECT_EQ(chrome_trace_json(two_tracks()), chrome_trace_json(two_tracks()));
}

TEST(ChromeTrace, BadSpansAreInputErrors) {
  TraceTimeline timeline = two_tracks();
  timeline.spans[1].track = 2;
  EXPECT_EQ(input_error_of([&] { chrome_trace_json(timeline); }),
            "trace span 'all_reduce 0->1': track 2 does not exist (2 tracks)");
  timeline = two_tracks();
  timeline.spans[0].end_s = 0;
  EXPECT_EQ(input_error_of([&] { chrome_trace_json(timeline); }),
            "trace span 'matmul': expected finite times with end >= start, got 0.0005 s to 0 s");
}

// A ring all-reduce of 4 ranks on a 4-ring: 6 steps, each link carrying one transfer per step (its chunks merged),
// so 4 tracks (the "+" links) of 6 spans each.
TEST(ChromeTrace, NetworkTimelineOfARingAllReduce) {
  auto ring = make_topology({{NetworkTier{"ici", TopologyKind::ring, {4}, 1e9, 1e-6}}});
  NetworkSim sim(*ring);
  add_ring_all_reduce(sim, std::vector<int64_t>{0, 1, 2, 3}, 4 << 20);
  sim.run();
  TraceTimeline timeline = network_timeline(sim);
  ASSERT_EQ(timeline.tracks.size(), 4u);
  EXPECT_EQ(timeline.spans.size(), 24u);
  EXPECT_EQ(timeline.tracks[0], ring->link_name(ring->route(0, 1)[0]));
  EXPECT_EQ(timeline.spans[0].name, "ring_all_reduce 0->1");
  nlohmann::json doc = nlohmann::json::parse(chrome_trace_json(timeline));
  EXPECT_EQ(doc["traceEvents"].size(), 1u + 2 * 4 + 24);
}

}  // namespace
}  // namespace tessera
