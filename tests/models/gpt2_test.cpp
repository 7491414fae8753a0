#include <gtest/gtest.h>

#include "models/llm_expectations.h"
#include "tessera/core/error.h"

namespace tessera {
namespace {

using llm_ref::decode_config;
using llm_ref::decode_macs;
using llm_ref::kaplan_prefill_macs;

struct Gpt2Case {
  const char* name;
  int64_t hidden, layers, params;
};

// transformers.GPT2LMHeadModel parameter counts (LM head tied to wte, so counted once):
// 124,439,808 / 354,823,168 / 774,030,080 / 1,557,611,200. By hand: 50257 d + 1024 d (wte, wpe) +
// L (12 d^2 + 13 d) + 2 d (ln_f).
const Gpt2Case kCases[] = {{"gpt2_124m", 768, 12, 124439808},
                           {"gpt2_355m", 1024, 24, 354823168},
                           {"gpt2_774m", 1280, 36, 774030080},
                           {"gpt2_1.5b", 1600, 48, 1557611200}};

TEST(Gpt2, ParamsMatchHuggingFace) {
  for (const auto& c : kCases) EXPECT_EQ(build_model(c.name, {}).params(), c.params) << c.name;
}

// Prefill of the full 1024-token context vs Kaplan's C_forward with N = 12 L d^2.
TEST(Gpt2, PrefillMacsMatchKaplan) {
  for (const auto& c : kCases) {
    double expected = kaplan_prefill_macs(12 * c.layers * c.hidden * c.hidden, c.layers, c.hidden, 1024, c.hidden,
                                          50257);
    EXPECT_NEAR(static_cast<double>(build_model(c.name, {}).macs()), expected, 0.005 * expected) << c.name;
  }
}

TEST(Gpt2, DecodeStepMacsAndKvCache) {
  Graph g = build_model("gpt2_124m", decode_config(512));
  EXPECT_EQ(g.macs(), decode_macs(12 * 12 * 768 * 768, 12, 768, 512, 768, 50257));
  auto cache = llm_ref::role_totals(g, TensorRole::kv_cache);
  EXPECT_EQ(cache.tensors, 2 * 12);
  EXPECT_EQ(cache.bytes, 2 * 12 * 512 * 768 * 2);  // k and v, 12 layers, 512 tokens, fp16
  EXPECT_EQ(g.tensor(*g.find_tensor("layers.0.attn.k_cache")).shape, (Shape{1, 512, 768}));
}

TEST(Gpt2, DecodeDefaultsKvLenToSeqAndRespectsPositionTable) {
  ModelConfig config = decode_config(0);
  config.seq = 100;
  EXPECT_EQ(build_model("gpt2_124m", config), build_model("gpt2_124m", decode_config(100)));
  EXPECT_THROW(build_model("gpt2_124m", decode_config(1024)), InputError);  // 1025 positions > 1024
  ModelConfig too_long;
  too_long.seq = 1025;
  EXPECT_THROW(build_model("gpt2_124m", too_long), InputError);
}

}  // namespace
}  // namespace tessera
