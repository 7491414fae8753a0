#include "tessera/passes/pass.h"

#include <optional>
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

std::pair<std::string, std::string> split_before_device_pass(const std::string& names) {
  std::vector<std::string> list = pass_list(names);
  size_t cut = 0;
  while (cut < list.size() && !Registry<Pass>::instance().create(list[cut], "pass")->reads_device()) ++cut;
  auto join = [&](size_t begin, size_t end) {
    std::string text;
    for (size_t i = begin; i < end; ++i) text += (text.empty() ? "" : ",") + list[i];
    return text.empty() ? std::string("none") : text;
  };
  return {join(0, cut), join(cut, list.size())};
}

Graph run_passes(const Graph& graph, const std::string& names, const DeviceSpec& device,
                 std::vector<PassReport>& reports) {
  std::optional<Graph> current;  // each pass builds a new graph: the input is never copied
  for (const std::string& name : pass_list(names)) {
    const Graph& input = current ? *current : graph;
    auto pass = Registry<Pass>::instance().create(name, "pass");
    PassReport report;
    report.pass = name;
    report.ops_before = static_cast<int>(input.op_count());
    report.bytes_before = total_bytes(input);
    Graph output = pass->run(input, device, report);
    report.ops_after = static_cast<int>(output.op_count());
    report.bytes_after = total_bytes(output);
    reports.push_back(std::move(report));
    current = std::move(output);
  }
  return current ? std::move(*current) : graph;
}

}  // namespace tessera
