// Energy model against hand derivations from the tables (energy_tables.cpp) and the A100 80GB preset:
// 7 nm; l1_shared 0.5 pJ/B, l2 5 pJ/B, HBM2e 31.2 pJ/B (spec); TDP 400 W, so static power 0.25 x 400 = 100 W.
// The roofline model sends an op's compulsory bytes through every level: 0.5 + 5 + 31.2 = 36.7 pJ per byte.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/cost/energy_model.h"
#include "tessera/cost/energy_tables.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/models/model.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";
constexpr double kPj = 1e-12;

class EnergyModelTest : public ::testing::Test {
 protected:
  DeviceSpec device = load_hardware("a100_80gb", kDataDir).devices.at(0);
  std::unique_ptr<CostModel> roofline = Registry<CostModel>::instance().create("roofline", "cost model");
  double bytes_energy_j_per_byte = (0.5 + 5.0 + 31.2) * kPj;  // l1_shared + l2 + HBM2e
};

TEST(EnergyTables, AnchorsReproduceTheCitedValues) {
  // 45 nm: Horowitz ISSCC'14; 7 nm: Jouppi et al. ISCA'21 Table 2.
  EXPECT_NEAR(multiply_energy_j(DType::fp16, 45), 1.1 * kPj, 1e-9 * kPj);
  EXPECT_NEAR(add_energy_j(DType::fp32, 45), 0.9 * kPj, 1e-9 * kPj);
  EXPECT_NEAR(multiply_energy_j(DType::int8, 7), 0.07 * kPj, 1e-9 * kPj);
  EXPECT_NEAR(add_energy_j(DType::int8, 7), 0.007 * kPj, 1e-9 * kPj);
  // fp16 MAC = fp16 multiply + fp32 accumulate: 1.1 + 0.9 = 2.0 pJ at 45 nm, 0.34 + 0.38 = 0.72 pJ at 7 nm.
  EXPECT_NEAR(mac_energy_j(DType::fp16, 45), 2.0 * kPj, 1e-9 * kPj);
  EXPECT_NEAR(mac_energy_j(DType::fp16, 7), 0.72 * kPj, 1e-9 * kPj);
  // int8 MAC at 7 nm: 0.07 multiply + int32 add (0.007 x 32/8 = 0.028) = 0.098 pJ.
  EXPECT_NEAR(mac_energy_j(DType::int8, 7), 0.098 * kPj, 1e-9 * kPj);
}

TEST(EnergyTables, DerivedDtypesFollowTheWidthRules) {
  // Multipliers quadratic in significand bits from fp16 (11): bf16 (8) 0.34 x (8/11)^2 = 0.17983 pJ at 7 nm.
  EXPECT_NEAR(multiply_energy_j(DType::bf16, 7), 0.34 * 64.0 / 121.0 * kPj, 1e-9 * kPj);
  EXPECT_DOUBLE_EQ(multiply_energy_j(DType::tf32, 7), multiply_energy_j(DType::fp16, 7));
  // Integers quadratic in width from int8: int4 a quarter, int32 16x (3.2 pJ at 45 nm against Horowitz's 3.1).
  EXPECT_NEAR(multiply_energy_j(DType::int4, 7), 0.07 / 4 * kPj, 1e-9 * kPj);
  EXPECT_NEAR(multiply_energy_j(DType::int32, 45), 3.2 * kPj, 1e-9 * kPj);
  // Intermediate nodes lie on the power law between the anchors: fp16 mult at 16 nm = 1.1 x (16/45)^a,
  // a = ln(0.34/1.1) / ln(7/45) = 0.6311 -> 0.5728 pJ.
  double a = std::log(0.34 / 1.1) / std::log(7.0 / 45.0);
  EXPECT_NEAR(multiply_energy_j(DType::fp16, 16), 1.1 * std::pow(16.0 / 45.0, a) * kPj, 1e-9 * kPj);
  EXPECT_GT(multiply_energy_j(DType::fp16, 16), multiply_energy_j(DType::fp16, 7));
  EXPECT_LT(multiply_energy_j(DType::fp16, 16), multiply_energy_j(DType::fp16, 45));
}

TEST_F(EnergyModelTest, Fp16GemmComputeMemoryAndStaticEnergy) {
  GraphBuilder b("gemm", DType::fp16);
  int a = b.input("a", {1024, 1024});
  b.op(OpKind::matmul, "mm", {a, b.weight("w", {1024, 1024})});
  Graph g = b.finish();
  const Op& op = g.op(0);
  ASSERT_EQ(op.vector_flops, 0);
  OpCost cost = roofline->evaluate(g, op, device);
  OpEnergy e = op_energy(g, op, cost, device);
  // 1024^3 = 1.0737e9 MACs x 0.72 pJ = 7.7309e-4 J.
  double compute_j = 1073741824.0 * 0.72 * kPj;
  // Bytes: A and W read, C written, 3 x 1024 x 1024 x 2 = 6,291,456 B x 36.7 pJ = 2.3090e-4 J.
  double memory_j = 6291456.0 * bytes_energy_j_per_byte;
  // Compute bound: 2 x 1024^3 / 311.87 TFLOP/s = 6.886 us; x 100 W static = 6.886e-4 J.
  double latency_s = 2.0 * 1073741824.0 / (2.0 * 108 * 1024 * 1.41e9);
  EXPECT_NEAR(e.compute_j, compute_j, 1e-6 * compute_j);
  EXPECT_NEAR(e.memory_j, memory_j, 1e-6 * memory_j);
  EXPECT_NEAR(e.static_j, 100.0 * latency_s, 1e-3 * 100.0 * latency_s);
  EXPECT_DOUBLE_EQ(e.total_j(), e.compute_j + e.memory_j + e.static_j);
}

TEST_F(EnergyModelTest, MemoryBoundAddIsDominatedByTraffic) {
  GraphBuilder b("add", DType::fp16);
  int x = b.input("x", {100000000});
  int y = b.input("y", {100000000});
  b.binary(x, y, "add", "add");
  Graph g = b.finish();
  const Op& op = g.op(0);
  OpCost cost = roofline->evaluate(g, op, device);
  ASSERT_EQ(cost.bound, Bound::memory);
  OpEnergy e = op_energy(g, op, cost, device);
  // 1e8 adds at the vector-op energy (fp16 add 0.16 + mult 0.34) / 2 = 0.25 pJ: 2.5e-5 J.
  EXPECT_NEAR(e.compute_j, 1e8 * 0.25 * kPj, 1e-6 * 1e8 * 0.25 * kPj);
  // 6e8 B (read two, write one) x 36.7 pJ = 2.202e-2 J; static 100 W x 6e8 / 2039e9 s = 2.9426e-2 J.
  EXPECT_NEAR(e.memory_j, 6e8 * bytes_energy_j_per_byte, 1e-6 * 6e8 * bytes_energy_j_per_byte);
  EXPECT_NEAR(e.static_j, 100.0 * 6e8 / 2039e9, 1e-3 * 100.0 * 6e8 / 2039e9);
  EXPECT_GT(e.memory_j, 500 * e.compute_j);
}

TEST_F(EnergyModelTest, StaticEnergyScalesWithLatency) {
  GraphBuilder b("relu", DType::fp16);
  b.unary(b.input("x", {1000}), "relu", "relu");
  Graph g = b.finish();
  OpCost cost = roofline->evaluate(g, g.op(0), device);
  cost.latency_s = 1.0;
  OpEnergy one = op_energy(g, g.op(0), cost, device);
  cost.latency_s = 2.0;
  OpEnergy two = op_energy(g, g.op(0), cost, device);
  EXPECT_DOUBLE_EQ(one.static_j, 100.0);  // 0.25 x 400 W x 1 s
  EXPECT_DOUBLE_EQ(two.static_j, 2.0 * one.static_j);
  EXPECT_DOUBLE_EQ(two.compute_j, one.compute_j);
  EXPECT_DOUBLE_EQ(two.memory_j, one.memory_j);
}

TEST_F(EnergyModelTest, ZeroSpecEnergiesFallBackToDefaults) {
  DeviceSpec bare = device;
  for (auto& m : bare.cores.memories) m.energy_j_per_byte = 0;
  for (auto& m : bare.shared_memories) m.energy_j_per_byte = 0;
  bare.off_chip.energy_j_per_byte = 0;
  // HBM2e: 3.9 pJ/bit = 31.2 pJ/B (O'Connor et al. MICRO'17).
  EXPECT_NEAR(level_energy_j_per_byte(bare, "off_chip (hbm2e)"), 31.2 * kPj, 1e-9 * kPj);
  // L2, 40 MB: the 1 MB SRAM figure 12.5 pJ/B at 45 nm x the fp32-adder node factor 0.38/0.9 = 5.2778 pJ/B.
  EXPECT_NEAR(level_energy_j_per_byte(bare, "l2"), 12.5 * 0.38 / 0.9 * kPj, 1e-9 * kPj);
  // L1, 192 KiB: 2.5 x (196608/32768)^(ln 5 / ln 32) = 5.7452 pJ/B at 45 nm, x 0.42222 = 2.4257 pJ/B.
  double l1_45 = 2.5 * std::pow(6.0, std::log(5.0) / std::log(32.0));
  EXPECT_NEAR(level_energy_j_per_byte(bare, "l1_shared"), l1_45 * 0.38 / 0.9 * kPj, 1e-9 * kPj);
  EXPECT_THROW(level_energy_j_per_byte(bare, "l3"), InputError);
}

// Whole-model sanity check, not a calibration: ResNet-50, batch 64, fp16, roofline on A100 80GB. The average power
// must land between 0.2 and 1.5 x TDP (80-600 W). The constants were not tuned to this test.
TEST_F(EnergyModelTest, ResNet50AveragePowerIsPlausible) {
  ModelConfig config;
  config.batch = 64;
  Graph g = build_model("resnet50", config);
  GraphCost cost = evaluate_graph(g, device, *roofline);
  GraphEnergy e = graph_energy(g, cost, device);
  std::cout << "resnet50 b64 a100_80gb roofline: latency " << cost.latency_s * 1e3 << " ms, energy " << e.energy_j()
            << " J (compute " << e.total.compute_j << ", memory " << e.total.memory_j << ", static "
            << e.total.static_j << "), average power " << e.avg_power_w() << " W, "
            << e.flops_per_j() / 1e12 << " TFLOP/J\n";
  EXPECT_GT(e.avg_power_w(), 0.2 * device.tdp_w);
  EXPECT_LT(e.avg_power_w(), 1.5 * device.tdp_w);
  EXPECT_NEAR(e.energy_j(), e.total.compute_j + e.total.memory_j + e.total.static_j, 1e-12);
}

}  // namespace
}  // namespace tessera
