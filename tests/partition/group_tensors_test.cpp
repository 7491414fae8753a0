// What groups of blocks hold on chip: operand classes, weights, the activation peak and the bytes crossing cuts.
#include <gtest/gtest.h>

#include "partition/toy_partition.h"
#include "tessera/partition/group_tensors.h"

namespace tessera {
namespace {

TEST(PartitionGroupTensors, ChainOperandsFallInTheirClasses) {
  Graph graph = testing::toy_chain(1, 3);  // x -> h0 -> h1 -> y, 4000 B each; weights 4 MB each
  BlockSplit split = split_into_blocks(graph);
  GroupTensors tensors(graph, split.blocks);
  int first = split.blocks[0].ops[0], middle = split.blocks[1].ops[0], last = split.blocks[2].ops[0];
  // The first op reads the graph input (DRAM only) and writes an activation; the last writes the graph output.
  EXPECT_DOUBLE_EQ(tensors.operand_bytes(first).dram_only, 4000);
  EXPECT_DOUBLE_EQ(tensors.operand_bytes(first).weights, 4000000);
  EXPECT_DOUBLE_EQ(tensors.operand_bytes(first).activations, 4000);
  EXPECT_DOUBLE_EQ(tensors.operand_bytes(middle).activations, 8000);
  EXPECT_DOUBLE_EQ(tensors.operand_bytes(middle).dram_only, 0);
  EXPECT_DOUBLE_EQ(tensors.operand_bytes(last).dram_only, 4000);
  EXPECT_EQ(tensors.op_weight_bytes(middle), 4000000);
  EXPECT_EQ(tensors.op_weight_bytes(first), 4000000);
  EXPECT_EQ(tensors.cut_bytes(1), 4000);
  EXPECT_EQ(tensors.cut_bytes(2), 4000);
  // Alone, the middle block holds h0 (received) and h1 (sent) at once; the whole chain never more than one
  // activation (x and y stay in DRAM).
  EXPECT_EQ(tensors.activation_peak_bytes(1, 1), 8000);
  EXPECT_EQ(tensors.activation_peak_bytes(0, 2), 8000);
  EXPECT_EQ(tensors.activation_peak_bytes(0, 0), 4000);
}

}  // namespace
}  // namespace tessera
