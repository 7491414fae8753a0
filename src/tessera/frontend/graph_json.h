#pragma once
// Tessera graph JSON: the versioned, lossless serialisation of a Graph (docs/graph-json.md). Export then import gives
// an identical graph (Graph::operator==).
#include <string>

#include "tessera/workload/graph.h"

namespace tessera {

inline constexpr int kGraphJsonVersion = 1;

std::string export_graph_json(const Graph& graph);
// `source` names the input in error messages (a path, or "<string>").
Graph import_graph_json(const std::string& text, const std::string& source);
Graph load_graph_json(const std::string& path);

}  // namespace tessera
