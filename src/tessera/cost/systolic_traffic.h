#pragma once
// Memory traffic of one GEMM on one systolic array (docs/cost-models.md, section systolic), counted per operand in the
// style of SCALE-Sim's SRAM/DRAM access counts and Timeloop's per-level fills:
//   - array side: the words the array reads from and writes to its buffer, fold by fold (SCALE-Sim's SRAM accesses);
//   - refill: the bytes a level beyond the buffer supplies, given how much of the working set the buffer can hold.
// The fold loop order is column folds outer, row folds inner (SCALE-Sim's order), the temporal dimension innermost.
#include "tessera/cost/systolic_folds.h"

namespace tessera {

// Bytes of each operand moved for one GEMM (ifmap M x K, filter K x N, ofmap M x N; partial sums count as ofmap).
struct OperandBytes {
  double ifmap = 0;
  double filter = 0;
  double ofmap = 0;
  double total() const { return ifmap + filter + ofmap; }
};

// The words the array streams per dataflow, with rf = ceil(Sr/R), cf = ceil(Sc/C) row and column folds, times
// `element_bytes`:
//   os: ifmap cf x M x K,  filter rf x K x N,  ofmap M x N
//   ws: ifmap cf x M x K,  filter K x N,       ofmap (2 rf - 1) x M x N  (rf partial-sum writes, rf - 1 reads)
//   is: ifmap M x K,       filter cf x K x N,  ofmap (2 rf - 1) x M x N
OperandBytes array_side_bytes(const SystolicArrayDims& array, Dataflow dataflow, const GemmDims& gemm,
                              double element_bytes);

// The operands as stored (a conv's ifmap is its input tensor) and the buffer capacity that may hold them.
struct RefillInput {
  GemmDims gemm;
  double element_bytes = 2;
  OperandBytes stored;         // each operand once: the compulsory bytes
  double capacity_bytes = 0;   // the buffer's share for this array, already halved for double buffering
};

// Bytes a level beyond the buffer supplies and takes back. The stationary operand is fetched once. Then per dataflow:
//   ws (col folds over N outer, row folds over K inner): the M x min(N, C) partial-sum tile stays in the buffer across
//      the rf folds if it fits, else it is spilled: ofmap x (2 rf - 1); the ifmap is re-read by every column fold
//      (cf x ifmap) unless it fits beside the resident tile.
//   is (col folds over M outer, row folds over K inner): the same with min(M, C) x N tiles and the filter re-read cf
//      times unless it fits.
//   os (col folds over N outer, row folds over M inner): the ofmap is written once; the column fold's K x min(N, C)
//      filter slice is re-read by every row fold (rf x filter) unless it fits; the ifmap is re-read by every column
//      fold (cf x ifmap) unless it fits beside that slice.
// Never below `stored` (the compulsory bytes).
OperandBytes refill_bytes(const SystolicArrayDims& array, Dataflow dataflow, const RefillInput& input);

}  // namespace tessera
