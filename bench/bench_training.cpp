// Speed of a whole simulated training iteration (costing the layer shards, building and running the event-driven
// pipeline with every micro-batch and transfer): the PALM wafer scenario and Megatron-LM's 1T row (3072 A100s).
#include <benchmark/benchmark.h>

#include "tessera/core/registry.h"
#include "tessera/hardware/system_presets.h"
#include "tessera/models/transformer_lookup.h"
#include "tessera/sim/training_sim.h"

namespace {

void BM_Training(benchmark::State& state, const std::string& model, const std::string& system,
                 const std::string& parallel, int64_t batch, bool oversubscribe) {
  std::string data = std::string(TESSERA_SOURCE_DIR) + "/data";
  tessera::TrainingRequest request;
  request.model = tessera::find_transformer(model);
  request.seq = 2048;
  request.plan = tessera::parse_parallel_plan(parallel, batch);
  request.system = tessera::load_system(system, data);
  auto cost = tessera::Registry<tessera::CostModel>::instance().create(
      request.system.device.cost_model.empty() ? "analytic" : request.system.device.cost_model, "cost model");
  request.cost_model = cost.get();
  request.allow_oversubscribe = oversubscribe;
  int64_t tasks = 0;
  for (auto _ : state) {
    tessera::TrainingResult result = tessera::simulate_training(request);
    tasks = result.tasks;
    benchmark::DoNotOptimize(result.iteration_s);
  }
  state.counters["tasks"] = static_cast<double>(tasks);
}

// PALM (Fang et al. 2024): 40 layers, hidden 6144, 48 heads, seq 2048; 20 stages of 16 tensor-parallel tiles; 1F1B;
// 21 micro-batches (of 49 samples: 1029 ~ the paper's batch of 1024).
BENCHMARK_CAPTURE(BM_Training, palm_wafer, std::string("gpt:hidden=6144,heads=48,layers=40"), std::string("tx8_wafer"),
                  std::string("dp=1,tp=16,pp=20,mbs=49,micro=21,recompute=full"), 0, true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Training, megatron_1t_3072_a100,
                  std::string("gpt:hidden=25600,heads=160,layers=128,attention=materialized,dropout=1"),
                  std::string("dgx_a100:nodes=384"), std::string("dp=6,tp=8,pp=64,mbs=1,recompute=full"), 3072, false)
    ->Unit(benchmark::kMillisecond);

}  // namespace
