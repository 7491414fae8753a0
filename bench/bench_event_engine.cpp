// Events per second of the discrete-event engine (items_per_second = events/s):
//   BM_EngineEvents: the bare engine, 64 processes each rescheduling itself (a handler and a payload per event).
//   BM_TaskGraphDag: a DAG of 1M tasks on 64 resources (each task waits for two of the previous layer and queues on a
//     pseudo-random resource); the graph is built outside the timed region. _BuildAndRun times the building too.
//   BM_NetworkAllToAll: an all-to-all of 1 MiB messages on an 8x8 torus, default chunking (16 chunks per message).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "tessera/sim/event_engine.h"
#include "tessera/sim/network_sim.h"
#include "tessera/sim/topology.h"

namespace {

constexpr int kResources = 64;
constexpr int kTasks = 1 << 20;

void BM_EngineEvents(benchmark::State& state) {
  constexpr uint64_t kEvents = 1 << 20;
  uint64_t events = 0;
  for (auto _ : state) {
    tessera::EventEngine engine;
    uint64_t remaining = kEvents;
    tessera::EventEngine::HandlerId tick = 0;
    tick = engine.add_handler([&](uint64_t process) {
      if (remaining == 0) return;
      --remaining;
      // A pseudo-random delay of 1..8 us keeps the 64 processes out of lockstep.
      engine.schedule(engine.now_s() + 1e-6 * static_cast<double>(1 + (process * 2654435761u + remaining) % 8), tick,
                      process);
    });
    for (uint64_t p = 0; p < 64; ++p) engine.schedule(0.0, tick, p);
    engine.run();
    events += engine.events_processed();
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
}

std::unique_ptr<tessera::TaskGraph> build_dag() {
  auto graph = std::make_unique<tessera::TaskGraph>();
  for (int r = 0; r < kResources; ++r) graph->add_resource(fmt::format("unit {}", r));
  graph->reserve(kTasks, 2 * kTasks);
  for (int t = 0; t < kTasks; ++t) {
    auto hash = static_cast<uint32_t>(t) * 2654435761u;
    tessera::TaskSpec spec{static_cast<tessera::ResourceId>(hash % kResources), 1e-6 * (1 + (hash >> 8) % 4)};
    if (t < kResources) {
      graph->add_task(spec);
    } else {
      int layer_start = t - t % kResources;
      graph->add_task(spec, {t - kResources, layer_start - kResources + (t + 1) % kResources});
    }
  }
  return graph;
}

void BM_TaskGraphDag(benchmark::State& state) {
  uint64_t events = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto graph = build_dag();
    state.ResumeTiming();
    graph->run();
    events += graph->engine().events_processed();
    benchmark::DoNotOptimize(graph->makespan_s());
    state.PauseTiming();
    graph.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
}

void BM_TaskGraphDag_BuildAndRun(benchmark::State& state) {
  uint64_t events = 0;
  for (auto _ : state) {
    auto graph = build_dag();
    graph->run();
    events += graph->engine().events_processed();
    benchmark::DoNotOptimize(graph->makespan_s());
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
}

void BM_NetworkAllToAll(benchmark::State& state) {
  auto torus = tessera::make_topology(
      {{tessera::NetworkTier{"ici", tessera::TopologyKind::torus2d, {8, 8}, 50e9, 1e-6}}});
  uint64_t events = 0;
  for (auto _ : state) {
    tessera::NetworkSim sim(*torus);
    for (int src = 0; src < 64; ++src) {
      for (int dst = 0; dst < 64; ++dst) {
        if (src != dst) sim.add_transfer(src, dst, 1 << 20);
      }
    }
    sim.run();
    events += sim.tasks().engine().events_processed();
    benchmark::DoNotOptimize(sim.makespan_s());
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
}

BENCHMARK(BM_EngineEvents)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TaskGraphDag)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TaskGraphDag_BuildAndRun)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NetworkAllToAll)->Unit(benchmark::kMillisecond);

}  // namespace
