// End-to-end: `tessera hw` lists presets and shows one spec; a bad file exits 1 with one line.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "integration/cli_runner.h"

namespace tessera {
namespace {

using testing::run_cli;
using testing::temp_path;

TEST(HwCli, ListsEveryPresetWithPeaks) {
  auto r = run_cli("hw");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"a100_40gb", "h100_sxm", "tpu_v4", "tx8_wafer", "simd_multicore"}) {
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  }
  EXPECT_NE(r.out.find("989.4"), std::string::npos) << r.out;  // H100 fp16 dense
  auto json = run_cli("hw --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto list = nlohmann::json::parse(json.out);
  ASSERT_GE(list.size(), 12u);
  EXPECT_EQ(list[0]["name"], "a100_40gb");
  EXPECT_NEAR(list[0]["peak_fp16_flops_per_s"].get<double>(), 312e12, 1e12);
}

TEST(HwCli, ShowsOneSpecWithDerivedPeaksAndRidgePoints) {
  auto r = run_cli("hw tpu_v4");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("275.3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cmem"), std::string::npos) << r.out;
  auto json = run_cli("hw a100_80gb --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto spec = nlohmann::json::parse(json.out);
  const auto& derived = spec["devices"][0]["derived"];
  EXPECT_NEAR(derived["peak_flops_per_s"]["bf16"].get<double>(), 312e12, 1e12);
  EXPECT_NEAR(derived["ridge_point_flop_per_byte"]["fp16"].get<double>(), 311.87e12 / 2039e9, 0.5);
  EXPECT_EQ(derived["memory_bandwidths"].size(), 3u);
  // The component model's estimate beside the preset's figures (docs/area-power.md: A100 683 mm^2, 296 W).
  EXPECT_NEAR(spec["devices"][0]["estimated"]["area_mm2"].get<double>(), 683, 10);
  EXPECT_NE(run_cli("hw a100_80gb").out.find("component model: 683 mm^2"), std::string::npos);
}

TEST(HwCli, AcceptsAPathAndRejectsBadFilesWithOneLine) {
  std::string path = temp_path("hw_bad.yaml");
  {
    std::ofstream out(path);
    out << "name: bad\ndevices:\n  - name: x\n    frequency_hz: -1\n";
  }
  auto r = run_cli("hw " + path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("devices[0].frequency_hz"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;

  auto unknown = run_cli("hw a200");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("unknown hardware 'a200'"), std::string::npos) << unknown.err;

  auto missing = run_cli("hw " + temp_path("no_such.yaml"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace tessera
