#include "tessera/explore/design_evaluator.h"

#include <gtest/gtest.h>

#include <cmath>

#include "explore/explore_test_support.h"
#include "support/input_error.h"
#include "tessera/core/registry.h"
#include "tessera/cost/area_power.h"
#include "tessera/cost/energy_model.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/cost/op_cost.h"
#include "tessera/explore/objectives.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/models/micro_workload.h"
#include "tessera/models/model.h"
#include "tessera/passes/pass.h"

namespace tessera {
namespace {

using testing::explore_data_dir;
using testing::input_error_of;
using testing::parse_test_space;

std::string space_text(const std::string& workload, const std::string& extra = "") {
  return "base: tpu_v3\n"
         "workloads:\n"
         "  - " + workload + "\n"
         "parameters:\n"
         "  - {field: \"devices[0].cores.matrix.rows\", values: [128, 256]}\n"
         "objectives: [throughput, area]\n" + extra;
}

void expect_relative(double actual, double expected, double tolerance, const char* what) {
  EXPECT_NEAR(actual, expected, tolerance * std::fabs(expected)) << what;
}

// The baseline is the base spec run through the same path as the CLI's `run`: passes fusion,padding, the systolic
// cost model (what "auto" resolves to for tpu_v3), energy from the energy model, area and TDP from the component model.
TEST(DesignEvaluatorTest, BaselineMatchesADirectEvaluation) {
  DesignSpace space = parse_test_space(space_text("{model: resnet50, batch: 8, dtype: bf16}"));
  DesignEvaluator evaluator(space);
  const DesignMetrics& base = evaluator.baseline();

  DeviceSpec device = load_hardware("tpu_v3", explore_data_dir()).devices.at(0);
  ModelConfig config;
  config.batch = 8;
  config.dtype = DType::bf16;
  std::vector<PassReport> reports;
  Graph graph = run_passes(build_model("resnet50", config), "fusion,padding", device, reports);
  auto model = Registry<CostModel>::instance().create("systolic", "cost model");
  GraphCost cost = evaluate_graph(graph, device, *model);
  double energy_j = graph_energy(graph, cost, device).energy_j();

  ASSERT_TRUE(base.feasible) << base.reason;
  ASSERT_EQ(base.workloads.size(), 1u);
  EXPECT_EQ(base.workloads[0].model, "resnet50");
  expect_relative(base.workloads[0].latency_s, cost.latency_s, 1e-12, "latency");
  expect_relative(base.workloads[0].throughput, 8.0 / cost.latency_s, 1e-12, "throughput");
  expect_relative(base.workloads[0].energy_j_per_sample, energy_j / 8.0, 1e-12, "energy");
  // One workload: the suite's geometric means are its own figures.
  expect_relative(base.latency_s, cost.latency_s, 1e-12, "suite latency");
  expect_relative(base.throughput, 8.0 / cost.latency_s, 1e-12, "suite throughput");
  expect_relative(base.area_mm2, estimate_area(device).total_mm2(), 1e-12, "area");
  expect_relative(base.tdp_w, estimate_tdp(device).total_w(), 1e-12, "tdp");
  EXPECT_EQ(base.cost_per_inference_usd, 0.0);  // no roi section
  EXPECT_EQ(evaluator.max_area_mm2(), 0.0);     // no constraints
  EXPECT_EQ(evaluator.max_tdp_w(), 0.0);

  // The point equal to the base spec (rows 128) measures exactly the baseline.
  DesignPoint same = decode_point(space, {0});
  DesignMetrics m = evaluator.evaluate(same);
  EXPECT_TRUE(m.feasible);
  EXPECT_EQ(m.latency_s, base.latency_s);
  EXPECT_EQ(m.area_mm2, base.area_mm2);
  StoredEvaluation e = evaluator.record(same, m);
  EXPECT_EQ(e.key, same.key);
  EXPECT_TRUE(e.feasible);
  ASSERT_EQ(e.objectives.size(), 2u);
  EXPECT_EQ(e.objectives[0], -m.throughput);  // maximised: negated
  EXPECT_EQ(e.objectives[1], m.area_mm2);     // minimised: as is
}

// A micro-workload named inline: same figures as a direct evaluation of the kernel.
TEST(DesignEvaluatorTest, MicroWorkloadMatchesADirectEvaluation) {
  DesignSpace space = parse_test_space(space_text("{model: \"gemm:M=512,N=512,K=512\", dtype: bf16}"));
  DesignEvaluator evaluator(space);
  const DesignMetrics& base = evaluator.baseline();
  ASSERT_TRUE(base.feasible) << base.reason;
  DeviceSpec device = load_hardware("tpu_v3", explore_data_dir()).devices.at(0);
  std::vector<PassReport> reports;
  Graph graph = run_passes(build_micro_workload("gemm:M=512,N=512,K=512", DType::bf16), "fusion,padding", device,
                           reports);
  auto model = Registry<CostModel>::instance().create("systolic", "cost model");
  GraphCost cost = evaluate_graph(graph, device, *model);
  ASSERT_EQ(base.workloads.size(), 1u);
  expect_relative(base.workloads[0].latency_s, cost.latency_s, 1e-12, "latency");
  EXPECT_EQ(cost.macs, int64_t{512} * 512 * 512);
}

// Micro-workloads carry their own sizes: a batch is refused, naming the space file and the workload.
TEST(DesignEvaluatorTest, MicroWorkloadRejectsABatch) {
  DesignSpace space = parse_test_space(space_text("{model: \"gemm:M=512,N=512,K=512\", batch: 4}"));
  std::string message = input_error_of([&] { DesignEvaluator evaluator(space); });
  EXPECT_NE(message.find("test.yaml"), std::string::npos) << message;
  EXPECT_NE(message.find("gemm:M=512,N=512,K=512"), std::string::npos) << message;
  EXPECT_NE(message.find("--batch"), std::string::npos) << message;
}

TEST(DesignEvaluatorTest, WeightedGeometricMeanOverWorkloads) {
  DesignSpace space = parse_test_space(
      "base: tpu_v3\n"
      "workloads:\n"
      "  - {model: resnet50, batch: 1, dtype: bf16, weight: 3}\n"
      "  - {model: mobilenet_v2, batch: 1, dtype: bf16, weight: 1}\n"
      "parameters:\n"
      "  - {field: \"devices[0].cores.matrix.rows\", values: [128]}\n"
      "objectives: [throughput]\n");
  DesignEvaluator evaluator(space);
  const DesignMetrics& base = evaluator.baseline();
  ASSERT_EQ(base.workloads.size(), 2u);
  double a = base.workloads[0].throughput, b = base.workloads[1].throughput;
  expect_relative(base.throughput, std::pow(a, 0.75) * std::pow(b, 0.25), 1e-12, "weighted geomean");
}

TEST(DesignEvaluatorTest, AreaConstraintMakesPointsInfeasible) {
  DesignSpace space =
      parse_test_space(space_text("{model: resnet50, batch: 1, dtype: bf16}", "constraints: {max_area_mm2: 1}\n"));
  DesignEvaluator evaluator(space);
  EXPECT_EQ(evaluator.max_area_mm2(), 1.0);
  DesignPoint point = decode_point(space, {1});
  DesignMetrics m = evaluator.evaluate(point);
  EXPECT_FALSE(m.feasible);
  EXPECT_NE(m.reason.find("area"), std::string::npos) << m.reason;
  EXPECT_GT(m.area_mm2, 1.0);
  StoredEvaluation e = evaluator.record(point, m);
  EXPECT_FALSE(e.feasible);
  ASSERT_EQ(e.objectives.size(), 2u);
  // 1e30 x (1 + relative excess) = 1e30 x area / 1 mm^2.
  for (double o : e.objectives) {
    EXPECT_GE(o, kInfeasiblePenalty);
    expect_relative(o, kInfeasiblePenalty * m.area_mm2, 1e-12, "penalty");
  }
}

TEST(DesignEvaluatorTest, BaselineConstraintAdmitsTheBaseItself) {
  DesignSpace space = parse_test_space(
      space_text("{model: resnet50, batch: 1, dtype: bf16}", "constraints: {max_area_mm2: baseline, max_tdp_w: baseline}\n"));
  DesignEvaluator evaluator(space);
  EXPECT_EQ(evaluator.max_area_mm2(), evaluator.baseline().area_mm2);
  EXPECT_EQ(evaluator.max_tdp_w(), evaluator.baseline().tdp_w);
  DesignMetrics m = evaluator.evaluate(decode_point(space, {0}));  // rows 128: the base spec, at the limits exactly
  EXPECT_TRUE(m.feasible) << m.reason;
}

TEST(DesignEvaluatorTest, UnsupportedDtypeMakesTheBaselineThrow) {
  // tpu_v3's matrix unit lists bf16 only.
  DesignSpace space = parse_test_space(space_text("{model: resnet50, batch: 1, dtype: int8}"));
  std::string message = input_error_of([&] { DesignEvaluator evaluator(space); });
  EXPECT_NE(message.find("test.yaml"), std::string::npos) << message;
  EXPECT_NE(message.find("tpu_v3"), std::string::npos) << message;
  EXPECT_NE(message.find("resnet50"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(DesignEvaluatorTest, DefaultDtypeIsTheDevicePreferredOne) {
  // No dtype: tpu_v3 supports bf16 first, so the result equals an explicit bf16 workload.
  DesignSpace implicit = parse_test_space(space_text("{model: resnet50, batch: 1}"));
  DesignSpace explicit_bf16 = parse_test_space(space_text("{model: resnet50, batch: 1, dtype: bf16}"));
  DesignEvaluator a(implicit), b(explicit_bf16);
  EXPECT_EQ(a.baseline().latency_s, b.baseline().latency_s);
}

}  // namespace
}  // namespace tessera
