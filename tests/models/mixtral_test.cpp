// Mixtral 8x7B and the mixture-of-experts MLP of the transformer builder: parameters against the Hugging Face
// config's arithmetic, MACs against the dense MLP they replace, expert-parallel and tensor-parallel shards.
#include <gtest/gtest.h>

#include "models/llm_expectations.h"
#include "models/tensor_lookup.h"
#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/models/transformer.h"

namespace tessera {
namespace {

constexpr int64_t kVocab = 32000, kHidden = 4096, kLayers = 32, kKvWidth = 8 * 128, kFfn = 14336;
constexpr int64_t kExperts = 8, kTopK = 2;

TransformerConfig mixtral() {
  auto builder = Registry<ModelBuilder>::instance().create("mixtral_8x7b", "model");
  return dynamic_cast<const TransformerModel&>(*builder).config();
}

int64_t macs_of(const Graph& g, const std::string& prefix) {
  int64_t macs = 0;
  for (const auto& op : g.ops()) {
    if (op.name.rfind(prefix, 0) == 0) macs += op.macs;
  }
  return macs;
}

// mistralai/Mixtral-8x7B-v0.1 config.json: vocab_size 32000, hidden_size 4096, num_hidden_layers 32,
// num_attention_heads 32, num_key_value_heads 8 (head 128), intermediate_size 14336, num_local_experts 8,
// num_experts_per_tok 2, tie_word_embeddings false, no biases. Per layer:
//   attention  q, o 4096^2 + k, v 4096 x 1024                         =    41,943,040
//   experts    8 x (w1, w3, w2) 3 x 4096 x 14336                      = 1,409,286,144
//   router     gate 4096 x 8                                          =        32,768
//   norms      2 x 4096                                               =         8,192
//                                                                       1,451,270,144
// Total: 32 x 1,451,270,144 + embedding and head 2 x 32000 x 4096 + final norm 4096 = 46,702,792,704 ("46.7B",
// Jiang et al. 2024). Active per token: the 6 unchosen experts of each layer less, 32 x 6 x 3 x 4096 x 14336 =
// 33,822,867,456 fewer: 12,879,925,248 ("12.9B").
TEST(Mixtral, ParamsMatchHuggingFace) {
  int64_t attention = 2 * kHidden * kHidden + 2 * kHidden * kKvWidth;
  int64_t experts = kExperts * 3 * kHidden * kFfn;
  int64_t layer = attention + experts + kHidden * kExperts + 2 * kHidden;
  EXPECT_EQ(layer, 1451270144);
  int64_t total = kLayers * layer + 2 * kVocab * kHidden + kHidden;
  EXPECT_EQ(total, 46702792704);
  EXPECT_EQ(build_model("mixtral_8x7b", ModelConfig{1, 64, DType::fp16}).params(), total);
  EXPECT_EQ(total - kLayers * (kExperts - kTopK) * 3 * kHidden * kFfn, 12879925248);
}

// Prefill of the 32768-token context vs Kaplan's C_forward with N the weights a token passes through: attention,
// router and k = 2 of the 8 experts per layer.
TEST(Mixtral, PrefillMacsMatchKaplanOnActiveWeights) {
  int64_t active = kLayers * (2 * kHidden * kHidden + 2 * kHidden * kKvWidth + kHidden * kExperts +
                              kTopK * 3 * kHidden * kFfn);
  EXPECT_EQ(active, 12617515008);
  double expected = llm_ref::kaplan_prefill_macs(active, kLayers, kHidden, 32768, kHidden, kVocab);
  EXPECT_NEAR(static_cast<double>(build_model("mixtral_8x7b", {}).macs()), expected, 0.005 * expected);
}

// T tokens through one MoE MLP: the router (T x hidden x experts) plus each expert's SwiGLU on its T k / E tokens,
// E x (T k / E) x 3 hidden ffn = k x the dense SwiGLU MLP's T x 3 hidden ffn. T = 64, k = 2, E = 8: 16 rows each.
TEST(Mixtral, MoeMlpMacsAreTheRouterPlusTopKDenseMlps) {
  ModelConfig run{1, 64, DType::fp16};
  TransformerConfig moe = mixtral();
  TransformerConfig dense = moe;
  dense.experts = 0;
  dense.experts_per_token = 0;
  Graph g = build_transformer(moe, run);
  int64_t dense_mlp = macs_of(build_transformer(dense, run), "layers.0.mlp.");
  EXPECT_EQ(dense_mlp, 64 * 3 * kHidden * kFfn);
  EXPECT_EQ(macs_of(g, "layers.0.mlp."), 64 * kHidden * kExperts + kTopK * dense_mlp);
  EXPECT_EQ(macs_of(g, "layers.0.mlp.router"), 64 * kHidden * kExperts);
  EXPECT_EQ(testing::tensor_named(g, "layers.0.mlp.experts.gate_proj.weight").shape,
            (Shape{kExperts, kHidden, kFfn}));
  EXPECT_EQ(testing::tensor_named(g, "layers.0.mlp.dispatch").shape, (Shape{kExperts, 16, kHidden}));
  EXPECT_EQ(testing::tensor_named(g, "layers.0.mlp.combine").shape, (Shape{1, 64, kHidden}));
}

// Expert parallelism: a rank keeps experts / ep experts and computes ep x T k / E rows on each, T k rows in all, so
// its expert MACs are those of the whole layer without expert parallelism; tensor parallelism splits each expert's
// MLP width. A decode step's 1 x 2 routed rows still occupy every expert with one (padded) row.
TEST(Mixtral, ExpertAndTensorParallelShards) {
  ModelConfig run{1, 64, DType::fp16};
  TransformerConfig c = mixtral();
  c.layers = 1;
  int64_t whole = macs_of(build_transformer(c, run), "layers.0.mlp.experts.");
  c.expert_parallel = 4;
  Graph ep = build_transformer(c, run);
  EXPECT_EQ(macs_of(ep, "layers.0.mlp.experts."), whole);
  EXPECT_EQ(testing::tensor_named(ep, "layers.0.mlp.experts.down_proj.weight").shape, (Shape{2, kFfn, kHidden}));
  EXPECT_EQ(testing::tensor_named(ep, "layers.0.mlp.dispatch").shape, (Shape{2, 64, kHidden}));
  c.expert_parallel = 1;
  c.tensor_parallel = 8;
  Graph tp = build_transformer(c, run);
  EXPECT_EQ(macs_of(tp, "layers.0.mlp.experts.") * 8, whole);
  EXPECT_EQ(testing::tensor_named(tp, "layers.0.mlp.experts.up_proj.weight").shape,
            (Shape{kExperts, kHidden, kFfn / 8}));
  c.tensor_parallel = 1;
  ModelConfig decode{1, 0, DType::fp16, LlmPhase::decode, 100};
  EXPECT_EQ(testing::tensor_named(build_transformer(c, decode), "layers.0.mlp.dispatch").shape,
            (Shape{kExperts, 1, kHidden}));
}

TEST(Mixtral, RejectsBadExpertFields) {
  TransformerConfig c = mixtral();
  c.experts_per_token = 9;
  EXPECT_THROW(validate(c), InputError);
  c = mixtral();
  c.expert_parallel = 3;
  EXPECT_THROW(validate(c), InputError);
  c = mixtral();
  c.experts = 0;
  EXPECT_THROW(validate(c), InputError);  // experts_per_token without experts
  c = mixtral();
  c.mlp_bias = true;
  EXPECT_THROW(validate(c), InputError);
}

}  // namespace
}  // namespace tessera
