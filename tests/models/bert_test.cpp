#include <gtest/gtest.h>

#include "tessera/core/error.h"
#include "tessera/models/model.h"

namespace tessera {
namespace {

// transformers.BertModel (with pooler) for bert-base-uncased: 109,482,240 parameters. By hand: embeddings
// 30522*768 + 512*768 + 2*768 + LN 2*768 = 23,837,184; 12 layers of 12*768^2 + 13*768 = 7,087,872;
// pooler 768*768 + 768 = 590,592.
TEST(Bert, BaseParamsMatchHuggingFace) { EXPECT_EQ(build_model("bert_base", {}).params(), 109482240); }

// bert-large-uncased BertModel: 335,141,888 = 31,782,912 (embeddings) + 24 * 12,596,224 + 1,049,600 (pooler).
TEST(Bert, LargeParamsMatchHuggingFace) { EXPECT_EQ(build_model("bert_large", {}).params(), 335141888); }

// MACs per sample, by hand: every token through 12 L d^2 of projections and MLP, bidirectional attention
// 2 S^2 d per layer (Q K^T and P V), and the pooler d^2 on the first token.
int64_t bert_macs(int64_t layers, int64_t d, int64_t seq) {
  return seq * 12 * layers * d * d + layers * 2 * seq * seq * d + d * d;
}

TEST(Bert, MacsMatchHandDerivation) {
  EXPECT_EQ(build_model("bert_base", {}).macs(), bert_macs(12, 768, 128));    // 11.17 G at seq 128
  EXPECT_EQ(build_model("bert_large", {}).macs(), bert_macs(24, 1024, 384));  // 123.2 G at seq 384
}

TEST(Bert, IsAnEncoderWithDocumentedDefaultSequences) {
  Graph base = build_model("bert_base", {});
  EXPECT_EQ(base.tensor(*base.find_tensor("input_ids")).shape, (Shape{1, 128}));
  Graph large = build_model("bert_large", {});
  EXPECT_EQ(large.tensor(*large.find_tensor("input_ids")).shape, (Shape{1, 384}));
  ModelConfig decode;
  decode.phase = LlmPhase::decode;
  EXPECT_THROW(build_model("bert_base", decode), InputError);
}

TEST(Bert, SequenceBeyondPositionTableIsAnInputError) {
  ModelConfig config;
  config.seq = 513;
  EXPECT_THROW(build_model("bert_base", config), InputError);
}

}  // namespace
}  // namespace tessera
