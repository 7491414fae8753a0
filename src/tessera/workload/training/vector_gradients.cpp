// Gradients of the vector ops. Each backward op reads dY and the forward values its derivative needs (kept from the
// forward pass or recomputed) and writes dx; the counts are in the backward kinds' definitions (ops/*_backward.cpp):
//   elementwise      one elementwise_backward per input, reduced over the axes that input was broadcast along.
//   softmax, norms   one normalization_backward: dx and the affine parameters' gradients in one kernel.
//   pool             one pool_backward (max pooling reads x again to find each window's maximum).
//   reduce sum/mean  dY broadcast back over the reduced axes (the 1/n of mean folds into the broadcast).
#include "tessera/workload/ops/elementwise_derivative.h"
#include "tessera/workload/training/gradient_rules.h"

namespace tessera {

void emit_elementwise_gradients(GradientContext& ctx, int op) {
  const Op& forward = ctx.op(op);
  std::string fn = forward.attrs.get_string("fn");
  int dy = ctx.gradient(forward.outputs[0]);
  for (size_t slot = 0; slot < forward.inputs.size(); ++slot) {
    if (!ctx.flows(op, static_cast<int>(slot))) continue;
    int input = forward.inputs[slot];
    ElementwiseDerivative derivative = *elementwise_derivative(fn, static_cast<int>(slot));
    std::vector<int> inputs{dy};
    for (int read : derivative.reads) {
      inputs.push_back(ctx.saved(read == kForwardOutput ? forward.outputs[0] : forward.inputs[read], op));
    }
    const Tensor& x = ctx.forward().tensor(input);
    Attrs attrs{{"fn", fn}, {"wrt", static_cast<int64_t>(slot)}, {"shape", x.shape}};
    if (x.dtype != ctx.training().tensor(dy).dtype) attrs.set("to", std::string(dtype_name(x.dtype)));
    ctx.emit(OpKind::elementwise_backward, forward.name + ".backward." + std::to_string(slot), inputs, attrs,
             ctx.phase_for(input), {input});
  }
}

void emit_normalization_gradients(GradientContext& ctx, int op) {
  const Op& forward = ctx.op(op);
  int dy = ctx.gradient(forward.outputs[0]);
  int x = forward.inputs[0];
  if (forward.kind == OpKind::softmax) {
    ctx.emit(OpKind::normalization_backward, forward.name + ".backward", {dy, ctx.saved(forward.outputs[0], op)},
             {{"of", std::string("softmax")}, {"axis", forward.attrs.get_int("axis", -1)}}, ctx.phase_for(x), {x});
    return;
  }
  Attrs attrs{{"of", std::string(op_kind_name(forward.kind))},
              {"beta", int64_t{forward.inputs.size() == 3 ? 1 : 0}}};
  if (forward.kind != OpKind::batch_norm) attrs.set("axis", forward.attrs.get_int("axis", -1));
  std::vector<int> inputs{dy, ctx.saved(x, op)};
  if (forward.inputs.size() > 1) inputs.push_back(ctx.saved(forward.inputs[1], op));
  std::vector<int> targets;
  for (size_t slot = 0; slot < forward.inputs.size(); ++slot) {
    targets.push_back(ctx.flows(op, static_cast<int>(slot)) ? forward.inputs[slot] : -1);
  }
  Phase phase = ctx.flows(op, 0) ? ctx.phase_for(x) : Phase::backward_weight;
  ctx.emit(OpKind::normalization_backward, forward.name + ".backward", inputs, attrs, phase, targets);
}

void emit_pool_gradients(GradientContext& ctx, int op) {
  const Op& forward = ctx.op(op);
  int x = forward.inputs[0];
  std::vector<int> inputs{ctx.gradient(forward.outputs[0])};
  if (forward.attrs.get_string("mode") == "max") inputs.push_back(ctx.saved(x, op));
  Attrs attrs = forward.attrs;
  attrs.set("shape", ctx.forward().tensor(x).shape);
  ctx.emit(OpKind::pool_backward, forward.name + ".backward", inputs, attrs, ctx.phase_for(x), {x});
}

void emit_reduce_gradients(GradientContext& ctx, int op) {
  const Op& forward = ctx.op(op);
  int x = forward.inputs[0];
  const Shape& in = ctx.forward().tensor(x).shape;
  int dy = ctx.gradient(forward.outputs[0]);
  Phase phase = ctx.phase_for(x);
  Shape kept = in;  // the output's shape with keepdims
  for (int64_t axis : forward.attrs.get_ints("axes")) {
    kept[axis < 0 ? axis + static_cast<int64_t>(in.size()) : axis] = 1;
  }
  if (ctx.training().tensor(dy).shape != kept) {
    dy = ctx.emit_intermediate(OpKind::reshape, forward.name + ".backward.view", {dy}, {{"shape", kept}}, phase);
  }
  ctx.emit(OpKind::elementwise, forward.name + ".backward", {dy},
           {{"fn", std::string("identity")}, {"broadcast_to", in}}, phase, {x});
}

}  // namespace tessera
