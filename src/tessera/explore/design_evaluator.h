#pragma once
// Evaluating design points: each workload's graph is built once, with the passes that do not read the device; per
// point the hardware document is loaded, the other passes run for that device, every op is costed, and area and TDP come from the component model (cost/area_power.h),
// the same model for every point and the baseline so that ratios compare like with like. Thread-safe: evaluate()
// may run on many threads at once.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tessera/explore/design_metrics.h"
#include "tessera/explore/design_point.h"
#include "tessera/explore/design_space.h"
#include "tessera/explore/result_store.h"
#include "tessera/explore/system_workload.h"
#include "tessera/frontend/model_source.h"

namespace tessera {

// Objective value given to infeasible points (times 1 + their relative constraint excess): finite, so every
// algorithm can rank them, and far beyond any real objective.
inline constexpr double kInfeasiblePenalty = 1e30;

class DesignEvaluator {
 public:
  explicit DesignEvaluator(const DesignSpace& space);

  DesignMetrics evaluate(const DesignPoint& point) const;
  // The base spec itself, with the space's default cost model and passes.
  const DesignMetrics& baseline() const { return baseline_; }
  // The constraints with "baseline" resolved; 0 when absent.
  double max_area_mm2() const { return max_area_mm2_; }
  double max_tdp_w() const { return max_tdp_w_; }
  // The point and its metrics as the store keeps them: minimised objectives (penalties when infeasible).
  StoredEvaluation record(const DesignPoint& point, const DesignMetrics& metrics) const;

 private:
  DesignMetrics evaluate_document(const YAML::Node& hardware, const std::string& cost, const std::string& passes,
                                  const std::string& parallel) const;
  // Workload i (single-device) on `device`.
  WorkloadMetrics evaluate_on_device(size_t i, const DeviceSpec& device, const CostModel& model,
                                     const std::string& passes) const;
  void apply_constraints(DesignMetrics& metrics) const;

  // The workloads' graphs after the passes that do not read the device (run once here), and the passes left to run
  // per design; one per pass list the space can ask for.
  struct PreparedGraphs {
    std::vector<Graph> graphs;  // per workload (empty for a system workload)
    std::string device_passes;
  };
  void prepare_graphs();

  const DesignSpace& space_;
  std::vector<Workload> workloads_;  // single-device workloads: graphs before passes, with the samples a pass computes
  std::map<std::string, PreparedGraphs> prepared_;  // by pass list
  std::vector<std::optional<SystemWorkload>> systems_;  // per workload: its system, when it is trained on one
  DesignMetrics baseline_;
  double max_area_mm2_ = 0;
  double max_tdp_w_ = 0;
};

}  // namespace tessera
