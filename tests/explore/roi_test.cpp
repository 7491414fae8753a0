#include "tessera/explore/roi.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tessera {
namespace {

// Round inputs: one Julian year (365.25 days = 8766 h = 31,557,600 s) at full utilization, 0.1 USD/kWh.
constexpr double kYearS = 31557600.0;

RoiInputs inputs() {
  RoiInputs r;
  r.deployment_units = 1000;
  r.nre_usd = 1e6;
  r.baseline_unit_usd = 10000;
  r.cost_per_mm2_usd = 10;
  r.energy_usd_per_kwh = 0.1;
  r.lifetime_years = 1;
  r.utilization = 1;
  return r;
}

DesignMetrics metrics(double throughput, double energy_j_per_sample, double area_mm2) {
  DesignMetrics m;
  m.throughput = throughput;
  m.energy_j_per_sample = energy_j_per_sample;
  m.area_mm2 = area_mm2;
  return m;
}

// New chip: 1000 samples/s, 1 J/sample, 100 mm^2 (unit cost 1000 USD). Baseline: 500 samples/s, 2 J/sample.
const DesignMetrics kDesign = metrics(1000, 1, 100);
const DesignMetrics kBaseline = metrics(500, 2, 0);

TEST(RoiTest, NewChipCostPerInference) {
  // Inferences per chip: 1000 x 31,557,600 = 3.15576e10. Amortised: (1e6 / 1000 + 100 x 10) = 2000 USD per chip.
  // Energy: 1 J = 1/3.6e6 kWh -> 0.1 / 3.6e6 USD.
  double expected = 2000.0 / 3.15576e10 + 0.1 / 3.6e6;
  EXPECT_NEAR(new_chip_cost_per_inference(inputs(), kDesign), expected, 1e-12 * expected);
  EXPECT_NEAR(expected, 9.11540e-8, 1e-12);  // 6.33762e-8 + 2.77778e-8

  // Half the utilization: half the inferences, so the amortised part doubles; energy per inference is unchanged.
  RoiInputs half = inputs();
  half.utilization = 0.5;
  double expected_half = 4000.0 / 3.15576e10 + 0.1 / 3.6e6;
  EXPECT_NEAR(new_chip_cost_per_inference(half, kDesign), expected_half, 1e-12 * expected_half);
}

TEST(RoiTest, BaselineCostPerInference) {
  // 500 x 31,557,600 = 1.57788e10 inferences for 10,000 USD; 2 J at 0.1 USD/kWh.
  double expected = 10000.0 / 1.57788e10 + 0.2 / 3.6e6;
  EXPECT_NEAR(baseline_cost_per_inference(inputs(), kBaseline), expected, 1e-12 * expected);
}

TEST(RoiTest, BreakEvenUnits) {
  // Margin per chip over its life: (baseline cost per inference - new energy per inference) x I_new - unit cost
  //   = 10000 x (3.15576e10 / 1.57788e10) + (0.2 - 0.1) / 3.6e6 x 3.15576e10 - 1000
  //   = 20000 + 876.6 - 1000 = 19876.6 USD;  N = 1e6 / 19876.6.
  double n = break_even_units(inputs(), kDesign, kBaseline);
  double expected = 1e6 / 19876.6;
  EXPECT_NEAR(n, expected, 1e-9 * expected);
  EXPECT_NEAR(n, 50.3104, 1e-4);

  // At exactly N units the two costs per inference are equal.
  RoiInputs at = inputs();
  at.deployment_units = n;
  double fresh = new_chip_cost_per_inference(at, kDesign);
  double base = baseline_cost_per_inference(at, kBaseline);
  EXPECT_NEAR(fresh, base, 1e-12 * base);
  // More units: the new chip is cheaper; fewer: dearer.
  at.deployment_units = 2 * n;
  EXPECT_LT(new_chip_cost_per_inference(at, kDesign), base);
  at.deployment_units = n / 2;
  EXPECT_GT(new_chip_cost_per_inference(at, kDesign), base);
}

TEST(RoiTest, ZeroNreBreaksEvenAtOnce) {
  RoiInputs r = inputs();
  r.nre_usd = 0;
  EXPECT_EQ(break_even_units(r, kDesign, kBaseline), 0.0);
}

TEST(RoiTest, NeverCatchesUp) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // A die so large its unit cost (1e6 mm^2 x 10 = 1e7 USD) exceeds what it saves (about 20,876 USD): never.
  EXPECT_EQ(break_even_units(inputs(), metrics(1000, 1, 1e6), kBaseline), kInf);
  // Energy per inference alone above the baseline's whole cost per inference: never.
  EXPECT_EQ(break_even_units(inputs(), metrics(1000, 1e4, 1), kBaseline), kInf);
  // Margin exactly zero counts as never: unit cost = 20000 + 876.6 = 20876.6 USD = 2087.66 mm^2 x 10.
  RoiInputs r = inputs();
  r.cost_per_mm2_usd = 1;
  DesignMetrics exact = metrics(1000, 1, 20876.6);
  double margin_share = break_even_units(r, exact, kBaseline);
  EXPECT_TRUE(std::isinf(margin_share) || margin_share > 1e12) << margin_share;  // zero up to rounding
  // A chip that does nothing costs infinitely much per inference.
  EXPECT_EQ(new_chip_cost_per_inference(inputs(), metrics(0, 1, 100)), kInf);
  EXPECT_EQ(baseline_cost_per_inference(inputs(), metrics(0, 1, 0)), kInf);
}

}  // namespace
}  // namespace tessera
