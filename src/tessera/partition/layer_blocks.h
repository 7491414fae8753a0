#pragma once
// Splitting a graph into consecutive layer blocks, the units a partition plan groups (docs/partition.md, "Blocks"):
//   1. cut points: positions in topological order where exactly one activation crosses the cut (weights and graph
//      inputs excepted: they come from DRAM, not from the ops before) - the residual stream between transformer
//      layers, the output of a ResNet block;
//   2. the segments between cut points merge while they share a numbered name scope (the name up to its last
//      all-digit component: "layers.3.attn.q_proj" -> "layers.3"); consecutive unnumbered segments merge too, so a
//      transformer becomes embedding / layer 0 ... layer L-1 / head;
//   3. a graph with no interior cut point falls back to kFallbackBlocks chunks of about equal FLOPs (then several
//      tensors may cross a cut); more than kMaxBlocks blocks merge the adjacent pair with the fewest FLOPs until
//      kMaxBlocks remain.
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/workload/graph.h"

namespace tessera {

inline constexpr int kMaxBlocks = 48;
inline constexpr int kFallbackBlocks = 16;

struct LayerBlock {
  std::string name;      // the shared scope, else "<first op>..<last op>"
  std::vector<int> ops;  // op ids in topological order
  int64_t flops = 0;
};

struct BlockSplit {
  std::vector<LayerBlock> blocks;  // in topological order; together they hold every op once
  bool equal_flop_fallback = false;
};

BlockSplit split_into_blocks(const Graph& graph);

}  // namespace tessera
