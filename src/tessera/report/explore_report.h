#pragma once
// What an exploration produces (docs/explore.md): the Pareto front as CSV and JSON, the best designs as ready-to-use
// hardware YAML, a report against the base spec (per workload and for the suite: speedup, Perf/TDP, area, ROI), and
// SVG plots of the front and of the search's convergence.
#include <optional>
#include <string>
#include <vector>

#include "tessera/explore/design_evaluator.h"
#include "tessera/explore/design_metrics.h"
#include "tessera/explore/result_store.h"

namespace tessera {

struct ExploreResults {
  std::vector<StoredEvaluation> evaluations;  // the store's, in evaluation order
  std::vector<DesignMetrics> metrics;         // parsed from them
  std::vector<size_t> front;                  // feasible and non-dominated, best first by the first objective
  std::optional<size_t> best;                 // the best feasible point by the first objective
};

ExploreResults collect_results(const ResultStore& store);

std::string pareto_csv(const DesignSpace& space, const ExploreResults& results);
std::string pareto_json(const DesignSpace& space, const DesignEvaluator& evaluator, const ExploreResults& results);
std::string baseline_report(const DesignSpace& space, const DesignEvaluator& evaluator, const ExploreResults& results);
// The hardware YAML of a stored point, headed by comments saying what it achieved and where it came from.
std::string design_yaml(const DesignSpace& space, const StoredEvaluation& evaluation, const DesignMetrics& metrics);
std::string pareto_svg(const DesignSpace& space, const DesignEvaluator& evaluator, const ExploreResults& results);
std::string convergence_svg(const DesignSpace& space, const ExploreResults& results);

// Writes pareto.csv, pareto.json, report.txt, pareto.svg, convergence.svg and best_<n>.yaml (the first
// `best_designs` of the front) into `dir` (created if needed), each file atomically.
void write_exploration_outputs(const DesignSpace& space, const DesignEvaluator& evaluator,
                               const ExploreResults& results, const std::string& dir, int best_designs = 5);

}  // namespace tessera
