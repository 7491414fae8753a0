// The ONNX importer's driver: loads and checks the ModelProto, rejects unsupported op types up front (all of them in
// one message), then maps the nodes in file order (ONNX requires topological order).
//
// Unknown ops under allow_unknown_ops become placeholders with no arithmetic, tagged with attr onnx_op=<type>: an
// elementwise identity of their first input when the output shape (from value_info) equals it, a reshape when the
// element count does, else flatten -> (concat copies to grow) -> (split to trim) -> reshape, which moves bytes but
// does no arithmetic. An unknown op whose output shapes value_info doesn't give, or with no inputs, is an error.
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

int placeholder_output(ImportContext& ctx, int source, const Shape& shape, const std::string& name,
                       const std::string& key) {
  const Shape& in = ctx.graph.tensor(source).shape;
  if (in == shape) {
    return ctx.graph.add_op(OpKind::elementwise, name, {source}, {{"fn", std::string("identity")}, {"onnx_op", key}})
        .at(0);
  }
  int64_t in_elements = element_count(in), out_elements = element_count(shape);
  int flat = source;
  if (in_elements != out_elements) {
    flat = reshape_tensor(ctx, source, {in_elements}, name + "/flatten");
    int64_t length = in_elements;
    for (; length < out_elements; length *= 2) {
      flat = ctx.graph.add_op(OpKind::concat, ctx.unique_name(name + "/grow"), {flat, flat}, {{"axis", int64_t{0}}})
                 .at(0);
    }
    flat = take_range(ctx, flat, 0, 0, out_elements, name + "/trim");
  }
  return ctx.graph.add_op(OpKind::reshape, name, {flat}, {{"shape", shape}, {"onnx_op", key}}).at(0);
}

void import_placeholder(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name,
                        const std::string& key) {
  int source = -1;
  for (const auto& in : node.input()) {
    if (!in.empty() && source < 0 && !ctx.value(in).constant) source = ctx.tensor(in);
  }
  for (const auto& in : node.input()) {
    if (!in.empty() && source < 0) source = ctx.tensor(in);
  }
  if (source < 0) throw InputError("an unknown op with no inputs cannot be imported as a placeholder");
  for (int i = 0; i < node.output_size(); ++i) {
    const std::string& out = node.output(i);
    if (out.empty()) continue;
    auto shape = ctx.declared_shape(out);
    if (!shape) {
      throw InputError("output '" + out + "' has no fully known shape in value_info, which an unknown op needs");
    }
    std::string op_name = i == 0 ? name : ctx.unique_name(name + "/out" + std::to_string(i));
    ctx.define_tensor(out, placeholder_output(ctx, source, *shape, op_name, key));
  }
}

void map_node(ImportContext& ctx, const onnx::NodeProto& node, const std::string& name, const std::string& key) {
  auto it = op_table().find(key);
  if (it == op_table().end()) {
    import_placeholder(ctx, node, name, key);
    return;
  }
  try {
    it->second(ctx, node, name);
  } catch (const UnsupportedForm& e) {
    if (!ctx.options().allow_unknown_ops) {
      throw InputError(std::string("unsupported form: ") + e.what() +
                       " (use --allow-unknown-ops to import it as a zero-cost op)");
    }
    import_placeholder(ctx, node, name, key);
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
