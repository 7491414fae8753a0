#pragma once
// Return on investment of a new chip against the baseline device it would replace (docs/explore.md, "ROI").
//
// Per device over its lifetime it serves I = throughput x lifetime x utilization inferences. Cost per inference:
//   new chip:  (NRE / units + area x cost per mm^2) / I_new + energy per inference x energy price
//   baseline:  baseline unit price / I_base + energy per inference x energy price
// Break-even deployment: the number of units N at which the new chip's cost per inference equals the baseline's,
//   N = NRE / ((u_base / I_base + e_base - e_new) x I_new - u_new); infinite when the new chip never catches up.
#include "tessera/explore/design_metrics.h"
#include "tessera/explore/design_space.h"

namespace tessera {

double new_chip_cost_per_inference(const RoiInputs& roi, const DesignMetrics& design);
double baseline_cost_per_inference(const RoiInputs& roi, const DesignMetrics& baseline);
// Units to deploy before the new chip is cheaper per inference than the baseline (infinity if never).
double break_even_units(const RoiInputs& roi, const DesignMetrics& design, const DesignMetrics& baseline);

}  // namespace tessera
