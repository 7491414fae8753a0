// ONNX layout ops -> IR reshape/transpose/concat (or a folded constant when the input is one): Reshape, Flatten,
// Squeeze, Unsqueeze, Transpose, Concat, Expand (an elementwise identity with broadcast_to); Identity and Dropout
// (inference) alias their input.
#include <numeric>

#include "tessera/core/error.h"
#include "tessera/frontend/onnx_import_context.h"

namespace tessera::onnx_import {
namespace {

// A node whose data input is a constant yields a constant of the new shape (values kept: layout ops don't change
// the row-major order of a 1-D shape vector).
bool fold_reshape_like(ImportContext& ctx, const onnx::NodeProto& node, const Shape& shape) {
  const Value& in = ctx.value(node.input(0));
  if (!in.constant) return false;
  define_constant(ctx, node.output(0), shape, in.elem_type, in.ints, in.parameter);
  return true;
}

void reshape_to(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name, const Shape& shape) {
  if (fold_reshape_like(ctx, node, shape)) return;
  emit(ctx, node, name, OpKind::reshape, {node.input(0)}, {{"shape", shape}});
}

void map_reshape(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const Shape& x = ctx.value(node.input(0)).shape;
  auto target = ints_from_attr_or_input(ctx, node, "shape", 1);
  if (!target) throw InputError("the target shape (input 1) is missing");
  Shape shape = *target;
  // ONNX's 0 copies the input's dimension (unless allowzero); the IR resolves -1 and checks the element count.
  if (attr_int(node, "allowzero", 0) == 0) {
    for (size_t i = 0; i < shape.size(); ++i) {
      if (shape[i] != 0) continue;
      if (i >= x.size()) throw InputError("target shape " + shape_string(*target) + " copies a missing axis");
      shape[i] = x[i];
    }
  }
  shape = resolve_reshape(shape, element_count(x));
  reshape_to(ctx, node, name, shape);
}

void map_flatten(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const Shape& x = ctx.value(node.input(0)).shape;
  int64_t axis = attr_int(node, "axis", 1);
  if (axis < 0) axis += static_cast<int64_t>(x.size());
  if (axis < 0 || axis > static_cast<int64_t>(x.size())) throw InputError("attribute 'axis' is outside the rank");
  Shape outer(x.begin(), x.begin() + axis), inner(x.begin() + axis, x.end());
  reshape_to(ctx, node, name, {element_count(outer), element_count(inner)});
}

void map_squeeze(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const Shape& x = ctx.value(node.input(0)).shape;
  std::vector<bool> drop(x.size(), false);
  if (auto axes = ints_from_attr_or_input(ctx, node, "axes", 1)) {
    for (int64_t axis : *axes) {
      size_t a = normalize_axis(axis, x.size(), "squeeze axis");
      if (x[a] != 1) throw InputError("cannot squeeze axis " + std::to_string(axis) + " of " + shape_string(x));
      drop[a] = true;
    }
  } else {
    for (size_t i = 0; i < x.size(); ++i) drop[i] = x[i] == 1;
  }
  Shape shape;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!drop[i]) shape.push_back(x[i]);
  }
  reshape_to(ctx, node, name, shape);
}

void map_unsqueeze(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const Shape& x = ctx.value(node.input(0)).shape;
  auto axes = ints_from_attr_or_input(ctx, node, "axes", 1);
  if (!axes) throw InputError("the axes are missing");
  size_t rank = x.size() + axes->size();
  std::vector<bool> inserted(rank, false);
  for (int64_t axis : *axes) inserted[normalize_axis(axis, rank, "unsqueeze axis")] = true;
  Shape shape;
  size_t next = 0;
  for (size_t i = 0; i < rank; ++i) shape.push_back(inserted[i] ? 1 : x.at(next++));
  reshape_to(ctx, node, name, shape);
}

void map_transpose(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const Value& in = ctx.value(node.input(0));
  std::vector<int64_t> perm(in.shape.size());
  std::iota(perm.rbegin(), perm.rend(), 0);
  perm = attr_ints(node, "perm").value_or(perm);
  if (in.constant) {
    Shape shape;
    for (int64_t p : perm) shape.push_back(in.shape.at(static_cast<size_t>(p)));
    define_constant(ctx, node.output(0), shape, in.elem_type, in.shape.size() <= 1 ? in.ints : std::nullopt,
                    in.parameter);
    return;
  }
  emit(ctx, node, name, OpKind::transpose, {node.input(0)}, {{"perm", perm}});
}

// Concat of constants only: a constant (1-D integer values are concatenated, as shape arithmetic needs).
bool fold_concat(ImportContext& ctx, const onnx::NodeProto& node, int64_t axis) {
  std::vector<const Value*> inputs;
  for (const auto& in : node.input()) {
    const Value& v = ctx.value(in);
    if (!v.constant) return false;
    inputs.push_back(&v);
  }
  Shape shape = inputs[0]->shape;
  size_t a = normalize_axis(axis, shape.size(), "attribute 'axis'");
  std::optional<std::vector<int64_t>> ints = std::vector<int64_t>{};
  bool parameter = false;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (i > 0) shape[a] += inputs[i]->shape.at(a);
    parameter = parameter || inputs[i]->parameter;
    if (ints && inputs[i]->ints && shape.size() == 1) {
      ints->insert(ints->end(), inputs[i]->ints->begin(), inputs[i]->ints->end());
    } else {
      ints.reset();
    }
  }
  define_constant(ctx, node.output(0), shape, inputs[0]->elem_type, ints, parameter);
  return true;
}

void map_concat(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const auto* axis = find_attr(node, "axis");
  if (!axis) throw InputError("attribute 'axis' is missing");
  if (node.input_size() == 0) throw InputError("takes at least one input");
  if (fold_concat(ctx, node, axis->i())) return;
  emit(ctx, node, name, OpKind::concat, {node.input().begin(), node.input().end()}, {{"axis", axis->i()}});
}

// Expand broadcasts: one elementwise identity with broadcast_to (the input read once, the output written once), or a
// reshape (no bytes) when no axis is stretched.
void map_expand(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const Value& in = ctx.value(node.input(0));
  auto target = ints_from_attr_or_input(ctx, node, "shape", 1);
  if (!target) throw InputError("the target shape (input 1) is missing");
  for (int64_t d : *target) {
    if (d < 1) throw InputError("target shape " + shape_string(*target) + " has a dimension below 1");
  }
  Shape shape = broadcast_shapes(in.shape, *target);
  if (in.constant) {
    define_constant(ctx, node.output(0), shape, in.elem_type, std::nullopt, in.parameter);
    return;
  }
  if (element_count(shape) == element_count(in.shape)) {
    reshape_to(ctx, node, name, shape);
    return;
  }
  emit(ctx, node, name, OpKind::elementwise, {node.input(0)},
       {{"fn", std::string("identity")}, {"broadcast_to", *target}});
}

void map_identity(ImportContext& ctx, const onnx::NodeProto& node, const std::string&) {
  ctx.alias(node.output(0), node.input(0));
}

}  // namespace

void add_layout_ops(OpTable& table) {
  table["Reshape"] = map_reshape;
  table["Flatten"] = map_flatten;
  table["Squeeze"] = map_squeeze;
  table["Unsqueeze"] = map_unsqueeze;
  table["Transpose"] = map_transpose;
  table["Concat"] = map_concat;
  table["Expand"] = map_expand;
  table["Identity"] = map_identity;
  table["Dropout"] = map_identity;  // inference: the identity; a mask output is not supported
}

}  // namespace tessera::onnx_import
