#include "tessera/report/explore_report.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tessera/core/error.h"
#include "tessera/explore/design_point.h"
#include "tessera/explore/objectives.h"
#include "tessera/explore/pareto.h"
#include "tessera/explore/roi.h"
#include "tessera/report/output.h"
#include "tessera/report/svg_plot.h"
#include "tessera/report/table.h"

namespace tessera {
namespace {

std::string ratio(double a, double b) { return b > 0 ? fmt::format("{:.2f}x", a / b) : "-"; }

std::string csv_quote(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

ExploreResults collect_results(const ResultStore& store) {
  ExploreResults r;
  r.evaluations = store.all();
  std::vector<std::vector<double>> feasible_objectives;
  std::vector<size_t> feasible;
  for (size_t i = 0; i < r.evaluations.size(); ++i) {
    r.metrics.push_back(metrics_from_json(r.evaluations[i].metrics_json));
    if (r.evaluations[i].feasible) feasible.push_back(i);
  }
  // Ties (equal objectives) go to the smaller key, not to whichever finished first: threads and MPI ranks finish in
  // any order, and the front must not depend on it.
  std::sort(feasible.begin(), feasible.end(),
            [&](size_t a, size_t b) { return r.evaluations[a].key < r.evaluations[b].key; });
  for (size_t i : feasible) feasible_objectives.push_back(r.evaluations[i].objectives);
  for (size_t f : pareto_front(feasible_objectives)) r.front.push_back(feasible[f]);
  auto first = [&](size_t i) { return r.evaluations[i].objectives.at(0); };
  std::stable_sort(r.front.begin(), r.front.end(), [&](size_t a, size_t b) { return first(a) < first(b); });
  if (!r.front.empty()) r.best = r.front.front();  // best by the first objective, ties broken by the others
  return r;
}

std::string pareto_csv(const DesignSpace& space, const ExploreResults& results) {
  std::string out = "rank";
  for (const auto& p : space.parameters) out += fmt::format(",{}", csv_quote(p.name));
  for (const auto& o : space.objectives) out += fmt::format(",{} ({})", o, objective_unit(o));
  out += ",area_mm2,tdp_w,throughput_samples_per_s,latency_s,energy_j_per_sample";
  for (size_t w = 0; w < space.workloads.size(); ++w) {
    out += fmt::format(",{}", csv_quote(fmt::format("workload{}:{}_samples_per_s", w, space.workloads[w].model)));
  }
  out += "\n";
  int rank = 1;
  for (size_t i : results.front) {
    const StoredEvaluation& e = results.evaluations[i];
    const DesignMetrics& m = results.metrics[i];
    nlohmann::json point = nlohmann::json::parse(e.point_json);
    out += std::to_string(rank++);
    for (const auto& p : space.parameters) {
      const auto& value = point[p.name];
      out += fmt::format(",{}", csv_quote(value.is_string() ? value.get<std::string>() : value.dump()));
    }
    for (size_t k = 0; k < space.objectives.size(); ++k) {
      out += fmt::format(",{:.6g}", natural_objective(space.objectives[k], e.objectives[k]));
    }
    out += fmt::format(",{:.6g},{:.6g},{:.6g},{:.6g},{:.6g}", m.area_mm2, m.tdp_w, m.throughput, m.latency_s,
                       m.energy_j_per_sample);
    for (const auto& w : m.workloads) out += fmt::format(",{:.6g}", w.throughput);
    out += "\n";
  }
  return out;
}

std::string pareto_json(const DesignSpace& space, const DesignEvaluator& evaluator, const ExploreResults& results) {
  nlohmann::json j;
  j["space"] = space.name;
  j["base"] = space.base;
  j["objectives"] = space.objectives;
  j["baseline"] = nlohmann::json::parse(metrics_to_json(evaluator.baseline()));
  j["evaluated"] = results.evaluations.size();
  j["front"] = nlohmann::json::array();
  for (size_t i : results.front) {
    const StoredEvaluation& e = results.evaluations[i];
    nlohmann::json item{{"point", nlohmann::json::parse(e.point_json)},
                        {"metrics", nlohmann::json::parse(e.metrics_json)}};
    for (size_t k = 0; k < space.objectives.size(); ++k) {
      item["objectives"][space.objectives[k]] = natural_objective(space.objectives[k], e.objectives[k]);
    }
    j["front"].push_back(item);
  }
  return j.dump(1) + "\n";
}

std::string baseline_report(const DesignSpace& space, const DesignEvaluator& evaluator, const ExploreResults& results) {
  const DesignMetrics& base = evaluator.baseline();
  std::string out = fmt::format("exploration '{}' on base '{}': {} points evaluated, {} feasible on the front\n",
                                space.name, space.base, results.evaluations.size(), results.front.size());
  out += fmt::format("limits: area {} mm^2, TDP {} W (component model; the base spec models at {:.0f} mm^2, {:.0f} W)\n",
                     evaluator.max_area_mm2() > 0 ? fmt::format("{:.0f}", evaluator.max_area_mm2()) : "none",
                     evaluator.max_tdp_w() > 0 ? fmt::format("{:.0f}", evaluator.max_tdp_w()) : "none",
                     base.area_mm2, base.tdp_w);
  if (!results.best) return out + "no feasible design found\n";
  const DesignMetrics& best = results.metrics[*results.best];
  out += fmt::format("best by {}: {}\n\n", space.objectives[0], results.evaluations[*results.best].key);
  TextTable table({"workload", "base samples/s", "best samples/s", "speedup", "base Perf/TDP", "best Perf/TDP",
                   "Perf/TDP ratio"});
  table.align_right({1, 2, 3, 4, 5, 6});
  for (size_t w = 0; w < best.workloads.size(); ++w) {
    double b = base.workloads[w].throughput, n = best.workloads[w].throughput;
    table.add_row({best.workloads[w].model, si_number(b), si_number(n), ratio(n, b), fmt::format("{:.4g}", b / base.tdp_w),
                   fmt::format("{:.4g}", n / best.tdp_w), ratio(n / best.tdp_w, b / base.tdp_w)});
  }
  table.add_row({"suite (geomean)", si_number(base.throughput), si_number(best.throughput),
                 ratio(best.throughput, base.throughput), fmt::format("{:.4g}", base.perf_per_tdp()),
                 fmt::format("{:.4g}", best.perf_per_tdp()), ratio(best.perf_per_tdp(), base.perf_per_tdp())});
  out += table.render();
  out += fmt::format("\narea {:.0f} mm^2 ({} of the base), TDP {:.0f} W ({} of the base)\n", best.area_mm2,
                     ratio(best.area_mm2, base.area_mm2), best.tdp_w, ratio(best.tdp_w, base.tdp_w));
  if (space.roi) {
    double units = break_even_units(*space.roi, best, base);
    out += fmt::format("ROI: cost per inference {:.3g} USD vs {:.3g} USD on the base; break-even at {} units\n",
                       best.cost_per_inference_usd, base.cost_per_inference_usd,
                       std::isfinite(units) ? fmt::format("{:.0f}", std::ceil(units)) : std::string("never"));
  }
  return out;
}

std::string design_yaml(const DesignSpace& space, const StoredEvaluation& evaluation, const DesignMetrics& metrics) {
  YAML::Node doc = point_hardware_yaml(space, point_from_json(space, evaluation.point_json));
  // The base's name, description and datasheet area/TDP no longer describe this design: say what it is, with the
  // component model's figures (the ones the search compared).
  doc["name"] = space.name + "_design";
  doc["description"] = "found by tessera explore from " + space.base + ": " + evaluation.key;
  doc["devices"][0]["area_mm2"] = std::round(metrics.area_mm2 * 10) / 10;
  doc["devices"][0]["tdp_w"] = std::round(metrics.tdp_w * 10) / 10;
  YAML::Emitter yaml;
  yaml << doc;
  std::string header = fmt::format("# Found by `tessera explore {}` from base '{}': {}\n", space.file, space.base,
                                   evaluation.key);
  header += fmt::format("# Modelled: area {:.0f} mm^2, TDP {:.0f} W, suite {:.4g} samples/s, Perf/TDP {:.4g}\n",
                        metrics.area_mm2, metrics.tdp_w, metrics.throughput, metrics.perf_per_tdp());
  return header + yaml.c_str() + "\n";
}

std::string pareto_svg(const DesignSpace& space, const DesignEvaluator& evaluator, const ExploreResults& results) {
  // Two objectives: one against the other; one: the objective against area.
  bool two = space.objectives.size() >= 2;
  std::string x_name = two ? space.objectives[0] : "area", y_name = two ? space.objectives[1] : space.objectives[0];
  auto value = [&](const DesignMetrics& m, const std::string& name) { return objective_value(name, m); };
  PlotSeries all{"feasible", "#9bb7d4"}, front{"Pareto front", "#d62728"}, base{"base " + space.base, "#2ca02c"};
  front.radius = 4;
  base.radius = 6;
  for (size_t i = 0; i < results.evaluations.size(); ++i) {
    if (!results.evaluations[i].feasible) continue;
    all.x.push_back(value(results.metrics[i], x_name));
    all.y.push_back(value(results.metrics[i], y_name));
  }
  for (size_t i : results.front) {
    front.x.push_back(value(results.metrics[i], x_name));
    front.y.push_back(value(results.metrics[i], y_name));
  }
  base.x.push_back(value(evaluator.baseline(), x_name));
  base.y.push_back(value(evaluator.baseline(), y_name));
  PlotAxes axes{space.name + ": " + y_name + " vs " + x_name, x_name + " (" + objective_unit(x_name) + ")",
                y_name + " (" + objective_unit(y_name) + ")"};
  return svg_plot(axes, {all, front, base});
}

std::string convergence_svg(const DesignSpace& space, const ExploreResults& results) {
  const std::string& name = space.objectives[0];
  PlotSeries best{"best feasible " + name, "#1f77b4"};
  best.line = true;
  double best_minimised = kInfeasiblePenalty;
  for (size_t i = 0; i < results.evaluations.size(); ++i) {
    const StoredEvaluation& e = results.evaluations[i];
    if (!e.feasible || e.objectives[0] >= best_minimised) continue;
    best_minimised = e.objectives[0];
    best.x.push_back(static_cast<double>(i + 1));
    best.y.push_back(natural_objective(name, best_minimised));
  }
  if (!best.x.empty()) {
    best.x.push_back(static_cast<double>(results.evaluations.size()));
    best.y.push_back(best.y.back());
  }
  PlotAxes axes{space.name + ": convergence", "points evaluated", name + " (" + objective_unit(name) + ")"};
  return svg_plot(axes, {best});
}

void write_exploration_outputs(const DesignSpace& space, const DesignEvaluator& evaluator,
                               const ExploreResults& results, const std::string& dir, int best_designs) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw InputError("--out '" + dir + "': cannot create the directory (" + error.message() + ")");
  auto path = [&](const std::string& name) { return (std::filesystem::path(dir) / name).string(); };
  write_output(pareto_csv(space, results), path("pareto.csv"));
  write_output(pareto_json(space, evaluator, results), path("pareto.json"));
  write_output(baseline_report(space, evaluator, results), path("report.txt"));
  write_output(pareto_svg(space, evaluator, results), path("pareto.svg"));
  write_output(convergence_svg(space, results), path("convergence.svg"));
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {  // a previous run's, beyond this front
    std::string name = entry.path().filename().string();
    if (name.rfind("best_", 0) == 0 && entry.path().extension() == ".yaml") std::filesystem::remove(entry.path(), error);
  }
  for (size_t n = 0; n < results.front.size() && static_cast<int>(n) < best_designs; ++n) {
    size_t i = results.front[n];
    write_output(design_yaml(space, results.evaluations[i], results.metrics[i]), path(fmt::format("best_{}.yaml", n + 1)));
  }
}

}  // namespace tessera
