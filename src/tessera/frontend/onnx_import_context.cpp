#include "tessera/frontend/onnx_import_context.h"

#include <cstring>

#include "tessera/core/error.h"

namespace tessera::onnx_import {
namespace {

using onnx::TensorProto;

// Bytes per element of the types raw_data can hold; 0 for the others.
int64_t element_bytes(int elem_type) {
  switch (elem_type) {
    case TensorProto::UINT8: case TensorProto::INT8: case TensorProto::BOOL: return 1;
    case TensorProto::UINT16: case TensorProto::INT16: case TensorProto::FLOAT16: case TensorProto::BFLOAT16: return 2;
    case TensorProto::FLOAT: case TensorProto::INT32: case TensorProto::UINT32: return 4;
    case TensorProto::INT64: case TensorProto::UINT64: case TensorProto::DOUBLE: return 8;
    default: return 0;
  }
}

int64_t raw_int(const std::string& raw, size_t index, int64_t width) {
  const char* at = raw.data() + index * static_cast<size_t>(width);
  if (width == 8) {
    int64_t v;
    std::memcpy(&v, at, 8);
    return v;
  }
  if (width == 4) {
    int32_t v;
    std::memcpy(&v, at, 4);
    return v;
  }
  if (width == 2) {
    int16_t v;
    std::memcpy(&v, at, 2);
    return v;
  }
  return static_cast<int8_t>(*at);
}

}  // namespace

DType onnx_dtype(int elem_type, const std::string& what) {
  switch (elem_type) {
    case TensorProto::FLOAT: return DType::fp32;
    case TensorProto::FLOAT16: return DType::fp16;
    case TensorProto::BFLOAT16: return DType::bf16;
    case TensorProto::INT8: case TensorProto::UINT8: case TensorProto::BOOL: return DType::int8;
    case TensorProto::INT16: case TensorProto::UINT16: return DType::int16;
    case TensorProto::INT32: case TensorProto::UINT32: return DType::int32;
    case TensorProto::INT64: case TensorProto::UINT64: return DType::int64;
    default: break;
  }
  std::string type_name = TensorProto::DataType_IsValid(elem_type)
                              ? TensorProto::DataType_Name(static_cast<TensorProto::DataType>(elem_type))
                              : std::to_string(elem_type);
  throw InputError(what + " has element type " + type_name +
                   ", expected FLOAT, FLOAT16, BFLOAT16 or an integer/bool type");
}

int onnx_elem_type(DType dtype) {
  switch (dtype) {
    case DType::fp32: return TensorProto::FLOAT;
    case DType::fp16: return TensorProto::FLOAT16;
    case DType::bf16: return TensorProto::BFLOAT16;
    case DType::int8: return TensorProto::INT8;
    case DType::int16: return TensorProto::INT16;
    case DType::int32: return TensorProto::INT32;
    case DType::int64: return TensorProto::INT64;
    case DType::tf32: case DType::fp8_e4m3: case DType::fp8_e5m2: case DType::int4: case DType::int2:
    case DType::binary:
      break;
  }
  throw InputError("dtype " + std::string(dtype_name(dtype)) + " has no ONNX element type");
}

bool is_integer_type(int elem_type) {
  switch (elem_type) {
    case TensorProto::INT8: case TensorProto::UINT8: case TensorProto::BOOL: case TensorProto::INT16:
    case TensorProto::UINT16: case TensorProto::INT32: case TensorProto::UINT32: case TensorProto::INT64:
    case TensorProto::UINT64:
      return true;
    default: return false;
  }
}

Shape tensor_dims(const TensorProto& tensor, bool allow_empty) {
  Shape shape(tensor.dims().begin(), tensor.dims().end());
  for (int64_t d : shape) {
    if (d < 0 || (d == 0 && !allow_empty)) {
      throw InputError("tensor '" + tensor.name() + "' has shape " + shape_string(shape) +
                       ": every dimension must be at least 1");
    }
  }
  return shape;
}

std::optional<std::vector<int64_t>> read_ints(const TensorProto& tensor) {
  constexpr int64_t kMaxElements = 1 << 16;
  if (!is_integer_type(tensor.data_type()) || tensor.data_location() == TensorProto::EXTERNAL) return std::nullopt;
  int64_t count = element_count(tensor_dims(tensor, true));
  if (count > kMaxElements) return std::nullopt;
  std::vector<int64_t> values;
  if (!tensor.raw_data().empty()) {
    int64_t width = element_bytes(tensor.data_type());
    if (static_cast<int64_t>(tensor.raw_data().size()) != count * width) return std::nullopt;
    for (int64_t i = 0; i < count; ++i) values.push_back(raw_int(tensor.raw_data(), static_cast<size_t>(i), width));
  } else if (tensor.int64_data_size() == count) {
    values.assign(tensor.int64_data().begin(), tensor.int64_data().end());
  } else if (tensor.int32_data_size() == count) {
    values.assign(tensor.int32_data().begin(), tensor.int32_data().end());
  } else if (tensor.uint64_data_size() == count) {
    for (uint64_t v : tensor.uint64_data()) values.push_back(static_cast<int64_t>(v));
  } else {
    return std::nullopt;
  }
  return values;
}

ImportContext::ImportContext(const std::string& path, const onnx::GraphProto& graph_proto, int64_t opset,
                             const OnnxImportOptions& options)
    : graph(graph_proto.name().empty() ? "onnx" : graph_proto.name()), path_(path), opset_(opset), options_(options) {
  for (const auto& info : graph_proto.value_info()) declared_[info.name()] = &info;
  for (const auto& info : graph_proto.output()) declared_[info.name()] = &info;
  for (const auto& init : graph_proto.initializer()) add_initializer(init);
  for (const auto& input : graph_proto.input()) {
    if (!values_.count(input.name())) add_graph_input(input);
  }
}

void ImportContext::add_initializer(const TensorProto& init) {
  std::string what = "initializer '" + init.name() + "'";
  if (init.name().empty()) throw InputError("an initializer has no name");
  Value v;
  v.shape = tensor_dims(init);
  v.elem_type = init.data_type();
  v.dtype = onnx_dtype(init.data_type(), what);
  v.constant = true;
  v.parameter = !is_integer_type(init.data_type()) && element_count(v.shape) > 1;
  int64_t width = element_bytes(init.data_type());
  int64_t need = element_count(v.shape) * width;
  if (init.data_location() != TensorProto::EXTERNAL && !init.raw_data().empty() &&
      static_cast<int64_t>(init.raw_data().size()) != need) {
    throw InputError(what + " " + shape_string(v.shape) + " has " + std::to_string(init.raw_data().size()) +
                     " bytes of raw_data, expected " + std::to_string(need));
  }
  v.ints = read_ints(init);
  values_[init.name()] = std::move(v);
}

int64_t ImportContext::resolve_dim(const onnx::TensorShapeProto_Dimension& dim, size_t axis) const {
  if (axis == 0 && options_.batch) return *options_.batch;
  if (dim.has_dim_value()) return dim.dim_value();
  return axis == 0 ? 1 : -1;
}

void ImportContext::add_graph_input(const onnx::ValueInfoProto& input) {
  std::string what = "graph input '" + input.name() + "'";
  if (!input.type().has_tensor_type()) throw InputError(what + " is not a tensor");
  const auto& type = input.type().tensor_type();
  if (!type.has_shape()) throw InputError(what + " has no shape; expected a tensor_type with a shape");
  Shape shape;
  for (int i = 0; i < type.shape().dim_size(); ++i) {
    const auto& dim = type.shape().dim(i);
    int64_t size = resolve_dim(dim, static_cast<size_t>(i));
    if (size == -1) {
      throw InputError(what + " dimension " + std::to_string(i) + " is symbolic ('" + dim.dim_param() +
                       "'); only the first (batch) dimension may be");
    }
    if (size < 1) {
      throw InputError(what + " dimension " + std::to_string(i) + " is " + std::to_string(size) +
                       "; every dimension must be at least 1");
    }
    shape.push_back(size);
  }
  Value v;
  v.shape = shape;
  v.elem_type = type.elem_type();
  v.dtype = onnx_dtype(type.elem_type(), what);
  v.tensor = graph.add_tensor({unique_name(input.name()), shape, v.dtype, TensorRole::activation});
  values_[input.name()] = std::move(v);
}

const Value& ImportContext::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) {
    throw InputError("tensor '" + name +
                     "' is not a graph input, an initializer or the output of an earlier node");
  }
  return it->second;
}

int ImportContext::tensor(const std::string& name) {
  const Value& v = value(name);
  if (v.tensor >= 0) return v.tensor;
  TensorRole role = v.parameter ? TensorRole::weight : TensorRole::activation;
  int id = graph.add_tensor({unique_name(name), v.shape, v.dtype, role});
  values_[name].tensor = id;
  return id;
}

void ImportContext::alias(const std::string& name, const std::string& existing) {
  if (value(existing).parameter) tensor(existing);
  values_[name] = value(existing);
}

void ImportContext::define(const std::string& name, Value value) {
  if (name.empty()) return;
  values_[name] = std::move(value);
}

void ImportContext::define_tensor(const std::string& name, int tensor, int elem_type) {
  if (name.empty()) return;
  const Tensor& t = graph.tensor(tensor);
  Value v;
  v.shape = t.shape;
  v.dtype = t.dtype;
  v.elem_type = elem_type != 0 ? elem_type : onnx_elem_type(t.dtype);
  v.tensor = tensor;
  values_[name] = std::move(v);
}

std::string ImportContext::unique_name(const std::string& base) {
  std::string stem = base.empty() ? "node" : base;
  std::string candidate = stem;
  for (int n = 2;; ++n) {
    bool clash = used_names_.count(candidate) || graph.find_tensor(candidate) || graph.find_tensor(candidate + ":0");
    if (!clash) break;
    candidate = stem + "#" + std::to_string(n);
  }
  used_names_.insert(candidate);
  return candidate;
}

std::optional<Shape> ImportContext::declared_shape(const std::string& name) const {
  auto it = declared_.find(name);
  if (it == declared_.end() || !it->second->type().has_tensor_type()) return std::nullopt;
  const auto& type = it->second->type().tensor_type();
  if (!type.has_shape()) return std::nullopt;
  Shape shape;
  for (int i = 0; i < type.shape().dim_size(); ++i) {
    int64_t size = resolve_dim(type.shape().dim(i), static_cast<size_t>(i));
    if (size < 1) return std::nullopt;
    shape.push_back(size);
  }
  return shape;
}

std::optional<int> ImportContext::declared_elem_type(const std::string& name) const {
  auto it = declared_.find(name);
  if (it == declared_.end() || !it->second->type().has_tensor_type()) return std::nullopt;
  int elem_type = it->second->type().tensor_type().elem_type();
  if (elem_type == TensorProto::UNDEFINED) return std::nullopt;
  return elem_type;
}

const std::string& input_name(const onnx::NodeProto& node, int index) {
  static const std::string kAbsent;
  return index < node.input_size() ? node.input(index) : kAbsent;
}

bool has_input(const onnx::NodeProto& node, int index) { return !input_name(node, index).empty(); }

const onnx::AttributeProto* find_attr(const onnx::NodeProto& node, const std::string& key) {
  for (const auto& attr : node.attribute()) {
    if (attr.name() == key) return &attr;
  }
  return nullptr;
}

int64_t attr_int(const onnx::NodeProto& node, const std::string& key, int64_t fallback) {
  const auto* attr = find_attr(node, key);
  return attr ? attr->i() : fallback;
}

double attr_float(const onnx::NodeProto& node, const std::string& key, double fallback) {
  const auto* attr = find_attr(node, key);
  return attr ? attr->f() : fallback;
}

std::string attr_string(const onnx::NodeProto& node, const std::string& key, const std::string& fallback) {
  const auto* attr = find_attr(node, key);
  return attr ? attr->s() : fallback;
}

std::optional<std::vector<int64_t>> attr_ints(const onnx::NodeProto& node, const std::string& key) {
  const auto* attr = find_attr(node, key);
  if (!attr) return std::nullopt;
  return std::vector<int64_t>(attr->ints().begin(), attr->ints().end());
}

std::optional<std::vector<int64_t>> ints_from_attr_or_input(ImportContext& ctx, const onnx::NodeProto& node,
                                                            const std::string& key, int input) {
  if (auto values = attr_ints(node, key)) return values;
  if (!has_input(node, input)) return std::nullopt;
  const Value& v = ctx.value(input_name(node, input));
  if (!v.ints) {
    throw UnsupportedForm("input '" + input_name(node, input) + "' ('" + key +
                          "') is not an integer constant known at import time");
  }
  return v.ints;
}

void emit(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name, OpKind kind,
          const std::vector<std::string>& inputs, Attrs attrs) {
  std::vector<int> ids;
  for (const auto& input : inputs) ids.push_back(ctx.tensor(input));
  std::vector<int> outputs = ctx.graph.add_op(kind, name, ids, std::move(attrs));
  for (size_t i = 0; i < outputs.size() && static_cast<int>(i) < node.output_size(); ++i) {
    ctx.define_tensor(node.output(static_cast<int>(i)), outputs[i]);
  }
}

}  // namespace tessera::onnx_import

namespace tessera::onnx_import {

void define_constant(ImportContext& ctx, const std::string& name, Shape shape, int elem_type,
                     std::optional<std::vector<int64_t>> ints, bool parameter) {
  Value v;
  v.shape = std::move(shape);
  v.elem_type = elem_type;
  v.dtype = onnx_dtype(elem_type, "constant '" + name + "'");
  v.constant = true;
  v.parameter = parameter && element_count(v.shape) > 1;
  if (ints && static_cast<int64_t>(ints->size()) == element_count(v.shape)) v.ints = std::move(ints);
  ctx.define(name, std::move(v));
}

int reshape_tensor(ImportContext& ctx, int tensor, const Shape& shape, const std::string& name) {
  if (ctx.graph.tensor(tensor).shape == shape) return tensor;
  return ctx.graph.add_op(OpKind::reshape, ctx.unique_name(name), {tensor}, {{"shape", shape}}).at(0);
}

int take_range(ImportContext& ctx, int tensor, size_t axis, int64_t start, int64_t length, const std::string& name) {
  Shape shape = ctx.graph.tensor(tensor).shape;
  int64_t size = shape.at(axis);
  if (start < 0 || length < 1 || start + length > size) {
    throw InputError("range [" + std::to_string(start) + ", " + std::to_string(start + length) + ") of axis " +
                     std::to_string(axis) + " is outside " + shape_string(shape));
  }
  if (length == size) return tensor;
  std::vector<int64_t> sizes;
  if (start > 0) sizes.push_back(start);
  size_t piece = sizes.size();
  sizes.push_back(length);
  if (start + length < size) sizes.push_back(size - start - length);
  Attrs attrs{{"axis", static_cast<int64_t>(axis)}, {"sizes", sizes}};
  return ctx.graph.add_op(OpKind::split, ctx.unique_name(name), {tensor}, attrs).at(piece);
}

}  // namespace tessera::onnx_import
