// Softmax cross-entropy over the last axis (the classes) against integer labels: the loss of a training step.
//   cross_entropy(logits [..., C], labels [...]) -> loss [...] fp32. Per logit: max, subtract, exp, sum = 4 FLOPs,
//     one exp; the row's log-sum-exp minus the label's logit is its loss.
//   cross_entropy_backward(logits, labels, loss) -> dlogits, logits' shape and dtype: softmax minus one-hot, from the
//     row's log-sum-exp the forward kept (the `loss` input stands for those per-row values). Per logit: subtract,
//     exp, and the one-hot subtraction = 3 FLOPs, one exp.
// A fused kernel (Apex xentropy, Megatron-Core's fused cross-entropy) reads the logits once per pass, as counted here;
// an unfused fp32 one (Megatron-LM 2021: logits.float(), then max, subtract, exp, sum and divide as separate kernels)
// moves several times the bytes.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/indexing.h"

namespace tessera {
namespace {

// The loop dims over the logits and over their rows (every axis but the class axis).
struct LogitLoops {
  std::vector<int> logits;
  std::vector<int> rows;
};

// Checks logits [..., C] and labels [...] (the logits' leading axes) and builds the loop nest over the logits with
// those two operands read; per-logit work: `flops` FLOPs and one exp.
LogitLoops logits_and_labels(const std::vector<TensorType>& inputs, int64_t flops, OpInference& out) {
  require_rank(inputs, 0, 1, 8);
  const Shape& logits = inputs[0].shape;
  require(inputs[1].shape == Shape(logits.begin(), logits.end() - 1), {0, 1},
          "labels must have the logits' shape without the class axis");
  require(!is_floating_dtype(inputs[1].dtype), {1}, "labels must be integer class indices");
  LogitLoops dims;
  dims.logits = add_axis_dims(out.loops, logits, "D");
  dims.rows.assign(dims.logits.begin(), dims.logits.end() - 1);
  out.loops.add_simple_operand(0, false, dims.logits);
  out.loops.add_simple_operand(1, false, dims.rows);
  out.vector_flops = flops * element_count(logits);
  out.transcendentals = element_count(logits);
  return dims;
}

class CrossEntropy final : public OpDefinition {
 public:
  int min_inputs() const override { return 2; }
  int max_inputs() const override { return 2; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs&) const override {
    OpInference out;
    LogitLoops dims = logits_and_labels(inputs, 4, out);
    out.loops.add_simple_operand(0, true, dims.rows);
    out.outputs = {{inputs[1].shape, DType::fp32}};
    return out;
  }
};

class CrossEntropyBackward final : public OpDefinition {
 public:
  int min_inputs() const override { return 3; }
  int max_inputs() const override { return 3; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs&) const override {
    OpInference out;
    LogitLoops dims = logits_and_labels(inputs, 3, out);
    require(inputs[2].shape == inputs[1].shape, {1, 2}, "the forward's per-row values must match the labels' shape");
    out.loops.add_simple_operand(2, false, dims.rows);
    out.loops.add_simple_operand(0, true, dims.logits);
    out.outputs = {inputs[0]};
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, CrossEntropy, "cross_entropy");
TESSERA_REGISTER(OpDefinition, CrossEntropyBackward, "cross_entropy_backward");

}  // namespace
}  // namespace tessera
