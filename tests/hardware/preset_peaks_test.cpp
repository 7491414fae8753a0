// Every preset loads, and the derived peaks equal the published peaks per dtype within 1%.
#include <gtest/gtest.h>

#include <string>

#include "tessera/hardware/hardware_presets.h"
#include "tessera/hardware/peaks.h"

namespace tessera {
namespace {

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";

double peak_tflops(const std::string& preset, DType dtype) {
  return system_peak_flops_per_s(load_hardware(preset, kDataDir), dtype) / 1e12;
}

void expect_within_1_percent(const std::string& preset, DType dtype, double published_tflops) {
  EXPECT_NEAR(peak_tflops(preset, dtype), published_tflops, 0.01 * published_tflops)
      << preset << " " << dtype_name(dtype);
}

TEST(PresetPeaks, EveryPresetLoadsAndIsNamedAfterItsFile) {
  auto names = hardware_preset_names(kDataDir);
  EXPECT_GE(names.size(), 12u);
  for (const auto& name : names) {
    SystemSpec spec = load_hardware(name, kDataDir);
    EXPECT_EQ(spec.name, name);
    EXPECT_FALSE(supported_dtypes(spec).empty()) << name;
  }
}

// NVIDIA A100 Tensor Core GPU Architecture whitepaper (2020), Table 1; dense (no sparsity).
TEST(PresetPeaks, A100MatchesTheWhitepaper) {
  for (const char* preset : {"a100_40gb", "a100_80gb"}) {
    expect_within_1_percent(preset, DType::fp16, 312);
    expect_within_1_percent(preset, DType::bf16, 312);
    expect_within_1_percent(preset, DType::tf32, 156);
    expect_within_1_percent(preset, DType::fp32, 19.5);
    expect_within_1_percent(preset, DType::int8, 624);
    expect_within_1_percent(preset, DType::int4, 1248);
  }
  // A100 datasheet: 1555 GB/s (40GB), 2039 GB/s (80GB SXM).
  EXPECT_NEAR(load_hardware("a100_40gb", kDataDir).devices[0].off_chip.bandwidth_bytes_per_s, 1555e9, 1e9);
  EXPECT_NEAR(load_hardware("a100_80gb", kDataDir).devices[0].off_chip.bandwidth_bytes_per_s, 2039e9, 1e9);
}

// NVIDIA H100 datasheet (SXM5), dense: FP16/BF16 989.4, TF32 494.7, FP8 1978.9 TFLOP/s, INT8 1978.9 TOPS (tensor
// cores at 1830 MHz); FP32 66.9 TFLOP/s on the CUDA cores at the 1980 MHz boost.
TEST(PresetPeaks, H100SxmMatchesTheDatasheet) {
  expect_within_1_percent("h100_sxm", DType::fp32, 66.9);
  expect_within_1_percent("h100_sxm", DType::fp16, 989.4);
  expect_within_1_percent("h100_sxm", DType::bf16, 989.4);
  expect_within_1_percent("h100_sxm", DType::tf32, 494.7);
  expect_within_1_percent("h100_sxm", DType::fp8_e4m3, 1978.9);
  expect_within_1_percent("h100_sxm", DType::fp8_e5m2, 1978.9);
  expect_within_1_percent("h100_sxm", DType::int8, 1978.9);
}

// NVIDIA Tesla V100 whitepaper / V100 datasheet (SXM2): 125 TFLOP/s tensor fp16, 15.7 fp32, 31.4 fp16 non-tensor.
TEST(PresetPeaks, V100MatchesTheDatasheet) {
  expect_within_1_percent("v100_sxm2", DType::fp16, 125);
  expect_within_1_percent("v100_sxm2", DType::fp32, 15.7);
}

// NVIDIA A10G (Baseten's spec table): 70 TFLOP/s fp16/bf16 tensor, 35 tf32, 35 fp32, 140 TOPS int8, 280 int4.
TEST(PresetPeaks, A10gMatchesTheSpecSheet) {
  expect_within_1_percent("a10g", DType::fp16, 70);
  expect_within_1_percent("a10g", DType::bf16, 70);
  expect_within_1_percent("a10g", DType::tf32, 35);
  expect_within_1_percent("a10g", DType::fp32, 35);
  expect_within_1_percent("a10g", DType::int8, 140);
  expect_within_1_percent("a10g", DType::int4, 280);
}

// TPU v3: Jouppi et al. ISCA 2021 Table 1, 123 TFLOP/s bf16 per chip.
// TPU v4: Google Cloud TPU v4 docs and Jouppi et al. ISCA 2023, 275 TFLOP/s bf16 and 275 TOPS int8 per chip.
TEST(PresetPeaks, TpusMatchThePapers) {
  expect_within_1_percent("tpu_v3", DType::bf16, 123);
  expect_within_1_percent("tpu_v4", DType::bf16, 275);
  expect_within_1_percent("tpu_v4", DType::int8, 275);
}

// Coral Edge TPU datasheet: 4 TOPS int8. VCK190 (XCVC1902 at 1.25 GHz): 400 tiles x 128 int8 MACs = 128 TOPS
// (AMD quotes 133 TOPS at 1.3 GHz). PALM config/tile.json: TX8 tile 16 TFLOP/s fp16, 32 TOPS int8, 8 fp32.
TEST(PresetPeaks, AcceleratorsMatchTheirSources) {
  expect_within_1_percent("edge_tpu", DType::int8, 4);
  expect_within_1_percent("vck190", DType::int8, 128);
  expect_within_1_percent("tx8_tile", DType::fp16, 16);
  expect_within_1_percent("tx8_tile", DType::int8, 32);
  expect_within_1_percent("tx8_tile", DType::fp32, 8);
  expect_within_1_percent("tx8_wafer", DType::fp16, 16.0 * 320);  // 5 x 4 dies x 4 x 4 tiles
}

TEST(PresetPeaks, RidgePointIsPeakOverOffChipBandwidth) {
  SystemSpec a100 = load_hardware("a100_40gb", kDataDir);
  EXPECT_NEAR(ridge_point_flop_per_byte(a100.devices[0], DType::fp16), 311.87e12 / 1555e9, 0.5);
  EXPECT_EQ(ridge_point_flop_per_byte(a100.devices[0], DType::fp8_e4m3), 0.0);  // unsupported dtype
}

TEST(PresetPeaks, MemoryBandwidthsListEveryLevelInnermostFirst) {
  auto levels = memory_bandwidths(load_hardware("a100_40gb", kDataDir).devices[0]);
  ASSERT_EQ(levels.size(), 3u);
  EXPECT_EQ(levels[0].level, "l1_shared");
  EXPECT_EQ(levels[0].instances, 108);
  EXPECT_DOUBLE_EQ(levels[0].total_bandwidth_bytes_per_s, 108 * levels[0].bandwidth_bytes_per_s);
  EXPECT_EQ(levels[1].level, "l2");
  EXPECT_EQ(levels[2].scope, "off-chip");
}

}  // namespace
}  // namespace tessera
