#include <gtest/gtest.h>

#include "tessera/core/error.h"
#include "tessera/models/transformer.h"

namespace tessera {
namespace {

// A small Llama-shaped model: 2 layers, d 64, 4 heads of 16, 2 KV heads.
TransformerConfig tiny_llama() {
  TransformerConfig c = llama_architecture();
  c.name = "tiny";
  c.vocab = 100;
  c.max_positions = 64;
  c.hidden = 64;
  c.layers = 2;
  c.heads = 4;
  c.kv_heads = 2;
  c.ffn_hidden = 128;
  c.default_seq = 16;
  return c;
}

TEST(Transformer, ValidateNamesTheBadField) {
  TransformerConfig c = tiny_llama();
  c.heads = 5;
  try {
    validate(c);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("hidden 64 is not a multiple of heads 5"), std::string::npos) << e.what();
  }
  c = tiny_llama();
  c.kv_heads = 3;
  EXPECT_THROW(validate(c), InputError);
  c = tiny_llama();
  c.rotary_dim = 18;  // wider than the 16-dim head
  EXPECT_THROW(validate(c), InputError);
  c = tiny_llama();
  c.vocab = 0;
  EXPECT_THROW(validate(c), InputError);
}

// The LM head applies to the last prefill token unless asked for all of them.
TEST(Transformer, LmHeadOnLastTokenOrAll) {
  TransformerConfig c = tiny_llama();
  Graph last = build_transformer(c, {});
  c.lm_head_all_tokens = true;
  Graph all = build_transformer(c, {});
  EXPECT_EQ(all.macs() - last.macs(), 15 * 64 * 100);
  EXPECT_EQ(last.tensor(*last.find_tensor("lm_head")).shape, (Shape{1, 1, 100}));
  EXPECT_EQ(all.tensor(*all.find_tensor("lm_head")).shape, (Shape{1, 16, 100}));
}

// Rotary: 3 FLOPs (two multiplies, one add) per rotated element of q and k, no MACs.
TEST(Transformer, RotaryCountsThreeFlopsPerRotatedElement) {
  Graph g = build_transformer(tiny_llama(), {});
  int64_t q_flops = 0, k_flops = 0;
  for (const Op& op : g.ops()) {
    if (op.name.rfind("layers.0.attn.q_rope.", 0) == 0) q_flops += op.vector_flops;
    if (op.name.rfind("layers.0.attn.k_rope.", 0) == 0) k_flops += op.vector_flops;
    if (op.name.find("_rope.") != std::string::npos) {
      EXPECT_EQ(op.macs, 0) << op.name;
    }
  }
  EXPECT_EQ(q_flops, 3 * 16 * 64);
  EXPECT_EQ(k_flops, 3 * 16 * 32);  // 2 KV heads of 16
}

TEST(Transformer, DecodeAddsCachesPerLayer) {
  ModelConfig run;
  run.phase = LlmPhase::decode;
  run.kv_len = 40;
  Graph g = build_transformer(tiny_llama(), run);
  int caches = 0;
  for (const Tensor& t : g.tensors()) {
    if (t.role != TensorRole::kv_cache) continue;
    ++caches;
    EXPECT_EQ(t.shape, (Shape{1, 40, 32})) << t.name;
  }
  EXPECT_EQ(caches, 4);
  EXPECT_EQ(g.tensor(*g.find_tensor("input_ids")).shape, (Shape{1, 1}));
}

TEST(Transformer, EncoderRejectsDecode) {
  TransformerConfig c = tiny_llama();
  c.causal = false;
  c.lm_head = false;
  ModelConfig run;
  run.phase = LlmPhase::decode;
  EXPECT_THROW(build_transformer(c, run), InputError);
  EXPECT_NO_THROW(build_transformer(c, {}));
}

// Parallel (GPT-J) blocks have one norm per layer; post-norm (BERT) blocks have no final norm.
TEST(Transformer, BlockArrangements) {
  TransformerConfig c = tiny_llama();
  c.parallel_block = true;
  Graph parallel = build_transformer(c, {});
  EXPECT_TRUE(parallel.find_tensor("layers.0.norm1").has_value());
  EXPECT_FALSE(parallel.find_tensor("layers.0.norm2").has_value());
  c = tiny_llama();
  c.post_norm = true;
  Graph post = build_transformer(c, {});
  EXPECT_FALSE(post.find_tensor("final_norm").has_value());
  EXPECT_TRUE(post.find_tensor("layers.1.norm2").has_value());
}

TEST(Transformer, TiedHeadSharesTheEmbeddingTable) {
  TransformerConfig c = tiny_llama();
  int64_t untied = build_transformer(c, {}).params();
  c.tied_lm_head = true;
  EXPECT_EQ(untied - build_transformer(c, {}).params(), 100 * 64);
}

}  // namespace
}  // namespace tessera
