// Transformer layer: pre-norm (GPT, Llama, ViT), post-norm (BERT) or parallel (GPT-J) arrangement of
// self-attention and an MLP. Weight names follow the roles, not any one framework: attn.{q,k,v,out}_proj,
// mlp.{fc_in,fc_out} or mlp.{gate,up,down}_proj, norm1/norm2.
#include "tessera/models/transformer_layer.h"

#include "tessera/core/error.h"

namespace tessera {
namespace {

// RoPE on the packed [B, S, heads * head_dim] projection: x * cos + rotate_half(x) * sin on the first
// rotated_dims of each head. rotate_half only permutes and negates, so it is folded into the sin multiply.
// Partial rotary (GPT-J) splits the head and concatenates the pass-through part back, as the reference does.
int rotary(GraphBuilder& b, const LayerContext& ctx, int x, const std::string& name, int64_t heads) {
  auto scope = b.scope(name);
  const TransformerConfig& c = ctx.config;
  int64_t head_dim = c.head_dim();
  int64_t rotated_dims = c.rotated_dims();
  int heads_view = b.reshape(x, "split_heads", {ctx.batch, ctx.new_tokens, heads, head_dim});
  int rotated = heads_view;
  int passed = -1;
  if (rotated_dims < head_dim) {
    std::vector<int> parts = b.op_outputs(OpKind::split, "split", {heads_view},
                                          {{"axis", int64_t{3}},
                                           {"sizes", std::vector<int64_t>{rotated_dims, head_dim - rotated_dims}}});
    rotated = parts[0];
    passed = parts[1];
  }
  int with_cos = b.binary(rotated, ctx.rope_cos, "mul_cos", "mul");
  int with_sin = b.binary(rotated, ctx.rope_sin, "mul_sin", "mul");
  int y = b.binary(with_cos, with_sin, "add", "add");
  if (passed >= 0) y = b.concat({y, passed}, "concat", 3);
  return b.reshape(y, "merge_heads", {ctx.batch, ctx.new_tokens, heads * head_dim});
}

// softmax(Q K^T / sqrt(d)) V with the scores in memory. The [B, S, heads x d] projections are read as [B x heads,
// S, d] by strided batched GEMMs (Megatron's baddbmm over its [s, b, h] layout), so no transpose is materialised;
// the reshapes below are those views. The causal mask is applied in the softmax kernel, so the full S x S is computed.
int materialized_attention(GraphBuilder& b, const LayerContext& ctx, int q, int k, int v) {
  const TransformerConfig& c = ctx.config;
  if (ctx.cached_tokens > 0) throw InputError("materialized attention has no KV-cache (decode) form");
  Shape per_head{ctx.batch * c.local_heads(), ctx.new_tokens, c.head_dim()};
  int scores = b.op(OpKind::matmul, "scores", {b.reshape(q, "q_heads", per_head), b.reshape(k, "k_heads", per_head)},
                    {{"trans_b", int64_t{1}}});
  int probs = b.softmax(scores, "scale_mask_softmax");
  if (c.attention_dropout) {
    Shape mask_shape = b.shape(probs);
    probs = b.binary(probs, b.input("attn_dropout_mask", mask_shape, DType::int8), "attn_dropout", "mul");
  }
  int context = b.op(OpKind::matmul, "context", {probs, b.reshape(v, "v_heads", per_head)});
  return b.reshape(context, "merge_heads", {ctx.batch, ctx.new_tokens, c.local_heads() * c.head_dim()});
}

int self_attention(GraphBuilder& b, const LayerContext& ctx, int x) {
  auto scope = b.scope("attn");
  const TransformerConfig& c = ctx.config;
  int q = b.linear(x, "q_proj", c.local_heads() * c.head_dim(), c.attention_bias);
  int k = b.linear(x, "k_proj", c.local_kv_width(), c.attention_bias);
  int v = b.linear(x, "v_proj", c.local_kv_width(), c.attention_bias);
  if (c.positions == PositionKind::rotary) {
    q = rotary(b, ctx, q, "q_rope", c.local_heads());
    k = rotary(b, ctx, k, "k_rope", c.local_kv_heads());
  }
  int y = -1;
  if (c.materialized_attention) {
    y = materialized_attention(b, ctx, q, k, v);
  } else {
    std::vector<int> inputs{q, k, v};
    if (ctx.cached_tokens > 0) {
      Shape cache{ctx.batch, ctx.cached_tokens, c.local_kv_width()};
      inputs.push_back(b.kv_cache("k_cache", cache));
      inputs.push_back(b.kv_cache("v_cache", cache));
    }
    y = b.op(OpKind::attention, "attention", inputs,
             {{"heads", c.local_heads()}, {"kv_heads", c.local_kv_heads()}, {"causal", int64_t{c.causal ? 1 : 0}}});
  }
  return b.linear(y, "out_proj", c.hidden, c.attention_bias);
}

int mlp(GraphBuilder& b, const TransformerConfig& c, int x) {
  if (c.is_moe()) return moe_mlp(b, c, x);
  auto scope = b.scope("mlp");
  if (c.ffn == FfnKind::swiglu) {
    int gate = b.unary(b.linear(x, "gate_proj", c.local_ffn_width(), c.mlp_bias), "silu", "silu");
    int up = b.linear(x, "up_proj", c.local_ffn_width(), c.mlp_bias);
    return b.linear(b.binary(gate, up, "gate_mul", "mul"), "down_proj", c.hidden, c.mlp_bias);
  }
  int h = b.unary(b.linear(x, "fc_in", c.local_ffn_width(), c.mlp_bias), "gelu", "gelu");
  return b.linear(h, "fc_out", c.hidden, c.mlp_bias);
}

}  // namespace

int norm(GraphBuilder& b, const TransformerConfig& config, int x, const std::string& name) {
  if (config.norm == NormKind::rms_norm) return b.rms_norm(x, name);
  return b.layer_norm(x, name, true);
}

int sequence_gather(GraphBuilder& b, const TransformerConfig& config, int x, const std::string& name) {
  if (!config.sequence_parallel) return x;
  return b.op(OpKind::all_gather, name, {x}, {{"group", config.tensor_parallel}, {"axis", int64_t{1}}});
}

int sequence_scatter(GraphBuilder& b, const TransformerConfig& config, int x, const std::string& name) {
  if (!config.sequence_parallel) return x;
  return b.op(OpKind::reduce_scatter, name, {x}, {{"group", config.tensor_parallel}, {"axis", int64_t{1}}});
}

int transformer_layer(GraphBuilder& b, const LayerContext& ctx, int x) {
  const TransformerConfig& c = ctx.config;
  if (c.parallel_block) {  // both branches read the same normed input and add into one residual
    int h = norm(b, c, x, "norm1");
    int attended = self_attention(b, ctx, h);
    int transformed = mlp(b, c, h);
    return b.binary(b.binary(x, attended, "attn_residual", "add"), transformed, "mlp_residual", "add");
  }
  if (c.post_norm) {
    x = norm(b, c, b.binary(x, self_attention(b, ctx, x), "attn_residual", "add"), "norm1");
    return norm(b, c, b.binary(x, mlp(b, c, x), "mlp_residual", "add"), "norm2");
  }
  int attended = self_attention(b, ctx, sequence_gather(b, c, norm(b, c, x, "norm1"), "attn_gather"));
  x = b.binary(x, sequence_scatter(b, c, attended, "attn_scatter"), "attn_residual", "add");
  int transformed = mlp(b, c, sequence_gather(b, c, norm(b, c, x, "norm2"), "mlp_gather"));
  return b.binary(x, sequence_scatter(b, c, transformed, "mlp_scatter"), "mlp_residual", "add");
}

}  // namespace tessera
