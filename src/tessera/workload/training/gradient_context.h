#pragma once
// The state of a backward pass being emitted into a training graph: which forward tensors gradients reach, their
// accumulation (a tensor read by several ops sums one contribution per read), the forward values backward ops read
// (kept from the forward pass, or recomputed) and the ops that re-run the forward.
//
// Names: the gradient of forward tensor T is "T.grad" (its contributions "T.grad.<k>" and partial sums
// "T.grad.sum<k>" when several ops read T). The loss reads every graph output T: "T.loss", softmax cross-entropy
// over T's last axis against the input "T.labels" (forward phase), and "T.loss.backward", which writes "T.grad" (a
// scalar output is the loss itself: its "T.grad" is an input). Backward ops are named after their forward op ("<op>.backward[.<slot>]"), recomputed
// forward ops "recompute/<op>".
#include <string>
#include <vector>

#include "tessera/workload/graph.h"
#include "tessera/workload/training/recompute_plan.h"

namespace tessera {

class GradientContext {
 public:
  // `training` must hold a copy of `forward` (same tensor and op ids). Seeds the graph outputs' gradients.
  GradientContext(const Graph& forward, Graph& training, RecomputePlan plan, Recompute policy);

  const Graph& forward() const { return forward_; }
  const Graph& training() const { return training_; }
  const Op& op(int id) const { return forward_.op(id); }
  // Whether a gradient flows from op `op`'s outputs into its input `slot`.
  bool flows(int op, int slot) const { return flows_[op][slot]; }
  // Whether any output of op `op` has a gradient, i.e. it has a backward pass.
  bool has_backward(int op) const;
  // The complete gradient of forward tensor `tensor` (a training-graph id), -1 when no gradient reaches it.
  int gradient(int tensor) const;
  // The value of forward tensor `tensor` that the backward ops of forward op `reader` read: the tensor kept from
  // the forward pass, or its recomputed copy.
  int saved(int tensor, int reader);
  // Called before emitting op `op`'s backward: under full recompute, re-runs its segment's forward first.
  void begin_backward(int op);

  // Adds one backward op; output i contributes to the gradient of forward tensor targets[i], or is not needed
  // (targets[i] = -1: the kernel writes it anyway, e.g. dk of an attention whose k needs none).
  void emit(OpKind kind, const std::string& name, const std::vector<int>& inputs, const Attrs& attrs, Phase phase,
            const std::vector<int>& targets);
  // Adds a backward op whose one output is an intermediate — a partial gradient, or a view of a forward value
  // (role activation) — named `name`; returns its id.
  int emit_intermediate(OpKind kind, const std::string& name, const std::vector<int>& inputs, const Attrs& attrs,
                        Phase phase, TensorRole role = TensorRole::gradient);
  // Adds a zero gradient for forward tensor `tensor` that no op differentiates through (an unused split piece).
  int zero_gradient(int tensor);
  // backward_weight for a weight's gradient, backward_data otherwise.
  Phase phase_for(int tensor) const;

 private:
  void find_gradient_flow();
  int add_loss(int output);  // the loss's ops on a graph output; returns the output's gradient
  void accumulate(int tensor, int contribution);
  std::string contribution_name(int tensor, int pending) const;  // pending: earlier outputs of the same op
  void copy_of(int op);
  int recomputed_source(int tensor, int segment);

  const Graph& forward_;
  Graph& training_;
  RecomputePlan plan_;
  Recompute policy_;
  std::vector<std::vector<bool>> flows_;  // per op, per input slot
  std::vector<int> expected_;             // per forward tensor: contributions its gradient sums
  std::vector<int> received_;
  std::vector<int> gradient_;             // per forward tensor: the running sum, -1 before the first
  std::vector<int> copies_;               // per forward tensor: its recomputed copy, -1 when none
  std::vector<bool> copied_;              // per forward op: re-run already
  std::vector<bool> segment_done_;
};

}  // namespace tessera
