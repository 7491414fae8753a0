#pragma once
// Internal to the ONNX importer: the table of ONNX values (graph tensors and import-time constants), attribute and
// input helpers, and the per-op-type mapping table.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tessera/frontend/onnx_import.h"
#include "tessera/workload/shape.h"  // broadcast_shapes, normalize_axis, resolve_reshape
#include "tessera_onnx/onnx.pb.h"

namespace tessera::onnx_import {

// An ONNX value: either a graph tensor, or a constant known at import time that becomes a tensor only when an op
// reads it as data.
struct Value {
  Shape shape;
  DType dtype = DType::fp32;
  int elem_type = 0;                          // onnx::TensorProto::DataType
  int tensor = -1;                            // graph tensor id, once one exists
  bool constant = false;                      // known at import time
  bool parameter = false;                     // an initializer (or folded from one): a weight when used as data
  std::optional<std::vector<int64_t>> ints;   // element values of a small integer constant
};

// Thrown by a mapping for a form of a supported op type it cannot represent (with allow_unknown_ops the node becomes
// an opaque op instead).
class UnsupportedForm : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

DType onnx_dtype(int elem_type, const std::string& what);  // throws InputError (without the path)
// The inverse of onnx_dtype: the signed ONNX element type of each DType it yields (int8 -> INT8, int64 -> INT64, ...);
// throws InputError for a DType no ONNX element type maps to (tf32, fp8, sub-byte types).
int onnx_elem_type(DType dtype);
bool is_integer_type(int elem_type);
// Shape of an ONNX TensorProto; throws InputError for a negative dimension, or a 0 unless allow_empty (an empty
// list given as a constant).
Shape tensor_dims(const onnx::TensorProto& tensor, bool allow_empty = false);
// Values of a small integer TensorProto stored in the model file (nullopt for external data or float types).
std::optional<std::vector<int64_t>> read_ints(const onnx::TensorProto& tensor);

class ImportContext {
 public:
  ImportContext(const std::string& path, const onnx::GraphProto& graph, int64_t opset,
                const OnnxImportOptions& options);

  Graph graph;
  const std::string& path() const { return path_; }
  int64_t opset() const { return opset_; }
  const OnnxImportOptions& options() const { return options_; }

  bool defined(const std::string& name) const { return values_.count(name) > 0; }
  const Value& value(const std::string& name) const;  // throws InputError for an undefined name
  // The graph tensor of a value, creating it for a constant (a weight for a parameter, else an activation).
  int tensor(const std::string& name);
  void define(const std::string& name, Value value);
  // Binds `name` to a graph tensor; its element type is `elem_type` when given (non-zero), else onnx_elem_type of the
  // tensor's dtype.
  void define_tensor(const std::string& name, int tensor, int elem_type = 0);
  // `name` is another name for `existing` (a parameter gets its weight tensor first, so that it is counted once).
  void alias(const std::string& name, const std::string& existing);
  // A fresh op name derived from `base` that clashes with no op or tensor.
  std::string unique_name(const std::string& base);
  // The shape value_info (or a graph output) declares for `name`; nullopt when absent or not fully known.
  std::optional<Shape> declared_shape(const std::string& name) const;
  // The element type value_info (or a graph output) declares for `name`; nullopt when absent or UNDEFINED.
  std::optional<int> declared_elem_type(const std::string& name) const;
  // Resolves one ONNX dimension (static, or symbolic/unknown) of a graph input or value_info; -1 when unknown.
  int64_t resolve_dim(const onnx::TensorShapeProto_Dimension& dim, size_t axis) const;

 private:
  void add_initializer(const onnx::TensorProto& init);
  void add_graph_input(const onnx::ValueInfoProto& input);

  std::string path_;
  int64_t opset_;
  OnnxImportOptions options_;
  std::unordered_map<std::string, Value> values_;
  std::unordered_map<std::string, const onnx::ValueInfoProto*> declared_;
  std::unordered_set<std::string> used_names_;
};

// Node helpers. An absent optional input has the empty name.
const std::string& input_name(const onnx::NodeProto& node, int index);
bool has_input(const onnx::NodeProto& node, int index);
const onnx::AttributeProto* find_attr(const onnx::NodeProto& node, const std::string& key);
int64_t attr_int(const onnx::NodeProto& node, const std::string& key, int64_t fallback);
double attr_float(const onnx::NodeProto& node, const std::string& key, double fallback);
std::string attr_string(const onnx::NodeProto& node, const std::string& key, const std::string& fallback);
std::optional<std::vector<int64_t>> attr_ints(const onnx::NodeProto& node, const std::string& key);
// An integer list given as attribute `key` (older opsets) or as constant input `input` (newer ones); nullopt if
// neither is present. Throws UnsupportedForm when the input is not a constant known at import time.
std::optional<std::vector<int64_t>> ints_from_attr_or_input(ImportContext& ctx, const onnx::NodeProto& node,
                                                            const std::string& key, int input);
// Maps one node: adds its ops to ctx.graph and defines its outputs. `name` is a unique op name for it.
using OpMapper = std::function<void(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name)>;
using OpTable = std::map<std::string, OpMapper>;
void add_compute_ops(OpTable& table);      // onnx_op_mapping.cpp
void add_elementwise_ops(OpTable& table);  // onnx_elementwise_ops.cpp
void add_layout_ops(OpTable& table);       // onnx_layout_ops.cpp
void add_indexing_ops(OpTable& table);     // onnx_indexing_ops.cpp
const OpTable& op_table();

// Adds `kind` over the node's tensors and binds its first outputs to the node's outputs.
void emit(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name, OpKind kind,
          const std::vector<std::string>& inputs, Attrs attrs = {});

// Defines `name` as an import-time constant.
void define_constant(ImportContext& ctx, const std::string& name, Shape shape, int elem_type,
                     std::optional<std::vector<int64_t>> ints, bool parameter = false);
// Graph-level helpers: a reshape (the tensor itself when the shape already matches), and elements
// [start, start + length) of `axis` as a split piece (the tensor itself when that is the whole axis).
int reshape_tensor(ImportContext& ctx, int tensor, const Shape& shape, const std::string& name);
int take_range(ImportContext& ctx, int tensor, size_t axis, int64_t start, int64_t length, const std::string& name);

}  // namespace tessera::onnx_import
