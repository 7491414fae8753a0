#include "tessera/workload/training/gradient_context.h"

#include <algorithm>
#include <stdexcept>

#include "tessera/workload/op_definition.h"
#include "tessera/workload/training/gradient_rules.h"

namespace tessera {

GradientContext::GradientContext(const Graph& forward, Graph& training, RecomputePlan plan, Recompute policy)
    : forward_(forward),
      training_(training),
      plan_(std::move(plan)),
      policy_(policy),
      expected_(forward.tensor_count(), 0),
      received_(forward.tensor_count(), 0),
      gradient_(forward.tensor_count(), -1),
      copies_(forward.tensor_count(), -1),
      copied_(forward.op_count(), false),
      segment_done_(plan_.segment_ops.size(), false) {
  find_gradient_flow();
}

// Forward: a tensor needs a gradient when it is a floating-point weight, or an op computes it from one that does
// through an input the op differentiates. Backward: a gradient reaches it when it is a graph output (the loss reads
// it) or an op it flows into has a gradient reaching one of its outputs.
void GradientContext::find_gradient_flow() {
  std::vector<int> order = forward_.topological_order();
  std::vector<bool> needs(forward_.tensor_count(), false);
  std::vector<bool> consumed(forward_.tensor_count(), false);
  for (size_t t = 0; t < forward_.tensor_count(); ++t) {
    const Tensor& tensor = forward_.tensor(static_cast<int>(t));
    needs[t] = tensor.role == TensorRole::weight && is_floating_dtype(tensor.dtype);
  }
  flows_.assign(forward_.op_count(), {});
  for (int id : order) {
    const Op& op = forward_.op(id);
    bool any = false;
    for (size_t slot = 0; slot < op.inputs.size(); ++slot) {
      consumed[op.inputs[slot]] = true;
      bool flows = needs[op.inputs[slot]] && propagates_gradient(op, static_cast<int>(slot));
      flows_[id].push_back(flows);
      any = any || flows;
    }
    for (int t : op.outputs) needs[t] = any && is_floating_dtype(forward_.tensor(t).dtype);
  }
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const Op& op = forward_.op(*it);
    for (int t : op.outputs) {
      if (needs[t] && !consumed[t]) gradient_[t] = add_loss(t);  // a graph output: the loss reads it
    }
    if (!has_backward(*it)) continue;
    for (size_t slot = 0; slot < op.inputs.size(); ++slot) {
      if (flows_[*it][slot]) ++expected_[op.inputs[slot]];
    }
  }
}

int GradientContext::add_loss(int output) {
  const Tensor& out = forward_.tensor(output);
  if (out.shape.empty()) return training_.add_tensor({out.name + ".grad", out.shape, out.dtype, TensorRole::gradient});
  Shape rows(out.shape.begin(), out.shape.end() - 1);
  int labels = training_.add_tensor({out.name + ".labels", rows, kIndexDType, TensorRole::activation});
  int loss = training_.add_op(OpKind::cross_entropy, out.name + ".loss", {output, labels}, {}, Phase::forward).at(0);
  int gradient = training_.add_tensor({out.name + ".grad", out.shape, out.dtype, TensorRole::gradient});
  training_.add_op_into(OpKind::cross_entropy_backward, out.name + ".loss.backward", {output, labels, loss}, {gradient},
                        {}, Phase::backward_data);
  return gradient;
}

bool GradientContext::has_backward(int op) const {
  for (int t : forward_.op(op).outputs) {
    if (gradient_[t] >= 0 || expected_[t] > 0) return true;
  }
  return false;
}

int GradientContext::gradient(int tensor) const {
  if (received_[tensor] != expected_[tensor]) {
    throw std::logic_error("gradient of '" + forward_.tensor(tensor).name + "' read before it is complete");
  }
  return gradient_[tensor];
}

Phase GradientContext::phase_for(int tensor) const {
  return forward_.tensor(tensor).role == TensorRole::weight ? Phase::backward_weight : Phase::backward_data;
}

std::string GradientContext::contribution_name(int tensor, int pending) const {
  std::string base = forward_.tensor(tensor).name + ".grad";
  return expected_[tensor] == 1 ? base : base + "." + std::to_string(received_[tensor] + pending);
}

void GradientContext::accumulate(int tensor, int contribution) {
  int k = received_[tensor]++;
  if (k == 0) {
    gradient_[tensor] = contribution;
    return;
  }
  const Tensor& t = forward_.tensor(tensor);
  std::string name = t.name + ".grad" + (received_[tensor] == expected_[tensor] ? "" : ".sum" + std::to_string(k));
  int sum = training_.add_tensor({name, t.shape, t.dtype, TensorRole::gradient});
  training_.add_op_into(OpKind::elementwise, name, {gradient_[tensor], contribution}, {sum},
                        {{"fn", std::string("add")}}, phase_for(tensor));
  gradient_[tensor] = sum;
}

void GradientContext::emit(OpKind kind, const std::string& name, const std::vector<int>& inputs, const Attrs& attrs,
                           Phase phase, const std::vector<int>& targets) {
  std::vector<TensorType> unneeded_types;
  if (std::find(targets.begin(), targets.end(), -1) != targets.end()) {
    std::vector<TensorType> types;
    for (int id : inputs) types.push_back({training_.tensor(id).shape, training_.tensor(id).dtype});
    unneeded_types = op_definition(kind).infer(types, attrs).outputs;
  }
  std::vector<int> outputs;
  for (size_t i = 0; i < targets.size(); ++i) {
    int target = targets[i];
    if (target < 0) {
      std::string output = name + ":" + std::to_string(i);
      outputs.push_back(training_.add_tensor(
          {output, unneeded_types.at(i).shape, unneeded_types.at(i).dtype, TensorRole::gradient}));
    } else {
      const Tensor& t = forward_.tensor(target);
      int pending = static_cast<int>(std::count(targets.begin(), targets.begin() + static_cast<long>(i), target));
      outputs.push_back(
          training_.add_tensor({contribution_name(target, pending), t.shape, t.dtype, TensorRole::gradient}));
    }
  }
  training_.add_op_into(kind, name, inputs, outputs, attrs, phase);
  for (size_t i = 0; i < targets.size(); ++i) {
    if (targets[i] >= 0) accumulate(targets[i], outputs[i]);
  }
}

int GradientContext::emit_intermediate(OpKind kind, const std::string& name, const std::vector<int>& inputs,
                                       const Attrs& attrs, Phase phase, TensorRole role) {
  std::vector<TensorType> types;
  for (int id : inputs) types.push_back({training_.tensor(id).shape, training_.tensor(id).dtype});
  TensorType out = op_definition(kind).infer(types, attrs).outputs.at(0);
  int id = training_.add_tensor({name, out.shape, out.dtype, role});
  training_.add_op_into(kind, name, inputs, {id}, attrs, phase);
  return id;
}

int GradientContext::zero_gradient(int tensor) {
  const Tensor& t = forward_.tensor(tensor);
  return training_.add_tensor({t.name + ".grad", t.shape, t.dtype, TensorRole::gradient});
}

void GradientContext::begin_backward(int op) {
  if (policy_ != Recompute::full) return;
  int segment = plan_.segment[op];
  if (segment < 0 || segment_done_[segment]) return;
  segment_done_[segment] = true;
  for (int id : plan_.segment_ops[segment]) copy_of(id);
}

// A recomputed op reads recomputed copies of what its own re-run produces; everything else (a checkpoint, an
// activation kept from the forward pass) it reads as kept.
int GradientContext::recomputed_source(int tensor, int segment) {
  int from = forward_.producer(tensor);
  if (from < 0 || !plan_.recomputed[from]) return tensor;
  if (policy_ == Recompute::full && plan_.segment[from] != segment) return tensor;
  copy_of(from);
  return copies_[tensor];
}

void GradientContext::copy_of(int op) {
  if (copied_[op]) return;
  copied_[op] = true;
  const Op& original = forward_.op(op);
  int segment = policy_ == Recompute::full ? plan_.segment[op] : -1;
  std::vector<int> inputs;
  for (int t : original.inputs) inputs.push_back(recomputed_source(t, segment));
  std::vector<int> outputs =
      training_.add_op(original.kind, "recompute/" + original.name, inputs, original.attrs, Phase::forward);
  for (size_t i = 0; i < outputs.size(); ++i) copies_[original.outputs[i]] = outputs[i];
}

int GradientContext::saved(int tensor, int reader) {
  int segment = policy_ == Recompute::full ? plan_.segment[reader] : -1;
  return recomputed_source(tensor, segment);
}

}  // namespace tessera
