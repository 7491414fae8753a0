#include "tessera/cost/systolic_gemm.h"

#include <algorithm>

#include "tessera/cost/gpu_kernels.h"
#include "tessera/cost/op_cost.h"

namespace tessera {
namespace {

// Attention per (batch, kv head, query head of the group): S = Q K^T (M = queries, N = keys, K = head dim), then
// O = P V (M = queries, N = head dim, K = keys). Both GEMMs cover every query/key pair; a causal mask's skipped pairs
// are still computed (the array runs whole folds).
SystolicWork attention_work(const Graph& graph, const Op& op) {
  const LoopNest& loops = op.loops;
  int64_t batch = loops.dim_size("B") * loops.dim_size("G") * loops.dim_size("R");
  int64_t queries = loops.dim_size("Q"), keys = loops.dim_size("KV"), head_dim = loops.dim_size("D");
  double e = dtype_bits(op_compute_dtype(graph, op)) / 8.0;
  auto q = static_cast<double>(queries), kv = static_cast<double>(keys), d = static_cast<double>(head_dim);
  SystolicWork work;
  work.fused = true;
  SystolicGemm scores{{queries, keys, head_dim}, batch, true, false, e, q * d * e, kv * d * e, q * kv * e};
  SystolicGemm context{{queries, head_dim, keys}, batch, true, false, e, q * kv * e, kv * d * e, q * d * e};
  work.gemms = {scores, context};
  return work;
}

}  // namespace

std::optional<SystolicWork> systolic_work(const Graph& graph, const Op& op) {
  if (op.kind == OpKind::attention) return attention_work(graph, op);
  std::optional<GemmProblem> problem = gemm_problem(graph, op);
  if (!problem || op.inputs.empty()) return std::nullopt;
  SystolicGemm gemm;
  gemm.dims = {problem->m, problem->n, problem->k};
  gemm.batch = problem->batch;
  gemm.element_bytes = problem->element_bytes;
  auto batch = static_cast<double>(problem->batch);
  auto first_input = static_cast<double>(graph.tensor(op.inputs[0]).bytes());
  // Input 0 is the ifmap; input 1 and later weights (recurrent weights, bias) are the filter side; later activations
  // are fused epilogue inputs (a residual), read once beside the ofmap they are indexed like.
  double filter_side = 0, epilogue = 0;
  for (size_t i = 1; i < op.inputs.size(); ++i) {
    const Tensor& t = graph.tensor(op.inputs[i]);
    (i == 1 || t.role == TensorRole::weight ? filter_side : epilogue) += static_cast<double>(t.bytes());
  }
  gemm.ofmap_bytes = (static_cast<double>(op.bytes_written) + epilogue) / batch;
  if (op.kind == OpKind::lstm) {
    // One GEMM per step over [x_t; h_t-1] (K = I + H); the steps run in order and share the weights.
    gemm.batch_parallel = false;
    gemm.filter_shared = true;
    gemm.ifmap_bytes = static_cast<double>(problem->m * problem->k) * problem->element_bytes;
    gemm.filter_bytes = filter_side;
  } else {
    // A strided conv uses only some input pixels: a re-read fetches at most the M x K view.
    gemm.ifmap_bytes = std::min(first_input / batch, static_cast<double>(problem->m * problem->k) * gemm.element_bytes);
    gemm.filter_bytes = filter_side / batch;
  }
  return SystolicWork{{gemm}, false};
}

}  // namespace tessera
