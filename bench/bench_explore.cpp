// Design-space exploration speed: whole-model design evaluations per second, what `tessera explore` sustains per
// thread. Each iteration evaluates one new random point of a shipped space (load the point's hardware, run the passes,
// cost every op, area and TDP), so the mapper's cache never answers for a new design; items/s is evaluations/s.
// The analytic (mapper) and systolic cost models are measured on the same ResNet-50 space.
#include <benchmark/benchmark.h>

#include "tessera/cost/mapper.h"
#include "tessera/explore/design_evaluator.h"
#include "tessera/explore/portable_random.h"

namespace {

void BM_ExplorePoint(benchmark::State& state, const std::string& space_file, const std::string& cost) {
  tessera::DesignSpace space =
      tessera::load_design_space(std::string(TESSERA_SOURCE_DIR) + "/data/explore/" + space_file,
                                 std::string(TESSERA_SOURCE_DIR) + "/data");
  space.cost = cost;
  tessera::DesignEvaluator evaluator(space);
  tessera::SearchSpace shape = space.search_space();
  std::mt19937_64 engine(1);
  tessera::clear_mapping_cache();  // the benchmark calls this function several times: earlier calls saw these points
  for (auto _ : state) {
    tessera::DesignPoint point = tessera::decode_point(space, tessera::uniform_point(shape, engine));
    benchmark::DoNotOptimize(evaluator.evaluate(point).throughput);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_ExplorePoint, resnet50_b8_analytic, std::string("speed_resnet50_analytic.yaml"),
                  std::string("analytic"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ExplorePoint, resnet50_b8_systolic, std::string("speed_resnet50_analytic.yaml"),
                  std::string("systolic"))->Unit(benchmark::kMillisecond);

}  // namespace
