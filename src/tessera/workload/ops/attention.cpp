// Fused scaled-dot-product attention, softmax(Q K^T / sqrt(d)) V, in the packed [batch, sequence, heads * head_dim]
// layout, with grouped-query attention and an optional KV cache.
// inputs: q [B, Sq, H*D], k [B, Skv, Hkv*D], v [B, Skv, Hkv*D], optionally k_cache and v_cache [B, L, Hkv*D]
// (keys attended = L + Skv). The new keys and values are written by the projections that produce them — into the
// cache, in a real kernel — so attention itself writes only its output.
// attrs: heads, kv_heads (default heads), causal (0/1; queries are the last Sq positions of the key sequence).
// Loop dims: B, G (KV head groups), R (query heads per group), Q, KV, D — the dense bounding box of both
// contractions (Q K^T and P V share it); macs counts only the (query, key) pairs the causal mask keeps, times 2.
#include "tessera/core/checked_math.h"
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"

namespace tessera {
namespace {

// (query, key) pairs visible per head.
int64_t visible_pairs(int64_t queries, int64_t keys, bool causal) {
  const char* what = "attention's (query, key) pairs";
  if (!causal) return checked_multiply(queries, keys, what);
  int64_t triangle = checked_multiply(queries, queries + 1, what) / 2;
  return checked_add(checked_multiply(queries, keys - queries, what), triangle, what);
}

class Attention final : public OpDefinition {
 public:
  int min_inputs() const override { return 3; }
  int max_inputs() const override { return 5; }

  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    require(inputs.size() != 4, {}, "takes q, k, v and optionally both k_cache and v_cache");
    for (int i = 0; i < static_cast<int>(inputs.size()); ++i) require_rank(inputs, i, 3, 3);
    const Shape& q = inputs[0].shape;
    const Shape& k = inputs[1].shape;
    int64_t heads = positive_attr(attrs, "heads", 1);
    int64_t kv_heads = positive_attr(attrs, "kv_heads", heads);
    bool causal = attrs.get_int("causal", 0) != 0;
    require(heads % kv_heads == 0, {}, "heads " + std::to_string(heads) + " is not a multiple of kv_heads " +
                                           std::to_string(kv_heads));
    require(q[2] % heads == 0, {0}, "width " + std::to_string(q[2]) + " is not a multiple of heads");
    int64_t head_dim = q[2] / heads;
    Shape kv_shape{q[0], k[1], kv_heads * head_dim};
    require(k == kv_shape, {0, 1}, "k must be " + shape_string(kv_shape));
    require(inputs[2].shape == kv_shape, {0, 2}, "v must be " + shape_string(kv_shape));
    int64_t cached = 0;
    if (inputs.size() == 5) {
      cached = inputs[3].shape[1];
      Shape cache_shape{q[0], cached, kv_heads * head_dim};
      require(inputs[3].shape == cache_shape, {1, 3}, "k_cache must be " + shape_string(cache_shape));
      require(inputs[4].shape == cache_shape, {2, 4}, "v_cache must be " + shape_string(cache_shape));
    }
    int64_t keys = cached + k[1];
    require(!causal || keys >= q[1], {0, 1}, "causal attention needs at least as many keys as queries");

    OpInference out;
    out.outputs = {{q, inputs[0].dtype}};
    LoopNest& loops = out.loops;
    int64_t group = heads / kv_heads;
    int db = loops.add_dim("B", q[0]);
    int dg = loops.add_dim("G", kv_heads);
    int dr = loops.add_dim("R", group);
    int dq = loops.add_dim("Q", q[1]);
    int dkv = loops.add_dim("KV", keys);
    int dd = loops.add_dim("D", head_dim);
    std::vector<IndexTerm> query_width{{dg, group * head_dim}, {dr, head_dim}, {dd, 1}};
    std::vector<IndexTerm> key_width{{dg, head_dim}, {dd, 1}};
    loops.operands.push_back({0, false, {{{db, 1}}, {{dq, 1}}, query_width}});
    for (int slot = 1; slot < static_cast<int>(inputs.size()); ++slot) {
      loops.operands.push_back({slot, false, {{{db, 1}}, {{dkv, 1}}, key_width}});
    }
    loops.operands.push_back({0, true, {{{db, 1}}, {{dq, 1}}, query_width}});

    const char* what = "attention work";
    int64_t scores = checked_multiply(q[0] * heads, visible_pairs(q[1], keys, causal), what);
    out.macs = checked_multiply(scores, 2 * head_dim, what);
    out.vector_flops = checked_multiply(6, scores, what);  // scale, then softmax: max, subtract, exp, sum, divide
    out.transcendentals = scores;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, Attention, "attention");

}  // namespace
}  // namespace tessera
