#pragma once
// What one design point measures: per workload and for the suite, with the area and TDP the component model gives.
#include <string>
#include <vector>

namespace tessera {

struct WorkloadMetrics {
  std::string model;
  double latency_s = 0;            // one batch
  double throughput = 0;           // samples/s
  double energy_j_per_sample = 0;
};

struct DesignMetrics {
  bool feasible = true;
  std::string reason;  // why not, when infeasible
  double area_mm2 = 0;
  double tdp_w = 0;
  std::vector<WorkloadMetrics> workloads;
  // The suite: weighted geometric means over the workloads (the space's weights).
  double throughput = 0;
  double latency_s = 0;
  double energy_j_per_sample = 0;
  double cost_per_inference_usd = 0;  // with ROI inputs; else 0
  double perf_per_tdp() const { return tdp_w > 0 ? throughput / tdp_w : 0; }
};

}  // namespace tessera

namespace tessera {

std::string metrics_to_json(const DesignMetrics& metrics);
// Throws InputError on text metrics_to_json did not write.
DesignMetrics metrics_from_json(const std::string& text);

}  // namespace tessera
