// `tessera run --system ... --mode training`: the JSON keys, the trace file, and one-line errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "integration/cli_runner.h"

namespace tessera {
namespace {

using testing::run_cli;

const std::string kTraining =
    "run --model gpt:hidden=1024,heads=16,layers=8 --system dgx_a100 --mode training --seq 512 "
    "--parallel tp=2,pp=4,micro=8";

TEST(RunSystemCli, TrainingJsonHasSummaryStagesAndLinks) {
  auto r = run_cli(kTraining + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  for (const char* key : {"iteration_s", "samples_per_s", "tokens_per_s", "flops_per_s_per_device", "mfu",
                          "bubble_fraction"}) {
    EXPECT_TRUE(doc["summary"].contains(key)) << key;
  }
  EXPECT_EQ(doc["stages"].size(), 4u);
  EXPECT_EQ(doc["cost_model"], "gpu");
  EXPECT_FALSE(doc["links"].empty());
  EXPECT_NEAR(doc["summary"]["samples_per_s"].get<double>() * doc["summary"]["iteration_s"].get<double>(), 8, 1e-9);
}

TEST(RunSystemCli, TraceHasOneRowPerStageAndBusyLink) {
  std::string path = testing::temp_path("training_trace.json");
  auto r = run_cli(kTraining + " --trace " + path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(path);
  auto doc = nlohmann::json::parse(in);
  int stage_rows = 0, spans = 0;
  for (const auto& e : doc["traceEvents"]) {
    if (e["ph"] == "M" && e["name"] == "thread_name" && e["args"]["name"].get<std::string>().rfind("stage", 0) == 0) {
      ++stage_rows;
    }
    if (e["ph"] == "X") ++spans;
  }
  EXPECT_EQ(stage_rows, 4);
  EXPECT_GT(spans, 4 * 16);  // 8 forwards and 8 backwards per stage, plus transfers
}

TEST(RunSystemCli, InferenceServesAnLlmWithTensorParallelism) {
  auto r = run_cli("run --model llama2_7b --system dgx_a100 --parallel tp=2 --batch 4 --seq 256 --output-tokens 32 "
                   "--format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_GT(doc.dump().find("ttft_s"), 0u);
  EXPECT_NE(r.out.find("tpot_s"), std::string::npos);
  auto replicas = run_cli("run --model llama2_7b --system dgx_a100 --parallel dp=2,tp=2");
  EXPECT_EQ(replicas.exit_code, 1);
  EXPECT_NE(replicas.err.find("tp and pp"), std::string::npos) << replicas.err;
}

TEST(RunSystemCli, BadPlansAreOneLineErrors) {
  auto no_system = run_cli("run --model gpt2_124m --hw a100_80gb --parallel tp=2");
  EXPECT_EQ(no_system.exit_code, 1);
  EXPECT_NE(no_system.err.find("need --system"), std::string::npos) << no_system.err;
  // On one device --mode training costs the derived training step op by op.
  EXPECT_EQ(run_cli("run --model resnet50 --hw a100_80gb --batch 32 --mode training").exit_code, 0);
  auto too_big = run_cli("run --model gpt:hidden=1024,heads=16,layers=8 --system dgx_a100 --mode training "
                         "--parallel tp=8,pp=4");
  EXPECT_EQ(too_big.exit_code, 1);
  EXPECT_NE(too_big.err.find("32 devices"), std::string::npos) << too_big.err;
  // A model that is not a transformer trains data-parallel only.
  EXPECT_EQ(run_cli("run --model resnet50 --system dgx_a100 --mode training --batch 256 --parallel dp=8,mbs=32").exit_code, 0);
  auto not_transformer = run_cli("run --model resnet50 --system dgx_a100 --mode training --parallel tp=2");
  EXPECT_EQ(not_transformer.exit_code, 1);
  EXPECT_NE(not_transformer.err.find("only data parallelism"), std::string::npos) << not_transformer.err;
  EXPECT_EQ(run_cli("run --model gpt2_124m --hw a100_80gb --system dgx_a100").exit_code, 1);
  EXPECT_EQ(run_cli(kTraining + " --fidelity analytic --trace x.json").exit_code, 1);
}

}  // namespace
}  // namespace tessera
