#include "tessera/explore/objectives.h"

#include <functional>

#include "tessera/core/error.h"

namespace tessera {
namespace {

struct Objective {
  const char* name;
  bool maximised;
  const char* unit;
  std::function<double(const DesignMetrics&)> value;
};

const std::vector<Objective>& objectives() {
  static const std::vector<Objective> kObjectives{
      {"perf_per_tdp", true, "samples/s/W", [](const DesignMetrics& m) { return m.perf_per_tdp(); }},
      {"throughput", true, "samples/s", [](const DesignMetrics& m) { return m.throughput; }},
      {"latency", false, "s", [](const DesignMetrics& m) { return m.latency_s; }},
      {"energy", false, "J/sample", [](const DesignMetrics& m) { return m.energy_j_per_sample; }},
      // Energy-delay product of one batch of each workload (suite geometric means of both factors).
      {"edp", false, "J*s", [](const DesignMetrics& m) { return m.energy_j_per_sample * m.latency_s; }},
      {"area", false, "mm^2", [](const DesignMetrics& m) { return m.area_mm2; }},
      {"tdp", false, "W", [](const DesignMetrics& m) { return m.tdp_w; }},
      {"cost_per_inference", false, "USD", [](const DesignMetrics& m) { return m.cost_per_inference_usd; }},
  };
  return kObjectives;
}

const Objective& find(const std::string& name) {
  for (const auto& o : objectives()) {
    if (name == o.name) return o;
  }
  throw InputError("unknown objective '" + name + "' (expected " + objective_names_text() + ")");
}

}  // namespace

bool is_objective_name(const std::string& name) {
  for (const auto& o : objectives()) {
    if (name == o.name) return true;
  }
  return false;
}

std::string objective_names_text() {
  std::string text;
  for (const auto& o : objectives()) text += (text.empty() ? "" : ", ") + std::string(o.name);
  return text;
}

bool objective_maximised(const std::string& name) { return find(name).maximised; }
std::string objective_unit(const std::string& name) { return find(name).unit; }
double objective_value(const std::string& name, const DesignMetrics& metrics) { return find(name).value(metrics); }
double minimised_objective(const std::string& name, double natural) { return find(name).maximised ? -natural : natural; }
double natural_objective(const std::string& name, double minimised) { return find(name).maximised ? -minimised : minimised; }

}  // namespace tessera
