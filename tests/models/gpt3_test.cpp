#include <gtest/gtest.h>

#include "models/llm_expectations.h"

namespace tessera {
namespace {

// Brown et al. 2020, Table 2.1: GPT-3 175B has 175.0 B parameters (n_layers 96, d_model 12288, 96 heads of 128,
// n_ctx 2048). By hand: 96 (12 d^2 + 13 d) + (50257 + 2048) d + 2 d = 174,604,259,328, 0.23% under the rounded
// 175.0 B.
TEST(Gpt3, ParamsMatchPaper) {
  EXPECT_NEAR(static_cast<double>(build_model("gpt3_175b", {}).params()), 175.0e9, 0.005 * 175.0e9);
}

TEST(Gpt3, PrefillMacsMatchKaplan) {
  constexpr int64_t d = 12288;
  double expected = llm_ref::kaplan_prefill_macs(12 * 96 * d * d, 96, d, 2048, d, 50257);
  EXPECT_NEAR(static_cast<double>(build_model("gpt3_175b", {}).macs()), expected, 0.005 * expected);
}

TEST(Gpt3, DecodeStepMacsAndKvCache) {
  constexpr int64_t d = 12288;
  Graph g = build_model("gpt3_175b", llm_ref::decode_config(2047));
  EXPECT_EQ(g.macs(), llm_ref::decode_macs(12 * 96 * d * d, 96, d, 2047, d, 50257));
  EXPECT_EQ(llm_ref::role_totals(g, TensorRole::kv_cache).bytes, 2 * 96 * 2047 * d * 2);
}

}  // namespace
}  // namespace tessera
