// tessera compare: ratios are to the first device and agree with separate `tessera run`s.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "integration/cli_runner.h"

namespace tessera {
namespace {

using testing::run_cli;

TEST(CompareCli, RatiosAreToTheFirstDeviceAndMatchSeparateRuns) {
  auto r = run_cli("compare --model resnet50 --batch 16 --hw a100_80gb,h100_sxm --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = nlohmann::json::parse(r.out)["hardware"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_DOUBLE_EQ(rows[0]["speedup"].get<double>(), 1.0);
  auto h100 = nlohmann::json::parse(run_cli("run --model resnet50 --batch 16 --hw h100_sxm --format json").out);
  double latency = h100["summary"]["latency_s"].get<double>();
  EXPECT_NEAR(rows[1]["latency_s"].get<double>(), latency, 1e-12);
  EXPECT_NEAR(rows[1]["speedup"].get<double>(), rows[0]["latency_s"].get<double>() / latency, 1e-9);
  // Perf/TDP ratio = speedup x TDP_a100 / TDP_h100 = speedup x 400 / 700.
  EXPECT_NEAR(rows[1]["perf_per_tdp_ratio"].get<double>(), rows[1]["speedup"].get<double>() * 400 / 700, 1e-9);
}

TEST(CompareCli, NeedsTwoDevicesAndASupportedDtype) {
  EXPECT_EQ(run_cli("compare --model resnet50 --hw a100_80gb").exit_code, 1);
  auto r = run_cli("compare --model resnet50 --hw a100_80gb,tpu_v3 --dtype fp16");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot compute in fp16"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tessera
