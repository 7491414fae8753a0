// Training memory (model states, kept activations), ZeRO partitioning and the recompute policies.
#include <gtest/gtest.h>

#include "support/input_error.h"
#include "workload/training_fixtures.h"
#include "tessera/models/model.h"
#include "tessera/workload/graph_builder.h"
#include "tessera/workload/training/training_graph.h"
#include "tessera/workload/training/training_memory.h"

namespace tessera {
namespace {

using testing::input_error_of;

using testing::embedded_mlp;

// ids [2, 8] -> embedding -> layers.0: q, k, v projections, scores = q k^T [2, 8, 8], scaled, softmax, p v, out.
Graph unfused_attention() {
  GraphBuilder b("attn", DType::fp16);
  int ids = b.input("ids", {2, 8}, kIndexDType);
  int scale = b.input("scale", {1});
  int x = b.embedding(ids, "embed", 100, 16);
  auto scope = b.scope("layers.0");
  int q = b.linear(x, "q", 16, false), k = b.linear(x, "k", 16, false), v = b.linear(x, "v", 16, false);
  int scores = b.op(OpKind::matmul, "scores", {q, k}, {{"trans_b", int64_t{1}}});
  int p = b.softmax(b.binary(scores, scale, "scale", "mul"), "softmax");
  b.linear(b.op(OpKind::matmul, "context", {p, v}), "out", 16, false);
  return b.finish();
}

int64_t recomputed_macs(const Graph& g, int64_t& ops) {
  int64_t macs = 0;
  ops = 0;
  for (const Op& op : g.ops()) {
    if (!op.name.starts_with("recompute/")) continue;
    EXPECT_EQ(op.phase, Phase::forward) << op.name;
    ++ops;
    macs += op.macs;
  }
  return macs;
}

TEST(TrainingMemory, MixedPrecisionAdamKeepsSixteenBytesPerParameter) {
  Graph gpt2 = build_model("gpt2_124m", {});
  const int64_t params = gpt2.params();
  TrainingMemory memory = training_memory(gpt2, {});
  EXPECT_EQ(memory.weight_bytes, 2 * params);           // fp16 weights
  EXPECT_EQ(memory.gradient_bytes, 2 * params);         // fp16 gradients
  EXPECT_EQ(memory.optimizer_state_bytes, 12 * params);  // fp32 master weights, m and v
  EXPECT_EQ(memory.weight_bytes + memory.gradient_bytes + memory.optimizer_state_bytes, 16 * params);
  EXPECT_EQ(memory.total_bytes(), 16 * params + memory.activation_bytes);
}

TEST(TrainingMemory, ZeroStagesPartitionStatesThenGradientsThenWeights) {
  TrainingMemory memory{800, 1600, 4800, 999};
  EXPECT_EQ(zero_partition(memory, 0, 8), memory);
  EXPECT_EQ(zero_partition(memory, 1, 8), (TrainingMemory{800, 1600, 600, 999}));
  EXPECT_EQ(zero_partition(memory, 2, 8), (TrainingMemory{800, 200, 600, 999}));
  EXPECT_EQ(zero_partition(memory, 3, 8), (TrainingMemory{100, 200, 600, 999}));
  EXPECT_EQ(zero_partition({9, 9, 9, 9}, 3, 8), (TrainingMemory{2, 2, 2, 9}));  // a rank holds ceil(bytes / dp)

  TrainingMemory gpt2 = training_memory(build_model("gpt2_124m", {}), {});
  TrainingMemory stage3 = zero_partition(gpt2, 3, 8);
  EXPECT_EQ(8 * stage3.weight_bytes, gpt2.weight_bytes);  // 124,439,808 parameters divide by 8
  EXPECT_EQ(8 * stage3.gradient_bytes, gpt2.gradient_bytes);
  EXPECT_EQ(8 * stage3.optimizer_state_bytes, gpt2.optimizer_state_bytes);
  EXPECT_EQ(stage3.activation_bytes, gpt2.activation_bytes);

  EXPECT_NE(input_error_of([&] { zero_partition(memory, 4, 8); }).find("ZeRO stage"), std::string::npos);
  EXPECT_NE(input_error_of([&] { zero_partition(memory, 1, 0); }).find("data-parallel"), std::string::npos);
}

// Kept for the backward pass without recompute: the ids (int32, 128 B; the embedding's scatter reads them), the
// embedding output (fc1's dW, 1 KiB), fc1's output (GELU's derivative, 2 KiB), GELU's output (fc2's dW, 2 KiB), and
// the graph output (1 KiB; the loss's backward reads it). Full recompute keeps only each block's input: ids, the
// embedding output, GELU's output (layers.1's input), and the output, and re-runs both blocks: one more forward pass
// of their MACs.
TEST(TrainingMemory, FullRecomputeKeepsBlockInputsAndRerunsTheBlocks) {
  Graph forward = embedded_mlp();
  TrainingOptions full;
  full.recompute = Recompute::full;
  EXPECT_EQ(training_memory(forward, {}).activation_bytes, 128 + 1024 + 2048 + 2048 + 1024);
  EXPECT_EQ(training_memory(forward, full).activation_bytes, 128 + 1024 + 2048 + 1024);
  Graph train = derive_training_graph(forward, full);
  int64_t ops = 0;
  EXPECT_EQ(recomputed_macs(train, ops), forward.macs());
  EXPECT_EQ(ops, 3);  // layers.0.fc, layers.0.gelu, layers.1.fc
  EXPECT_EQ(train.macs(), derive_training_graph(forward, {}).macs() + forward.macs());
}

TEST(TrainingMemory, FullRecomputeOfGpt2RerunsEveryLayerOnce) {
  Graph forward = build_model("gpt2_124m", {});
  TrainingOptions full;
  full.recompute = Recompute::full;
  Graph train = derive_training_graph(forward, full);
  int64_t layer_macs = 0, layer_ops = 0;
  for (const Op& op : forward.ops()) {
    if (!op.name.starts_with("layers.")) continue;
    layer_macs += op.macs;
    ++layer_ops;
  }
  int64_t ops = 0;
  EXPECT_EQ(recomputed_macs(train, ops), layer_macs);
  EXPECT_EQ(ops, layer_ops);
  EXPECT_EQ(train.macs(), derive_training_graph(forward, {}).macs() + layer_macs);
  EXPECT_LT(training_memory(forward, full).activation_bytes, training_memory(forward, {}).activation_bytes / 4);
}

// Without block names, full recompute cuts the graph into runs of checkpoint_ops ops.
TEST(TrainingMemory, FullRecomputeWithoutBlocksUsesSegmentsOfOps) {
  GraphBuilder b("chain", DType::fp32);
  int x = b.input("x", {4, 16});
  x = b.linear(x, "fc1", 16);
  for (int i = 0; i < 4; ++i) x = b.unary(x, "relu" + std::to_string(i), "relu");
  Graph forward = b.finish();
  TrainingOptions full;
  full.recompute = Recompute::full;
  full.checkpoint_ops = 2;  // {fc1, relu0}, {relu1, relu2}, {relu3}
  int64_t ops = 0;
  recomputed_macs(derive_training_graph(forward, full), ops);
  EXPECT_EQ(ops, 5);
  // Kept: x (fc1's dW), the inputs of the 2nd and 3rd segment (relu0, relu2), no relu outputs inside segments, and the
  // output relu3 (the loss's backward reads it).
  EXPECT_EQ(training_memory(forward, full).activation_bytes, 4 * 4 * 16 * 4);
}

// Selective recompute (Korthikanti et al. 2022) drops the S x S probabilities (2 x 8 x 8 fp16 = 256 B; the softmax
// and P V backward read them) and re-runs Q K^T, the scale and the softmax.
TEST(TrainingMemory, SelectiveRecomputeDropsTheAttentionScores) {
  Graph forward = unfused_attention();
  TrainingOptions selective;
  selective.recompute = Recompute::selective;
  EXPECT_EQ(training_memory(forward, {}).activation_bytes - training_memory(forward, selective).activation_bytes,
            2 * 8 * 8 * 2);
  Graph train = derive_training_graph(forward, selective);
  int64_t ops = 0;
  EXPECT_EQ(recomputed_macs(train, ops), 2 * 8 * 8 * 16);  // Q K^T
  EXPECT_EQ(ops, 3);
  EXPECT_TRUE(train.find_tensor("recompute/layers.0.softmax").has_value());
}

// Fused attention never stores the scores and its backward already recomputes them: selective changes nothing.
TEST(TrainingMemory, SelectiveRecomputeOfFusedAttentionIsNone) {
  Graph forward = build_model("gpt2_124m", {});
  TrainingOptions selective;
  selective.recompute = Recompute::selective;
  EXPECT_EQ(derive_training_graph(forward, selective).op_count(), derive_training_graph(forward, {}).op_count());
  EXPECT_EQ(training_memory(forward, selective), training_memory(forward, {}));
}

}  // namespace
}  // namespace tessera
