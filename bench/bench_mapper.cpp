// Whole-model evaluation with the "analytic" cost model (the mapper on every contraction): build the graph, run the
// fusion pass and cost every op. The mapper cache persists across iterations, as across the design points of a
// search (the _cached runs); _cold runs clear it first. BM_MapOnce times one uncached mapping search (a GEMM whose K changes every iteration).
#include <benchmark/benchmark.h>

#include "tessera/core/registry.h"
#include "tessera/cost/analytic_cost.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/models/model.h"
#include "tessera/passes/pass.h"

namespace {

void BM_AnalyticModel(benchmark::State& state, const std::string& model_name, const std::string& hardware,
                      int64_t seq, bool cold) {
  tessera::DeviceSpec device = tessera::load_hardware(hardware, std::string(TESSERA_SOURCE_DIR) + "/data").devices[0];
  auto model = tessera::Registry<tessera::CostModel>::instance().create("analytic", "cost model");
  tessera::ModelConfig config;
  config.seq = seq;
  config.dtype = hardware.rfind("tpu", 0) == 0 ? tessera::DType::bf16 : tessera::DType::fp16;
  for (auto _ : state) {
    if (cold) tessera::clear_mapping_cache();
    std::vector<tessera::PassReport> reports;
    tessera::Graph graph = tessera::run_passes(tessera::build_model(model_name, config), "fusion", device, reports);
    tessera::GraphCost cost = tessera::evaluate_graph(graph, device, *model);
    benchmark::DoNotOptimize(cost.latency_s);
  }
}

// One uncached mapping search per iteration: a GEMM whose K changes every iteration, on the A100's hierarchy.
void BM_MapOnce(benchmark::State& state) {
  tessera::DeviceSpec device =
      tessera::load_hardware("a100_80gb", std::string(TESSERA_SOURCE_DIR) + "/data").devices[0];
  tessera::MapperArch arch = tessera::device_mapper_arch(device, tessera::DType::fp16);
  tessera::MapperProblem problem;
  problem.dims = {4096, 4096, 1024};
  problem.operands = {{{{{0, 1}}, {{2, 1}}}, {4096, 1024}, 2, false},
                      {{{{2, 1}}, {{1, 1}}}, {1024, 4096}, 2, false},
                      {{{{0, 1}}, {{1, 1}}}, {4096, 4096}, 2, true}};
  int64_t k = 1024;
  for (auto _ : state) {
    problem.dims[2] = ++k;
    problem.operands[0].extents[1] = problem.operands[1].extents[0] = k;
    problem.macs = 4096LL * 4096 * k;
    benchmark::DoNotOptimize(tessera::map_loop_nest(problem, arch).latency_s);
  }
}

BENCHMARK_CAPTURE(BM_AnalyticModel, bert_large_s384_a100_cold, std::string("bert_large"), std::string("a100_80gb"),
                  384, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AnalyticModel, resnet50_tpu_v3_cold, std::string("resnet50"), std::string("tpu_v3"), 0, true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AnalyticModel, bert_large_s384_a100_cached, std::string("bert_large"), std::string("a100_80gb"),
                  384, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AnalyticModel, resnet50_tpu_v3_cached, std::string("resnet50"), std::string("tpu_v3"), 0, false)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MapOnce)->Unit(benchmark::kMicrosecond);

}  // namespace
