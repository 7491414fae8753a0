// Simulated collectives, building the transfer DAG included (items_per_second = collectives/s; events_per_s counts
// the engine's events):
//   BM_RingAllReduce64: a one-way ring all-reduce of 1 GiB over the 64 members of a ring tier (126 steps of 16 MiB).
//   BM_HierarchicalAllReduceDgx16: 1 GiB over dgx_a100:nodes=16 (128 GPUs): ring reduce-scatter in each node, ring
//     all-reduce across the 16 nodes per GPU index, all-gather in each node.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "tessera/hardware/system_presets.h"
#include "tessera/sim/collective_schedule.h"
#include "tessera/sim/topology.h"

namespace {

constexpr int64_t kGiB = int64_t{1} << 30;

std::vector<int64_t> endpoints(int64_t count) {
  std::vector<int64_t> out(static_cast<size_t>(count));
  std::iota(out.begin(), out.end(), 0);
  return out;
}

template <typename AddCollective>
void run_collective(benchmark::State& state, const tessera::Topology& topology, AddCollective add) {
  uint64_t events = 0;
  double simulated_s = 0;
  for (auto _ : state) {
    tessera::NetworkSim sim(topology);
    tessera::TaskId done = add(sim);
    sim.run();
    simulated_s = sim.finish_time_s(done);
    events += sim.tasks().engine().events_processed();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["simulated_ms"] = simulated_s * 1e3;
}

void BM_RingAllReduce64(benchmark::State& state) {
  auto ring = tessera::make_topology({{tessera::NetworkTier{"ici", tessera::TopologyKind::ring, {64}, 50e9, 1e-6}}});
  std::vector<int64_t> ranks = endpoints(64);
  run_collective(state, *ring,
                 [&](tessera::NetworkSim& sim) { return tessera::add_ring_all_reduce(sim, ranks, kGiB); });
}

void BM_HierarchicalAllReduceDgx16(benchmark::State& state) {
  tessera::ClusterSpec system = tessera::load_system("dgx_a100:nodes=16", std::string(TESSERA_SOURCE_DIR) + "/data");
  auto topology = tessera::make_topology(system.network);
  std::vector<int64_t> ranks = endpoints(system.endpoints());
  run_collective(state, *topology,
                 [&](tessera::NetworkSim& sim) { return tessera::add_hierarchical_all_reduce(sim, ranks, 8, kGiB); });
}

BENCHMARK(BM_RingAllReduce64)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HierarchicalAllReduceDgx16)->Unit(benchmark::kMillisecond);

}  // namespace
