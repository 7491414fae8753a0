// Time to build and shape-check zoo graphs, and to export/re-import them as graph JSON: the front of every evaluation,
// so it bounds how many designs a sweep can evaluate per second.
#include <benchmark/benchmark.h>

#include "tessera/frontend/graph_json.h"
#include "tessera/models/model.h"

namespace {

void BM_BuildModel(benchmark::State& state, const std::string& name) {
  tessera::ModelConfig config;
  for (auto _ : state) {
    tessera::Graph graph = tessera::build_model(name, config);
    benchmark::DoNotOptimize(graph.macs());
  }
}

void BM_GraphJsonRoundTrip(benchmark::State& state, const std::string& name) {
  tessera::Graph graph = tessera::build_model(name, {});
  for (auto _ : state) {
    tessera::Graph restored = tessera::import_graph_json(tessera::export_graph_json(graph), name);
    benchmark::DoNotOptimize(restored.op_count());
  }
}

BENCHMARK_CAPTURE(BM_BuildModel, resnet50, std::string("resnet50"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_BuildModel, efficientnet_b7, std::string("efficientnet_b7"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_BuildModel, bert_large, std::string("bert_large"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_BuildModel, gpt3_175b, std::string("gpt3_175b"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_GraphJsonRoundTrip, resnet50, std::string("resnet50"))->Unit(benchmark::kMicrosecond);

}  // namespace
