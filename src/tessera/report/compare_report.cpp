#include "tessera/report/compare_report.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "tessera/report/table.h"

namespace tessera {
namespace {

double throughput(const Workload& w, const GraphCost& c) {
  return c.latency_s > 0 ? static_cast<double>(w.samples) / c.latency_s : 0;
}

double perf_per_tdp(const Workload& w, const ComparedHardware& h) {
  return h.device.tdp_w > 0 ? throughput(w, h.cost) / h.device.tdp_w : 0;
}

std::map<std::string, double> latency_by_kind(const ComparedHardware& h) {
  std::map<std::string, double> out;
  for (const auto& op : h.cost.ops) out[std::string(op_kind_name(h.graph.op(op.op).kind))] += op.cost.latency_s;
  return out;
}

std::string render_table(const Workload& w, const std::vector<ComparedHardware>& hw) {
  const ComparedHardware& base = hw.front();
  TextTable summary({"hardware", "latency", "samples/s", "speedup", "utilization", "TDP W", "samples/s/W",
                     "Perf/TDP vs " + base.name});
  summary.align_right({1, 2, 3, 4, 5, 6, 7});
  for (const auto& h : hw) {
    summary.add_row({h.name, fmt::format("{:.4g} ms", h.cost.latency_s * 1e3),
                     fmt::format("{:.4g}", throughput(w, h.cost)),
                     fmt::format("{:.2f}x", base.cost.latency_s / h.cost.latency_s),
                     fmt::format("{:.1f}%", 100 * h.cost.utilization()), fmt::format("{:.0f}", h.device.tdp_w),
                     fmt::format("{:.4g}", perf_per_tdp(w, h)),
                     fmt::format("{:.2f}x", perf_per_tdp(w, h) / perf_per_tdp(w, base))});
  }
  std::vector<std::string> headers{"op kind"};
  for (const auto& h : hw) headers.push_back(h.name + " ms");
  TextTable kinds(headers);
  std::vector<size_t> right;
  for (size_t i = 1; i < headers.size(); ++i) right.push_back(i);
  kinds.align_right(right);
  std::vector<std::map<std::string, double>> per_hw;
  std::set<std::string> names;
  for (const auto& h : hw) {
    per_hw.push_back(latency_by_kind(h));
    for (const auto& [kind, s] : per_hw.back()) names.insert(kind);
  }
  for (const auto& kind : names) {
    std::vector<std::string> row{kind};
    for (const auto& m : per_hw) row.push_back(fmt::format("{:.4g}", m.count(kind) ? m.at(kind) * 1e3 : 0.0));
    kinds.add_row(row);
  }
  return w.graph.name() + ": " + std::to_string(w.samples) + " samples per pass\n\n" + summary.render() + "\n" +
         kinds.render();
}

std::string render_json(const Workload& w, const std::vector<ComparedHardware>& hw) {
  using Json = nlohmann::ordered_json;
  Json rows = Json::array();
  for (const auto& h : hw) {
    Json kinds = Json::object();
    for (const auto& [kind, s] : latency_by_kind(h)) kinds[kind] = s;
    rows.push_back({{"hardware", h.name},
                    {"latency_s", h.cost.latency_s},
                    {"throughput_samples_per_s", throughput(w, h.cost)},
                    {"speedup", hw.front().cost.latency_s / h.cost.latency_s},
                    {"utilization", h.cost.utilization()},
                    {"tdp_w", h.device.tdp_w},
                    {"perf_per_tdp_ratio", perf_per_tdp(w, h) / perf_per_tdp(w, hw.front())},
                    {"latency_s_by_kind", kinds}});
  }
  return Json{{"model", w.graph.name()}, {"baseline", hw.front().name}, {"hardware", rows}}.dump(2) + "\n";
}

}  // namespace

std::string render_comparison(const Workload& workload, const std::vector<ComparedHardware>& hardware,
                              const std::string& format) {
  return format == "json" ? render_json(workload, hardware) : render_table(workload, hardware);
}

}  // namespace tessera
