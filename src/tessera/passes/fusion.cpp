// Operator fusion, as inference compilers (TensorRT, XLA) do it:
//  - epilogues: an elementwise op or per-channel batch_norm consuming a tensor that nothing else reads, with the same
//    output shape, runs inside its producer (bias, activation, residual add, folded batch norm after a conv or GEMM;
//    chains of elementwise ops after any compute op);
//  - attention: Q K^T -> [epilogue: scale, mask] -> softmax -> x V becomes one attention op (B, G, R, Q, KV, D loop
//    nest) that never writes the S x S scores (FlashAttention/FLAT style), so every cost model charges both
//    contractions; graphs from the zoo already use the attention op.
// A fused group becomes one op: the first op's kind and loop nest, the summed work, and only the group's external
// inputs read and its final output written. attrs["fused"] lists the absorbed ops.
#include <algorithm>
#include <array>
#include <set>

#include "tessera/core/registry.h"
#include "tessera/passes/pass.h"

namespace tessera {
namespace {

bool can_anchor(OpKind kind) {
  switch (kind) {
    case OpKind::reshape: case OpKind::concat: case OpKind::split: case OpKind::transpose: case OpKind::opaque:
    case OpKind::all_reduce: case OpKind::all_gather: case OpKind::reduce_scatter: case OpKind::all_to_all:
    case OpKind::send: case OpKind::recv:
      return false;
    default:
      return true;
  }
}

class Fusion final : public Pass {
 public:
  std::string description() const override {
    return "fuse elementwise/batch-norm epilogues into their producer and Q K^T -> softmax -> x V into one op";
  }

  bool reads_device() const override { return false; }

  Graph run(const Graph& graph, const DeviceSpec&, PassReport& report) const override {
    consumers_ = consumer_lists(graph);
    std::vector<int> group_of(graph.op_count(), -1);
    std::vector<std::vector<int>> groups;
    int attention_groups = 0;
    for (int id : graph.topological_order()) {
      if (group_of[id] >= 0) continue;
      std::vector<int> group = grow_group(graph, id, group_of, attention_groups);
      for (int member : group) group_of[member] = static_cast<int>(groups.size());
      groups.push_back(std::move(group));
    }
    report.notes.push_back(std::to_string(graph.op_count() - groups.size()) + " ops fused into their producers; " +
                           std::to_string(attention_groups) + " attention patterns fused");
    return rebuild(graph, groups, group_of);
  }

 private:
  static std::vector<std::vector<int>> consumer_lists(const Graph& graph) {
    std::vector<std::vector<int>> consumers(graph.tensor_count());
    for (size_t i = 0; i < graph.op_count(); ++i) {
      for (int t : graph.op(static_cast<int>(i)).inputs) consumers[t].push_back(static_cast<int>(i));
    }
    return consumers;
  }

  // The single op reading `tensor`, or -1.
  int sole_consumer(int tensor) const { return consumers_[tensor].size() == 1 ? consumers_[tensor][0] : -1; }

  static bool is_epilogue(const Graph& graph, const Op& op, int tensor) {
    if (op.kind != OpKind::elementwise && op.kind != OpKind::batch_norm) return false;
    if (op.outputs.size() != 1) return false;
    return graph.tensor(op.outputs[0]).shape == graph.tensor(tensor).shape;
  }

  std::vector<int> grow_group(const Graph& graph, int anchor, const std::vector<int>& group_of,
                              int& attention_groups) const {
    std::vector<int> group{anchor};
    if (!can_anchor(graph.op(anchor).kind)) return group;
    bool attention_fused = false;
    int current = anchor;
    while (graph.op(current).outputs.size() == 1) {
      int tensor = graph.op(current).outputs[0];
      int next = sole_consumer(tensor);
      if (next < 0 || group_of[next] >= 0) break;
      const Op& op = graph.op(next);
      if (is_epilogue(graph, op, tensor)) {
        group.push_back(next);
        current = next;
        continue;
      }
      // Q K^T (+ epilogue) -> softmax -> x V: the softmax output must be the second matmul's first operand.
      bool attention = !attention_fused && graph.op(anchor).kind == OpKind::matmul && op.kind == OpKind::softmax &&
                       op.outputs.size() == 1;
      int pv = attention ? sole_consumer(op.outputs[0]) : -1;
      if (pv >= 0 && group_of[pv] < 0 && graph.op(pv).kind == OpKind::matmul &&
          graph.op(pv).inputs[0] == op.outputs[0]) {
        group.push_back(next);
        group.push_back(pv);
        current = pv;
        attention_fused = true;
        ++attention_groups;
        continue;
      }
      break;
    }
    return group;
  }

  static Graph rebuild(const Graph& graph, const std::vector<std::vector<int>>& groups,
                       const std::vector<int>& group_of);
  static void as_attention(const Graph& graph, int qk_op, int pv_op, Op& merged);
  static Op merge(const Graph& graph, const std::vector<int>& group, const std::set<int>& internal);

  mutable std::vector<std::vector<int>> consumers_;
};

Op Fusion::merge(const Graph& graph, const std::vector<int>& group, const std::set<int>& internal) {
  Op merged = graph.op(group.front());
  const Op& last = graph.op(group.back());
  merged.outputs = last.outputs;
  std::string fused;
  for (size_t i = 1; i < group.size(); ++i) {
    const Op& op = graph.op(group[i]);
    fused += (fused.empty() ? "" : ",") + op.name;
    merged.macs += op.macs;
    merged.vector_flops += op.vector_flops;
    merged.transcendentals += op.transcendentals;
    for (int t : op.inputs) {
      if (internal.count(t) || std::count(merged.inputs.begin(), merged.inputs.end(), t)) continue;
      merged.inputs.push_back(t);
      merged.bytes_read += graph.tensor(t).bytes();
      // An epilogue input (bias, per-channel scale, residual) is indexed like the output where their extents agree.
      Operand operand(static_cast<int>(merged.inputs.size()) - 1, false, {});
      const Operand& out = merged.loops.operands.back();
      const Shape& shape = graph.tensor(t).shape;
      size_t offset = out.axes.size() >= shape.size() ? out.axes.size() - shape.size() : 0;
      const Shape& out_shape = graph.tensor(graph.op(group.front()).outputs.at(0)).shape;
      for (size_t a = 0; a < shape.size(); ++a) {
        bool same = offset + a < out.axes.size() && out_shape.size() == out.axes.size() &&
                    out_shape[offset + a] == shape[a];
        operand.axes.push_back(same ? out.axes[offset + a] : std::vector<IndexTerm>{});
      }
      merged.loops.operands.insert(merged.loops.operands.end() - 1, operand);
    }
  }
  merged.bytes_written = 0;
  for (int t : merged.outputs) merged.bytes_written += graph.tensor(t).bytes();
  merged.attrs.set("fused", fused);
  return merged;
}

// Old loop dims of a batched matmul (B0.., M, N, K) -> the attention dims; `m_n_k` names which attention dims M, N
// and K become.
std::vector<int> attention_dim_map(const LoopNest& loops, const std::array<int, 3>& m_n_k) {
  constexpr int kB = 0, kG = 1;
  std::vector<int> map(loops.dims.size(), -1);
  int batch_dims = static_cast<int>(loops.dims.size()) - 3;
  for (int i = 0; i < batch_dims; ++i) map[i] = i == batch_dims - 1 ? kG : kB;
  for (int i = 0; i < 3; ++i) map[batch_dims + i] = m_n_k[i];
  return map;
}

Operand remap(const Operand& operand, int slot, const std::vector<int>& map) {
  Operand out(slot, operand.is_output, operand.axes, operand.offsets);
  for (auto& axis : out.axes) {
    for (auto& term : axis) term.dim = map[term.dim];
  }
  return out;
}

// Rewrites a fused Q K^T -> softmax -> x V group as the IR's attention kind: dims B, G (heads), R (1), Q, KV, D with
// q, k and v indexed as in the two matmuls. Layouts with more than two batch dims keep the matmul form.
void Fusion::as_attention(const Graph& graph, int qk_op, int pv_op, Op& merged) {
  const Op& qk = graph.op(qk_op);
  const Op& pv = graph.op(pv_op);
  int batch_dims = static_cast<int>(qk.loops.dims.size()) - 3;
  if (batch_dims < 1 || batch_dims > 2 || pv.loops.dims.size() != qk.loops.dims.size()) return;
  constexpr int kQ = 3, kKV = 4, kD = 5;
  std::vector<int> qk_map = attention_dim_map(qk.loops, {kQ, kKV, kD});
  std::vector<int> pv_map = attention_dim_map(pv.loops, {kQ, kD, kKV});
  LoopNest nest;
  nest.add_dim("B", batch_dims == 2 ? qk.loops.dims[0].size : 1);
  nest.add_dim("G", qk.loops.dims[batch_dims - 1].size);
  nest.add_dim("R", 1);
  nest.add_dim("Q", qk.loops.dim_size("M"));
  nest.add_dim("KV", qk.loops.dim_size("N"));
  nest.add_dim("D", qk.loops.dim_size("K"));
  for (int slot = 0; slot < static_cast<int>(merged.inputs.size()); ++slot) {
    int t = merged.inputs[slot];
    if (t == qk.inputs[0]) {
      nest.operands.push_back(remap(qk.loops.operands[0], slot, qk_map));
    } else if (t == qk.inputs[1]) {
      nest.operands.push_back(remap(qk.loops.operands[1], slot, qk_map));
    } else if (t == pv.inputs[1]) {
      nest.operands.push_back(remap(pv.loops.operands[1], slot, pv_map));
    } else {  // a mask or scale: broadcast over the scores, which are never stored
      nest.operands.emplace_back(slot, false, std::vector<std::vector<IndexTerm>>(graph.tensor(t).shape.size()));
    }
  }
  nest.operands.push_back(remap(pv.loops.operands.back(), 0, pv_map));
  merged.kind = OpKind::attention;
  merged.loops = std::move(nest);
  merged.attrs.set("heads", qk.loops.dims[batch_dims - 1].size);
}

Graph Fusion::rebuild(const Graph& graph, const std::vector<std::vector<int>>& groups,
                      const std::vector<int>& group_of) {
  std::set<int> internal;  // tensors produced and consumed inside one group
  for (const auto& group : groups) {
    for (size_t i = 0; i + 1 < group.size(); ++i) {
      for (int t : graph.op(group[i]).outputs) internal.insert(t);
    }
  }
  Graph out(graph.name());
  std::vector<int> new_id(graph.tensor_count(), -1);
  for (size_t t = 0; t < graph.tensor_count(); ++t) {
    if (!internal.count(static_cast<int>(t))) new_id[t] = out.add_tensor(graph.tensor(static_cast<int>(t)));
  }
  for (size_t id = 0; id < graph.op_count(); ++id) {
    const std::vector<int>& group = groups[group_of[id]];
    if (group.front() != static_cast<int>(id)) continue;  // emitted with its group's first op
    Op op = group.size() == 1 ? graph.op(static_cast<int>(id)) : merge(graph, group, internal);
    for (size_t i = 1; i + 1 < group.size(); ++i) {  // the softmax of an attention pattern, then its x V
      if (graph.op(group[i]).kind == OpKind::softmax) as_attention(graph, group.front(), group[i + 1], op);
    }
    for (int& t : op.inputs) t = new_id[t];
    for (int& t : op.outputs) t = new_id[t];
    out.add_derived_op(std::move(op));
  }
  return out;
}

TESSERA_REGISTER(Pass, Fusion, "fusion");

}  // namespace
}  // namespace tessera
