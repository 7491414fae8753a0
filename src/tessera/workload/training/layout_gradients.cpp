// Gradients of the layout ops, each the inverse layout op on dY: concat <-> split, transpose by the inverse
// permutation, reshape back (a view, free), all-gather <-> reduce-scatter along the same axis and group (sequence
// parallelism's pair, Korthikanti et al. 2022). A split piece no gradient reaches contributes zeros (a gradient input).
#include "tessera/workload/training/gradient_rules.h"

namespace tessera {

void emit_layout_gradients(GradientContext& ctx, int op) {
  const Op& forward = ctx.op(op);
  const Graph& graph = ctx.forward();
  std::string name = forward.name + ".backward";
  int x = forward.inputs[0];
  switch (forward.kind) {
    case OpKind::concat: {
      size_t rank = graph.tensor(x).shape.size();
      int64_t axis = forward.attrs.get_int("axis", 0);
      if (axis < 0) axis += static_cast<int64_t>(rank);
      std::vector<int64_t> sizes;
      std::vector<int> targets;
      for (size_t slot = 0; slot < forward.inputs.size(); ++slot) {
        sizes.push_back(graph.tensor(forward.inputs[slot]).shape[axis]);
        targets.push_back(ctx.flows(op, static_cast<int>(slot)) ? forward.inputs[slot] : -1);
      }
      ctx.emit(OpKind::split, name, {ctx.gradient(forward.outputs[0])}, {{"axis", axis}, {"sizes", sizes}},
               Phase::backward_data, targets);
      return;
    }
    case OpKind::split: {
      std::vector<int> pieces;
      for (int piece : forward.outputs) {
        int gradient = ctx.gradient(piece);
        pieces.push_back(gradient >= 0 ? gradient : ctx.zero_gradient(piece));
      }
      ctx.emit(OpKind::concat, name, pieces, {{"axis", forward.attrs.get_int("axis", 0)}}, ctx.phase_for(x), {x});
      return;
    }
    case OpKind::transpose: {
      std::vector<int64_t> perm = forward.attrs.get_ints("perm");
      std::vector<int64_t> inverse(perm.size());
      for (size_t i = 0; i < perm.size(); ++i) inverse[perm[i]] = static_cast<int64_t>(i);
      ctx.emit(OpKind::transpose, name, {ctx.gradient(forward.outputs[0])}, {{"perm", inverse}}, ctx.phase_for(x),
               {x});
      return;
    }
    case OpKind::all_gather:
    case OpKind::reduce_scatter: {
      OpKind inverse = forward.kind == OpKind::all_gather ? OpKind::reduce_scatter : OpKind::all_gather;
      Attrs attrs{{"group", forward.attrs.get_int("group", 1)}, {"axis", forward.attrs.get_int("axis", 0)}};
      ctx.emit(inverse, name, {ctx.gradient(forward.outputs[0])}, attrs, ctx.phase_for(x), {x});
      return;
    }
    default:  // reshape
      ctx.emit(OpKind::reshape, name, {ctx.gradient(forward.outputs[0])}, {{"shape", graph.tensor(x).shape}},
               ctx.phase_for(x), {x});
  }
}

}  // namespace tessera
