// ONNX elementwise ops -> the IR's elementwise op (one per function; variadic Max/Min become a chain of binary ops).
// A node whose inputs are all import-time constants is folded into a constant instead (shape arithmetic on Shape
// outputs, literals such as sqrt(head_dim)); integer Add/Sub/Mul/Div values are computed.
#include "tessera/core/error.h"
#include "tessera/frontend/onnx_import_context.h"

namespace tessera::onnx_import {
namespace {

std::optional<std::vector<int64_t>> fold_ints(const std::string& fn, const Value& a, const Value& b, int64_t count) {
  if (!a.ints || !b.ints) return std::nullopt;
  auto at = [count](const std::vector<int64_t>& v, int64_t i) -> std::optional<int64_t> {
    if (static_cast<int64_t>(v.size()) == count) return v[i];
    if (v.size() == 1) return v[0];
    return std::nullopt;
  };
  std::vector<int64_t> out;
  for (int64_t i = 0; i < count; ++i) {
    auto x = at(*a.ints, i), y = at(*b.ints, i);
    if (!x || !y) return std::nullopt;
    if (fn == "add") out.push_back(*x + *y);
    else if (fn == "sub") out.push_back(*x - *y);
    else if (fn == "mul") out.push_back(*x * *y);
    else if (fn == "div" && *y != 0) out.push_back(*x / *y);
    else return std::nullopt;
  }
  return out;
}

// Folds a node whose inputs are all constants; returns false when some input is a graph tensor.
bool fold_constant(ImportContext& ctx, const onnx::NodeProto& node, const std::string& fn) {
  std::vector<const Value*> inputs;
  for (const auto& in : node.input()) {
    if (in.empty()) continue;
    const Value& v = ctx.value(in);
    if (!v.constant) return false;
    inputs.push_back(&v);
  }
  if (inputs.empty()) return false;
  const Value& data = fn == "where" && inputs.size() > 1 ? *inputs[1] : *inputs[0];
  Value out;
  out.constant = true;
  out.elem_type = fn == "equal" ? onnx::TensorProto::BOOL : data.elem_type;
  out.dtype = fn == "equal" ? DType::int8 : data.dtype;
  out.shape = inputs[0]->shape;
  for (const Value* v : inputs) {
    out.shape = broadcast_shapes(out.shape, v->shape);
    out.parameter = out.parameter || v->parameter;
  }
  if (inputs.size() == 2 && is_integer_type(out.elem_type)) {
    out.ints = fold_ints(fn, *inputs[0], *inputs[1], element_count(out.shape));
  }
  ctx.define(node.output(0), std::move(out));
  return true;
}

void map_elementwise(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name,
                     const std::string& fn, int arity) {
  if (node.input_size() < arity) {
    throw InputError("takes " + std::to_string(arity) + " inputs, got " + std::to_string(node.input_size()));
  }
  if (fold_constant(ctx, node, fn)) return;
  std::vector<std::string> inputs(node.input().begin(), node.input().begin() + arity);
  emit(ctx, node, name, OpKind::elementwise, inputs, {{"fn", fn}});
}

// Max/Min take one or more inputs: a chain of binary ops.
void map_variadic(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name, const std::string& fn) {
  if (node.input_size() == 0) throw InputError("takes at least one input");
  if (fold_constant(ctx, node, fn)) return;
  if (node.input_size() == 1) {
    ctx.alias(node.output(0), node.input(0));
    return;
  }
  int acc = ctx.tensor(node.input(0));
  for (int i = 1; i < node.input_size(); ++i) {
    std::string step = i + 1 == node.input_size() ? name : ctx.unique_name(name + "/" + std::to_string(i));
    acc = ctx.graph.add_op(OpKind::elementwise, step, {acc, ctx.tensor(node.input(i))}, {{"fn", fn}}).at(0);
  }
  ctx.define_tensor(node.output(0), acc);
}

void map_cast(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const auto* to = find_attr(node, "to");
  if (!to) throw InputError("attribute 'to' is missing");
  int elem_type = static_cast<int>(to->i());
  DType dtype = onnx_dtype(elem_type, "attribute 'to'");
  const Value& in = ctx.value(node.input(0));
  if (in.constant) {
    Value out = in;
    out.tensor = -1;
    out.elem_type = elem_type;
    out.dtype = dtype;
    if (!is_integer_type(elem_type)) out.ints.reset();
    ctx.define(node.output(0), std::move(out));
    return;
  }
  emit(ctx, node, name, OpKind::elementwise, {node.input(0)},
       {{"fn", std::string("cast")}, {"to", std::string(dtype_name(dtype))}});
}

}  // namespace

void add_elementwise_ops(OpTable& table) {
  const std::pair<const char*, const char*> unary[] = {
      {"Relu", "relu"}, {"LeakyRelu", "leaky_relu"}, {"Sigmoid", "sigmoid"}, {"Tanh", "tanh"}, {"Erf", "erf"},
      {"Exp", "exp"}, {"Log", "log"}, {"Sqrt", "sqrt"}, {"Reciprocal", "reciprocal"}, {"Neg", "neg"},
      {"Abs", "abs"}, {"Clip", "clip"}, {"HardSigmoid", "hard_sigmoid"}, {"HardSwish", "hard_swish"},
      {"Gelu", "gelu"}};
  for (const auto& [op, fn] : unary) {
    std::string function = fn;
    table[op] = [function](auto& ctx, const auto& node, const auto& name) {
      map_elementwise(ctx, node, name, function, 1);  // Clip's min/max inputs are scalars folded into the function
    };
  }
  const std::pair<const char*, const char*> binary[] = {
      {"Add", "add"}, {"Sub", "sub"}, {"Mul", "mul"}, {"Div", "div"}, {"Pow", "pow"}, {"Equal", "equal"}};
  for (const auto& [op, fn] : binary) {
    std::string function = fn;
    table[op] = [function](auto& ctx, const auto& node, const auto& name) {
      map_elementwise(ctx, node, name, function, 2);
    };
  }
  table["Where"] = [](auto& ctx, const auto& node, const auto& name) {
    map_elementwise(ctx, node, name, "where", 3);
  };
  table["Max"] = [](auto& ctx, const auto& node, const auto& name) { map_variadic(ctx, node, name, "max"); };
  table["Min"] = [](auto& ctx, const auto& node, const auto& name) { map_variadic(ctx, node, name, "min"); };
  table["Cast"] = map_cast;
}

}  // namespace tessera::onnx_import
