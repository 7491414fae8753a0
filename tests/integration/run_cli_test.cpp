// tessera run end to end: JSON keys, throughput units, and the memory-capacity check.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "integration/cli_runner.h"

namespace tessera {
namespace {

using testing::run_cli;

TEST(RunCli, JsonSummaryAndOpsHaveThePublicKeys) {
  auto r = run_cli("run --model resnet50 --hw a100_80gb --batch 8 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  for (const char* key : {"latency_s", "throughput_samples_per_s", "achieved_flops_per_s", "utilization", "energy_j",
                          "avg_power_w"}) {
    EXPECT_TRUE(doc["summary"].contains(key)) << key;
  }
  double latency = doc["summary"]["latency_s"].get<double>();
  EXPECT_NEAR(doc["summary"]["throughput_samples_per_s"].get<double>(), 8 / latency, 1e-9 * 8 / latency);
  double sum = 0;
  for (const auto& op : doc["ops"]) {
    for (const char* key : {"name", "kind", "latency_s", "compute_s", "memory_s", "bound", "utilization", "energy_j"}) {
      EXPECT_TRUE(op.contains(key)) << key;
    }
    sum += op["latency_s"].get<double>();
  }
  EXPECT_NEAR(sum, latency, 1e-9 * latency);
  double energy = doc["summary"]["energy_j"].get<double>();
  EXPECT_GT(energy, 0);
  EXPECT_NEAR(doc["summary"]["avg_power_w"].get<double>(), energy / latency, 1e-9 * energy / latency);
  EXPECT_FALSE(doc["summary"].contains("tokens_per_s"));  // not an LLM phase
}

// The default cost model is the one each preset names: gpu for an A100, systolic for a TPU, analytic otherwise.
TEST(RunCli, AutoCostModelIsTheOneTheHardwareNames) {
  auto gpu = run_cli("run --model gemm:M=512,N=512,K=512 --hw a100_80gb --format json");
  EXPECT_NE(gpu.out.find("\"cost_model\": \"gpu\""), std::string::npos) << gpu.out << gpu.err;
  auto tpu = run_cli("run --model gemm:M=512,N=512,K=512 --hw tpu_v3 --dtype bf16 --format json");
  EXPECT_NE(tpu.out.find("\"cost_model\": \"systolic\""), std::string::npos) << tpu.out << tpu.err;
  auto tile = run_cli("run --model gemm:M=512,N=512,K=512 --hw tx8_tile --format json");
  EXPECT_NE(tile.out.find("\"cost_model\": \"analytic\""), std::string::npos) << tile.out << tile.err;
}

TEST(RunCli, DecodeReportsTokensPerSecond) {
  auto r = run_cli("run --model gpt2_124m --hw h100_sxm --phase decode --kv 512 --batch 4 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto summary = nlohmann::json::parse(r.out)["summary"];
  EXPECT_NEAR(summary["tokens_per_s"].get<double>(), summary["throughput_samples_per_s"].get<double>(), 1e-6);
}

TEST(RunCli, ModelThatDoesNotFitIsAnErrorUnlessOversubscribed) {
  auto r = run_cli("run --model gpt3_175b --hw a100_40gb --seq 128");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--allow-oversubscribe"), std::string::npos) << r.err;
  EXPECT_EQ(run_cli("run --model gpt3_175b --hw a100_40gb --seq 128 --allow-oversubscribe --top 3").exit_code, 0);
  EXPECT_EQ(run_cli("run --model resnet50 --hw no_such_gpu").exit_code, 1);
  EXPECT_EQ(run_cli("run --model resnet50 --hw a100_80gb --cost magic").exit_code, 1);
}

}  // namespace
}  // namespace tessera
