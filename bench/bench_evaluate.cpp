// Whole-model evaluation speed: build the graph, run the fusion pass and cost every op on one device — what
// `tessera run` does after start-up, and what a design-space search repeats per design point.
#include <benchmark/benchmark.h>

#include "tessera/core/registry.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/models/model.h"
#include "tessera/passes/pass.h"

namespace {

void BM_Evaluate(benchmark::State& state, const std::string& model_name, const std::string& hardware,
                 const std::string& cost_model, int64_t seq) {
  tessera::DeviceSpec device = tessera::load_hardware(hardware, std::string(TESSERA_SOURCE_DIR) + "/data").devices[0];
  auto model = tessera::Registry<tessera::CostModel>::instance().create(cost_model, "cost model");
  tessera::ModelConfig config;
  config.seq = seq;
  config.dtype = hardware.rfind("tpu", 0) == 0 ? tessera::DType::bf16 : tessera::DType::fp16;
  for (auto _ : state) {
    std::vector<tessera::PassReport> reports;
    tessera::Graph graph = tessera::run_passes(tessera::build_model(model_name, config), "fusion", device, reports);
    tessera::GraphCost cost = tessera::evaluate_graph(graph, device, *model);
    benchmark::DoNotOptimize(cost.latency_s);
  }
}

BENCHMARK_CAPTURE(BM_Evaluate, bert_large_s384_a100_roofline, std::string("bert_large"), std::string("a100_80gb"),
                  std::string("roofline"), 384)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Evaluate, resnet50_tpu_v3_roofline, std::string("resnet50"), std::string("tpu_v3"),
                  std::string("roofline"), 0)->Unit(benchmark::kMillisecond);

}  // namespace
