#pragma once
// What a group of consecutive blocks would keep on chip, and what crosses the cuts between blocks
// (docs/partition.md, "Residency"). Tensors fall in three classes:
//   weights       on chip when the group keeps its weights resident, else streamed from DRAM every batch;
//   activations   produced and consumed by ops: on chip when the group keeps its activations resident (those
//                 crossing a cut then go over the on-chip network), else through DRAM as the cost model has them;
//   DRAM-only     graph inputs and outputs (never consumed): the batch arrives in and leaves through DRAM.
#include <cstdint>
#include <vector>

#include "tessera/partition/layer_blocks.h"

namespace tessera {

// An op's compulsory bytes (bytes read + written) split by operand class, each input's share of the bytes read in
// proportion to its size (likewise for outputs).
struct OperandBytes {
  double weights = 0;
  double activations = 0;
  double dram_only = 0;
};

class GroupTensors {
 public:
  GroupTensors(const Graph& graph, const std::vector<LayerBlock>& blocks);

  size_t op_count() const { return operand_bytes_.size(); }
  const OperandBytes& operand_bytes(int op) const { return operand_bytes_.at(op); }
  // Bytes of the weight tensors an op reads: what pinning its weights on chip takes.
  int64_t op_weight_bytes(int op) const { return op_weight_bytes_.at(op); }
  // The largest set of activations the group of blocks [first, last] holds at once, each from its producer (the
  // start, when received from an earlier group) to its last use in the group (the end, when sent to a later group).
  int64_t activation_peak_bytes(int first, int last) const;
  // Bytes of the activations crossing the cut before `block` (1 <= block < blocks).
  int64_t cut_bytes(int block) const { return cut_bytes_.at(block); }

 private:
  void classify_operands(int op);
  bool on_chip_activation(int tensor) const;

  const Graph& graph_;
  const std::vector<LayerBlock>& blocks_;
  std::vector<OperandBytes> operand_bytes_;  // by op id
  std::vector<int64_t> op_weight_bytes_;     // by op id
  std::vector<int> producer_block_;          // by tensor id; -1 for graph inputs and weights
  std::vector<int> last_use_block_;          // by tensor id; -1 when no op reads it
  std::vector<int64_t> cut_bytes_;           // by block
};

}  // namespace tessera
