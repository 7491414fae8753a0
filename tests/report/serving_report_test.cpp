// The serving report: stable JSON keys and values, a readable table, byte-identical output for the same inputs.
#include "tessera/report/serving_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tessera/hardware/system_presets.h"

namespace tessera {
namespace {

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";

// A result filled by hand, so every figure in the output is known.
ServingResult hand_result() {
  ServingResult result;
  result.request.model = "llama2_7b";
  result.request.system = load_system("dgx_a100", kDataDir);
  result.request.batch = 4;
  result.request.prompt_tokens = 512;
  result.request.output_tokens = 11;
  result.request.tp = 2;
  result.cost_model = "gpu";
  result.prefill = {0.040, 0.002, 0, 0};  // 42 ms
  result.decode = {0.080, 0.004, 0, 0};   // 10 steps, 84 ms
  result.ttft_s = 0.042;
  result.tpot_s = 0.0084;
  result.tokens_per_s = 4 / 0.0084;
  result.request_latency_s = 0.126;
  result.end_to_end_tokens_per_s = 44 / 0.126;
  result.decode_step_first_s = 0.008;
  result.decode_step_last_s = 0.0088;
  result.memory = {6'800'000'000, 700'000'000, 100'000'000, 85'899'345'920, 0, 274'877'906'944};
  result.max_batch = 40;
  return result;
}

TEST(ServingReport, JsonHasTheStableKeys) {
  auto json = nlohmann::json::parse(render_serving_json(hand_result()));
  EXPECT_EQ(json["model"], "llama2_7b");
  EXPECT_EQ(json["system"], "dgx_a100");
  EXPECT_EQ(json["cost_model"], "gpu");
  EXPECT_EQ(json["dtype"], "fp16");
  EXPECT_EQ(json["devices"], 2);
  EXPECT_DOUBLE_EQ(json["ttft_s"].get<double>(), 0.042);
  EXPECT_DOUBLE_EQ(json["tpot_s"].get<double>(), 0.0084);
  EXPECT_DOUBLE_EQ(json["tokens_per_s"].get<double>(), 4 / 0.0084);
  EXPECT_DOUBLE_EQ(json["request_latency_s"].get<double>(), 0.126);
  EXPECT_DOUBLE_EQ(json["prefill"]["total_s"].get<double>(), 0.042);
  EXPECT_DOUBLE_EQ(json["decode"]["tp_comm_s"].get<double>(), 0.004);
  EXPECT_EQ(json["fits"], true);
  EXPECT_EQ(json["max_batch"], 40);
  const auto& memory = json["memory_per_device"];
  EXPECT_EQ(memory["weight_bytes"], 6'800'000'000);
  EXPECT_EQ(memory["kv_cache_bytes"], 700'000'000);
  EXPECT_EQ(memory["activation_bytes"], 100'000'000);
  EXPECT_EQ(memory["total_bytes"], 7'600'000'000);
  EXPECT_EQ(memory["capacity_bytes"], 85'899'345'920);
}

TEST(ServingReport, TableShowsTheHeadlineFigures) {
  std::string table = render_serving_table(hand_result());
  EXPECT_NE(table.find("llama2_7b on dgx_a100 (2 x a100_80gb, cost model gpu): batch 4, 512 prompt + 11 output"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("time to first token"), std::string::npos);
  EXPECT_NE(table.find("42 ms"), std::string::npos);
  EXPECT_NE(table.find("8.4 ms"), std::string::npos);
  EXPECT_NE(table.find("7.600 GB"), std::string::npos);
  EXPECT_NE(table.find("fits; the largest batch that fits: 40"), std::string::npos) << table;
}

TEST(ServingReport, SameRequestGivesIdenticalOutput) {
  ServingRequest request;
  request.model = "llama2_7b";
  request.system = load_system("dgx_a100", kDataDir);
  request.prompt_tokens = 256;
  request.output_tokens = 32;
  request.tp = 2;
  ServingResult a = simulate_serving(request);
  ServingResult b = simulate_serving(request);
  EXPECT_EQ(render_serving_json(a), render_serving_json(b));
  EXPECT_EQ(render_serving_table(a), render_serving_table(b));
}

}  // namespace
}  // namespace tessera
