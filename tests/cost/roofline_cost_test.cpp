// Roofline per op and for a whole graph, against hand calculations from the A100 80GB preset's datasheet figures:
// 311.87 TFLOP/s dense fp16 tensor (108 SMs x 1024 fp16 MACs/cycle x 2 x 1.41 GHz) and 2039 GB/s HBM2e.
#include <gtest/gtest.h>

#include "tessera/core/registry.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/hardware/peaks.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";

class RooflineTest : public ::testing::Test {
 protected:
  DeviceSpec device = load_hardware("a100_80gb", kDataDir).devices.at(0);
  std::unique_ptr<CostModel> model = Registry<CostModel>::instance().create("roofline", "cost model");
  double peak = 2.0 * 108 * 1024 * 1.41e9;  // 311.87e12
  double bandwidth = 2039e9;
};

TEST_F(RooflineTest, LargeGemmIsComputeBound) {
  GraphBuilder b("gemm", DType::fp16);
  int a = b.input("a", {4096, 4096});
  b.op(OpKind::matmul, "mm", {a, b.weight("w", {4096, 4096})});
  Graph g = b.finish();
  OpCost cost = model->evaluate(g, g.op(0), device);
  double compute_s = 2.0 * 4096.0 * 4096 * 4096 / peak;    // 0.4407 ms
  double memory_s = 3.0 * 4096 * 4096 * 2 / bandwidth;       // 49.4 us off-chip
  EXPECT_NEAR(cost.compute_s, compute_s, 1e-3 * compute_s);
  EXPECT_NEAR(cost.memory_s, memory_s, 1e-3 * memory_s);
  EXPECT_EQ(cost.bound, Bound::compute);
  EXPECT_NEAR(cost.latency_s, compute_s, 1e-3 * compute_s);
  EXPECT_NEAR(cost.utilization, 1.0, 1e-3);
}

TEST_F(RooflineTest, ElementwiseIsMemoryBound) {
  GraphBuilder b("add", DType::fp16);
  int x = b.input("x", {100000000});
  int y = b.input("y", {100000000});
  b.binary(x, y, "add", "add");
  Graph g = b.finish();
  OpCost cost = model->evaluate(g, g.op(0), device);
  double memory_s = 3.0 * 2e8 / bandwidth;  // read two, write one: 600 MB at 2039 GB/s = 294 us
  EXPECT_EQ(cost.bound, Bound::memory);
  EXPECT_NEAR(cost.latency_s, memory_s, 1e-3 * memory_s);
  ASSERT_FALSE(cost.traffic.empty());
  EXPECT_EQ(cost.traffic.back().bytes, 600000000);
}

TEST_F(RooflineTest, GraphLatencyIsTheSumOfOpsAndFootprintCountsLiveTensors) {
  GraphBuilder b("chain", DType::fp16);
  int x = b.input("x", {1, 1000});                    // 2000 B
  int h = b.unary(x, "relu1", "relu");                // 2000 B
  int y = b.unary(h, "relu2", "relu");                // 2000 B
  b.linear(y, "fc", 10, false);                       // weight 1000 x 10 = 20000 B; output 20 B, kept to the end
  Graph g = b.finish();
  GraphCost cost = evaluate_graph(g, device, *model);
  double sum = 0;
  for (const auto& c : cost.ops) sum += c.cost.latency_s;
  EXPECT_DOUBLE_EQ(cost.latency_s, sum);
  EXPECT_EQ(cost.weight_bytes, 20000);
  // Step by step: relu1 holds x and h (4000 B); relu2 holds h and y; fc holds y and its 20 B output.
  EXPECT_EQ(cost.peak_activation_bytes, 4000);
  EXPECT_EQ(cost.flops, g.flops());
}

}  // namespace
}  // namespace tessera
