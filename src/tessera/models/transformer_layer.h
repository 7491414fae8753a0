#pragma once
// One transformer layer (attention + MLP with norms and residuals) for build_transformer. Internal to models/.
#include <cstdint>

#include "tessera/models/transformer.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {

// What every layer of one pass shares.
struct LayerContext {
  const TransformerConfig& config;
  int64_t batch = 1;
  int64_t new_tokens = 1;     // tokens computed in this pass: the sequence in prefill, 1 in decode
  int64_t cached_tokens = 0;  // tokens already in the KV cache (decode); 0 = no cache inputs
  int rope_cos = -1;          // rotary tables [1, new_tokens, 1, rotated dims]; -1 without rotary
  int rope_sin = -1;
};

// The norm the config asks for ("<name>.weight", and ".bias" for LayerNorm).
int norm(GraphBuilder& b, const TransformerConfig& config, int x, const std::string& name);

// The mixture-of-experts MLP (moe_mlp.cpp) in scope "mlp"; x is [batch, new_tokens, hidden], so is the result.
int moe_mlp(GraphBuilder& b, const TransformerConfig& config, int x);

// Sequence parallelism's collectives along the sequence axis (1) over the tensor-parallel ranks: [B, S/t, H] ->
// [B, S, H] and back (TransformerConfig::sequence_parallel); the identity without it.
int sequence_gather(GraphBuilder& b, const TransformerConfig& config, int x, const std::string& name);
int sequence_scatter(GraphBuilder& b, const TransformerConfig& config, int x, const std::string& name);

// Call inside the layer's scope ("layers.<i>"); x is [batch, new_tokens, hidden], so is the result.
int transformer_layer(GraphBuilder& b, const LayerContext& context, int x);

}  // namespace tessera
