#include "tessera/report/graph_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "tessera/report/table.h"

namespace tessera {
namespace {

std::string dims_string(const LoopNest& loops) {
  std::string out;
  for (const auto& d : loops.dims) out += (out.empty() ? "" : " ") + d.name + "=" + std::to_string(d.size);
  return out;
}

int64_t total_bytes_read(const Graph& g) {
  int64_t n = 0;
  for (const auto& op : g.ops()) n += op.bytes_read;
  return n;
}

int64_t total_bytes_written(const Graph& g) {
  int64_t n = 0;
  for (const auto& op : g.ops()) n += op.bytes_written;
  return n;
}

std::string dot_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string render_graph_json(const Graph& graph) {
  using Json = nlohmann::ordered_json;
  Json ops = Json::array();
  for (int id : graph.topological_order()) {
    const Op& op = graph.op(id);
    Json dims = Json::object();
    for (const auto& d : op.loops.dims) dims[d.name] = d.size;
    Json inputs = Json::array(), outputs = Json::array();
    for (int t : op.inputs) inputs.push_back(graph.tensor(t).name);
    for (int t : op.outputs) outputs.push_back(graph.tensor(t).name);
    ops.push_back({{"name", op.name}, {"kind", op_kind_name(op.kind)}, {"phase", phase_name(op.phase)},
                   {"macs", op.macs}, {"flops", op.flops()}, {"bytes_read", op.bytes_read},
                   {"bytes_written", op.bytes_written}, {"dims", dims}, {"inputs", inputs}, {"outputs", outputs}});
  }
  Json doc{{"name", graph.name()},          {"params", graph.params()},
           {"macs", graph.macs()},          {"flops", graph.flops()},
           {"bytes_read", total_bytes_read(graph)}, {"bytes_written", total_bytes_written(graph)},
           {"ops", ops}};
  return doc.dump(2) + "\n";
}

std::string render_graph_table(const Graph& graph) {
  TextTable table({"#", "op", "kind", "output", "loop dims", "MACs", "read", "written"});
  table.align_right({0, 5, 6, 7});
  int row = 0;
  for (int id : graph.topological_order()) {
    const Op& op = graph.op(id);
    std::string output = op.outputs.empty() ? "-" : shape_string(graph.tensor(op.outputs[0]).shape);
    table.add_row({std::to_string(row++), op.name, std::string(op_kind_name(op.kind)), output, dims_string(op.loops),
                   si_number(static_cast<double>(op.macs)), si_number(static_cast<double>(op.bytes_read)) + "B",
                   si_number(static_cast<double>(op.bytes_written)) + "B"});
  }
  return fmt::format("{}: {} ops, {} params, {} MACs, {} FLOPs\n\n", graph.name(), graph.op_count(),
                     si_number(static_cast<double>(graph.params())), si_number(static_cast<double>(graph.macs())),
                     si_number(static_cast<double>(graph.flops()))) +
         table.render();
}

std::string render_graph_dot(const Graph& graph) {
  std::string out = "digraph \"" + dot_escape(graph.name()) + "\" {\n  rankdir=TB;\n  node [shape=box, fontsize=10];\n";
  for (size_t i = 0; i < graph.op_count(); ++i) {
    const Op& op = graph.op(static_cast<int>(i));
    out += fmt::format("  op{} [label=\"{}\\n{}\"];\n", i, dot_escape(op.name), op_kind_name(op.kind));
  }
  for (size_t i = 0; i < graph.op_count(); ++i) {
    for (int t : graph.op(static_cast<int>(i)).inputs) {
      int from = graph.producer(t);
      if (from < 0) continue;
      out += fmt::format("  op{} -> op{} [label=\"{}\", fontsize=8];\n", from, i,
                         shape_string(graph.tensor(t).shape));
    }
  }
  return out + "}\n";
}

}  // namespace tessera
