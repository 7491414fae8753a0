#include <gtest/gtest.h>

#include "models/llm_expectations.h"

namespace tessera {
namespace {

struct LlamaCase {
  const char* name;
  int64_t vocab, hidden, layers, kv_width, ffn, context, params;
  // Matmul weights per the Llama layer: q, o (d^2 each), k, v (d * kv_width each), gate, up, down (d * d_ff each).
  int64_t matmul_weights() const { return layers * (2 * hidden * hidden + 2 * hidden * kv_width + 3 * hidden * ffn); }
};

// LlamaForCausalLM parameter counts (Hugging Face meta-llama/*-hf): Llama-2-7b 6,738,415,616, 13b 13,015,864,320,
// 70b 68,976,648,192, Meta-Llama-3-8B 8,030,261,248. By hand: 2 V d (embedding + untied head) + d (final norm) +
// L (matmul weights / L + 2 d norms).
const LlamaCase kCases[] = {{"llama2_7b", 32000, 4096, 32, 4096, 11008, 4096, 6738415616},
                            {"llama2_13b", 32000, 5120, 40, 5120, 13824, 4096, 13015864320},
                            {"llama2_70b", 32000, 8192, 80, 1024, 28672, 4096, 68976648192},
                            {"llama3_8b", 128256, 4096, 32, 1024, 14336, 8192, 8030261248}};

TEST(Llama, ParamsMatchHuggingFace) {
  for (const auto& c : kCases) {
    EXPECT_EQ(build_model(c.name, {}).params(), c.params) << c.name;
    EXPECT_EQ(c.matmul_weights() + 2 * c.vocab * c.hidden + c.hidden * (2 * c.layers + 1), c.params) << c.name;
  }
}

// Prefill of the full trained context vs Kaplan's C_forward.
TEST(Llama, PrefillMacsMatchKaplan) {
  for (const auto& c : kCases) {
    double expected = llm_ref::kaplan_prefill_macs(c.matmul_weights(), c.layers, c.hidden, c.context, c.hidden,
                                                   c.vocab);
    EXPECT_NEAR(static_cast<double>(build_model(c.name, {}).macs()), expected, 0.005 * expected) << c.name;
  }
}

TEST(Llama, DecodeStepMacsAndKvCacheBytes) {
  for (const auto& c : kCases) {
    Graph g = build_model(c.name, llm_ref::decode_config(c.context));
    EXPECT_EQ(g.macs(), llm_ref::decode_macs(c.matmul_weights(), c.layers, c.hidden, c.context, c.hidden, c.vocab))
        << c.name;
    auto cache = llm_ref::role_totals(g, TensorRole::kv_cache);
    EXPECT_EQ(cache.tensors, 2 * c.layers) << c.name;
    EXPECT_EQ(cache.bytes, 2 * c.layers * c.context * c.kv_width * 2) << c.name;  // fp16
  }
}

// Llama-2-70B: 64 query heads share 8 KV heads of 128, so the K/V projections and the cache are 1024 wide.
TEST(Llama, Llama2_70bUsesGroupedQueryAttention) {
  Graph g = build_model("llama2_70b", llm_ref::decode_config(4096));
  EXPECT_EQ(g.tensor(*g.find_tensor("layers.0.attn.k_proj")).shape, (Shape{1, 1, 1024}));
  EXPECT_EQ(g.tensor(*g.find_tensor("layers.79.attn.v_cache")).shape, (Shape{1, 4096, 1024}));
  for (const Op& op : g.ops()) {
    if (op.kind != OpKind::attention) continue;
    EXPECT_EQ(op.attrs.get_int("heads"), 64);
    EXPECT_EQ(op.attrs.get_int("kv_heads"), 8);
  }
  // 80 layers x (k + v) x 4096 tokens x 1024 x 2 bytes = 1.25 GiB.
  EXPECT_EQ(llm_ref::role_totals(g, TensorRole::kv_cache).bytes, 1342177280);
}

TEST(Llama, DecodeAtBatchScalesCacheAndMacs) {
  ModelConfig config = llm_ref::decode_config(1000);
  config.batch = 8;
  Graph batched = build_model("llama2_7b", config);
  Graph single = build_model("llama2_7b", llm_ref::decode_config(1000));
  EXPECT_EQ(batched.macs(), 8 * single.macs());
  EXPECT_EQ(llm_ref::role_totals(batched, TensorRole::kv_cache).bytes,
            8 * llm_ref::role_totals(single, TensorRole::kv_cache).bytes);
  EXPECT_EQ(batched.params(), single.params());
}

}  // namespace
}  // namespace tessera
