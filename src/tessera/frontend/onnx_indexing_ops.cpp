// ONNX constant and indexing ops: Constant, ConstantOfShape and Shape define import-time constants; Gather becomes
// an embedding (weight table, any indices), a folded constant, or a split piece of a graph tensor (constant,
// contiguous indices); Slice (step 1) and Split become splits.
#include <algorithm>
#include <limits>

#include "tessera/core/error.h"
#include "tessera/frontend/onnx_import_context.h"

namespace tessera::onnx_import {
namespace {

using onnx::TensorProto;

void map_constant(ImportContext& ctx, const onnx::NodeProto& node, const std::string&) {
  if (node.attribute_size() != 1) throw InputError("Constant needs exactly one value attribute");
  const auto& attr = node.attribute(0);
  const std::string& out = node.output(0);
  if (attr.name() == "value") {
    const TensorProto& t = attr.t();
    define_constant(ctx, out, tensor_dims(t, true), t.data_type(), read_ints(t));
  } else if (attr.name() == "value_int") {
    define_constant(ctx, out, {}, TensorProto::INT64, std::vector<int64_t>{attr.i()});
  } else if (attr.name() == "value_ints") {
    std::vector<int64_t> ints(attr.ints().begin(), attr.ints().end());
    define_constant(ctx, out, {static_cast<int64_t>(ints.size())}, TensorProto::INT64, ints);
  } else if (attr.name() == "value_float") {
    define_constant(ctx, out, {}, TensorProto::FLOAT, std::nullopt);
  } else if (attr.name() == "value_floats") {
    define_constant(ctx, out, {attr.floats_size()}, TensorProto::FLOAT, std::nullopt);
  } else {
    throw UnsupportedForm("Constant with attribute '" + attr.name() + "'");
  }
}

void map_constant_of_shape(ImportContext& ctx, const onnx::NodeProto& node, const std::string&) {
  auto shape = ints_from_attr_or_input(ctx, node, "shape", 0);
  if (!shape) throw InputError("the shape input is missing");
  for (int64_t d : *shape) {
    if (d < 0) throw InputError("shape " + shape_string(*shape) + " has a negative dimension");
  }
  const auto* value = find_attr(node, "value");
  int elem_type = value ? value->t().data_type() : static_cast<int>(TensorProto::FLOAT);
  std::optional<std::vector<int64_t>> ints;
  auto fill = value ? read_ints(value->t()) : std::nullopt;
  if (fill && fill->size() == 1 && element_count(*shape) <= (1 << 16)) {
    ints = std::vector<int64_t>(static_cast<size_t>(element_count(*shape)), (*fill)[0]);
  }
  define_constant(ctx, node.output(0), *shape, elem_type, ints);
}

void map_shape(ImportContext& ctx, const onnx::NodeProto& node, const std::string&) {
  const Shape& x = ctx.value(node.input(0)).shape;
  int64_t rank = static_cast<int64_t>(x.size());
  auto clamp = [rank](int64_t v) { return std::clamp(v < 0 ? v + rank : v, int64_t{0}, rank); };
  int64_t start = clamp(attr_int(node, "start", 0)), end = clamp(attr_int(node, "end", rank));
  std::vector<int64_t> dims(x.begin() + start, x.begin() + std::max(start, end));
  define_constant(ctx, node.output(0), {static_cast<int64_t>(dims.size())}, TensorProto::INT64, dims);
}

Shape gathered_shape(const Shape& data, size_t axis, const Shape& indices) {
  Shape shape(data.begin(), data.begin() + static_cast<long>(axis));
  shape.insert(shape.end(), indices.begin(), indices.end());
  shape.insert(shape.end(), data.begin() + static_cast<long>(axis) + 1, data.end());
  return shape;
}

void map_gather(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const Value& data = ctx.value(node.input(0));
  const Value& indices = ctx.value(node.input(1));
  size_t axis = normalize_axis(attr_int(node, "axis", 0), data.shape.size(), "attribute 'axis'");
  Shape shape = gathered_shape(data.shape, axis, indices.shape);
  if (data.parameter) {
    if (data.shape.size() != 2 || axis != 0 || indices.shape.empty()) {
      throw UnsupportedForm("Gather from a weight other than rows of a 2-D table by a non-scalar index tensor");
    }
    emit(ctx, node, name, OpKind::embedding, {node.input(0), node.input(1)});
    return;
  }
  if (data.constant && indices.constant) {
    std::optional<std::vector<int64_t>> ints;
    if (data.ints && indices.ints && data.shape.size() == 1) {
      ints.emplace();
      for (int64_t i : *indices.ints) {
        ints->push_back(data.ints->at(static_cast<size_t>(i < 0 ? i + data.shape[0] : i)));
      }
    }
    define_constant(ctx, node.output(0), shape, data.elem_type, ints);
    return;
  }
  if (!indices.ints || indices.ints->empty()) throw UnsupportedForm("Gather with indices computed at run time");
  std::vector<int64_t> rows = *indices.ints;
  for (int64_t& r : rows) r = r < 0 ? r + data.shape[axis] : r;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i] != rows[i - 1] + 1) throw UnsupportedForm("Gather of non-contiguous indices from an activation");
  }
  int piece = take_range(ctx, ctx.tensor(node.input(0)), axis, rows[0], static_cast<int64_t>(rows.size()),
                         name + "/split");
  ctx.define_tensor(node.output(0), reshape_tensor(ctx, piece, shape, name + "/reshape"));
}

// Clamped [start, end) of one Slice axis (step 1).
std::pair<int64_t, int64_t> slice_bounds(int64_t start, int64_t end, int64_t dim) {
  auto clamp = [dim](int64_t v) { return std::clamp(v < 0 ? v + dim : v, int64_t{0}, dim); };
  return {clamp(start), clamp(end)};
}

void map_slice(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const Value& in = ctx.value(node.input(0));
  auto starts = ints_from_attr_or_input(ctx, node, "starts", 1);
  auto ends = ints_from_attr_or_input(ctx, node, "ends", 2);
  if (!starts || !ends || starts->size() != ends->size()) throw InputError("starts and ends must have equal length");
  std::vector<int64_t> axes(starts->size());
  for (size_t i = 0; i < axes.size(); ++i) axes[i] = static_cast<int64_t>(i);
  axes = ints_from_attr_or_input(ctx, node, "axes", 3).value_or(axes);
  auto steps = ints_from_attr_or_input(ctx, node, "steps", 4).value_or(std::vector<int64_t>(axes.size(), 1));
  if (axes.size() != starts->size() || steps.size() != starts->size()) throw InputError("axes/steps length mismatch");
  Shape shape = in.shape;
  std::vector<std::pair<int64_t, int64_t>> ranges;
  for (size_t i = 0; i < axes.size(); ++i) {
    if (steps[i] != 1) throw UnsupportedForm("Slice with a step other than 1");
    size_t axis = normalize_axis(axes[i], shape.size(), "slice axis");
    auto [begin, end] = slice_bounds((*starts)[i], (*ends)[i], shape[axis]);
    if (end <= begin) throw InputError("slice of axis " + std::to_string(axes[i]) + " is empty");
    ranges.push_back({begin, end});
    shape[axis] = end - begin;
    axes[i] = static_cast<int64_t>(axis);
  }
  if (in.constant) {
    std::optional<std::vector<int64_t>> ints;
    if (in.ints && shape.size() == 1) {
      ints.emplace(in.ints->begin() + ranges[0].first, in.ints->begin() + ranges[0].second);
    }
    define_constant(ctx, node.output(0), shape, in.elem_type, ints, in.parameter);
    return;
  }
  int x = ctx.tensor(node.input(0));
  for (size_t i = 0; i < axes.size(); ++i) {
    x = take_range(ctx, x, static_cast<size_t>(axes[i]), ranges[i].first, ranges[i].second - ranges[i].first,
                   name + "/split");
  }
  ctx.define_tensor(node.output(0), x);
}

void map_split(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name) {
  const Value& in = ctx.value(node.input(0));
  size_t axis = normalize_axis(attr_int(node, "axis", 0), in.shape.size(), "attribute 'axis'");
  int64_t dim = in.shape[axis];
  auto sizes = ints_from_attr_or_input(ctx, node, "split", 1);
  if (!sizes) {
    int64_t parts = attr_int(node, "num_outputs", node.output_size());
    if (parts < 1) throw InputError("needs at least one output");
    int64_t chunk = (dim + parts - 1) / parts;
    sizes.emplace();
    for (int64_t left = dim; left > 0; left -= chunk) sizes->push_back(std::min(chunk, left));
  }
  if (static_cast<int>(sizes->size()) != node.output_size()) {
    throw InputError(std::to_string(sizes->size()) + " split sizes for " + std::to_string(node.output_size()) +
                     " outputs");
  }
  if (in.constant) {
    for (size_t i = 0; i < sizes->size(); ++i) {
      Shape piece = in.shape;
      piece[axis] = (*sizes)[i];
      define_constant(ctx, node.output(static_cast<int>(i)), piece, in.elem_type, std::nullopt, in.parameter);
    }
    return;
  }
  emit(ctx, node, name, OpKind::split, {node.input(0)},
       {{"axis", static_cast<int64_t>(axis)}, {"sizes", *sizes}});
}

}  // namespace

void add_indexing_ops(OpTable& table) {
  table["Constant"] = map_constant;
  table["ConstantOfShape"] = map_constant_of_shape;
  table["Shape"] = map_shape;
  table["Gather"] = map_gather;
  table["Slice"] = map_slice;
  table["Split"] = map_split;
}

}  // namespace tessera::onnx_import
