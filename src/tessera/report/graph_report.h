#pragma once
// Rendering a workload graph for `tessera graph`: an operator table, the public JSON summary, or Graphviz dot.
#include <string>

#include "tessera/workload/graph.h"

namespace tessera {

// The JSON is one object: name, params, macs, flops, bytes_read, bytes_written (whole graph, whole batch) and ops: a
// list of {name, kind, phase, macs, flops, bytes_read, bytes_written, dims (name -> size), inputs, outputs}, in
// topological order. These keys are a public interface (docs/cli.md).
std::string render_graph_json(const Graph& graph);
std::string render_graph_table(const Graph& graph);
std::string render_graph_dot(const Graph& graph);

}  // namespace tessera
