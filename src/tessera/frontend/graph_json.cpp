#include "tessera/frontend/graph_json.h"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "tessera/core/error.h"
#include "tessera/core/text_file.h"

namespace tessera {
namespace {

using Json = nlohmann::ordered_json;

Json attr_to_json(const AttrValue& value) {
  return std::visit([](const auto& v) { return Json(v); }, value);
}

bool is_int64(const Json& value) {
  return value.is_number_integer() &&
         (!value.is_number_unsigned() || value.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX));
}

// Reads JSON values with errors that name the source and the path inside the document.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw InputError(source_ + ": " + where + ": " + what);
  }

  const Json& field(const Json& object, const std::string& key, const std::string& where) const {
    if (!object.is_object()) fail(where, "expected an object");
    auto it = object.find(key);
    if (it == object.end()) fail(where, "missing field '" + key + "'");
    return *it;
  }

  std::string string(const Json& object, const std::string& key, const std::string& where) const {
    const Json& value = field(object, key, where);
    if (!value.is_string()) fail(where + "." + key, "expected a string");
    return value.get<std::string>();
  }

  const Json& array(const Json& object, const std::string& key, const std::string& where) const {
    const Json& value = field(object, key, where);
    if (!value.is_array()) fail(where + "." + key, "expected an array");
    return value;
  }

  std::vector<int64_t> ints(const Json& value, const std::string& where) const {
    if (!value.is_array()) fail(where, "expected an array of integers");
    std::vector<int64_t> out;
    for (const auto& item : value) {
      if (!is_int64(item)) fail(where, "expected an array of 64-bit integers");
      out.push_back(item.get<int64_t>());
    }
    return out;
  }

  AttrValue attr(const Json& value, const std::string& where) const {
    if (is_int64(value)) return value.get<int64_t>();
    if (value.is_number_integer()) fail(where, "integer out of the 64-bit range");
    if (value.is_number_float()) return value.get<double>();
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) return ints(value, where);
    fail(where, "expected an integer, number, string or array of integers");
  }

  int tensor_id(const Graph& graph, const Json& name, const std::string& where) const {
    if (!name.is_string()) fail(where, "expected a tensor name");
    auto id = graph.find_tensor(name.get<std::string>());
    if (!id) fail(where, "unknown tensor '" + name.get<std::string>() + "'");
    return *id;
  }

  template <class F>
  auto wrap(const std::string& where, F&& f) const {
    try {
      return f();
    } catch (const InputError& e) {
      fail(where, e.what());
    }
  }

 private:
  std::string source_;
};

void read_tensors(const Reader& r, const Json& doc, Graph& graph) {
  const Json& tensors = r.array(doc, "tensors", "graph");
  for (size_t i = 0; i < tensors.size(); ++i) {
    std::string where = "tensors[" + std::to_string(i) + "]";
    const Json& t = tensors[i];
    Tensor tensor{r.string(t, "name", where), r.ints(r.field(t, "shape", where), where + ".shape"),
                  r.wrap(where + ".dtype", [&] { return parse_dtype(r.string(t, "dtype", where)); }),
                  r.wrap(where + ".role", [&] { return parse_role(r.string(t, "role", where)); })};
    r.wrap(where, [&] { return graph.add_tensor(std::move(tensor)); });
  }
}

void read_ops(const Reader& r, const Json& doc, Graph& graph) {
  const Json& ops = r.array(doc, "ops", "graph");
  for (size_t i = 0; i < ops.size(); ++i) {
    std::string where = "ops[" + std::to_string(i) + "]";
    const Json& o = ops[i];
    OpKind kind = r.wrap(where + ".kind", [&] { return parse_op_kind(r.string(o, "kind", where)); });
    Phase phase = r.wrap(where + ".phase", [&] { return parse_phase(r.string(o, "phase", where)); });
    std::vector<int> inputs, outputs;
    for (const auto& name : r.array(o, "inputs", where)) inputs.push_back(r.tensor_id(graph, name, where + ".inputs"));
    for (const auto& name : r.array(o, "outputs", where)) {
      outputs.push_back(r.tensor_id(graph, name, where + ".outputs"));
    }
    Attrs attrs;
    const Json& attr_json = r.field(o, "attrs", where);
    if (!attr_json.is_object()) r.fail(where + ".attrs", "expected an object");
    for (const auto& [key, value] : attr_json.items()) attrs.set(key, r.attr(value, where + ".attrs." + key));
    std::string name = r.string(o, "name", where);
    r.wrap(where, [&] {
      graph.add_op_into(kind, name, inputs, outputs, std::move(attrs), phase);
      return 0;
    });
  }
}

}  // namespace

std::string export_graph_json(const Graph& graph) {
  Json doc{{"format", "tessera-graph"}, {"version", kGraphJsonVersion}, {"name", graph.name()}};
  Json tensors = Json::array();
  for (const auto& t : graph.tensors()) {
    tensors.push_back({{"name", t.name}, {"shape", t.shape}, {"dtype", dtype_name(t.dtype)},
                       {"role", role_name(t.role)}});
  }
  Json ops = Json::array();
  for (const auto& op : graph.ops()) {
    Json attrs = Json::object();
    for (const auto& [key, value] : op.attrs.values()) attrs[key] = attr_to_json(value);
    Json inputs = Json::array(), outputs = Json::array();
    for (int id : op.inputs) inputs.push_back(graph.tensor(id).name);
    for (int id : op.outputs) outputs.push_back(graph.tensor(id).name);
    ops.push_back({{"name", op.name}, {"kind", op_kind_name(op.kind)}, {"phase", phase_name(op.phase)},
                   {"inputs", inputs}, {"outputs", outputs}, {"attrs", attrs}});
  }
  doc["tensors"] = tensors;
  doc["ops"] = ops;
  return doc.dump(1) + "\n";
}

Graph import_graph_json(const std::string& text, const std::string& source) {
  Reader r(source);
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw InputError(source + ": not valid JSON (" + e.what() + ")");
  }
  if (!doc.is_object() || r.field(doc, "format", "graph") != "tessera-graph") {
    r.fail("format", "expected \"tessera-graph\"");
  }
  const Json& version = r.field(doc, "version", "graph");
  if (!is_int64(version) || version.get<int64_t>() != kGraphJsonVersion) {
    r.fail("version", "unsupported version " + version.dump() + " (this build reads version " +
                          std::to_string(kGraphJsonVersion) + ")");
  }
  Graph graph(r.string(doc, "name", "graph"));
  read_tensors(r, doc, graph);
  read_ops(r, doc, graph);
  r.wrap("graph", [&] { return graph.topological_order(); });
  return graph;
}

Graph load_graph_json(const std::string& path) { return import_graph_json(read_text_file(path), path); }

}  // namespace tessera
