// Stall-free systolic fold model against hand-derived counts and SCALE-Sim v2's published golden traces.
#include "tessera/cost/systolic_folds.h"

#include <gtest/gtest.h>

#include "tessera/core/error.h"

namespace tessera {
namespace {

constexpr SystolicArrayDims k4x4{4, 4};
constexpr GemmDims kSmall{6, 5, 3};  // ifmap 6 x 3, filter 3 x 5

TEST(SystolicFolds, OperandViewPerDataflow) {
  OperandView os = operand_view(Dataflow::os, kSmall);
  EXPECT_EQ(os.sr, 6);  // M
  EXPECT_EQ(os.sc, 5);  // N
  EXPECT_EQ(os.t, 3);   // K
  OperandView ws = operand_view(Dataflow::ws, kSmall);
  EXPECT_EQ(ws.sr, 3);  // K
  EXPECT_EQ(ws.sc, 5);  // N
  EXPECT_EQ(ws.t, 6);   // M
  OperandView is = operand_view(Dataflow::is, kSmall);
  EXPECT_EQ(is.sr, 3);  // K
  EXPECT_EQ(is.sc, 6);  // M
  EXPECT_EQ(is.t, 5);   // N
}

// os on 4x4, Sr=6, Sc=5, T=3: folds ceil(6/4) x ceil(5/4) = 2 x 2.
// One fold: T=3 streamed rows + C-1=3 drain rows = 6, skewed over R=4 columns (+3) = 9 cycles = T + R + C - 2.
// Total Cycles = 4 folds * 9 - 1 = 35 (the index of the last OFMAP write).
// Used PEs per fold (fc outer, fr inner): 4x4=16, 2x4=8, 4x1=4, 2x1=2 -> mapping (1 + .5 + .25 + .125)/4 = 0.46875.
// Compute util per fold = used*T / (16 * 9) = used/48 -> (16+8+4+2)/48/4 = 0.15625.
TEST(SystolicFolds, OutputStationaryByHand) {
  FoldResult r = systolic_folds(k4x4, Dataflow::os, operand_view(Dataflow::os, kSmall));
  EXPECT_EQ(r.row_folds, 2);
  EXPECT_EQ(r.col_folds, 2);
  EXPECT_EQ(r.folds, 4);
  EXPECT_EQ(r.cycles_per_fold, 9);
  EXPECT_EQ(r.array_cycles, 36);
  EXPECT_EQ(r.total_cycles, 35);
  EXPECT_DOUBLE_EQ(r.mapping_efficiency, 0.46875);
  EXPECT_DOUBLE_EQ(r.compute_utilization, 0.15625);
}

// ws on 4x4, Sr=K=3, Sc=N=5, T=M=6: folds 1 x 2.
// One fold: R=4 weight-load rows + T=6 + C-1=3 drain = 13, skewed over R=4 (+3) = 16 = T + 2R + C - 2.
// Total Cycles = 2 * 16 - 1 = 31. Used PEs: 3x4=12, 3x1=3 -> mapping (12+3)/16/2 = 0.46875.
// Utilization span = filter demand rows (2R + C + T - 2 = 16) + C - 1 = 19 = T + 2R + 2C - 3;
// compute util = (12 + 3) * 6 / (16 * 19) / 2 = 90/608.
TEST(SystolicFolds, WeightStationaryByHand) {
  FoldResult r = systolic_folds(k4x4, Dataflow::ws, operand_view(Dataflow::ws, kSmall));
  EXPECT_EQ(r.folds, 2);
  EXPECT_EQ(r.cycles_per_fold, 16);
  EXPECT_EQ(r.total_cycles, 31);
  EXPECT_DOUBLE_EQ(r.mapping_efficiency, 0.46875);
  EXPECT_DOUBLE_EQ(r.compute_utilization, 90.0 / 608.0);
}

// is on 4x4, Sr=K=3, Sc=M=6, T=N=5: folds 1 x 2; one fold 5 + 8 + 4 - 2 = 15 cycles; Total = 2 * 15 - 1 = 29.
// Used PEs: 3x4=12, 3x2=6 -> mapping 18/32 = 0.5625; span 5 + 8 + 8 - 3 = 18; util = 18*5/(16*18)/2 = 0.15625.
TEST(SystolicFolds, InputStationaryByHand) {
  FoldResult r = systolic_folds(k4x4, Dataflow::is, operand_view(Dataflow::is, kSmall));
  EXPECT_EQ(r.folds, 2);
  EXPECT_EQ(r.cycles_per_fold, 15);
  EXPECT_EQ(r.total_cycles, 29);
  EXPECT_DOUBLE_EQ(r.mapping_efficiency, 0.5625);
  EXPECT_DOUBLE_EQ(r.compute_utilization, 0.15625);
}

// A 1x1 array degenerates to one MAC per cycle: os folds = M*N, each T cycles.
TEST(SystolicFolds, OneByOneArrayIsSequential) {
  FoldResult r = systolic_folds({1, 1}, Dataflow::os, operand_view(Dataflow::os, {2, 3, 7}));
  EXPECT_EQ(r.folds, 6);
  EXPECT_EQ(r.array_cycles, 42);
  EXPECT_DOUBLE_EQ(r.mapping_efficiency, 1.0);
  EXPECT_DOUBLE_EQ(r.compute_utilization, 1.0);
}

// SCALE-Sim test/golden_trace/COMPUTE_REPORT.csv: AlexNet Conv1 (224x224, 11x11x3, 96 filters, stride 4), 32x32 ws:
// ofmap ceil((224 - 11 + 4) / 4) = 55 -> M = 3025, K = 363, N = 96; 12 x 3 folds of 3025 + 64 + 32 - 2 = 3119.
TEST(SystolicFolds, MatchesScaleSimGoldenAlexNetWs) {
  FoldResult r = systolic_folds({32, 32}, Dataflow::ws, operand_view(Dataflow::ws, {3025, 96, 363}));
  EXPECT_EQ(r.folds, 36);
  EXPECT_EQ(r.total_cycles, 112283);
  EXPECT_EQ(r.mapping_efficiency * 100, 94.53125);
  EXPECT_EQ(r.compute_utilization * 100, 90.78000992063485);
}

// SCALE-Sim test/general/golden_trace_user_{os,ws,is}: GEMM M=256, N=128, K=256 on 32x32 with USER bandwidth. Their
// stall-free part is Total - Stall cycles: os 52447-42272, ws 52447-41248, is 19984-5777.
TEST(SystolicFolds, MatchesScaleSimGoldenGemmStallFreeCycles) {
  const GemmDims gemm{256, 128, 256};
  const SystolicArrayDims array{32, 32};
  EXPECT_EQ(systolic_folds(array, Dataflow::os, operand_view(Dataflow::os, gemm)).total_cycles, 52447 - 42272);
  EXPECT_EQ(systolic_folds(array, Dataflow::ws, operand_view(Dataflow::ws, gemm)).total_cycles, 52447 - 41248);
  EXPECT_EQ(systolic_folds(array, Dataflow::is, operand_view(Dataflow::is, gemm)).total_cycles, 19984 - 5777);
  // Those goldens were written by Python >= 3.12 (compensated sum()): equal to ~1e-15, not bit for bit.
  EXPECT_NEAR(systolic_folds(array, Dataflow::os, operand_view(Dataflow::os, gemm)).compute_utilization * 100,
              80.50314465408806, 1e-12);
  EXPECT_NEAR(systolic_folds(array, Dataflow::is, operand_view(Dataflow::is, gemm)).compute_utilization * 100,
              50.59288537549407, 1e-12);
  EXPECT_EQ(systolic_folds(array, Dataflow::ws, operand_view(Dataflow::ws, gemm)).compute_utilization * 100,
            67.19160104986877);
}

TEST(SystolicFolds, RejectsNonPositiveDimensions) {
  EXPECT_THROW(systolic_folds({0, 4}, Dataflow::os, {1, 1, 1}), InputError);
  EXPECT_THROW(systolic_folds({4, 4}, Dataflow::ws, {1, -2, 1}), InputError);
  EXPECT_THROW(systolic_folds({4, 4}, Dataflow::is, {1, 1, 0}), InputError);
}

TEST(SystolicFolds, HugeFoldCountsUseTheClosedFormAndStayConsistent) {
  // 2^23 folds: past the per-fold loop; every fold is full, so the means are exact.
  FoldResult r = systolic_folds({2, 2}, Dataflow::os, {int64_t{1} << 12, int64_t{1} << 13, 5});
  EXPECT_EQ(r.folds, int64_t{1} << 23);
  EXPECT_EQ(r.array_cycles, r.folds * (5 + 2 + 2 - 2));
  EXPECT_DOUBLE_EQ(r.mapping_efficiency, 1.0);
  EXPECT_DOUBLE_EQ(r.compute_utilization, 5.0 / 7.0);
  EXPECT_THROW(systolic_folds({1, 1}, Dataflow::os, {int64_t{1} << 40, int64_t{1} << 40, 1}), InputError);
}

}  // namespace
}  // namespace tessera
