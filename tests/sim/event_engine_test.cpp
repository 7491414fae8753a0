// The event engine's ordering and the TaskGraph's schedules against hand-derived timelines.
#include "tessera/sim/event_engine.h"
#include "tessera/sim/task_graph.h"

#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/input_error.h"

namespace tessera {
namespace {

using testing::input_error_of;

TEST(EventEngine, RunsEventsInTimeOrder) {
  EventEngine engine;
  std::vector<int> order;
  engine.schedule(3.0, [&] { order.push_back(3); });
  engine.schedule(1.0, [&] { order.push_back(1); });
  engine.schedule(2.0, [&] { order.push_back(2); });
  engine.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(engine.now_s(), 3.0);
  EXPECT_EQ(engine.events_processed(), 3u);
}

TEST(EventEngine, EqualTimesRunInInsertionOrder) {
  EventEngine engine;
  std::vector<uint64_t> order;
  auto record = engine.add_handler([&](uint64_t payload) { order.push_back(payload); });
  // Interleaved with later events so that the heap has to reorder them.
  for (uint64_t i = 0; i < 100; ++i) {
    engine.schedule(2.0, record, 1000 + i);
    engine.schedule(1.0, record, i);
  }
  // An event scheduled during an instant for that same instant runs after those already queued for it.
  engine.schedule(0.5, [&] { engine.schedule(1.0, record, 999); });
  engine.run();
  ASSERT_EQ(order.size(), 201u);
  for (uint64_t i = 0; i < 100; ++i) {
    EXPECT_EQ(order[i], i);
    EXPECT_EQ(order[101 + i], 1000 + i);
  }
  EXPECT_EQ(order[100], 999u);
}

TEST(EventEngine, InstantEndHookRunsOnceEveryEventOfAnInstantHasRun) {
  EventEngine engine;
  std::vector<double> hook_times;
  int events_at_one = 0;
  for (int i = 0; i < 3; ++i) engine.schedule(1.0, [&] { ++events_at_one; });
  engine.schedule(2.0, [] {});
  engine.add_instant_end_hook([&] {
    hook_times.push_back(engine.now_s());
    EXPECT_TRUE(engine.now_s() != 1.0 || events_at_one == 3);
  });
  engine.run();
  EXPECT_EQ(hook_times, (std::vector<double>{1.0, 2.0}));
}

TEST(EventEngine, SchedulingInThePastIsAnError) {
  EventEngine engine;
  engine.schedule(1.0, [&] { EXPECT_THROW(engine.schedule(0.5, [] {}), std::logic_error); });
  engine.run();
  EXPECT_THROW(engine.schedule(std::numeric_limits<double>::quiet_NaN(), [] {}), std::logic_error);
}

// A (2 s on r0) -> B (3 s on r1), C (4 s on r1) -> D (1 s on r0). B and C become ready together at 2 s and share r1:
// B (lower id) runs 2-5, C 5-9, D 9-10.
TEST(EngineTaskGraph, DiamondOnSharedResourceFinishesAtHandDerivedTime) {
  TaskGraph graph;
  ResourceId r0 = graph.add_resource("r0");
  ResourceId r1 = graph.add_resource("r1");
  TaskId a = graph.add_task({r0, 2.0});
  TaskId b = graph.add_task({r1, 3.0}, {a});
  TaskId c = graph.add_task({r1, 4.0}, {a});
  TaskId d = graph.add_task({r0, 1.0}, {b, c});
  graph.run();
  EXPECT_DOUBLE_EQ(graph.start_s(b), 2.0);
  EXPECT_DOUBLE_EQ(graph.end_s(b), 5.0);
  EXPECT_DOUBLE_EQ(graph.start_s(c), 5.0);
  EXPECT_DOUBLE_EQ(graph.end_s(c), 9.0);
  EXPECT_DOUBLE_EQ(graph.start_s(d), 9.0);
  EXPECT_DOUBLE_EQ(graph.makespan_s(), 10.0);
  EXPECT_DOUBLE_EQ(graph.busy_s(r0), 3.0);
  EXPECT_DOUBLE_EQ(graph.busy_s(r1), 7.0);
}

// The same diamond with two servers on r1: B 2-5 and C 2-6 in parallel, D 6-7.
TEST(EngineTaskGraph, ResourceWithTwoServersRunsTwoTasksAtOnce) {
  TaskGraph graph;
  ResourceId r0 = graph.add_resource("r0");
  ResourceId r1 = graph.add_resource("r1", 2);
  TaskId a = graph.add_task({r0, 2.0});
  TaskId b = graph.add_task({r1, 3.0}, {a});
  TaskId c = graph.add_task({r1, 4.0}, {a});
  TaskId d = graph.add_task({r0, 1.0}, {b, c});
  graph.run();
  EXPECT_DOUBLE_EQ(graph.start_s(c), 2.0);
  EXPECT_DOUBLE_EQ(graph.start_s(d), 6.0);
  EXPECT_DOUBLE_EQ(graph.makespan_s(), 7.0);
}

// FIFO by ready time, ties by task id: t2 and t3 are ready at 0 (t2 first), t1 only at 1 after the 1 s delay t0, so
// t3 (ready earlier) goes before t1 although its id is higher.
TEST(EngineTaskGraph, ResourceServesFirstComeFirstServedWithTiesByTaskId) {
  TaskGraph graph;
  ResourceId r = graph.add_resource("r");
  TaskId t0 = graph.add_task({kNoResource, 1.0});
  TaskId t1 = graph.add_task({r, 1.0}, {t0});
  TaskId t2 = graph.add_task({r, 5.0});
  TaskId t3 = graph.add_task({r, 1.0});
  graph.run();
  EXPECT_DOUBLE_EQ(graph.start_s(t2), 0.0);
  EXPECT_DOUBLE_EQ(graph.start_s(t3), 5.0);
  EXPECT_DOUBLE_EQ(graph.start_s(t1), 6.0);
  std::vector<TraceRecord> trace = graph.trace();
  ASSERT_EQ(trace.size(), 3u);
  EXPECT_EQ(trace[0].task, t2);
  EXPECT_EQ(trace[1].task, t3);
  EXPECT_EQ(trace[2].task, t1);
  EXPECT_EQ(trace[2].resource, r);
  EXPECT_DOUBLE_EQ(trace[2].end_s, 7.0);
}

// A delay holds nothing: `flight` waits 0.5 s after `first` ends before it queues on r, while `next_on_r` takes r at
// 1 s; flight then waits for it (1.5 -> 2), ends at 3. A delayed task without a resource starts at end + delay.
TEST(EngineTaskGraph, DelayHoldsNothingBeforeTheTaskQueues) {
  TaskGraph graph;
  ResourceId r = graph.add_resource("r");
  LabelId label = graph.add_label("wire");
  TaskId first = graph.add_task({r, 1.0});
  TaskId flight = graph.add_task({r, 1.0, 0.5, label}, {first});
  TaskId next_on_r = graph.add_task({r, 1.0});
  TaskId pure_delay = graph.add_task({kNoResource, 0.25, 0.5}, {first});
  graph.run();
  EXPECT_DOUBLE_EQ(graph.start_s(next_on_r), 1.0);
  EXPECT_DOUBLE_EQ(graph.start_s(flight), 2.0);
  EXPECT_DOUBLE_EQ(graph.end_s(flight), 3.0);
  EXPECT_DOUBLE_EQ(graph.start_s(pure_delay), 1.5);
  EXPECT_DOUBLE_EQ(graph.end_s(pure_delay), 1.75);
  EXPECT_DOUBLE_EQ(graph.makespan_s(), 3.0);
  EXPECT_EQ(graph.label(graph.task(flight).label), "wire");
}

TEST(EngineTaskGraph, SameGraphGivesTheSameSchedule) {
  auto build_and_run = [] {
    auto graph = std::make_unique<TaskGraph>();
    for (int r = 0; r < 3; ++r) graph->add_resource(std::to_string(r));
    for (int t = 0; t < 200; ++t) {
      std::vector<TaskId> deps;
      if (t >= 7) deps = {t - 7, t - 3};
      graph->add_task({t % 3, 0.5 + (t * 37 % 11) * 0.25}, deps);
    }
    graph->run();
    return graph;
  };
  auto first = build_and_run();
  auto second = build_and_run();
  for (TaskId t = 0; t < 200; ++t) EXPECT_EQ(first->start_s(t), second->start_s(t));
}

TEST(EngineTaskGraph, BadTasksAreInputErrors) {
  TaskGraph graph;
  ResourceId r = graph.add_resource("r");
  EXPECT_NE(input_error_of([&] { graph.add_task({r, -1.0}); }).find("duration_s = -1"), std::string::npos);
  EXPECT_NE(input_error_of([&] { graph.add_task({r, 1.0, -2.0}); }).find("delay_s = -2"), std::string::npos);
  EXPECT_NE(input_error_of([&] { graph.add_task({7, 1.0}); }).find("resource 7"), std::string::npos);
  EXPECT_NE(input_error_of([&] { graph.add_task({r, 1.0}, {0}); }).find("dependency 0"), std::string::npos);
  EXPECT_NE(input_error_of([&] { graph.add_resource("dram", 0); }).find("servers = 0"), std::string::npos);
}

}  // namespace
}  // namespace tessera
