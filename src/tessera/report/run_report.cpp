#include "tessera/report/run_report.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "tessera/report/table.h"

namespace tessera {
namespace {


int64_t op_bytes(const Op& op) { return op.bytes_read + op.bytes_written; }

std::string summary_text(const RunReport& r, const RunSummary& s) {
  std::string out = fmt::format("{} on {} ({} cost model): {} ops\n", r.workload.graph.name(), r.hardware,
                                r.cost_model, r.cost.ops.size());
  for (const auto& p : r.passes) {
    out += fmt::format("  pass {:<10} {} -> {} ops, compulsory bytes {}B -> {}B\n", p.pass, p.ops_before, p.ops_after,
                       si_number(static_cast<double>(p.bytes_before)), si_number(static_cast<double>(p.bytes_after)));
    for (const auto& note : p.notes) out += "                  " + note + "\n";
  }
  out += fmt::format("  latency         {}\n", format_seconds(s.latency_s));
  out += fmt::format("  throughput      {:.4g} samples/s", s.throughput_samples_per_s);
  if (s.tokens_per_s > 0) out += fmt::format(", {:.4g} tokens/s", s.tokens_per_s);
  out += fmt::format("\n  achieved        {}FLOP/s; MAC utilization {} of the {}FLOP/s matrix peak\n",
                     si_number(s.achieved_flops_per_s), format_percent(s.utilization), si_number(r.cost.peak_flops_per_s));
  out += fmt::format("  bound           compute {}, memory {} of the time\n", format_percent(s.compute_bound_fraction),
                     format_percent(s.memory_bound_fraction));
  out += fmt::format("  energy          {:.4g} J, average power {:.4g} W (TDP {:.0f} W), {:.4g} samples/J\n", s.energy_j,
                     s.avg_power_w, r.device.tdp_w, s.samples_per_j);
  out += fmt::format("  memory          {}B weights + {}B peak activations = {}B of {}B\n\n",
                     si_number(static_cast<double>(r.cost.weight_bytes)),
                     si_number(static_cast<double>(r.cost.peak_activation_bytes)),
                     si_number(static_cast<double>(r.cost.footprint_bytes())),
                     si_number(static_cast<double>(r.device.off_chip.capacity_bytes)));
  return out;
}

std::string kind_table(const RunReport& r) {
  struct Totals {
    int count = 0;
    double latency_s = 0;
    int64_t flops = 0, bytes = 0;
  };
  std::map<std::string, Totals> kinds;
  for (const auto& c : r.cost.ops) {
    const Op& op = r.workload.graph.op(c.op);
    Totals& t = kinds[std::string(op_kind_name(op.kind))];
    ++t.count;
    t.latency_s += c.cost.latency_s;
    t.flops += op.flops();
    t.bytes += op_bytes(op);
  }
  std::vector<std::pair<std::string, Totals>> rows(kinds.begin(), kinds.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second.latency_s > b.second.latency_s; });
  TextTable table({"kind", "ops", "latency", "share", "FLOPs", "bytes"});
  table.align_right({1, 2, 3, 4, 5});
  for (const auto& [kind, t] : rows) {
    table.add_row({kind, std::to_string(t.count), format_seconds(t.latency_s), format_percent(t.latency_s / r.cost.latency_s),
                   si_number(static_cast<double>(t.flops)), si_number(static_cast<double>(t.bytes)) + "B"});
  }
  return table.render();
}

std::string op_table(const RunReport& r, int top) {
  std::vector<const CostedOp*> rows;
  for (const auto& c : r.cost.ops) rows.push_back(&c);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const CostedOp* a, const CostedOp* b) { return a->cost.latency_s > b->cost.latency_s; });
  if (top > 0 && static_cast<size_t>(top) < rows.size()) rows.resize(static_cast<size_t>(top));
  TextTable table({"op", "kind", "latency", "share", "bound", "util", "FLOPs", "bytes"});
  table.align_right({2, 3, 5, 6, 7});
  for (const CostedOp* c : rows) {
    const Op& op = r.workload.graph.op(c->op);
    table.add_row({op.name, std::string(op_kind_name(op.kind)), format_seconds(c->cost.latency_s),
                   format_percent(c->cost.latency_s / r.cost.latency_s), std::string(bound_name(c->cost.bound)),
                   format_percent(c->cost.utilization), si_number(static_cast<double>(op.flops())),
                   si_number(static_cast<double>(op_bytes(op))) + "B"});
  }
  return table.render();
}

}  // namespace

RunSummary summarize(const RunReport& r) {
  RunSummary s;
  s.latency_s = r.cost.latency_s;
  if (s.latency_s > 0) {
    s.throughput_samples_per_s = static_cast<double>(r.workload.samples) / s.latency_s;
    s.tokens_per_s = static_cast<double>(r.workload.tokens) / s.latency_s;
    s.compute_bound_fraction = r.cost.compute_bound_s / s.latency_s;
    s.memory_bound_fraction = r.cost.memory_bound_s / s.latency_s;
  }
  GraphEnergy energy = graph_energy(r.workload.graph, r.cost, r.device);
  s.energy_j = energy.energy_j();
  s.avg_power_w = energy.avg_power_w();
  if (s.energy_j > 0) s.samples_per_j = static_cast<double>(r.workload.samples) / s.energy_j;
  s.achieved_flops_per_s = r.cost.achieved_flops_per_s();
  s.utilization = r.cost.utilization();
  return s;
}

std::string render_run_table(const RunReport& report, int top, bool by_kind) {
  return summary_text(report, summarize(report)) + (by_kind ? kind_table(report) : op_table(report, top));
}

std::string render_run_json(const RunReport& r) {
  using Json = nlohmann::ordered_json;
  RunSummary s = summarize(r);
  Json summary{{"latency_s", s.latency_s},
               {"throughput_samples_per_s", s.throughput_samples_per_s},
               {"achieved_flops_per_s", s.achieved_flops_per_s},
               {"utilization", s.utilization},
               {"compute_bound_fraction", s.compute_bound_fraction},
               {"memory_bound_fraction", s.memory_bound_fraction},
               {"energy_j", s.energy_j},
               {"avg_power_w", s.avg_power_w},
               {"samples_per_j", s.samples_per_j},
               {"weight_bytes", r.cost.weight_bytes},
               {"peak_activation_bytes", r.cost.peak_activation_bytes},
               {"capacity_bytes", r.device.off_chip.capacity_bytes}};
  if (r.workload.tokens > 0) summary["tokens_per_s"] = s.tokens_per_s;
  Json ops = Json::array();
  for (const auto& c : r.cost.ops) {
    const Op& op = r.workload.graph.op(c.op);
    ops.push_back({{"name", op.name}, {"kind", op_kind_name(op.kind)}, {"latency_s", c.cost.latency_s},
                   {"compute_s", c.cost.compute_s}, {"memory_s", c.cost.memory_s},
                   {"bound", bound_name(c.cost.bound)}, {"utilization", c.cost.utilization},
                   {"energy_j", op_energy(r.workload.graph, op, c.cost, r.device).total_j()},
                   {"flops", op.flops()}, {"bytes", op_bytes(op)}});
  }
  Json passes = Json::array();
  for (const auto& p : r.passes) {
    passes.push_back({{"pass", p.pass}, {"ops_before", p.ops_before}, {"ops_after", p.ops_after},
                      {"bytes_before", p.bytes_before}, {"bytes_after", p.bytes_after}, {"notes", p.notes}});
  }
  Json doc{{"model", r.workload.graph.name()}, {"hardware", r.hardware}, {"cost_model", r.cost_model},
           {"passes", passes}, {"summary", summary}, {"ops", ops}};
  return doc.dump(2) + "\n";
}

std::string render_run_csv(const RunReport& r) {
  std::string out = "name,kind,latency_s,compute_s,memory_s,bound,utilization,flops,bytes\n";
  for (const auto& c : r.cost.ops) {
    const Op& op = r.workload.graph.op(c.op);
    out += fmt::format("{},{},{:.9g},{:.9g},{:.9g},{},{:.6f},{},{}\n", op.name, op_kind_name(op.kind),
                       c.cost.latency_s, c.cost.compute_s, c.cost.memory_s, bound_name(c.cost.bound),
                       c.cost.utilization, op.flops(), op_bytes(op));
  }
  return out;
}

}  // namespace tessera
