// build_transformer: embeddings, the layer stack, and the outputs (LM head, BERT pooler, ViT classifier), for one
// prefill/encoder pass or one decode step. Nothing is unrolled per token, so even GPT-3 builds in milliseconds.
#include "tessera/models/transformer.h"

#include "tessera/core/error.h"
#include "tessera/models/transformer_layer.h"

namespace tessera {
namespace {


void require_field(bool condition, const std::string& message) {
  if (!condition) throw InputError("transformer config: " + message);
}

// The shape of one pass: how many tokens are computed and how many are already cached.
struct Pass {
  int64_t batch = 1;
  int64_t new_tokens = 1;
  int64_t cached_tokens = 0;
};

Pass resolve_pass(const TransformerConfig& c, const ModelConfig& run) {
  Pass pass;
  pass.batch = run.batch;
  validate_model_config(run);
  int64_t seq = run.seq > 0 ? run.seq : c.default_seq;
  if (c.input == InputKind::image_patches) {
    if (run.seq != 0 && run.seq != c.image_tokens()) {
      throw InputError(c.name + ": takes " + std::to_string(c.image_size) + "x" + std::to_string(c.image_size) +
                       " images, " + std::to_string(c.image_tokens()) + " tokens; sequence length " +
                       std::to_string(run.seq) + " does not apply");
    }
    seq = c.image_tokens();
  }
  if (seq < 1) throw InputError(c.name + ": sequence length must be at least 1, got " + std::to_string(seq));
  pass.new_tokens = seq;
  if (run.phase == LlmPhase::decode) {
    if (!c.is_decoder()) throw InputError(c.name + ": the decode phase applies only to decoder LLMs");
    pass.cached_tokens = run.kv_len > 0 ? run.kv_len : seq;
    pass.new_tokens = 1;
  }
  int64_t positions = pass.cached_tokens + pass.new_tokens;
  if (c.input == InputKind::tokens && c.positions == PositionKind::learned && positions > c.max_positions) {
    throw InputError(c.name + ": needs " + std::to_string(positions) + " positions, its learned position table has " +
                     std::to_string(c.max_positions));
  }
  return pass;
}

// Token (+ position, + token type) embeddings; returns [B, S, hidden] and sets the token table's id.
int token_embeddings(GraphBuilder& b, const TransformerConfig& c, const Pass& pass, int& token_table) {
  int ids = b.input("input_ids", {pass.batch, pass.new_tokens}, kIndexDType);
  int x = b.embedding(ids, "embed_tokens", c.local_vocab(), c.hidden);
  token_table = b.graph().op(b.graph().producer(x)).inputs[0];
  if (c.positions == PositionKind::learned) {  // position ids are shared by the batch: [1, S] broadcasts
    int position_ids = b.input("position_ids", {1, pass.new_tokens}, kIndexDType);
    x = b.binary(x, b.embedding(position_ids, "embed_positions", c.max_positions, c.hidden), "add_positions", "add");
  }
  if (c.token_types > 0) {
    int type_ids = b.input("token_type_ids", {pass.batch, pass.new_tokens}, kIndexDType);
    x = b.binary(x, b.embedding(type_ids, "embed_token_types", c.token_types, c.hidden), "add_token_types", "add");
  }
  if (c.embedding_norm) x = norm(b, c, x, "embed_norm");
  return x;
}

// ViT: a patch_size-strided convolution turns the image into patch tokens; a class token is prepended and a learned
// position embedding added.
int patch_embeddings(GraphBuilder& b, const TransformerConfig& c, const Pass& pass) {
  int image = b.input("image", {pass.batch, c.image_channels, c.image_size, c.image_size});
  int x = b.conv(image, "patch_embed", c.hidden, c.patch_size, c.patch_size, 0, 1, true);
  int64_t patches = c.image_tokens() - 1;
  x = b.reshape(x, "flatten", {pass.batch, c.hidden, patches});
  x = b.transpose(x, "to_tokens", {0, 2, 1});
  // The one class-token row expanded over the batch, modelled as a gather of row 0 for each sample.
  int class_index = b.input("class_index", {pass.batch, 1}, kIndexDType);
  int class_token = b.embedding(class_index, "class_token", 1, c.hidden);
  x = b.concat({class_token, x}, "prepend_class_token", 1);
  return b.binary(x, b.weight("pos_embedding", {1, c.image_tokens(), c.hidden}), "add_positions", "add");
}

// Token `first ? 0 : S-1` of [B, S, hidden] as [B, 1, hidden] (a split; the identity when S is 1).
int pick_token(GraphBuilder& b, int x, const std::string& name, bool first) {
  const Shape shape = b.shape(x);
  int64_t tokens = shape[1];
  if (tokens == 1) return x;
  std::vector<int64_t> sizes = first ? std::vector<int64_t>{1, tokens - 1} : std::vector<int64_t>{tokens - 1, 1};
  std::vector<int> parts = b.op_outputs(OpKind::split, name, {x}, {{"axis", int64_t{1}}, {"sizes", sizes}});
  return parts[first ? 0 : 1];
}

int lm_head(GraphBuilder& b, const TransformerConfig& c, int x, int token_table) {
  if (!c.lm_head_all_tokens) x = pick_token(b, x, "last_token", false);
  if (!c.tied_lm_head) return b.linear(x, "lm_head", c.local_vocab(), c.lm_head_bias);
  std::vector<int> inputs{x, token_table};  // the [vocab, hidden] table, read transposed
  if (c.lm_head_bias) inputs.push_back(b.weight("lm_head.bias", {c.local_vocab()}));
  return b.op(OpKind::matmul, "lm_head", inputs, {{"trans_b", int64_t{1}}});
}

// Encoders: BERT's pooler (tanh of a dense layer on the first token) and ViT's classifier on the class token.
void encoder_outputs(GraphBuilder& b, const TransformerConfig& c, const Pass& pass, int x) {
  if (!c.pooler && c.classes == 0) return;
  int first = b.reshape(pick_token(b, x, "first_token", true), "first_token_flat", {pass.batch, c.hidden});
  if (c.pooler) b.unary(b.linear(first, "pooler.dense", c.hidden), "pooler.tanh", "tanh");
  if (c.classes > 0) b.linear(first, "head", c.classes);
}

}  // namespace

int64_t TransformerConfig::image_tokens() const {
  if (patch_size <= 0) return 0;
  int64_t per_side = image_size / patch_size;
  return per_side * per_side + 1;
}

void validate(const TransformerConfig& c) {
  require_field(c.hidden > 0 && c.layers > 0 && c.heads > 0,
                "hidden, layers and heads must be positive (got " + std::to_string(c.hidden) + ", " +
                    std::to_string(c.layers) + ", " + std::to_string(c.heads) + ")");
  require_field(c.hidden % c.heads == 0,
                "hidden " + std::to_string(c.hidden) + " is not a multiple of heads " + std::to_string(c.heads));
  require_field(c.kv_heads >= 0 && c.heads % c.kv_heads_or_heads() == 0,
                "heads " + std::to_string(c.heads) + " is not a multiple of kv_heads " + std::to_string(c.kv_heads));
  require_field(c.ffn_hidden >= 0, "ffn_hidden must be non-negative, got " + std::to_string(c.ffn_hidden));
  int64_t tp = c.tensor_parallel;
  require_field(tp >= 1 && c.kv_heads_or_heads() % tp == 0 && c.ffn_width() % tp == 0,
                "tensor_parallel " + std::to_string(tp) + " must divide the (kv) heads " +
                    std::to_string(c.kv_heads_or_heads()) + " and the MLP width " + std::to_string(c.ffn_width()));
  require_field(!c.sequence_parallel || (!c.post_norm && !c.parallel_block),
                "sequence parallelism is built for pre-norm layers (not post-norm or parallel blocks)");
  require_field(c.experts >= 0, "experts must be non-negative, got " + std::to_string(c.experts));
  if (c.is_moe()) {
    require_field(c.experts_per_token >= 1 && c.experts_per_token <= c.experts,
                  "experts_per_token " + std::to_string(c.experts_per_token) + " must be 1 to experts " +
                      std::to_string(c.experts));
    require_field(c.expert_parallel >= 1 && c.experts % c.expert_parallel == 0,
                  "expert_parallel " + std::to_string(c.expert_parallel) + " must divide the experts " +
                      std::to_string(c.experts));
    require_field(!c.mlp_bias, "mixture-of-experts MLPs are built without biases (mlp_bias must be false)");
  } else {
    require_field(c.experts == 0 && c.experts_per_token == 0 && c.expert_parallel == 1,
                  "experts_per_token and expert_parallel need experts > 0 (got experts " + std::to_string(c.experts) +
                      ")");
  }
  require_field(!c.materialized_attention || c.kv_heads_or_heads() == c.heads,
                "materialized attention needs kv_heads == heads (no grouped-query attention)");
  if (c.positions == PositionKind::rotary) {
    require_field(c.rotary_dim >= 0 && c.rotated_dims() <= c.head_dim() && c.rotated_dims() % 2 == 0,
                  "rotary_dim " + std::to_string(c.rotary_dim) + " must be even and at most the head dim " +
                      std::to_string(c.head_dim()));
  }
  if (c.input == InputKind::tokens) {
    require_field(c.vocab > 0, "vocab must be positive, got " + std::to_string(c.vocab));
    require_field(c.positions != PositionKind::learned || c.max_positions > 0,
                  "learned positions need max_positions > 0, got " + std::to_string(c.max_positions));
  } else {
    require_field(c.patch_size > 0 && c.image_size > 0 && c.image_size % c.patch_size == 0,
                  "image_size " + std::to_string(c.image_size) + " must be a positive multiple of patch_size " +
                      std::to_string(c.patch_size));
    require_field(!c.lm_head, "an image model has no LM head");
  }
}

Graph build_transformer(const TransformerConfig& c, const ModelConfig& run) {
  validate(c);
  Pass pass = resolve_pass(c, run);
  GraphBuilder b(c.name, run.dtype);
  int token_table = -1;
  int x = c.input == InputKind::tokens ? token_embeddings(b, c, pass, token_table) : patch_embeddings(b, c, pass);
  if (c.sequence_parallel && pass.cached_tokens > 0) throw InputError("sequence parallelism has no decode form");
  x = sequence_scatter(b, c, x, "embed_scatter");
  LayerContext context{c, pass.batch, pass.new_tokens, pass.cached_tokens};
  if (c.positions == PositionKind::rotary) {  // cos/sin of each position, computed once per pass
    Shape table{1, pass.new_tokens, 1, c.rotated_dims()};
    context.rope_cos = b.input("rope.cos", table);
    context.rope_sin = b.input("rope.sin", table);
  }
  for (int64_t layer = 0; layer < c.layers; ++layer) {
    auto scope = b.scope("layers." + std::to_string(layer));
    x = transformer_layer(b, context, x);
  }
  if (!c.post_norm) x = norm(b, c, x, "final_norm");
  x = sequence_gather(b, c, x, "final_norm_gather");
  if (c.lm_head) {
    lm_head(b, c, x, token_table);
  } else {
    encoder_outputs(b, c, pass, x);
  }
  return b.finish();
}

}  // namespace tessera
