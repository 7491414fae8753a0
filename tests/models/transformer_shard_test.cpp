// Megatron tensor-parallel shards and the materialized (pre-FlashAttention) attention of the transformer builder.
#include <gtest/gtest.h>

#include "tessera/models/transformer.h"
#include "tessera/core/error.h"
#include "tessera/workload/training/training_graph.h"

namespace tessera {
namespace {

TransformerConfig small_gpt() {
  TransformerConfig c = gpt2_architecture();
  c.name = "gpt";
  c.vocab = 1024;
  c.max_positions = 256;
  c.hidden = 256;
  c.layers = 2;
  c.heads = 8;
  c.lm_head_all_tokens = true;
  return c;
}

int64_t macs_of(const Graph& g, const std::string& prefix) {
  int64_t macs = 0;
  for (const auto& op : g.ops()) {
    if (op.name.rfind(prefix, 0) == 0) macs += op.macs;
  }
  return macs;
}

// Every GEMM of a layer (q/k/v, out, fc_in, fc_out) and the attention split across ranks, so a rank's layer does
// exactly 1/tp of the MACs; the vocabulary splits too (embedding rows, LM head).
TEST(TransformerShard, EachRankDoesOneTpthOfTheLayerAndHeadMacs) {
  ModelConfig run{2, 128, DType::fp16};
  TransformerConfig c = small_gpt();
  Graph full = build_transformer(c, run);
  c.tensor_parallel = 4;
  Graph shard = build_transformer(c, run);
  EXPECT_EQ(macs_of(shard, "layers.0.") * 4, macs_of(full, "layers.0."));
  EXPECT_EQ(macs_of(shard, "lm_head") * 4, macs_of(full, "lm_head"));
  // Weights per layer: q,k,v,out: 4 x 256 x 64 + biases 3 x 64 + 256 (out bias replicated); fc_in 256 x 256 + 256,
  // fc_out 256 x 256 + 256; two norms 2 x 512 replicated.
  int64_t per_layer = 4 * 256 * 64 + 3 * 64 + 256 + 256 * 256 + 256 + 256 * 256 + 256 + 2 * 512;
  EXPECT_EQ(shard.params(), 256 * 256 /*tokens/4*/ + 256 * 256 /*positions*/ + 2 * per_layer + 512 /*final norm*/);
}

// Scores [B x heads, S, S]: the softmax reads and writes them (fp16), dropout reads them and a 1-byte mask and
// writes them; Q K^T and P V each do B x heads x S x S x d MACs (the full square: the mask is applied in softmax).
TEST(TransformerShard, MaterializedAttentionMovesTheScores) {
  ModelConfig run{2, 128, DType::fp16};
  TransformerConfig c = small_gpt();
  c.materialized_attention = true;
  c.attention_dropout = true;
  c.tensor_parallel = 2;
  Graph g = build_transformer(c, run);
  int64_t scores = 2 * 4 * 128 * 128;  // B x local heads x S x S
  for (const auto& op : g.ops()) {
    if (op.name == "layers.0.attn.scale_mask_softmax") {
      EXPECT_EQ(op.bytes_read, 2 * scores);
      EXPECT_EQ(op.bytes_written, 2 * scores);
    }
    if (op.name == "layers.0.attn.attn_dropout") {
      EXPECT_EQ(op.bytes_read, 3 * scores);
    }
  }
  EXPECT_EQ(macs_of(g, "layers.0.attn.scores"), scores * 32);
  EXPECT_EQ(macs_of(g, "layers.0.attn.context"), scores * 32);
}

// Sequence parallelism: norms and residual adds see S / t tokens; an all-gather feeds each tensor-parallel block and a
// reduce-scatter leaves it (4 per layer), plus the embeddings' reduce-scatter and the gather before the LM head; the
// GEMMs are unchanged, and the training step turns each gather into a reduce-scatter and back.
TEST(TransformerShard, SequenceParallelSplitsTheResidualStream) {
  ModelConfig run{2, 128, DType::fp16};
  TransformerConfig c = small_gpt();
  c.tensor_parallel = 4;
  Graph plain = build_transformer(c, run);
  c.sequence_parallel = true;
  Graph sp = build_transformer(c, run);
  EXPECT_EQ(macs_of(sp, "layers.0."), macs_of(plain, "layers.0."));
  int gathers = 0, scatters = 0;
  for (const auto& op : sp.ops()) {
    gathers += op.kind == OpKind::all_gather;
    scatters += op.kind == OpKind::reduce_scatter;
    if (op.name == "layers.0.norm1") {
      EXPECT_EQ(sp.tensor(op.outputs[0]).shape, (Shape{2, 32, 256}));
    }
  }
  EXPECT_EQ(gathers, 2 * 2 + 1);   // two per layer, one before the head
  EXPECT_EQ(scatters, 2 * 2 + 1);  // two per layer, one after the embeddings
  Graph training = derive_training_graph(sp, TrainingOptions{});
  int backward_gathers = 0;
  for (const auto& op : training.ops()) backward_gathers += op.kind == OpKind::all_gather && op.phase != Phase::forward;
  EXPECT_EQ(backward_gathers, scatters);  // each reduce-scatter's gradient is an all-gather
  c.post_norm = true;
  EXPECT_THROW(build_transformer(c, run), InputError);
}

TEST(TransformerShard, RejectsShardsThatDoNotDivide) {
  TransformerConfig c = small_gpt();
  c.tensor_parallel = 3;
  EXPECT_THROW(build_transformer(c, ModelConfig{1, 16, DType::fp16}), InputError);
}

}  // namespace
}  // namespace tessera
