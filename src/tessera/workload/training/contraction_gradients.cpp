// Gradients of the contractions. Each operand's gradient is one op with the forward's MAC count:
//   matmul Y = A B          dA = dY B^T, dB = A^T dY, as matmuls (transpose flags, no data moved); a 2-D weight
//                           under a batched activation contracts over the batch too (both flattened to rows, a free
//                           view), so dW is one [K, N] GEMM, not a batched one plus a sum.
//   conv                    dX = conv_transpose(dY, W) with the forward's window (the adjoint of a convolution);
//                           dW = conv_backward_weight(X, dY), the forward's loop nest writing the weight.
//   conv_transpose          its adjoint: dX = conv(dY, W); dW = conv_backward_weight(dY, X).
//   attention               one attention_backward op (FlashAttention-2's backward, 2.5x the forward MACs).
//   embedding               a scatter-add of dY into the table's gradient (embedding_backward).
// Biases: dY summed over the axes the bias was broadcast along.
#include <algorithm>

#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/window.h"
#include "tessera/workload/training/gradient_rules.h"

namespace tessera {
namespace {

struct Product {
  int left, right;
  bool trans_a, trans_b;
};

Attrs product_attrs(const Product& p) {
  return {{"trans_a", int64_t{p.trans_a ? 1 : 0}}, {"trans_b", int64_t{p.trans_b ? 1 : 0}}};
}

// [b.., rows, cols] viewed as [b..*rows, cols].
int rows_view(GradientContext& ctx, int tensor, const std::string& name, Phase phase) {
  Tensor t = ctx.training().tensor(tensor);  // a copy: emitting adds tensors
  Shape rows{element_count(t.shape) / t.shape.back(), t.shape.back()};
  return ctx.emit_intermediate(OpKind::reshape, name, {tensor}, {{"shape", rows}}, phase, t.role);
}

// Emits the product p as the gradient of forward tensor `target`, summing it over any batch axes `target` lacks.
void emit_product(GradientContext& ctx, const std::string& name, Product p, int target) {
  const Graph& g = ctx.training();
  TensorType left{g.tensor(p.left).shape, g.tensor(p.left).dtype};
  TensorType right{g.tensor(p.right).shape, g.tensor(p.right).dtype};
  Shape product = op_definition(OpKind::matmul).infer({left, right}, product_attrs(p)).outputs[0].shape;
  const Shape& target_shape = ctx.forward().tensor(target).shape;
  Phase phase = ctx.phase_for(target);
  if (product == target_shape) {
    ctx.emit(OpKind::matmul, name, {p.left, p.right}, product_attrs(p), phase, {target});
    return;
  }
  // A^T-style products whose rows run over [batch.., M] contract over the batch as well: flatten both to rows.
  bool flattens = target_shape.size() == 2 && p.trans_a && !p.trans_b && left.shape.size() == product.size() &&
                  right.shape.size() == product.size() &&
                  std::equal(left.shape.begin(), left.shape.end() - 2, right.shape.begin());
  if (flattens) {
    p.left = rows_view(ctx, p.left, name + ".rows_a", phase);
    p.right = rows_view(ctx, p.right, name + ".rows_b", phase);
    ctx.emit(OpKind::matmul, name, {p.left, p.right}, product_attrs(p), phase, {target});
    return;
  }
  int partial = ctx.emit_intermediate(OpKind::matmul, name + ".batched", {p.left, p.right}, product_attrs(p), phase);
  emit_reduction(ctx, partial, broadcast_axes(product, target_shape), target, name);
}

// The forward window as conv/conv_transpose attributes.
Attrs window_attrs(const Op& op, size_t spatial) {
  Window w = read_window(op.attrs, spatial);
  std::vector<int64_t> pads = w.pads_begin;
  pads.insert(pads.end(), w.pads_end.begin(), w.pads_end.end());
  return {{"strides", w.strides}, {"pads", pads}, {"dilations", w.dilations},
          {"group", op.attrs.get_int("group", 1)}};
}

std::vector<int64_t> kernel_of(const Shape& weight) { return {weight.begin() + 2, weight.end()}; }

void emit_channel_bias(GradientContext& ctx, int op, int dy) {
  const Op& forward = ctx.op(op);
  if (forward.inputs.size() < 3 || !ctx.flows(op, 2)) return;
  std::vector<int64_t> axes{0};
  for (size_t i = 2; i < ctx.training().tensor(dy).shape.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  emit_reduction(ctx, dy, axes, forward.inputs[2], forward.name + ".backward.2");
}

}  // namespace

void emit_matmul_gradients(GradientContext& ctx, int op) {
  const Op& forward = ctx.op(op);
  int a = forward.inputs[0], b = forward.inputs[1];
  int dy = ctx.gradient(forward.outputs[0]);
  bool ta = forward.attrs.get_int("trans_a", 0) != 0, tb = forward.attrs.get_int("trans_b", 0) != 0;
  if (ctx.flows(op, 0)) {  // dA' = dY B'^T, with A' = op(A), B' = op(B)
    int other = ctx.saved(b, op);
    Product p = ta ? Product{other, dy, tb, true} : Product{dy, other, false, !tb};
    emit_product(ctx, forward.name + ".backward.0", p, a);
  }
  if (ctx.flows(op, 1)) {  // dB' = A'^T dY
    int other = ctx.saved(a, op);
    Product p = tb ? Product{dy, other, true, ta} : Product{other, dy, !ta, false};
    emit_product(ctx, forward.name + ".backward.1", p, b);
  }
  if (forward.inputs.size() == 3 && ctx.flows(op, 2)) {
    int bias = forward.inputs[2];
    emit_reduction(ctx, dy, broadcast_axes(ctx.training().tensor(dy).shape, ctx.forward().tensor(bias).shape), bias,
                   forward.name + ".backward.2");
  }
}

void emit_conv_gradients(GradientContext& ctx, int op) {
  const Op& forward = ctx.op(op);
  int x = forward.inputs[0], w = forward.inputs[1];
  int dy = ctx.gradient(forward.outputs[0]);
  const Shape& in = ctx.forward().tensor(x).shape;
  const Shape& weight = ctx.forward().tensor(w).shape;
  Shape out = ctx.training().tensor(dy).shape;
  size_t spatial = in.size() - 2;
  Attrs attrs = window_attrs(forward, spatial);
  if (ctx.flows(op, 0)) {
    // conv_transpose's output length (P-1) s - pads + d (R-1) + 1 may fall short of the input's by what the
    // forward's stride skipped at the end: output_padding restores it.
    Window win = read_window(forward.attrs, spatial);
    std::vector<int64_t> output_padding;
    for (size_t i = 0; i < spatial; ++i) {
      int64_t length = (out[2 + i] - 1) * win.strides[i] - win.pads_begin[i] - win.pads_end[i] +
                       win.dilations[i] * (weight[2 + i] - 1) + 1;
      output_padding.push_back(in[2 + i] - length);
    }
    Attrs data = attrs;
    data.set("output_padding", output_padding);
    ctx.emit(OpKind::conv_transpose, forward.name + ".backward.0", {dy, ctx.saved(w, op)}, data,
             ctx.phase_for(x), {x});
  }
  if (ctx.flows(op, 1)) {
    Attrs weight_attrs = attrs;
    weight_attrs.set("kernel", kernel_of(weight));
    ctx.emit(OpKind::conv_backward_weight, forward.name + ".backward.1", {ctx.saved(x, op), dy}, weight_attrs,
             ctx.phase_for(w), {w});
  }
  emit_channel_bias(ctx, op, dy);
}

void emit_conv_transpose_gradients(GradientContext& ctx, int op) {
  const Op& forward = ctx.op(op);
  int x = forward.inputs[0], w = forward.inputs[1];
  int dy = ctx.gradient(forward.outputs[0]);
  Attrs attrs = window_attrs(forward, ctx.forward().tensor(x).shape.size() - 2);
  if (ctx.flows(op, 0)) {
    ctx.emit(OpKind::conv, forward.name + ".backward.0", {dy, ctx.saved(w, op)}, attrs, ctx.phase_for(x), {x});
  }
  if (ctx.flows(op, 1)) {  // the adjoint convolution reads dY as its input and X as its output
    attrs.set("kernel", kernel_of(ctx.forward().tensor(w).shape));
    ctx.emit(OpKind::conv_backward_weight, forward.name + ".backward.1", {dy, ctx.saved(x, op)}, attrs,
             ctx.phase_for(w), {w});
  }
  emit_channel_bias(ctx, op, dy);
}

void emit_attention_gradients(GradientContext& ctx, int op) {
  const Op& forward = ctx.op(op);
  std::vector<int> inputs, targets;
  for (int slot = 0; slot < 3; ++slot) {
    inputs.push_back(ctx.saved(forward.inputs[slot], op));
    targets.push_back(ctx.flows(op, slot) ? forward.inputs[slot] : -1);
  }
  inputs.push_back(ctx.saved(forward.outputs[0], op));
  inputs.push_back(ctx.gradient(forward.outputs[0]));
  ctx.emit(OpKind::attention_backward, forward.name + ".backward", inputs, forward.attrs, Phase::backward_data,
           targets);
}

void emit_embedding_gradients(GradientContext& ctx, int op) {
  const Op& forward = ctx.op(op);
  int table = forward.inputs[0];
  Attrs attrs{{"mode", forward.attrs.get_string("mode", "gather")},
              {"rows", ctx.forward().tensor(table).shape[0]}};
  ctx.emit(OpKind::embedding_backward, forward.name + ".backward",
           {ctx.gradient(forward.outputs[0]), ctx.saved(forward.inputs[1], op)}, attrs, ctx.phase_for(table),
           {table});
}

}  // namespace tessera
