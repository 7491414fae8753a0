#include <gtest/gtest.h>

#include "models/llm_expectations.h"

namespace tessera {
namespace {

// EleutherAI/gpt-j-6B (GPTJForCausalLM): 6,050,882,784 parameters. By hand: wte 50400*4096 = 206,438,400;
// 28 layers of ln_1 8,192 + q/k/v/out 4*4096^2 + fc_in 4096*16384 + 16384 + fc_out 16384*4096 + 4096
// = 201,355,264; ln_f 8,192; lm_head 4096*50400 + 50400 = 206,488,800.
TEST(GptJ, ParamsMatchHuggingFace) { EXPECT_EQ(build_model("gpt_j_6b", {}).params(), 6050882784); }

// N = 28 (4 d^2 + 2 d d_ff) = 5,637,144,576 matmul weights.
constexpr int64_t kMatmulWeights = 28 * (4 * 4096LL * 4096 + 2 * 4096LL * 16384);

TEST(GptJ, PrefillMacsMatchKaplan) {
  double expected = llm_ref::kaplan_prefill_macs(kMatmulWeights, 28, 4096, 2048, 4096, 50400);
  EXPECT_NEAR(static_cast<double>(build_model("gpt_j_6b", {}).macs()), expected, 0.005 * expected);
}

TEST(GptJ, DecodeStepMacs) {
  Graph g = build_model("gpt_j_6b", llm_ref::decode_config(2000));
  EXPECT_EQ(g.macs(), llm_ref::decode_macs(kMatmulWeights, 28, 4096, 2000, 4096, 50400));
  EXPECT_EQ(llm_ref::role_totals(g, TensorRole::kv_cache).bytes, 2 * 28 * 2000 * 4096LL * 2);
}

// Rotary on the first 64 of each 256-wide head: the head is split, 64 dims rotated at 3 FLOPs each, rejoined.
TEST(GptJ, PartialRotaryCountsOnlyRotatedDims) {
  Graph g = build_model("gpt_j_6b", {});
  int64_t rope_flops = 0;
  for (const Op& op : g.ops()) {
    if (op.name.rfind("layers.0.attn.q_rope.", 0) == 0) rope_flops += op.vector_flops;
  }
  EXPECT_EQ(rope_flops, 3 * 2048 * 16 * 64);
  EXPECT_TRUE(g.find_tensor("layers.0.attn.q_rope.split:1").has_value());
}

}  // namespace
}  // namespace tessera
