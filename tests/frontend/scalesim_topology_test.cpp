// SCALE-Sim v2 input files: topology CSVs (conv and gemm) and .cfg configs, with one-line errors for bad input.
#include "support/input_error.h"
#include "tessera/frontend/scalesim_topology.h"

#include <gtest/gtest.h>

#include <functional>

#include "tessera/core/error.h"
#include "tessera/hardware/scalesim_config.h"

namespace tessera {
namespace {

const std::string kData = std::string(TESSERA_SOURCE_DIR) + "/tests/data/scalesim";

using testing::input_error_of;

TEST(ScaleSimTopology, ReadsResnet18ConvLayers) {
  ScaleSimTopology t = load_scalesim_topology(kData + "/Resnet18.csv");
  EXPECT_EQ(t.name, "Resnet18");
  EXPECT_EQ(t.format, ScaleSimTopologyFormat::kConv);
  ASSERT_EQ(t.layers.size(), 21u);
  const ScaleSimLayer& conv1 = t.layers[0];
  EXPECT_EQ(conv1.name, "Conv1");
  EXPECT_EQ(conv1.stride_w, 2);  // one Strides column sets both
  // ceil((224 - 7 + 2) / 2) = 110 (SCALE-Sim has no padding; a partial last window counts)
  EXPECT_EQ(conv1.ofmap_h(), 110);
  EXPECT_EQ(conv1.ofmap_pixels(), 12100);
  EXPECT_EQ(conv1.window_size(), 147);
  EXPECT_EQ(conv1.macs(), 12100 * 147 * 64);
  EXPECT_EQ(t.layers[20].name, "FC");
  EXPECT_EQ(t.layers[20].ofmap_pixels(), 1);
}

TEST(ScaleSimTopology, AlexNetOfmapRoundsUp) {
  ScaleSimTopology t = load_scalesim_topology(kData + "/alexnet_part.csv");
  ASSERT_EQ(t.layers.size(), 1u);
  EXPECT_EQ(t.layers[0].ofmap_h(), 55);  // ceil((224 - 11 + 4) / 4) = ceil(54.25)
}

TEST(ScaleSimTopology, GemmFormatFromHeader) {
  ScaleSimTopology t = load_scalesim_topology(kData + "/test_mnk_input.csv");
  EXPECT_EQ(t.format, ScaleSimTopologyFormat::kGemm);
  ASSERT_EQ(t.layers.size(), 1u);
  const ScaleSimLayer& l = t.layers[0];
  EXPECT_EQ(l.name, "Test 1");
  EXPECT_EQ(l.ofmap_pixels(), 256);  // M
  EXPECT_EQ(l.num_filters, 128);     // N
  EXPECT_EQ(l.window_size(), 256);   // K
}

TEST(ScaleSimTopology, TrailingCommaOptionalAndSeparateStrideWidth) {
  auto t = parse_scalesim_topology("h\nA, 9, 9, 3, 3, 2, 4, 2\nB, 9, 9, 3, 3, 2, 4, 2, 3,\n\n", "x.csv");
  ASSERT_EQ(t.layers.size(), 2u);
  EXPECT_EQ(t.layers[0].stride_w, 2);
  EXPECT_EQ(t.layers[1].stride_w, 3);
  EXPECT_EQ(t.layers[1].ofmap_h(), 4);  // ceil((9 - 3 + 2) / 2)
  EXPECT_EQ(t.layers[1].ofmap_w(), 3);  // ceil((9 - 3 + 3) / 3)
}

TEST(ScaleSimTopology, DepthwiseLayersSplitPerChannel) {
  auto t = parse_scalesim_topology("h\nDP1, 8, 8, 3, 3, 3, 1, 1,\n", "dw.csv");
  ASSERT_EQ(t.layers.size(), 3u);
  EXPECT_EQ(t.layers[2].name, "DP1Channel_2");
  EXPECT_EQ(t.layers[2].channels, 1);
}

TEST(ScaleSimTopology, ForcedFormat) {
  auto t = parse_scalesim_topology("Layer, a, b, c,\nG, 4, 5, 6,\n", "g.csv", ScaleSimTopologyFormat::kGemm);
  EXPECT_EQ(t.layers[0].window_size(), 6);
  EXPECT_NE(input_error_of([] { parse_scalesim_topology("Layer, M, N, K,\nG, 4, 5, 6,\n", "g.csv", ScaleSimTopologyFormat::kConv); })
                .find("g.csv:2: expected 8 columns"),
            std::string::npos);
}

TEST(ScaleSimTopology, ErrorsNameFileLineAndColumn) {
  EXPECT_EQ(input_error_of([] { parse_scalesim_topology("h\nA, 9, 9, 3, x, 2, 4, 1,\n", "t.csv"); }),
            "t.csv:2: column 5 (Filter Width): expected a positive integer, got 'x'");
  EXPECT_EQ(input_error_of([] { parse_scalesim_topology("h\nA, 9, 9, 3, 3, 0, 4, 1,\n", "t.csv"); }),
            "t.csv:2: column 6 (Channels): expected a positive integer, got '0'");
  EXPECT_EQ(input_error_of([] { parse_scalesim_topology("h\nA, 9, -9, 3, 3, 1, 4, 1,\n", "t.csv"); }),
            "t.csv:2: column 3 (IFMAP Width): expected a positive integer, got '-9'");
  EXPECT_NE(input_error_of([] { parse_scalesim_topology("h\nA, 9, 9, 3,\n", "t.csv"); }).find("t.csv:2: expected 8 columns"),
            std::string::npos);
  EXPECT_EQ(input_error_of([] { parse_scalesim_topology("Layer, M, N, K,\nG, 4, 5,\n", "g.csv"); }),
            "g.csv:2: expected 4 columns (Layer name, M, N, K), got 3");
  EXPECT_EQ(input_error_of([] { parse_scalesim_topology("h\nA, 2, 9, 3, 3, 1, 4, 1,\n", "t.csv"); }),
            "t.csv:2: Filter Height cannot be larger than IFMAP Height");
  EXPECT_NE(input_error_of([] { parse_scalesim_topology("h\n\n", "t.csv"); }).find("t.csv: no layers"), std::string::npos);
  EXPECT_NE(input_error_of([] { parse_scalesim_topology("", "t.csv"); }).find("t.csv: empty file"), std::string::npos);
  EXPECT_NE(input_error_of([] { load_scalesim_topology(kData + "/missing.csv"); }).find("cannot open"), std::string::npos);
}

TEST(ScaleSimConfig, ReadsTheExampleConfigs) {
  ScaleSimConfig c = load_scalesim_config(kData + "/scale.cfg");
  EXPECT_EQ(c.run_name, "scale_example_run_32x32_os");
  EXPECT_EQ(c.array_rows, 32);
  EXPECT_EQ(c.array_cols, 32);
  EXPECT_EQ(c.ifmap_sram_kb, 64);
  EXPECT_EQ(c.filter_offset, 10000000);
  EXPECT_EQ(c.ofmap_offset, 20000000);
  EXPECT_EQ(c.dataflow, Dataflow::os);
  EXPECT_FALSE(c.user_bandwidth);
  EXPECT_EQ(c.bandwidth_words_per_cycle, std::vector<int64_t>{10});
  EXPECT_EQ(c.memory_banks, 1);
  EXPECT_EQ(load_scalesim_config(kData + "/scale_test_ws.cfg").dataflow, Dataflow::ws);
  EXPECT_EQ(load_scalesim_config(kData + "/scale_test_is.cfg").dataflow, Dataflow::is);
}

const std::string kGoodConfig =
    "[general]\nrun_name = r\n[architecture_presets]\nArrayHeight: 8\nArrayWidth: 4\nIfmapSramSzkB: 1\n"
    "FilterSramSzkB: 1\nOfmapSramSzkB: 1\nIfmapOffset: 0\nFilterOffset: 10\nOfmapOffset: 20\nDataflow : ws\n"
    "[run_presets]\nInterfaceBandwidth: CALC\n";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  return text.replace(text.find(from), from.size(), to);
}

TEST(ScaleSimConfig, KeysAreCaseInsensitiveAndEitherSeparatorWorks) {
  ScaleSimConfig c = parse_scalesim_config(replace(kGoodConfig, "ArrayHeight: 8", "arrayheight = 8"), "c.cfg");
  EXPECT_EQ(c.array_rows, 8);
  EXPECT_EQ(c.array_cols, 4);
}

TEST(ScaleSimConfig, ErrorsNameFileKeyAndExpectation) {
  auto err = [](const std::string& text) { return input_error_of([&] { parse_scalesim_config(text, "c.cfg"); }); };
  EXPECT_EQ(err(replace(kGoodConfig, "ArrayWidth: 4\n", "")),
            "c.cfg: [architecture_presets] is missing ArrayWidth; expected a positive integer");
  EXPECT_EQ(err(replace(kGoodConfig, "ArrayWidth: 4", "ArrayWidth: four")),
            "c.cfg:5: ArrayWidth: expected a positive integer, got 'four'");
  EXPECT_EQ(err(replace(kGoodConfig, "ArrayHeight: 8", "ArrayHeight: 0")),
            "c.cfg:4: ArrayHeight: expected a positive integer, got '0'");
  EXPECT_EQ(err(replace(kGoodConfig, "Dataflow : ws", "Dataflow : rs")),
            "c.cfg:12: Dataflow: expected os, ws or is, got 'rs'");
  EXPECT_EQ(err(replace(kGoodConfig, "[general]\nrun_name = r\n", "")),
            "c.cfg: missing section [general] (needed for run_name)");
  EXPECT_EQ(err(replace(kGoodConfig, "CALC", "FAST")), "c.cfg:14: InterfaceBandwidth: expected USER or CALC, got 'FAST'");
  EXPECT_NE(err(replace(kGoodConfig, "CALC", "USER")).find("missing Bandwidth"), std::string::npos);
  EXPECT_EQ(err(replace(kGoodConfig, "IfmapOffset: 0", "IfmapOffset: -1")),
            "c.cfg:9: IfmapOffset: expected a non-negative integer, got '-1'");
  EXPECT_EQ(err(replace(kGoodConfig, "ArrayWidth: 4", "ArrayWidth 4")),
            "c.cfg:5: expected 'key: value', 'key = value' or [section]");
  EXPECT_NE(err(kGoodConfig + "[general]\n").find("appears twice"), std::string::npos);
}

}  // namespace
}  // namespace tessera
