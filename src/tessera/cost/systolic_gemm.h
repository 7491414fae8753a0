#pragma once
// How the "systolic" cost model sees an op: as SCALE-Sim GEMMs, ifmap (M x K) x filter (K x N) = ofmap (M x N)
// (docs/cost-models.md, section systolic). matmul, conv, conv_transpose and the LSTM gate GEMM reuse the gpu model's
// GEMM view (gpu_kernels.h, gemm_problem); attention is its two GEMMs, Q K^T then P V, per (batch, head).
#include <optional>
#include <vector>

#include "tessera/cost/systolic_folds.h"
#include "tessera/workload/graph.h"

namespace tessera {

// `batch` ifmap x filter products of the same shape. Operand bytes are per entry and as stored in memory: a conv's
// ifmap is its input tensor (at most the M x K im2col view the array streams: a strided conv skips pixels); the ofmap
// side includes fused epilogue inputs indexed like the output (a residual).
struct SystolicGemm {
  GemmDims dims;
  int64_t batch = 1;
  bool batch_parallel = true;  // false: entries depend on each other (LSTM steps) and cannot be split over arrays
  bool filter_shared = false;  // one filter for every entry (LSTM weights); else one filter per entry
  double element_bytes = 2;    // one operand word at the op's dtype
  double ifmap_bytes = 0;
  double filter_bytes = 0;
  double ofmap_bytes = 0;
};

struct SystolicWork {
  std::vector<SystolicGemm> gemms;  // run one after another
  // Attention: the Q x KV scores stay on chip (a fused, FlashAttention-style kernel), so the levels beyond the
  // array's own buffer move the op's compulsory bytes only.
  bool fused = false;
};

// The GEMMs of a contraction op (matmul, conv, conv_transpose, lstm, attention); nullopt for any other op.
std::optional<SystolicWork> systolic_work(const Graph& graph, const Op& op);

}  // namespace tessera
