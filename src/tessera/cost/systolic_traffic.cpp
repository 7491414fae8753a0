#include "tessera/cost/systolic_traffic.h"

#include <algorithm>

namespace tessera {
namespace {

struct Folds {
  double rows = 1;  // rf
  double cols = 1;  // cf
};

Folds fold_counts(const SystolicArrayDims& array, Dataflow dataflow, const GemmDims& gemm) {
  OperandView view = operand_view(dataflow, gemm);
  return {static_cast<double>((view.sr + array.rows - 1) / array.rows),
          static_cast<double>((view.sc + array.cols - 1) / array.cols)};
}

// A stationary-output tile accumulated over `row_folds` folds: kept in the buffer when it fits (written once), else
// spilled after every fold and read back for the next (written rf times, read rf - 1 times).
double accumulated_ofmap(double ofmap, double row_folds, bool tile_fits) {
  return row_folds > 1 && !tile_fits ? ofmap * (2 * row_folds - 1) : ofmap;
}

// An operand re-read by each of `passes` passes unless it fits in `room` bytes.
double reread(double bytes, double passes, double room) { return passes > 1 && bytes > room ? bytes * passes : bytes; }

}  // namespace

OperandBytes array_side_bytes(const SystolicArrayDims& array, Dataflow dataflow, const GemmDims& gemm,
                              double element_bytes) {
  Folds f = fold_counts(array, dataflow, gemm);
  auto m = static_cast<double>(gemm.m), n = static_cast<double>(gemm.n), k = static_cast<double>(gemm.k);
  double ifmap = m * k * element_bytes, filter = k * n * element_bytes, ofmap = m * n * element_bytes;
  switch (dataflow) {
    case Dataflow::os:
      return {f.cols * ifmap, f.rows * filter, ofmap};
    case Dataflow::ws:
      return {f.cols * ifmap, filter, (2 * f.rows - 1) * ofmap};
    case Dataflow::is:
      return {ifmap, f.cols * filter, (2 * f.rows - 1) * ofmap};
  }
  return {};
}

OperandBytes refill_bytes(const SystolicArrayDims& array, Dataflow dataflow, const RefillInput& input) {
  Folds f = fold_counts(array, dataflow, input.gemm);
  auto m = static_cast<double>(input.gemm.m), n = static_cast<double>(input.gemm.n);
  auto k = static_cast<double>(input.gemm.k);
  auto c = static_cast<double>(array.cols);
  double cap = input.capacity_bytes, e = input.element_bytes;
  const OperandBytes& s = input.stored;
  OperandBytes out = s;
  switch (dataflow) {
    case Dataflow::ws: {
      double tile = m * std::min(n, c) * e;
      bool fits = tile <= cap;
      double resident = f.rows > 1 && fits ? tile : 0;
      out.ofmap = accumulated_ofmap(s.ofmap, f.rows, fits);
      out.ifmap = reread(s.ifmap, f.cols, cap - resident);
      break;
    }
    case Dataflow::is: {
      double tile = std::min(m, c) * n * e;
      bool fits = tile <= cap;
      double resident = f.rows > 1 && fits ? tile : 0;
      out.ofmap = accumulated_ofmap(s.ofmap, f.rows, fits);
      out.filter = reread(s.filter, f.cols, cap - resident);
      break;
    }
    case Dataflow::os: {
      double slice = k * std::min(n, c) * e;
      bool fits = slice <= cap;
      out.filter = f.rows > 1 && !fits ? s.filter * f.rows : s.filter;
      out.ifmap = reread(s.ifmap, f.cols, cap - (f.rows > 1 && fits ? slice : 0));
      break;
    }
  }
  out.ifmap = std::max(out.ifmap, s.ifmap);
  out.filter = std::max(out.filter, s.filter);
  out.ofmap = std::max(out.ofmap, s.ofmap);
  return out;
}

}  // namespace tessera
