#include "tessera/workload/training/gradient_rules.h"

#include "tessera/core/error.h"
#include "tessera/workload/ops/elementwise_derivative.h"

namespace tessera {
namespace {

[[noreturn]] void no_rule(const Op& op, const std::string& why) {
  throw InputError("op '" + op.name + "' (" + std::string(op_kind_name(op.kind)) + "): " + why);
}

}  // namespace

bool propagates_gradient(const Op& op, int slot) {
  switch (op.kind) {
    case OpKind::matmul: case OpKind::conv: case OpKind::conv_transpose: case OpKind::softmax:
    case OpKind::layer_norm: case OpKind::rms_norm: case OpKind::batch_norm: case OpKind::pool:
    case OpKind::concat: case OpKind::split: case OpKind::transpose: case OpKind::reshape:
    case OpKind::all_gather: case OpKind::reduce_scatter:
      return true;
    case OpKind::attention:
      if (slot >= 3) no_rule(op, "training needs attention without a KV cache");
      return true;
    case OpKind::embedding:
      return slot == 0;  // the table; the indices are integers
    case OpKind::elementwise:
      return elementwise_derivative(op.attrs.get_string("fn"), slot).has_value();
    case OpKind::reduce: {
      std::string fn = op.attrs.get_string("fn");
      if (fn != "sum" && fn != "mean") no_rule(op, "no gradient rule for reduce " + fn);
      return true;
    }
    default:
      no_rule(op, "no gradient rule for this kind");
  }
}

void emit_gradients(GradientContext& ctx, int op) {
  switch (ctx.op(op).kind) {
    case OpKind::matmul: return emit_matmul_gradients(ctx, op);
    case OpKind::conv: return emit_conv_gradients(ctx, op);
    case OpKind::conv_transpose: return emit_conv_transpose_gradients(ctx, op);
    case OpKind::attention: return emit_attention_gradients(ctx, op);
    case OpKind::embedding: return emit_embedding_gradients(ctx, op);
    case OpKind::elementwise: return emit_elementwise_gradients(ctx, op);
    case OpKind::softmax: case OpKind::layer_norm: case OpKind::rms_norm: case OpKind::batch_norm:
      return emit_normalization_gradients(ctx, op);
    case OpKind::pool: return emit_pool_gradients(ctx, op);
    case OpKind::reduce: return emit_reduce_gradients(ctx, op);
    default: return emit_layout_gradients(ctx, op);  // propagates_gradient admitted only layout kinds besides
  }
}

void emit_reduction(GradientContext& ctx, int source, const std::vector<int64_t>& axes, int target,
                    const std::string& name) {
  Phase phase = ctx.phase_for(target);
  if (axes.empty()) {  // nothing was broadcast: the gradient is dY itself, copied
    ctx.emit(OpKind::elementwise, name, {source}, {{"fn", std::string("identity")}}, phase, {target});
    return;
  }
  Attrs sum{{"fn", std::string("sum")}, {"axes", axes}, {"keepdims", int64_t{1}}};
  const Shape& target_shape = ctx.forward().tensor(target).shape;
  Shape kept = ctx.training().tensor(source).shape;
  for (int64_t axis : axes) kept[axis] = 1;
  if (kept == target_shape) {
    ctx.emit(OpKind::reduce, name, {source}, sum, phase, {target});
    return;
  }
  // keepdims left size-1 axes the target does not have (a conv bias [M] from dY [N, M, P, Q]): a free reshape.
  int partial = ctx.emit_intermediate(OpKind::reduce, name, {source}, sum, phase);
  ctx.emit(OpKind::reshape, name + ".view", {partial}, {{"shape", target_shape}}, phase, {target});
}

std::vector<int64_t> broadcast_axes(const Shape& full, const Shape& part) {
  std::vector<int64_t> axes;
  size_t lead = full.size() - part.size();
  for (size_t i = 0; i < full.size(); ++i) {
    if (i < lead || (part[i - lead] == 1 && full[i] > 1)) axes.push_back(static_cast<int64_t>(i));
  }
  return axes;
}

}  // namespace tessera
