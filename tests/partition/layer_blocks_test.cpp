// Splitting graphs into layer blocks: single-activation cuts merged by numbered scope, and the equal-FLOP fallback.
#include <gtest/gtest.h>

#include <set>

#include "partition/toy_partition.h"
#include "tessera/models/model.h"
#include "tessera/partition/layer_blocks.h"

namespace tessera {
namespace {

void expect_every_op_once(const Graph& graph, const BlockSplit& split) {
  std::set<int> seen;
  int64_t flops = 0;
  for (const auto& block : split.blocks) {
    for (int id : block.ops) EXPECT_TRUE(seen.insert(id).second) << "op " << id << " in two blocks";
    flops += block.flops;
  }
  EXPECT_EQ(seen.size(), graph.op_count());
  EXPECT_EQ(flops, graph.flops());
}

TEST(PartitionLayerBlocks, ChainSplitsAtEveryNumberedScope) {
  Graph graph = testing::toy_chain(1, 3);
  BlockSplit split = split_into_blocks(graph);
  ASSERT_EQ(split.blocks.size(), 3u);
  EXPECT_FALSE(split.equal_flop_fallback);
  EXPECT_EQ(split.blocks[0].name, "layers.0");
  EXPECT_EQ(split.blocks[2].name, "layers.2");
  EXPECT_EQ(split.blocks[1].flops, 2000000);  // 1e6 MACs
  expect_every_op_once(graph, split);
}

TEST(PartitionLayerBlocks, TransformersSplitIntoEmbeddingLayersAndHead) {
  for (const std::string model : {"vit_b16", "bert_base"}) {
    ModelConfig config;
    config.dtype = DType::int8;
    Graph graph = build_model(model, config);
    BlockSplit split = split_into_blocks(graph);
    ASSERT_EQ(split.blocks.size(), 14u) << model;  // embedding, 12 encoder layers, head
    for (int i = 0; i < 12; ++i) EXPECT_EQ(split.blocks[i + 1].name, "layers." + std::to_string(i)) << model;
    expect_every_op_once(graph, split);
  }
  ModelConfig config;
  BlockSplit vit = split_into_blocks(build_model("vit_b16", config));
  EXPECT_EQ(vit.blocks.front().name, "patch_embed..add_positions");
  EXPECT_EQ(vit.blocks.back().name, "final_norm..head");
}

TEST(PartitionLayerBlocks, NoSingleActivationCutFallsBackToEqualFlopChunks) {
  // A split feeds two chains that meet only at the end: two activations cross every interior cut.
  GraphBuilder b("two_chains", DType::fp32);
  int x = b.input("x", {1, 64});
  std::vector<int> halves =
      b.op_outputs(OpKind::split, "split", {x}, {{"axis", int64_t{1}}, {"sizes", std::vector<int64_t>{32, 32}}});
  int left = halves[0], right = halves[1];
  for (int i = 0; i < 4; ++i) {
    left = b.linear(left, "left" + std::to_string(i), 32, false);
    right = b.linear(right, "right" + std::to_string(i), 32, false);
  }
  b.binary(left, right, "join", "add");
  Graph graph = b.finish();
  BlockSplit split = split_into_blocks(graph);
  EXPECT_TRUE(split.equal_flop_fallback);
  ASSERT_EQ(split.blocks.size(), std::min<size_t>(kFallbackBlocks, graph.op_count()));  // 10 ops: 10 chunks
  expect_every_op_once(graph, split);
}

}  // namespace
}  // namespace tessera
