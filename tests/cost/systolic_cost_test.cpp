// The systolic cost model against hand derivations on the TPU v3 preset: 2 cores x 2 MXUs = 4 arrays of 128 x 128,
// weight stationary, bf16 1 MAC/PE/cycle at 940 MHz; vmem 16 MiB and 4.33 TB/s per core; HBM 900 GB/s.
#include <gtest/gtest.h>

#include <cmath>

#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/cost/systolic_cost.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/models/model.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";
constexpr double kFrequency = 0.94e9;
constexpr double kVmemBandwidth = 2 * 4.33e12;  // both cores
constexpr double kHbmBandwidth = 9.0e11;

class SystolicCostTest : public ::testing::Test {
 protected:
  DeviceSpec device = load_hardware("tpu_v3", kDataDir).devices.at(0);
  std::unique_ptr<CostModel> systolic = Registry<CostModel>::instance().create("systolic", "cost model");
  std::unique_ptr<CostModel> roofline = Registry<CostModel>::instance().create("roofline", "cost model");

  static Graph gemm(int64_t m, int64_t k, int64_t n) {
    GraphBuilder b("gemm", DType::bf16);
    int x = b.input("x", {m, k});
    b.op(OpKind::matmul, "mm", {x, b.weight("w", {k, n})});
    return b.finish();
  }
  SystolicPlan plan(const Graph& g, const DeviceSpec& hw) const {
    const Op& op = g.op(0);
    SystolicMachine machine = systolic_machine(hw, DType::bf16);
    return best_systolic_plan(*systolic_work(g, op), machine, op.bytes_read + op.bytes_written);
  }
};

// x [4096, 1024] . W [1024, 1024] over 4 arrays. Splitting N gives each array N = 256; ws view Sr = K = 1024,
// Sc = 256, T = M = 4096: 8 x 2 folds of T + 2R + C - 2 = 4478 cycles = 71648 cycles (SCALE-Sim's Total Cycles: 71647,
// the last cycle's index). Splitting M instead (M = 1024 each) pays the fill and drain of 8 x 8 folds on every array:
// 64 x 1406 = 89984 cycles, so N wins. Traffic per array: vmem (array side) ifmap 2 folds x 8 MiB + filter 0.5 MiB +
// ofmap 15 x 2 MiB partial sums = 46.5 MiB. HBM: the 1 MiB partial-sum tile (4096 x 128) fits the 4 MiB buffer share
// (16 MiB x 2 cores / 2 for double buffering / 4 arrays), the 8 MiB ifmap does not: it is re-read by both column folds,
// once per core (the core's 2 arrays share vmem): 4 x (16 / 2 + 0.5 + 2) = 42 MiB. Compute bound, no stalls.
TEST_F(SystolicCostTest, ComputeBoundGemmMatchesScaleSimFoldCycles) {
  Graph g = gemm(4096, 1024, 1024);
  FoldResult folds = systolic_folds({128, 128}, Dataflow::ws, operand_view(Dataflow::ws, {4096, 256, 1024}));
  EXPECT_EQ(folds.folds, 16);
  EXPECT_EQ(folds.array_cycles, 16 * 4478);
  EXPECT_EQ(folds.total_cycles + 1, 71648);
  EXPECT_EQ(systolic_folds({128, 128}, Dataflow::ws, operand_view(Dataflow::ws, {1024, 1024, 1024})).array_cycles,
            89984);
  SystolicPlan p = plan(g, device);
  EXPECT_EQ(p.dataflow, Dataflow::ws);
  EXPECT_EQ(p.splits.at(0), SplitDim::n);
  EXPECT_EQ(p.compute_cycles, 71648);
  EXPECT_EQ(p.stall_cycles, 0);
  ASSERT_EQ(p.traffic.size(), 2u);
  EXPECT_EQ(p.traffic[0].level, "vmem");
  EXPECT_EQ(p.traffic[0].bytes, 4 * 93 * 524288);  // 4 x 46.5 MiB
  EXPECT_EQ(p.traffic[1].level, "off_chip (hbm2)");
  EXPECT_EQ(p.traffic[1].bytes, 42 * 1048576);

  OpCost cost = systolic->evaluate(g, g.op(0), device);
  EXPECT_DOUBLE_EQ(cost.compute_s, 71648 / kFrequency);  // 76.2 us
  EXPECT_DOUBLE_EQ(cost.latency_s, cost.compute_s);
  EXPECT_DOUBLE_EQ(cost.memory_s, 42 * 1048576 / kHbmBandwidth);           // 48.9 us
  EXPECT_DOUBLE_EQ(cost.traffic[0].time_s, 4 * 93 * 524288 / kVmemBandwidth);  // 22.5 us
  EXPECT_EQ(cost.bound, Bound::compute);
  EXPECT_NEAR(cost.utilization, 4096.0 * 1024 * 1024 / (4 * 16384 * 71648.0), 1e-12);  // 0.915
}

// x [65536, 128] . W [128, 128]: M split, one fold per array (M = 16384 each): 16384 + 382 = 16766 cycles = 17.8 us,
// but each array streams 512 B per cycle: HBM moves 4 x (4 MiB ifmap + 4 MiB ofmap) + 2 cores x 32 KiB of filter
// = 37.4 us. The array side has no re-reads (one fold) but feeds the filter to every array: 4 x (8 MiB + 32 KiB).
TEST_F(SystolicCostTest, StreamingGemmIsMemoryBoundWithStallCycles) {
  Graph g = gemm(65536, 128, 128);
  SystolicPlan p = plan(g, device);
  EXPECT_EQ(p.splits.at(0), SplitDim::m);
  EXPECT_EQ(p.compute_cycles, 16766);
  double hbm_bytes = 4.0 * 2 * 4194304 + 2 * 32768;
  EXPECT_EQ(p.traffic[1].bytes, static_cast<int64_t>(hbm_bytes));
  EXPECT_EQ(p.traffic[0].bytes, 4 * (2 * 4194304 + 32768));
  double memory_s = hbm_bytes / kHbmBandwidth;
  EXPECT_DOUBLE_EQ(p.memory_s, memory_s);
  EXPECT_EQ(p.stall_cycles, static_cast<int64_t>(std::ceil((memory_s - 16766 / kFrequency) * kFrequency)));
  EXPECT_GT(p.stall_cycles, 18000);

  OpCost cost = systolic->evaluate(g, g.op(0), device);
  EXPECT_EQ(cost.bound, Bound::memory);
  EXPECT_DOUBLE_EQ(cost.latency_s, memory_s);
  EXPECT_NEAR(cost.latency_s * kFrequency, 16766 + p.stall_cycles, 1.0);  // compute + bandwidth stalls
  EXPECT_LT(cost.traffic.at(0).time_s, cost.traffic.at(1).time_s);
}

// One 128 x 128 array with all three dataflows. M = N = 128, K = 8192: os is one fold of K + R + C - 2 = 8446 cycles;
// ws and is fold K 64 times at 128 + 256 + 126 = 510 cycles (32640). M = 16384, K = N = 128: ws is one fold of
// 16384 + 382 = 16766 cycles; os folds M 128 times (128 x 382 = 48896); is folds M 128 times (128 x 510 = 65280).
TEST_F(SystolicCostTest, PicksTheFastestDataflow) {
  DeviceSpec one = device;
  one.cores.count = 1;
  one.cores.matrix->count = 1;
  one.cores.matrix->dataflows = {Dataflow::ws, Dataflow::is, Dataflow::os};
  SystolicPlan deep = plan(gemm(128, 8192, 128), one);
  EXPECT_EQ(deep.dataflow, Dataflow::os);
  EXPECT_EQ(deep.compute_cycles, 8446);
  SystolicPlan tall = plan(gemm(16384, 128, 128), one);
  EXPECT_EQ(tall.dataflow, Dataflow::ws);
  EXPECT_EQ(tall.compute_cycles, 16766);
  Graph tall_graph = gemm(16384, 128, 128);
  SystolicMachine machine = systolic_machine(one, DType::bf16);
  const Op& op = tall_graph.op(0);
  EXPECT_EQ(plan_systolic(*systolic_work(tall_graph, op), machine, Dataflow::os, 0).compute_cycles, 48896);
  EXPECT_EQ(plan_systolic(*systolic_work(tall_graph, op), machine, Dataflow::is, 0).compute_cycles, 65280);
  // The preset lists only ws: that is what the 128 x 8192 x 128 GEMM must use, 32640 cycles.
  one.cores.matrix->dataflows = {Dataflow::ws};
  SystolicPlan forced = plan(gemm(128, 8192, 128), one);
  EXPECT_EQ(forced.dataflow, Dataflow::ws);
  EXPECT_EQ(forced.compute_cycles, 32640);
}

TEST_F(SystolicCostTest, GpuPresetIsAnInputErrorNamingTheDevice) {
  DeviceSpec gpu = load_hardware("a100_80gb", kDataDir).devices.at(0);
  Graph g = gemm(64, 64, 64);
  try {
    systolic->evaluate(g, g.op(0), gpu);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(gpu.name), std::string::npos) << e.what();
  }
}

TEST_F(SystolicCostTest, NonContractionOpsCostAsTheRoofline) {
  GraphBuilder b("relu", DType::bf16);
  b.unary(b.input("x", {1024, 1024}), "relu", "relu");
  Graph g = b.finish();
  OpCost cost = systolic->evaluate(g, g.op(0), device);
  OpCost bound = roofline->evaluate(g, g.op(0), device);
  EXPECT_DOUBLE_EQ(cost.latency_s, bound.latency_s);
  EXPECT_EQ(cost.traffic.size(), bound.traffic.size());
}

// A 3x3 depthwise conv has 9 MACs per output: on a ws array each group uses one column (K = 9 rows, N = 1), so the
// direct kernel on the vector unit (2 x MACs + bias at 2 cores x 1024 lanes x 2 FLOPs x 0.94 GHz) is faster.
TEST_F(SystolicCostTest, DepthwiseConvTakesTheFasterOfArrayAndVectorUnit) {
  GraphBuilder b("dw", DType::bf16);
  b.conv(b.input("x", {8, 256, 56, 56}), "dw", 256, 3, 1, 1, 256);
  Graph g = b.finish();
  const Op& op = g.op(0);
  SystolicPlan array = plan(g, device);
  OpCost cost = systolic->evaluate(g, op, device);
  double vector_flops = 2.0 * static_cast<double>(op.macs) + static_cast<double>(op.vector_flops);
  double vector_s = vector_flops / (2 * 1024 * 2 * kFrequency);
  EXPECT_LT(cost.latency_s, array.latency_s());
  EXPECT_DOUBLE_EQ(cost.compute_s, vector_s);
  EXPECT_GE(cost.latency_s, roofline->evaluate(g, op, device).latency_s);
}

// Folds only add fill/drain and idle PEs to the matrix peak, and traffic is floored at the compulsory bytes.
TEST_F(SystolicCostTest, NeverFasterThanRooflineOnResnet50) {
  Graph g = build_model("resnet50", {.batch = 8, .dtype = DType::bf16});
  for (const Op& op : g.ops()) {
    OpCost cost = systolic->evaluate(g, op, device);
    OpCost bound = roofline->evaluate(g, op, device);
    EXPECT_GE(cost.latency_s, bound.latency_s * (1 - 1e-12)) << op.name;
    EXPECT_LE(cost.utilization, 1.0 + 1e-12) << op.name;
    ASSERT_EQ(cost.traffic.size(), bound.traffic.size()) << op.name;
    for (size_t i = 0; i < cost.traffic.size(); ++i) {
      EXPECT_EQ(cost.traffic[i].level, bound.traffic[i].level);
      EXPECT_GE(cost.traffic[i].bytes, bound.traffic[i].bytes) << op.name;
    }
  }
}

}  // namespace
}  // namespace tessera
