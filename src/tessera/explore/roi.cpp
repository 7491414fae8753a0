#include "tessera/explore/roi.h"

#include <limits>

namespace tessera {
namespace {

constexpr double kSecondsPerYear = 365.25 * 24 * 3600;
constexpr double kJoulesPerKwh = 3.6e6;

double lifetime_inferences(const RoiInputs& roi, double throughput) {
  return throughput * roi.lifetime_years * kSecondsPerYear * roi.utilization;
}

double energy_cost(const RoiInputs& roi, double energy_j) { return energy_j / kJoulesPerKwh * roi.energy_usd_per_kwh; }

double unit_cost(const RoiInputs& roi, const DesignMetrics& design) { return design.area_mm2 * roi.cost_per_mm2_usd; }

}  // namespace

double new_chip_cost_per_inference(const RoiInputs& roi, const DesignMetrics& design) {
  double inferences = lifetime_inferences(roi, design.throughput);
  if (inferences <= 0) return std::numeric_limits<double>::infinity();
  return (roi.nre_usd / roi.deployment_units + unit_cost(roi, design)) / inferences +
         energy_cost(roi, design.energy_j_per_sample);
}

double baseline_cost_per_inference(const RoiInputs& roi, const DesignMetrics& baseline) {
  double inferences = lifetime_inferences(roi, baseline.throughput);
  if (inferences <= 0) return std::numeric_limits<double>::infinity();
  return roi.baseline_unit_usd / inferences + energy_cost(roi, baseline.energy_j_per_sample);
}

double break_even_units(const RoiInputs& roi, const DesignMetrics& design, const DesignMetrics& baseline) {
  double inferences = lifetime_inferences(roi, design.throughput);
  double margin = (baseline_cost_per_inference(roi, baseline) - energy_cost(roi, design.energy_j_per_sample)) *
                      inferences - unit_cost(roi, design);
  if (margin <= 0) return std::numeric_limits<double>::infinity();
  return roi.nre_usd / margin;
}

}  // namespace tessera
