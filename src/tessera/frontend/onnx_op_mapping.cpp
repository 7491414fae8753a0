// ONNX compute ops -> IR ops: convolutions, pools, matrix products, elementwise functions, normalizations, softmax
// and reductions. Conv/pool attributes keep ONNX conventions (the IR uses them too); auto_pad and ceil_mode are
// turned into explicit pads.
#include <algorithm>

#include "tessera/core/error.h"
#include "tessera/frontend/onnx_import_context.h"

namespace tessera::onnx_import {
namespace {

const Shape& shape_of(ImportContext& ctx, const onnx::NodeProto& node, int input) {
  return ctx.value(input_name(node, input)).shape;
}

std::vector<int64_t> per_axis(const onnx::NodeProto& node, const std::string& key, size_t count, int64_t fallback) {
  std::vector<int64_t> values = attr_ints(node, key).value_or(std::vector<int64_t>(count, fallback));
  if (values.size() != count) {
    throw InputError("attribute '" + key + "' has " + std::to_string(values.size()) + " values, expected " +
                     std::to_string(count));
  }
  int64_t minimum = fallback;  // strides and dilations (default 1) must be >= 1, pads (default 0) >= 0
  for (int64_t v : values) {
    if (v < minimum) {
      throw InputError("attribute '" + key + "' value " + std::to_string(v) + " is below " + std::to_string(minimum));
    }
  }
  return values;
}

// strides/pads/dilations for a sliding window over x's spatial axes, resolving auto_pad and (for pools) ceil_mode.
Attrs window_attrs(const onnx::NodeProto& node, const Shape& x, const std::vector<int64_t>& kernel) {
  if (x.size() < 3) throw InputError("input must have rank 3 or more, got " + shape_string(x));
  size_t spatial = x.size() - 2;
  std::vector<int64_t> strides = per_axis(node, "strides", spatial, 1);
  std::vector<int64_t> dilations = per_axis(node, "dilations", spatial, 1);
  std::vector<int64_t> pads = per_axis(node, "pads", 2 * spatial, 0);
  std::string auto_pad = attr_string(node, "auto_pad", "NOTSET");
  bool ceil_mode = attr_int(node, "ceil_mode", 0) != 0;
  for (size_t i = 0; i < spatial && i < kernel.size(); ++i) {
    int64_t in = x[2 + i], span = dilations[i] * (kernel[i] - 1) + 1;
    if (auto_pad == "VALID") {
      pads[i] = pads[spatial + i] = 0;
    } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      int64_t out = (in + strides[i] - 1) / strides[i];
      int64_t total = std::max<int64_t>((out - 1) * strides[i] + span - in, 0);
      int64_t small = total / 2;
      pads[i] = auto_pad == "SAME_UPPER" ? small : total - small;
      pads[spatial + i] = total - pads[i];
    } else if (auto_pad != "NOTSET" && !auto_pad.empty()) {
      throw InputError("attribute 'auto_pad' is '" + auto_pad + "', expected NOTSET, SAME_UPPER, SAME_LOWER or VALID");
    }
    int64_t padded = in + pads[i] + pads[spatial + i];
    if (ceil_mode && padded >= span && (padded - span) % strides[i] != 0) {
      int64_t out = (padded - span + strides[i] - 1) / strides[i] + 1;
      if ((out - 1) * strides[i] >= in + pads[i]) --out;  // the last window may not start in the end padding
      pads[spatial + i] += (out - 1) * strides[i] + span - padded;
    }
  }
  return Attrs{{"strides", strides}, {"pads", pads}, {"dilations", dilations}};
}

std::vector<std::string> present_inputs(const onnx::NodeProto& node, int count) {
  std::vector<std::string> names;
  for (int i = 0; i < count && i < node.input_size(); ++i) {
    if (has_input(node, i)) names.push_back(node.input(i));
  }
  return names;
}

void map_conv(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const Shape& w = shape_of(ctx, node, 1);
  Attrs attrs = window_attrs(node, shape_of(ctx, node, 0), Shape(w.begin() + std::min<long>(2, w.size()), w.end()));
  attrs.set("group", attr_int(node, "group", 1));
  emit(ctx, node, name, OpKind::conv, present_inputs(node, 3), attrs);
}

void map_conv_transpose(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  std::string auto_pad = attr_string(node, "auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && auto_pad != "VALID" && !auto_pad.empty()) {
    throw UnsupportedForm("auto_pad " + auto_pad + " on ConvTranspose");
  }
  if (find_attr(node, "output_shape")) throw UnsupportedForm("attribute output_shape on ConvTranspose");
  const Shape& x = shape_of(ctx, node, 0);
  size_t spatial = x.size() < 3 ? 0 : x.size() - 2;
  std::vector<int64_t> pads =
      auto_pad == "VALID" ? std::vector<int64_t>(2 * spatial, 0) : per_axis(node, "pads", 2 * spatial, 0);
  Attrs attrs{{"strides", per_axis(node, "strides", spatial, 1)},
              {"pads", pads},
              {"dilations", per_axis(node, "dilations", spatial, 1)},
              {"output_padding", per_axis(node, "output_padding", spatial, 0)},
              {"group", attr_int(node, "group", 1)}};
  emit(ctx, node, name, OpKind::conv_transpose, present_inputs(node, 3), attrs);
}

void map_pool(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name, const std::string& mode) {
  if (node.output_size() > 1 && !node.output(1).empty()) throw UnsupportedForm("MaxPool's Indices output");
  auto kernel = attr_ints(node, "kernel_shape");
  if (!kernel) throw InputError("attribute 'kernel_shape' is missing");
  Attrs attrs = window_attrs(node, shape_of(ctx, node, 0), *kernel);
  attrs.set("mode", mode).set("kernel", *kernel);
  emit(ctx, node, name, OpKind::pool, {node.input(0)}, attrs);
}

void map_global_pool(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name,
                     const std::string& mode) {
  emit(ctx, node, name, OpKind::pool, {node.input(0)}, {{"mode", mode}, {"global", int64_t{1}}});
}

void map_gemm(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  std::vector<std::string> inputs{node.input(0), node.input(1)};
  if (has_input(node, 2) && attr_float(node, "beta", 1.0) != 0.0) inputs.push_back(node.input(2));
  emit(ctx, node, name, OpKind::matmul, inputs,
       {{"trans_a", attr_int(node, "transA", 0)}, {"trans_b", attr_int(node, "transB", 0)}});
}

void map_matmul(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  if (shape_of(ctx, node, 0).size() < 2 || shape_of(ctx, node, 1).size() < 2) {
    throw UnsupportedForm("MatMul with a 1-D operand");
  }
  emit(ctx, node, name, OpKind::matmul, {node.input(0), node.input(1)});
}

void map_batch_norm(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  // Inputs 3 and 4 (running mean and variance) are statistics folded into the affine, not parameters.
  if (node.input_size() < 3) throw InputError("BatchNormalization needs X, scale and B");
  emit(ctx, node, name, OpKind::batch_norm, {node.input(0), node.input(1), node.input(2)});
}

void map_layer_norm(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  emit(ctx, node, name, OpKind::layer_norm, present_inputs(node, 3), {{"axis", attr_int(node, "axis", -1)}});
}

void map_softmax(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  // Before opset 13 Softmax flattens [axis, rank) into one axis; the work per element is the same.
  int64_t axis = attr_int(node, "axis", ctx.opset() < 13 ? 1 : -1);
  emit(ctx, node, name, OpKind::softmax, {node.input(0)}, {{"axis", axis}});
}

void map_reduce(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name, const std::string& fn) {
  const Shape& x = shape_of(ctx, node, 0);
  std::vector<int64_t> axes = ints_from_attr_or_input(ctx, node, "axes", 1).value_or(std::vector<int64_t>{});
  if (axes.empty()) {
    if (attr_int(node, "noop_with_empty_axes", 0) != 0) {
      ctx.alias(node.output(0), node.input(0));
      return;
    }
    for (size_t i = 0; i < x.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  }
  emit(ctx, node, name, OpKind::reduce, {node.input(0)},
       {{"fn", fn}, {"axes", axes}, {"keepdims", attr_int(node, "keepdims", 1)}});
}

}  // namespace

void add_compute_ops(OpTable& table) {
  table["Conv"] = map_conv;
  table["ConvTranspose"] = map_conv_transpose;
  table["MaxPool"] = [](auto& ctx, const auto& node, const auto& name) { map_pool(ctx, node, name, "max"); };
  table["AveragePool"] = [](auto& ctx, const auto& node, const auto& name) { map_pool(ctx, node, name, "avg"); };
  table["GlobalAveragePool"] = [](auto& ctx, const auto& node, const auto& name) {
    map_global_pool(ctx, node, name, "avg");
  };
  table["GlobalMaxPool"] = [](auto& ctx, const auto& node, const auto& name) {
    map_global_pool(ctx, node, name, "max");
  };
  table["Gemm"] = map_gemm;
  table["MatMul"] = map_matmul;
  table["BatchNormalization"] = map_batch_norm;
  table["LayerNormalization"] = map_layer_norm;
  table["Softmax"] = map_softmax;
  const std::pair<const char*, const char*> reductions[] = {
      {"ReduceMean", "mean"}, {"ReduceSum", "sum"}, {"ReduceMax", "max"}, {"ReduceMin", "min"}};
  for (const auto& [op, fn] : reductions) {
    std::string function = fn;
    table[op] = [function](auto& ctx, const auto& node, const auto& name) { map_reduce(ctx, node, name, function); };
  }
}

}  // namespace tessera::onnx_import
