// Area and TDP model against hand derivations from the tables (area_tables.cpp, energy_tables.cpp) and against the
// presets' published die areas and TDPs (docs/area-power.md). Hand constants:
//   TPUv1 scale k = (0.24 x 331e6 um^2 / 65536 MACs) / (282 + 137 um^2) = 2.89298 (real 28 nm um^2 per [H14] um^2)
//   SRAM array efficiency = 28 MiB x 8 x 0.127 um^2 / (0.35 x 331e6 um^2) = 0.257487
//   16 nm: logic shrink from 28 nm = 15.3 / 28.9; bf16 MAC at 45 nm = 1640 x (8/11)^2 + 4184 = 5051.44 um^2
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <ostream>

#include "tessera/core/error.h"
#include "tessera/cost/area_power.h"
#include "tessera/cost/area_tables.h"
#include "tessera/hardware/hardware_presets.h"

namespace tessera {
namespace {

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";
constexpr double kTpuV1Scale = 0.24 * 331e6 / 65536 / (282 + 137);
constexpr double kSramEfficiency = 28.0 * 1048576 * 8 * 0.127 / (0.35 * 331e6);

DeviceSpec preset(const std::string& name) { return load_hardware(name, kDataDir).devices.at(0); }

// One core with one 128 x 128 systolic array at `dtype`, no memories, off-chip kind "sram" of size 0 (no PHY).
DeviceSpec systolic_device(DType dtype, double technology_nm) {
  DeviceSpec device;
  device.name = "array";
  device.frequency_hz = 1e9;
  device.technology_nm = technology_nm;
  device.cores.count = 1;
  MatrixUnit unit;
  unit.kind = MatrixUnitKind::systolic;
  unit.rows = 128;
  unit.cols = 128;
  unit.macs_per_pe_per_cycle[dtype] = 1;
  device.cores.matrix = unit;
  device.off_chip.kind = "sram";
  return device;
}

TEST(AreaTables, SystolicArrayMacAreaIsRowsTimesColsTimesAreaPerMac) {
  double shrink_28_to_16 = 15.3 / 28.9;
  double bf16_mac_um2 = (1640.0 * 64 / 121 + 4184) * kTpuV1Scale * shrink_28_to_16;  // 7736.6 um^2
  double int8_mac_um2 = (282.0 + 137) * kTpuV1Scale * shrink_28_to_16;               // 641.7 um^2
  EXPECT_NEAR(mac_area_mm2(DType::bf16, 16), bf16_mac_um2 * 1e-6, 1e-9);
  AreaBreakdown bf16 = estimate_area(systolic_device(DType::bf16, 16));
  EXPECT_NEAR(bf16.matrix_mm2, 128 * 128 * bf16_mac_um2 * 1e-6, 1e-6);  // 126.76 mm^2
  EXPECT_NEAR(bf16.matrix_mm2, 126.76, 0.01);
  AreaBreakdown int8 = estimate_area(systolic_device(DType::int8, 16));
  EXPECT_NEAR(int8.matrix_mm2, 128 * 128 * int8_mac_um2 * 1e-6, 1e-6);  // 10.51 mm^2
  // Nothing but the array: "other" is kOtherAreaShare of the die, so 0.33 / 0.67 of the array.
  EXPECT_DOUBLE_EQ(bf16.sram_mm2 + bf16.noc_mm2 + bf16.memory_phy_mm2 + bf16.vector_mm2, 0.0);
  EXPECT_NEAR(bf16.io_and_other_mm2, bf16.matrix_mm2 * 0.33 / 0.67, 1e-9);
}

TEST(AreaTables, SramAreaIsBitsTimesBitcellOverEfficiency) {
  EXPECT_NEAR(kSramEfficiency, 0.257487, 1e-6);
  EXPECT_NEAR(sram_area_mm2(1048576, 7), 8388608 * 0.027 / kSramEfficiency * 1e-6, 1e-9);  // 0.8796 mm^2
  EXPECT_NEAR(sram_area_mm2(1048576, 16), 8388608 * 0.074 / kSramEfficiency * 1e-6, 1e-9);
}

TEST(AreaTables, NodesInterpolateLogLogAndFourNanometreIsTheFiveNanometreRow) {
  EXPECT_DOUBLE_EQ(logic_density_mtr_per_mm2(12), 34.7);
  EXPECT_DOUBLE_EQ(logic_density_mtr_per_mm2(28), 15.3);
  EXPECT_NEAR(logic_density_mtr_per_mm2(6), 138.2 * std::pow(96.3 / 138.2, std::log(6.0 / 5) / std::log(7.0 / 5)),
              1e-9);  // 113.6
  EXPECT_DOUBLE_EQ(logic_density_mtr_per_mm2(4), 138.2);
  EXPECT_DOUBLE_EQ(sram_bitcell_um2(4), 0.021);
  EXPECT_DOUBLE_EQ(sram_bitcell_um2(7), 0.027);
}

TEST(AreaTables, NodesOutsideTheTablesAreInputErrors) {
  EXPECT_THROW(logic_density_mtr_per_mm2(3), InputError);
  EXPECT_THROW(sram_area_mm2(1024, 90), InputError);
  EXPECT_THROW(estimate_area(systolic_device(DType::bf16, 0)), InputError);
  EXPECT_THROW(estimate_tdp(systolic_device(DType::bf16, 2)), InputError);
}

TEST(AreaTables, MemoryPhysPerChannel) {
  // A100: 2039 GB/s of HBM2e at 3.2 Gb/s x 1024 pins = 409.6 GB/s per stack -> 5 stacks x 10.45 mm^2.
  EXPECT_EQ(memory_phy_channels("hbm2e", 2.039e12), 5);
  EXPECT_NEAR(memory_phy_area_mm2("hbm2e", 2.039e12), 52.25, 1e-9);
  EXPECT_EQ(memory_phy_channels("hbm2", 1.024e12), 4);  // exactly 4 x 256 GB/s: no rounding up
  EXPECT_EQ(memory_phy_channels("ddr4", 2.56e10), 1);
  EXPECT_DOUBLE_EQ(memory_phy_area_mm2("sram", 1e12), 0.0);
  EXPECT_THROW(memory_phy_area_mm2("hmc", 1e12), InputError);
}

TEST(AreaRouter, MeshRoutersScaleWithPortsAndFlitWidth) {
  // VCK190: 4 B per 1.25 GHz cycle = 32-bit flits; 5 ports x 32 bits x 0.34 / 195 mm^2 at 65 nm x 3.3 / 96.3.
  AreaBreakdown area = estimate_area(preset("vck190"));
  double router_mm2 = 5 * 32 * 0.34 / 195 * 3.3 / 96.3;
  EXPECT_NEAR(area.noc_mm2, 400 * router_mm2, 1e-9);  // 3.82 mm^2
}

TEST(TdpModel, TpuV4FromPeakRatesAndEnergies) {
  PowerBreakdown power = estimate_tdp(preset("tpu_v4"));
  // bf16 MAC at 7 nm: 0.34 x (8/11)^2 + 0.38 = 0.5598 pJ x (2 x 4 x 16384 x 1.05e9) MAC/s = 77.04 W
  double mac_j = (0.34 * 64 / 121 + 0.38) * 1e-12;
  EXPECT_NEAR(power.compute_w, 2 * 4 * 16384 * 1.05e9 * mac_j, 1e-6);
  EXPECT_NEAR(power.sram_w, 2 * 6.45e12 * 0.8e-12 + 4.8e12 * 3.0e-12, 1e-9);  // 24.72 W
  EXPECT_NEAR(power.memory_w, 1.2e12 * 31.2e-12, 1e-9);                       // 37.44 W
  double dynamic_w = power.compute_w + power.sram_w + power.memory_w;
  EXPECT_NEAR(power.static_w, dynamic_w * 0.25 / 0.75, 1e-9);
  EXPECT_NEAR(power.total_w(), 185.6, 0.1);
}

TEST(AreaPowerModel, EveryPresetHasAPositiveEstimate) {
  for (const std::string& name : hardware_preset_names(kDataDir)) {
    for (const DeviceSpec& device : load_hardware(name, kDataDir).devices) {
      EXPECT_GT(estimate_area(device).total_mm2(), 0) << name;
      EXPECT_GT(estimate_tdp(device).total_w(), 0) << name;
    }
  }
}

// Stated tolerance (docs/area-power.md): area within 35% of the published die, TDP within 40% of the published TDP.
constexpr double kAreaTolerance = 0.35;
constexpr double kTdpTolerance = 0.40;

struct PresetCheck {
  const char* name;
  // Relative error (estimate / preset - 1): the tolerance band where the preset meets it, else the measured error
  // +-0.02 documented in docs/area-power.md as a miss, so that any model change shows up here.
  double area_error_lo, area_error_hi;
  double tdp_error_lo, tdp_error_hi;
};

void PrintTo(const PresetCheck& check, std::ostream* out) { *out << check.name; }

class PresetAreaPower : public ::testing::TestWithParam<PresetCheck> {};

TEST_P(PresetAreaPower, ErrorsAgainstPublishedFiguresAreTheDocumentedOnes) {
  const PresetCheck& check = GetParam();
  DeviceSpec device = preset(check.name);
  AreaBreakdown area = estimate_area(device);
  PowerBreakdown power = estimate_tdp(device);
  double area_error = area.total_mm2() / device.area_mm2 - 1;
  double tdp_error = power.total_w() / device.tdp_w - 1;
  std::printf("%-10s area %7.1f mm2 (matrix %.1f vector %.1f sram %.1f noc %.1f phy %.1f other %.1f) vs %.0f: %+.1f%%",
              check.name, area.total_mm2(), area.matrix_mm2, area.vector_mm2, area.sram_mm2, area.noc_mm2,
              area.memory_phy_mm2, area.io_and_other_mm2, device.area_mm2, 100 * area_error);
  std::printf("%s\n", std::abs(area_error) > kAreaTolerance ? " (outside tolerance, documented)" : "");
  std::printf("%-10s tdp  %7.1f W (compute %.1f sram %.1f noc %.2f memory %.1f static %.1f) vs %.0f: %+.1f%%",
              check.name, power.total_w(), power.compute_w, power.sram_w, power.noc_w, power.memory_w,
              power.static_w, device.tdp_w, 100 * tdp_error);
  std::printf("%s\n", std::abs(tdp_error) > kTdpTolerance ? " (outside tolerance, documented)" : "");
  EXPECT_GE(area_error, check.area_error_lo);
  EXPECT_LE(area_error, check.area_error_hi);
  EXPECT_GE(tdp_error, check.tdp_error_lo);
  EXPECT_LE(tdp_error, check.tdp_error_hi);
}

constexpr double kA = kAreaTolerance;
constexpr double kT = kTdpTolerance;
INSTANTIATE_TEST_SUITE_P(
    Presets, PresetAreaPower,
    ::testing::Values(PresetCheck{"a100_80gb", -kA, kA, -kT, kT},  // measured -17.3% area, -26.1% TDP
                      PresetCheck{"h100_sxm", -kA, kA, -kT, kT},   // +27.2%, -9.4%
                      PresetCheck{"tpu_v4", -kA, kA, -kT, kT},     // +27.2% (vs the "< 600" bound), -3.3%
                      // Misses: TPU v3 area +43.4% (vs the "< 700" bound) and TDP -72.1%.
                      PresetCheck{"tpu_v3", 0.414, 0.454, -0.741, -0.701},
                      // Misses: both VCK190 figures in the preset are assumptions, not published (-78.7%, -67.2%).
                      PresetCheck{"vck190", -0.807, -0.767, -0.692, -0.652}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace tessera
