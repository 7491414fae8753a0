// tessera partition end to end: the front is a front, plans are well formed, sequential is never slower than
// `tessera run`, and bad input is one line and exit 1 with nothing written.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "integration/cli_runner.h"

namespace tessera {
namespace {

using testing::run_cli;
using Json = nlohmann::json;

const std::string kVit = "partition --model vit_b16 --hw vck190 --dtype int8";

void expect_well_formed(const Json& plan, int blocks, int cores) {
  int next = 0, used = 0;
  for (const auto& g : plan["groups"]) {
    EXPECT_EQ(g["first_block"].get<int>(), next);
    next = g["last_block"].get<int>() + 1;
    used += g["cores"].get<int>();
    EXPECT_EQ(g["cores"].get<int>() % 8, 0);  // whole vck190 columns
  }
  EXPECT_EQ(next, blocks);
  EXPECT_LE(used, cores);
  EXPECT_EQ(plan["exchanges"].size() + 1, plan["groups"].size());
  EXPECT_NEAR(plan["throughput_samples_per_s"].get<double>(),
              plan["micro_batch"].get<double>() * plan["micro_batches"].get<double>() / plan["period_s"].get<double>(),
              1e-9 * plan["throughput_samples_per_s"].get<double>());
}

TEST(PartitionCli, FrontsAreNonDominatedAndPlansWellFormed) {
  auto r = run_cli(kVit + " --batch 1,4 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json out = Json::parse(r.out);
  EXPECT_EQ(out["cores"], 400);
  EXPECT_EQ(out["unit_cores"], 8);
  ASSERT_EQ(out["batches"].size(), 2u);
  for (const auto& batch : out["batches"]) {
    int blocks = static_cast<int>(batch["blocks"].size());
    EXPECT_EQ(blocks, 14);
    expect_well_formed(batch["sequential"], blocks, 400);
    EXPECT_EQ(batch["sequential"]["groups"].size(), 1u);
    expect_well_formed(batch["spatial"], blocks, 400);
    EXPECT_EQ(batch["spatial"]["groups"].size(), 14u);
    const Json& front = batch["pareto"];
    ASSERT_FALSE(front.empty());
    for (size_t i = 0; i < front.size(); ++i) {
      expect_well_formed(front[i], blocks, 400);
      if (i == 0) continue;
      // By latency ascending, each plan buys throughput with it.
      EXPECT_GT(front[i]["latency_s"].get<double>(), front[i - 1]["latency_s"].get<double>());
      EXPECT_GT(front[i]["throughput_samples_per_s"].get<double>(),
                front[i - 1]["throughput_samples_per_s"].get<double>());
    }
    // Nothing on the front is slower and less productive than sequential.
    double seq_latency = batch["sequential"]["latency_s"].get<double>();
    double seq_throughput = batch["sequential"]["throughput_samples_per_s"].get<double>();
    for (const auto& plan : front) {
      EXPECT_FALSE(plan["latency_s"].get<double>() > seq_latency * 1.001 &&
                   plan["throughput_samples_per_s"].get<double>() < seq_throughput * 0.999);
    }
  }
}

TEST(PartitionCli, SequentialIsNeverSlowerThanAPlainRun) {
  // With nothing on chip, the one-group plan is `tessera run` on the whole device, or on fewer cores when the cost
  // model finds those faster (group_cost_test.cpp checks the whole-device cost itself).
  auto partition = run_cli(kVit + " --resident-share 0 --format json");
  ASSERT_EQ(partition.exit_code, 0) << partition.err;
  auto run = run_cli("run --model vit_b16 --hw vck190 --dtype int8 --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  double plain = Json::parse(run.out)["summary"]["latency_s"].get<double>();
  Json result = Json::parse(partition.out);
  const Json& sequential = result["batches"][0]["sequential"];
  EXPECT_LE(sequential["latency_s"].get<double>(), plain * (1 + 1e-12));
  EXPECT_FALSE(sequential["groups"][0]["activations_resident"].get<bool>());
  EXPECT_EQ(sequential["groups"][0]["pinned_weight_ops"], 0);
}

TEST(PartitionCli, TableAndCsvCarryTheSamePlans) {
  auto table = run_cli(kVit + " --max-groups 2");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("[sequential]"), std::string::npos);
  EXPECT_NE(table.out.find("verdict:"), std::string::npos);
  auto csv = run_cli(kVit + " --max-groups 2 --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("batch,set,strategy,groups,micro_batch,micro_batches,latency_s,", 0), 0u);
  EXPECT_EQ(csv.out.find("hybrid-3"), std::string::npos);  // at most two groups
}

TEST(PartitionCli, BadInputIsOneLineAndWritesNothing) {
  std::string out = testing::temp_path("partition.json");
  for (const std::string& args : {kVit + " --batch 0", kVit + " --batch 2,-1", kVit + " --max-groups 0",
                                  kVit + " --resident-share 1", kVit + " --dram-share fair", kVit + " --format xml",
                                  std::string("partition --model vit_b16 --hw vck190 --dtype fp16"),
                                  std::string("partition --model no_such_model --hw vck190"),
                                  std::string("partition --model vit_b16 --hw no_such_hw")}) {
    auto r = run_cli(args + " --out " + out);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
    EXPECT_FALSE(std::filesystem::exists(out)) << args;
  }
  std::string unwritable = out + ".d/missing/partition.json";
  auto bad_out = run_cli(kVit + " --out " + unwritable);
  EXPECT_EQ(bad_out.exit_code, 1);
  EXPECT_EQ(std::count(bad_out.err.begin(), bad_out.err.end(), '\n'), 1) << bad_out.err;
  EXPECT_FALSE(std::filesystem::exists(unwritable));
  auto r = run_cli("partition --model vit_b16 --hw vck190 --dtype fp16");
  EXPECT_NE(r.err.find("cannot compute in fp16"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tessera
