#include "tessera/partition/group_tensors.h"

#include <algorithm>

#include "tessera/core/checked_math.h"

namespace tessera {

GroupTensors::GroupTensors(const Graph& graph, const std::vector<LayerBlock>& blocks)
    : graph_(graph),
      blocks_(blocks),
      operand_bytes_(graph.op_count()),
      op_weight_bytes_(graph.op_count(), 0),
      producer_block_(graph.tensor_count(), -1),
      last_use_block_(graph.tensor_count(), -1),
      cut_bytes_(blocks.size(), 0) {
  for (size_t b = 0; b < blocks.size(); ++b) {
    for (int id : blocks[b].ops) {
      for (int t : graph.op(id).outputs) producer_block_[t] = static_cast<int>(b);
      for (int t : graph.op(id).inputs) last_use_block_[t] = static_cast<int>(b);
    }
  }
  for (const auto& block : blocks) {
    for (int id : block.ops) classify_operands(id);
  }
  for (size_t t = 0; t < graph.tensor_count(); ++t) {
    if (!on_chip_activation(static_cast<int>(t))) continue;
    for (int b = producer_block_[t] + 1; b <= last_use_block_[t]; ++b) {
      cut_bytes_[b] = checked_add(cut_bytes_[b], graph.tensor(static_cast<int>(t)).bytes(), "cut bytes");
    }
  }
}

void GroupTensors::classify_operands(int id) {
  const Op& op = graph_.op(id);
  OperandBytes& out = operand_bytes_[id];
  auto split = [&](const std::vector<int>& tensors, int64_t compulsory, bool inputs) {
    double total = 0;
    for (int t : tensors) total += static_cast<double>(graph_.tensor(t).bytes());
    for (int t : tensors) {
      double bytes = static_cast<double>(compulsory) * static_cast<double>(graph_.tensor(t).bytes()) / total;
      bool weight = inputs && graph_.tensor(t).role == TensorRole::weight;
      (weight ? out.weights : on_chip_activation(t) ? out.activations : out.dram_only) += bytes;
      if (weight) op_weight_bytes_[id] += graph_.tensor(t).bytes();
    }
  };
  split(op.inputs, op.bytes_read, true);
  split(op.outputs, op.bytes_written, false);
}

bool GroupTensors::on_chip_activation(int tensor) const {
  return graph_.tensor(tensor).role != TensorRole::weight && producer_block_[tensor] >= 0 &&
         last_use_block_[tensor] >= 0;
}

int64_t GroupTensors::activation_peak_bytes(int first, int last) const {
  std::vector<int> ops;
  for (int b = first; b <= last; ++b) ops.insert(ops.end(), blocks_[b].ops.begin(), blocks_[b].ops.end());
  // A tensor is held from the step it is produced (0 when received) through its last use (the end when sent on).
  std::vector<int> born(graph_.tensor_count(), -1), dies(graph_.tensor_count(), -1);
  for (size_t step = 0; step < ops.size(); ++step) {
    const Op& op = graph_.op(ops[step]);
    for (int t : op.inputs) {
      if (born[t] < 0) born[t] = 0;
      dies[t] = static_cast<int>(step);
    }
    for (int t : op.outputs) born[t] = static_cast<int>(step);
  }
  std::vector<int64_t> delta(ops.size() + 1, 0);
  for (size_t t = 0; t < graph_.tensor_count(); ++t) {
    if (born[t] < 0 || !on_chip_activation(static_cast<int>(t))) continue;
    int end = last_use_block_[t] > last ? static_cast<int>(ops.size()) - 1 : std::max(dies[t], born[t]);
    delta[born[t]] += graph_.tensor(static_cast<int>(t)).bytes();
    delta[end + 1] -= graph_.tensor(static_cast<int>(t)).bytes();
  }
  int64_t live = 0, peak = 0;
  for (int64_t d : delta) peak = std::max(peak, live = checked_add(live, d, "live activations"));
  return peak;
}

}  // namespace tessera
