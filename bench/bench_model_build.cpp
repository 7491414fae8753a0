// Time to build (and shape-check) zoo graphs: the front of every evaluation, so it bounds design-space sweep rates.
#include <benchmark/benchmark.h>

#include "tessera/models/model.h"

namespace {

void BM_BuildModel(benchmark::State& state, const std::string& name) {
  tessera::ModelConfig config;
  for (auto _ : state) {
    tessera::Graph graph = tessera::build_model(name, config);
    benchmark::DoNotOptimize(graph.macs());
  }
}

BENCHMARK_CAPTURE(BM_BuildModel, resnet50, std::string("resnet50"))->Unit(benchmark::kMicrosecond);

}  // namespace
