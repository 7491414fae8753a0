// The ONNX importer's driver: loads and checks the ModelProto, rejects unsupported op types up front (all of them in
// one message), then maps the nodes in file order (ONNX requires topological order).
//
// Unknown ops under allow_unknown_ops (and forms a mapping cannot represent) become one IR opaque op per node, with
// attr op = "onnx:<type>" ("onnx:<domain>.<type>" outside the default domain): no arithmetic and no bytes. Its inputs
// are the node's tensor inputs (graph tensors and weights; import-time constants such as shape vectors have no
// tensor); its outputs are the node's present outputs, whose shapes (and element types, default that of the first
// tensor input, else FLOAT) come from value_info. An output whose shape value_info doesn't give is an error.
#include "tessera/frontend/onnx_import.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tessera/core/error.h"
#include "tessera/frontend/onnx_import_context.h"

namespace tessera {
namespace onnx_import {

const OpTable& op_table() {
  static const OpTable table = [] {
    OpTable t;
    add_compute_ops(t);
    add_elementwise_ops(t);
    add_layout_ops(t);
    add_indexing_ops(t);
    return t;
  }();
  return table;
}

namespace {

bool default_domain(const std::string& domain) { return domain.empty() || domain == "ai.onnx"; }

std::string op_key(const onnx::NodeProto& node) {
  return default_domain(node.domain()) ? node.op_type() : node.domain() + "." + node.op_type();
}

onnx::ModelProto load_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open the file (expected an ONNX model)");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  onnx::ModelProto model;
  if (!model.ParseFromString(bytes.str())) {
    throw InputError("not a valid ONNX model: the protobuf does not parse (truncated or not an .onnx file)");
  }
  if (model.ir_version() < 3 || !model.has_graph() || model.graph().node_size() == 0) {
    throw InputError("not a valid ONNX model: expected ir_version >= 3 and a graph with nodes");
  }
  return model;
}

int64_t default_opset(const onnx::ModelProto& model) {
  for (const auto& opset : model.opset_import()) {
    if (default_domain(opset.domain())) return opset.version();
  }
  throw InputError("the model imports no opset for the default ONNX domain");
}

void check_supported(const onnx::GraphProto& graph) {
  std::vector<std::pair<std::string, int>> unsupported;  // in order of first appearance
  for (const auto& node : graph.node()) {
    if (node.op_type().empty()) throw InputError("node '" + node.name() + "' has no op_type");
    std::string key = op_key(node);
    if (op_table().count(key)) continue;
    auto it = std::find_if(unsupported.begin(), unsupported.end(), [&](const auto& u) { return u.first == key; });
    if (it == unsupported.end()) unsupported.push_back({key, 1});
    else ++it->second;
  }
  if (unsupported.empty()) return;
  std::string list;
  for (const auto& [key, count] : unsupported) list += (list.empty() ? "" : ", ") + key + " x" + std::to_string(count);
  throw InputError("unsupported ONNX ops: " + list + " (use --allow-unknown-ops to import them as zero-cost ops)");
}

void import_opaque(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name, const std::string& key) {
  std::vector<int> inputs;
  for (const auto& in : node.input()) {
    if (in.empty()) continue;
    const Value& v = ctx.value(in);
    if (v.tensor >= 0 || v.parameter) inputs.push_back(ctx.tensor(in));
  }
  int fallback_type = inputs.empty() ? static_cast<int>(onnx::TensorProto::FLOAT)
                                     : onnx_elem_type(ctx.graph.tensor(inputs[0]).dtype);
  Attrs attrs{{"op", "onnx:" + key}};
  std::vector<std::pair<std::string, int>> outputs;  // present outputs and their element types
  for (const auto& out : node.output()) {
    if (out.empty()) continue;
    auto shape = ctx.declared_shape(out);
    if (!shape) {
      throw InputError("output '" + out + "' has no fully known shape in value_info, which an unknown op needs");
    }
    int elem_type = ctx.declared_elem_type(out).value_or(fallback_type);
    std::string index = std::to_string(outputs.size());
    attrs.set(std::string("shape_").append(index), *shape);
    attrs.set(std::string("dtype_").append(index),
              std::string(dtype_name(onnx_dtype(elem_type, std::string("output '").append(out).append("'")))));
    outputs.push_back({out, elem_type});
  }
  attrs.set("outputs", static_cast<int64_t>(outputs.size()));
  std::vector<int> ids = ctx.graph.add_op(OpKind::opaque, name, inputs, std::move(attrs));
  for (size_t i = 0; i < outputs.size(); ++i) ctx.define_tensor(outputs[i].first, ids.at(i), outputs[i].second);
}

void map_node(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name, const std::string& key) {
  auto it = op_table().find(key);
  if (it == op_table().end()) {
    import_opaque(ctx, node, name, key);
    return;
  }
  try {
    it->second(ctx, node, name);
  } catch (const UnsupportedForm& e) {
    if (!ctx.options().allow_unknown_ops) {
      throw InputError(std::string("unsupported form: ") + e.what() +
                       " (use --allow-unknown-ops to import it as a zero-cost op)");
    }
    import_opaque(ctx, node, name, key);
  }
}

void import_node(ImportContext& ctx, const onnx::NodeProto& node, int index) {
  std::string key = op_key(node);
  std::string label = node.name().empty() ? std::string("#").append(std::to_string(index))
                                          : std::string("'").append(node.name()).append("'");
  try {
    if (node.output_size() == 0 || node.output(0).empty()) throw InputError("has no output");
    for (const auto& in : node.input()) {
      if (!in.empty()) ctx.value(in);
    }
    std::string name = ctx.unique_name(node.name().empty() ? key + "_" + std::to_string(index) : node.name());
    map_node(ctx, node, name, key);
  } catch (const InputError& e) {
    throw InputError("node " + label + " (" + key + "): " + e.what());
  } catch (const std::logic_error& e) {  // out_of_range and friends from a malformed node
    throw InputError("node " + label + " (" + key + ") is malformed: " + e.what());
  }
}

}  // namespace
}  // namespace onnx_import

Graph import_onnx(const std::string& path, const OnnxImportOptions& options) {
  using namespace onnx_import;
  try {
    if (options.batch && *options.batch < 1) throw InputError("batch must be at least 1");
    onnx::ModelProto model = load_model(path);
    int64_t opset = default_opset(model);
    if (!options.allow_unknown_ops) check_supported(model.graph());
    ImportContext ctx(path, model.graph(), opset, options);
    for (int i = 0; i < model.graph().node_size(); ++i) import_node(ctx, model.graph().node(i), i);
    for (const auto& output : model.graph().output()) {
      if (!ctx.defined(output.name())) {
        throw InputError("graph output '" + output.name() + "' is not produced by any node");
      }
    }
    return std::move(ctx.graph);
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
}

}  // namespace tessera
