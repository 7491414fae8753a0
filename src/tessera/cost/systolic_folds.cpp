#include "tessera/cost/systolic_folds.h"

#include <algorithm>
#include <string>

#include "tessera/core/checked_math.h"
#include "tessera/core/error.h"

namespace tessera {
namespace {

// Above this many folds the per-fold means use their closed form instead of SCALE-Sim's fold-by-fold sum; the two
// agree to the last bit or two of a double, and the loop would dominate the run time.
constexpr int64_t kMaxSummedFolds = int64_t{1} << 22;

void require_positive(int64_t value, const char* what) {
  if (value <= 0) throw InputError(std::string("systolic array: ") + what + " must be positive, got " + std::to_string(value));
}


// Cycles of one fold in which the array's PEs could be busy, the denominator of SCALE-Sim's per-fold compute
// utilization: shape[0] + shape[1] - 1 of the demand matrix that carries the mapping (os: the skewed OFMAP demand,
// T - 1 + R rows by C; ws: the FILTER demand, 2R + C + T - 2 rows by C; is: the IFMAP demand, same shape as ws).
// This returns the span minus T.
int64_t utilization_span_overhead(Dataflow dataflow, int64_t r, int64_t c) {
  if (dataflow == Dataflow::os) return r + c - 2;
  return 2 * r + 2 * c - 3;
}

}  // namespace

OperandView operand_view(Dataflow dataflow, const GemmDims& gemm) {
  switch (dataflow) {
    case Dataflow::os: return {gemm.m, gemm.n, gemm.k};
    case Dataflow::ws: return {gemm.k, gemm.n, gemm.m};
    case Dataflow::is: return {gemm.k, gemm.m, gemm.n};
  }
  return {};
}

FoldResult systolic_folds(const SystolicArrayDims& array, Dataflow dataflow, const OperandView& view) {
  require_positive(array.rows, "rows");
  require_positive(array.cols, "cols");
  require_positive(view.sr, "Sr");
  require_positive(view.sc, "Sc");
  require_positive(view.t, "T");
  const int64_t r = array.rows, c = array.cols, t = view.t;
  const int64_t pes = checked_multiply(r, c, "systolic array PEs");
  FoldResult out;
  out.row_folds = ceil_div(view.sr, r);
  out.col_folds = ceil_div(view.sc, c);
  out.folds = checked_multiply(out.row_folds, out.col_folds, "systolic folds");
  // os: T operands + (C - 1) drain rows, skewed over R rows (+ R - 1).  ws/is: R cycles to load the stationary
  // operand + T + (C - 1) drain, skewed over R (+ R - 1).  (systolic_compute_*.py, create_*_demand_mat.)
  int64_t fill_drain = dataflow == Dataflow::os ? r + c - 2 : 2 * r + c - 2;
  out.cycles_per_fold = checked_add(t, fill_drain, "cycles per fold");
  out.array_cycles = checked_multiply(out.folds, out.cycles_per_fold, "array cycles");
  out.total_cycles = out.array_cycles - 1;

  const int64_t span = checked_add(t, utilization_span_overhead(dataflow, r, c), "fold span");
  const double pe_span = static_cast<double>(checked_multiply(pes, span, "PE cycles per fold"));
  auto used = [](int64_t size, int64_t fold, int64_t array_size) { return std::min(array_size, size - fold * array_size); };
  if (out.folds <= kMaxSummedFolds) {
    // SCALE-Sim appends one value per fold (column folds outer, row folds inner) and divides the sum by the count;
    // summing in the same order reproduces its doubles bit for bit.
    double mapping_sum = 0.0, util_sum = 0.0;
    for (int64_t fc = 0; fc < out.col_folds; ++fc) {
      int64_t cols_used = used(view.sc, fc, c);
      for (int64_t fr = 0; fr < out.row_folds; ++fr) {
        int64_t macs_used = used(view.sr, fr, r) * cols_used;
        mapping_sum += static_cast<double>(macs_used) / static_cast<double>(pes);
        util_sum += static_cast<double>(checked_multiply(macs_used, t, "fold MACs")) / pe_span;
      }
    }
    out.mapping_efficiency = mapping_sum / static_cast<double>(out.folds);
    out.compute_utilization = util_sum / static_cast<double>(out.folds);
  } else {
    double mean_used = (static_cast<double>(view.sr) / static_cast<double>(out.row_folds)) *
                       (static_cast<double>(view.sc) / static_cast<double>(out.col_folds));
    out.mapping_efficiency = mean_used / static_cast<double>(pes);
    out.compute_utilization = mean_used * static_cast<double>(t) / pe_span;
  }
  return out;
}

}  // namespace tessera
