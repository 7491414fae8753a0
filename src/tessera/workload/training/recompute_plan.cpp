#include "tessera/workload/training/recompute_plan.h"

#include <cmath>
#include <map>
#include <string>

#include "tessera/core/error.h"

namespace tessera {
namespace {

// "layers.3" for "layers.3.attn.q_proj": the name up to its first all-digit component; "" when there is none.
std::string block_of(const std::string& name) {
  size_t start = 0;
  while (start < name.size()) {
    size_t end = name.find('.', start);
    if (end == std::string::npos) return "";  // the last component names the op, not a block
    bool digits = end > start && start > 0;
    for (size_t i = start; i < end && digits; ++i) digits = name[i] >= '0' && name[i] <= '9';
    if (digits) return name.substr(0, end);
    start = end + 1;
  }
  return "";
}

void plan_segments(const Graph& forward, int64_t checkpoint_ops, RecomputePlan& plan) {
  std::vector<int> order = forward.topological_order();
  plan.segment.assign(forward.op_count(), -1);
  std::map<std::string, int> blocks;
  for (int id : order) {
    std::string block = block_of(forward.op(id).name);
    if (block.empty()) continue;
    auto [it, added] = blocks.emplace(block, static_cast<int>(blocks.size()));
    plan.segment[id] = it->second;
  }
  int64_t per_segment = checkpoint_ops;
  if (per_segment == 0) per_segment = static_cast<int64_t>(std::ceil(std::sqrt(static_cast<double>(order.size()))));
  for (size_t i = 0; blocks.empty() && i < order.size(); ++i) {
    plan.segment[order[i]] = static_cast<int>(static_cast<int64_t>(i) / per_segment);
  }
  for (int id : order) {
    int segment = plan.segment[id];
    if (segment < 0) continue;
    if (segment >= static_cast<int>(plan.segment_ops.size())) plan.segment_ops.resize(segment + 1);
    plan.segment_ops[segment].push_back(id);
  }
}

bool is_weight(const Graph& graph, int tensor) { return graph.tensor(tensor).role == TensorRole::weight; }

// The attention core of unfused attention around softmax op `softmax`: back through elementwise ops (scale, mask)
// along the scores to a Q K^T matmul of two activations, forward through elementwise ops (dropout) on the
// probabilities. Empty when the softmax does not normalize such scores (a classifier's softmax).
std::vector<int> attention_core(const Graph& graph, int softmax, const std::vector<std::vector<int>>& consumers) {
  std::vector<int> core{softmax};
  int scores = graph.op(softmax).inputs[0];
  while (true) {
    int from = graph.producer(scores);
    if (from < 0) return {};
    const Op& op = graph.op(from);
    if (op.kind == OpKind::matmul) {
      if (is_weight(graph, op.inputs[0]) || is_weight(graph, op.inputs[1])) return {};
      core.push_back(from);
      break;
    }
    if (op.kind != OpKind::elementwise) return {};
    core.push_back(from);
    int next = -1;  // the input carrying the scores: the one with the output's shape
    for (int input : op.inputs) {
      if (graph.tensor(input).shape == graph.tensor(scores).shape && graph.producer(input) >= 0) next = input;
    }
    if (next < 0) return {};
    scores = next;
  }
  int probabilities = graph.op(softmax).outputs[0];
  while (consumers[probabilities].size() == 1) {
    const Op& op = graph.op(consumers[probabilities][0]);
    if (op.kind != OpKind::elementwise || graph.tensor(op.outputs[0]).shape != graph.tensor(probabilities).shape) break;
    core.push_back(consumers[probabilities][0]);
    probabilities = op.outputs[0];
  }
  return core;
}

std::vector<bool> attention_cores(const Graph& graph) {
  std::vector<std::vector<int>> consumers(graph.tensor_count());
  for (size_t i = 0; i < graph.op_count(); ++i) {
    for (int t : graph.op(static_cast<int>(i)).inputs) consumers[t].push_back(static_cast<int>(i));
  }
  std::vector<bool> core(graph.op_count(), false);
  for (size_t i = 0; i < graph.op_count(); ++i) {
    if (graph.op(static_cast<int>(i)).kind != OpKind::softmax) continue;
    for (int id : attention_core(graph, static_cast<int>(i), consumers)) core[id] = true;
  }
  return core;
}

}  // namespace

RecomputePlan plan_recompute(const Graph& forward, const TrainingOptions& options) {
  if (options.checkpoint_ops < 0) {
    throw InputError("checkpoint_ops must be 0 (automatic) or positive, got " +
                     std::to_string(options.checkpoint_ops));
  }
  RecomputePlan plan;
  plan.recomputed.assign(forward.op_count(), false);
  switch (options.recompute) {
    case Recompute::none:
      break;
    case Recompute::selective:
      plan.recomputed = attention_cores(forward);
      break;
    case Recompute::full:
      plan_segments(forward, options.checkpoint_ops, plan);
      for (size_t i = 0; i < forward.op_count(); ++i) plan.recomputed[i] = plan.segment[i] >= 0;
      break;
  }
  return plan;
}

}  // namespace tessera
