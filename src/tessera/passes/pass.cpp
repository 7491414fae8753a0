#include "tessera/passes/pass.h"

#include <sstream>

#include "tessera/core/registry.h"

namespace tessera {

int64_t total_bytes(const Graph& graph) {
  int64_t n = 0;
  for (const auto& op : graph.ops()) n += op.bytes_read + op.bytes_written;
  return n;
}

std::vector<std::string> pass_list(const std::string& names) {
  std::vector<std::string> list;
  if (names.empty() || names == "none") return list;
  std::stringstream text(names);
  for (std::string name; std::getline(text, name, ',');) {
    Registry<Pass>::instance().create(name, "pass");  // throws, listing the known passes, for an unknown name
    list.push_back(name);
  }
  return list;
}

Graph run_passes(const Graph& graph, const std::string& names, const DeviceSpec& device,
                 std::vector<PassReport>& reports) {
  Graph current = graph;
  for (const std::string& name : pass_list(names)) {
    auto pass = Registry<Pass>::instance().create(name, "pass");
    PassReport report;
    report.pass = name;
    report.ops_before = static_cast<int>(current.op_count());
    report.bytes_before = total_bytes(current);
    current = pass->run(current, device, report);
    report.ops_after = static_cast<int>(current.op_count());
    report.bytes_after = total_bytes(current);
    reports.push_back(std::move(report));
  }
  return current;
}

}  // namespace tessera
