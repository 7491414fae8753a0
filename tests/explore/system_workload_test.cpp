// A design-space workload trained on a system: the evaluator reports what the training simulator says, per device.
#include <gtest/gtest.h>

#include "explore/explore_test_support.h"
#include "support/input_error.h"
#include "tessera/core/registry.h"
#include "tessera/explore/design_evaluator.h"
#include "tessera/hardware/system_presets.h"
#include "tessera/models/transformer_lookup.h"
#include "tessera/sim/parallel_plan.h"
#include "tessera/sim/training_sim.h"

namespace tessera {
namespace {

const char* const kSpace = R"(
base: a100_80gb
cost: gpu
workloads:
  - {model: "gpt:hidden=2048,heads=16,layers=8", batch: 32, seq: 1024, dtype: bf16, system: "dgx_a100",
     parallel: "dp=4,tp=2,pp=1,mbs=2"}
parameters:
  - {option: parallel, values: ["dp=4,tp=2,pp=1,mbs=2", "dp=8,tp=1,pp=1,mbs=4"]}
objectives: [throughput]
search: {algorithm: grid}
)";

TEST(SystemWorkload, BaselineIsTheTrainingSimulatorPerDevice) {
  DesignSpace space = testing::parse_test_space(kSpace);
  DesignEvaluator evaluator(space);
  TrainingRequest request;
  request.model = find_transformer("gpt:hidden=2048,heads=16,layers=8");
  request.seq = 1024;
  request.dtype = DType::bf16;
  request.plan = parse_parallel_plan("dp=4,tp=2,pp=1,mbs=2", 32);
  request.system = load_system("dgx_a100", testing::explore_data_dir());
  auto model = Registry<CostModel>::instance().create("gpu", "cost model");
  request.cost_model = model.get();
  request.passes = space.passes;
  request.fidelity = Fidelity::analytic;
  TrainingResult direct = simulate_training(request);
  const WorkloadMetrics& w = evaluator.baseline().workloads.at(0);
  EXPECT_NEAR(w.latency_s, direct.iteration_s, 1e-12 * direct.iteration_s);
  EXPECT_NEAR(w.throughput, direct.samples_per_s / 8, 1e-12 * direct.samples_per_s);
  // Energy per sample at every device's (modelled) TDP for the iteration: TDP x 8 x iteration / 32 samples.
  EXPECT_NEAR(w.energy_j_per_sample, evaluator.baseline().tdp_w * 8 * direct.iteration_s / 32, 1e-9);
}

TEST(SystemWorkload, TheParallelOptionChangesThePlan) {
  DesignSpace space = testing::parse_test_space(kSpace);
  DesignEvaluator evaluator(space);
  DesignMetrics tp2 = evaluator.evaluate(decode_point(space, {0}));
  DesignMetrics dp8 = evaluator.evaluate(decode_point(space, {1}));
  ASSERT_TRUE(tp2.feasible && dp8.feasible) << tp2.reason << dp8.reason;
  EXPECT_NEAR(tp2.throughput, evaluator.baseline().throughput, 1e-9 * tp2.throughput);
  EXPECT_NE(tp2.throughput, dp8.throughput);
}

TEST(SystemWorkload, BadSystemOrPlanNamesTheWorkload) {
  std::string text = kSpace;
  std::string bad_system = text;
  bad_system.replace(bad_system.find("dgx_a100"), 8, "dgx_a999");
  std::string message = testing::input_error_of([&] { testing::parse_test_space(bad_system); });
  EXPECT_NE(message.find("workloads[0].system"), std::string::npos) << message;
  std::string no_batch = text;
  no_batch.replace(no_batch.find("batch: 32, "), 11, "");
  message = testing::input_error_of([&] { testing::parse_test_space(no_batch); });
  EXPECT_NE(message.find("global batch"), std::string::npos) << message;
}

}  // namespace
}  // namespace tessera
