#pragma once
// Stall-free compute cycles of a GEMM on an R x C systolic array, folded over the array, with SCALE-Sim v2's exact
// semantics (scalesim/compute/systolic_compute_{os,ws,is}.py). Pure functions; the systolic CostModel reuses them.
//
// A layer is the GEMM ifmap (M x K) * filter (K x N) = ofmap (M x N). Each dataflow maps it to an operand view
// (Sr spatial rows, Sc spatial columns, T temporal steps), folded ceil(Sr/R) x ceil(Sc/C) times over the array;
// each fold streams T operands plus its fill and drain. docs/scalesim.md derives every formula.
#include <cstdint>

#include "tessera/hardware/hardware_spec.h"  // Dataflow: os, ws, is

namespace tessera {

struct SystolicArrayDims {
  int64_t rows = 0;  // R, SCALE-Sim's ArrayHeight
  int64_t cols = 0;  // C, SCALE-Sim's ArrayWidth
};

// ifmap M x K times filter K x N. For a conv: M = ofmap pixels per filter, N = filters, K = R*S*C window.
struct GemmDims {
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
};

// The operand-matrix view of one dataflow (topology_utils.py calc_spatio_temporal_params):
//   os: Sr = M, Sc = N, T = K      ws: Sr = K, Sc = N, T = M      is: Sr = K, Sc = M, T = N
struct OperandView {
  int64_t sr = 0;
  int64_t sc = 0;
  int64_t t = 0;
};

OperandView operand_view(Dataflow dataflow, const GemmDims& gemm);

struct FoldResult {
  int64_t row_folds = 0;            // ceil(Sr / R)
  int64_t col_folds = 0;            // ceil(Sc / C)
  int64_t folds = 0;                // row_folds * col_folds
  int64_t cycles_per_fold = 0;      // os: T + R + C - 2;  ws, is: T + 2R + C - 2
  int64_t array_cycles = 0;         // folds * cycles_per_fold: cycles the array is busy, stall-free
  int64_t total_cycles = 0;         // SCALE-Sim's "Total Cycles" without stalls: array_cycles - 1 (last cycle index)
  double mapping_efficiency = 0.0;  // mean over folds of used PEs / (R*C), in [0, 1]
  double compute_utilization = 0.0; // mean over folds of used PEs * T / (R*C * fold span), in [0, 1]
};

// Throws InputError when a dimension is not positive or a count overflows 64 bits.
FoldResult systolic_folds(const SystolicArrayDims& array, Dataflow dataflow, const OperandView& view);

}  // namespace tessera
