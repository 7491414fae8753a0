#pragma once
// Reference formulas shared by the decoder-LLM tests.
#include <cstdint>

#include "tessera/models/model.h"

namespace tessera::llm_ref {

// Kaplan et al. 2020 (Scaling Laws, Table 1): C_forward = 2N + 2 n_layer n_ctx d_attn FLOPs per token, N the
// non-embedding parameters (here the matmul weights; biases and norms cost no MACs). In MACs for a prefill of
// `seq` tokens: seq * (N + n_layer seq d_attn); plus the LM head d_model * vocab on the last token.
inline double kaplan_prefill_macs(int64_t n, int64_t layers, int64_t d_attn, int64_t seq, int64_t d_model,
                                  int64_t vocab) {
  return static_cast<double>(seq) * (static_cast<double>(n) + static_cast<double>(layers * seq * d_attn)) +
         static_cast<double>(d_model * vocab);
}

// One decode step, exactly: the new token through every matmul weight (N), attention over kv_len cached keys
// plus its own, 2 (kv_len + 1) d_attn per layer (Q K^T and P V), and the LM head.
inline int64_t decode_macs(int64_t n, int64_t layers, int64_t d_attn, int64_t kv_len, int64_t d_model,
                           int64_t vocab) {
  return n + layers * 2 * (kv_len + 1) * d_attn + d_model * vocab;
}

inline ModelConfig decode_config(int64_t kv_len) {
  ModelConfig config;
  config.phase = LlmPhase::decode;
  config.kv_len = kv_len;
  return config;
}

struct RoleTotals {
  int64_t tensors = 0;
  int64_t bytes = 0;
};

inline RoleTotals role_totals(const Graph& graph, TensorRole role) {
  RoleTotals totals;
  for (const Tensor& t : graph.tensors()) {
    if (t.role != role) continue;
    ++totals.tensors;
    totals.bytes += t.bytes();
  }
  return totals;
}

}  // namespace tessera::llm_ref
