#include "tessera/explore/design_metrics.h"

#include <nlohmann/json.hpp>

#include "tessera/core/error.h"

namespace tessera {

std::string metrics_to_json(const DesignMetrics& m) {
  nlohmann::json j{{"feasible", m.feasible},
                   {"reason", m.reason},
                   {"area_mm2", m.area_mm2},
                   {"tdp_w", m.tdp_w},
                   {"throughput", m.throughput},
                   {"latency_s", m.latency_s},
                   {"energy_j_per_sample", m.energy_j_per_sample},
                   {"perf_per_tdp", m.perf_per_tdp()},
                   {"cost_per_inference_usd", m.cost_per_inference_usd}};
  j["workloads"] = nlohmann::json::array();
  for (const auto& w : m.workloads) {
    j["workloads"].push_back({{"model", w.model},
                              {"latency_s", w.latency_s},
                              {"throughput", w.throughput},
                              {"energy_j_per_sample", w.energy_j_per_sample}});
  }
  return j.dump();
}

DesignMetrics metrics_from_json(const std::string& text) {
  try {
    nlohmann::json j = nlohmann::json::parse(text);
    DesignMetrics m;
    m.feasible = j.at("feasible").get<bool>();
    m.reason = j.at("reason").get<std::string>();
    m.area_mm2 = j.at("area_mm2").get<double>();
    m.tdp_w = j.at("tdp_w").get<double>();
    m.throughput = j.at("throughput").get<double>();
    m.latency_s = j.at("latency_s").get<double>();
    m.energy_j_per_sample = j.at("energy_j_per_sample").get<double>();
    m.cost_per_inference_usd = j.at("cost_per_inference_usd").get<double>();
    for (const auto& w : j.at("workloads")) {
      m.workloads.push_back({w.at("model").get<std::string>(), w.at("latency_s").get<double>(),
                             w.at("throughput").get<double>(), w.at("energy_j_per_sample").get<double>()});
    }
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("design metrics: not the JSON Tessera writes (") + e.what() + ")");
  }
}

}  // namespace tessera
