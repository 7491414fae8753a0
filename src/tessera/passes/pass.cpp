#include "tessera/passes/pass.h"

#include <sstream>

#include "tessera/core/registry.h"

namespace tessera {

int64_t total_bytes(const Graph& graph) {
  int64_t n = 0;
  for (const auto& op : graph.ops()) n += op.bytes_read + op.bytes_written;
  return n;
}

Graph run_passes(const Graph& graph, const std::string& names, const DeviceSpec& device,
                 std::vector<PassReport>& reports) {
  Graph current = graph;
  if (names.empty() || names == "none") return current;
  std::stringstream list(names);
  std::string name;
  while (std::getline(list, name, ',')) {
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
