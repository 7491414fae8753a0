// End-to-end: the CLI's outputs and its one-line errors with exit code 1 on bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "integration/cli_runner.h"

namespace tessera {
namespace {

using testing::run_cli;
using testing::temp_path;

const std::string kData = std::string(TESSERA_SOURCE_DIR) + "/tests/data";

void expect_one_line_error(const testing::CliResult& r, const std::string& fragment) {
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(Cli, VersionAndHelp) {
  auto version = run_cli("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("tessera "), std::string::npos);
  auto help = run_cli("--help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* sub : {"models", "graph", "hw", "scalesim"}) EXPECT_NE(help.out.find(sub), std::string::npos) << sub;
  EXPECT_EQ(run_cli("graph --help").exit_code, 0);
}

TEST(Cli, ModelsJsonListsEveryModelWithCounts) {
  auto r = run_cli("models --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_TRUE(doc.is_array());
  bool found = false;
  for (const auto& m : doc) {
    EXPECT_GT(m["params"].get<int64_t>(), 0);
    EXPECT_GT(m["ops"].get<int64_t>(), 0);
    if (m["name"] == "resnet50") {
      found = true;
      EXPECT_EQ(m["params"].get<int64_t>(), 25557032);
    }
  }
  EXPECT_TRUE(found);
}

TEST(Cli, GraphJsonHasThePublicKeysAndScalesWithBatch) {
  auto r = run_cli("graph --model resnet50 --batch 4 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  for (const char* key : {"name", "params", "macs", "flops", "ops"}) EXPECT_TRUE(doc.contains(key)) << key;
  EXPECT_EQ(doc["macs"].get<int64_t>(), 4 * int64_t{4089184256});
  int64_t sum = 0;
  for (const auto& op : doc["ops"]) {
    for (const char* key : {"name", "kind", "macs", "flops", "bytes_read", "bytes_written", "dims"}) {
      EXPECT_TRUE(op.contains(key)) << key;
    }
    sum += op["macs"].get<int64_t>();
  }
  EXPECT_EQ(sum, doc["macs"].get<int64_t>());
}

TEST(Cli, GraphJsonFileRoundTripsThroughTheCli) {
  std::string path = temp_path("resnet50.graph.json");
  ASSERT_EQ(run_cli("graph --model resnet50 --format graph-json --out " + path).exit_code, 0);
  auto direct = run_cli("graph --model resnet50 --format json");
  auto reloaded = run_cli("graph --model " + path + " --format json");
  ASSERT_EQ(reloaded.exit_code, 0) << reloaded.err;
  EXPECT_EQ(direct.out, reloaded.out);
}

TEST(Cli, DotOutputIsAGraphvizDigraph) {
  auto r = run_cli("graph --model resnet50 --format dot");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("digraph", 0), 0u);
  EXPECT_NE(r.out.find("->"), std::string::npos);
}

TEST(Cli, BadInputsGiveOneLineErrorsAndExitCode1) {
  expect_one_line_error(run_cli("graph --model no_such_model"), "unknown model 'no_such_model'");
  expect_one_line_error(run_cli("graph --model resnet50 --batch 0"), "batch must be at least 1, got 0");
  expect_one_line_error(run_cli("graph --model resnet50 --batch -3"), "batch must be at least 1, got -3");
  expect_one_line_error(run_cli("graph --model resnet50 --dtype fp7"), "unknown dtype 'fp7'");
  expect_one_line_error(run_cli("graph --model resnet50 --phase decode"), "not a decoder");
  expect_one_line_error(run_cli("graph --model resnet50 --seq 512"), "has no sequence length");
  expect_one_line_error(run_cli("graph --model gpt2_124m --kv 100"), "--kv applies only with --phase decode");
  expect_one_line_error(run_cli("graph --model llama2_7b --seq 100000000000"), "64-bit");
  expect_one_line_error(run_cli("graph --model " + kData + "/onnx/resnet50.onnx --seq 128"), "--seq does not apply");
  std::string bad_json = temp_path("broken.json");
  std::ofstream(bad_json) << "{\"format\": \"tessera-graph\", \"version\": 1, \"name\": ";
  expect_one_line_error(run_cli("graph --model " + bad_json), bad_json + ": not valid JSON");
  std::string zero = temp_path("zero.json");
  std::ofstream(zero) << R"({"format":"tessera-graph","version":1,"name":"z","tensors":[
      {"name":"a","shape":[0,4],"dtype":"fp16","role":"activation"}],"ops":[]})";
  expect_one_line_error(run_cli("graph --model " + zero), "every dimension must be at least 1");
  std::string cycle = temp_path("cycle.json");
  std::ofstream(cycle) << R"({"format":"tessera-graph","version":1,"name":"c","tensors":[
      {"name":"a","shape":[2],"dtype":"fp16","role":"activation"},
      {"name":"b","shape":[2],"dtype":"fp16","role":"activation"}],
      "ops":[{"name":"f","kind":"elementwise","phase":"forward","inputs":["a"],"outputs":["b"],"attrs":{"fn":"relu"}},
             {"name":"g","kind":"elementwise","phase":"forward","inputs":["b"],"outputs":["a"],"attrs":{"fn":"relu"}}]})";
  expect_one_line_error(run_cli("graph --model " + cycle), "cycle");
  expect_one_line_error(run_cli("graph --model " + cycle + " --batch 2"), "--batch does not apply");
}

TEST(Cli, ImportedModelsMatchTheZoo) {
  auto zoo = nlohmann::json::parse(run_cli("graph --model resnet50 --batch 2 --format json").out);
  auto onnx = run_cli("graph --model " + kData + "/onnx/resnet50.onnx --batch 2 --format json");
  ASSERT_EQ(onnx.exit_code, 0) << onnx.err;
  auto onnx_doc = nlohmann::json::parse(onnx.out);
  EXPECT_EQ(onnx_doc["params"], zoo["params"]);
  EXPECT_EQ(onnx_doc["macs"], zoo["macs"]);
  auto hf = run_cli("graph --model " + kData + "/hf/llama2_7b/config.json --phase decode --kv 512 --format json");
  ASSERT_EQ(hf.exit_code, 0) << hf.err;
  auto llama = nlohmann::json::parse(run_cli("graph --model llama2_7b --phase decode --kv 512 --format json").out);
  EXPECT_EQ(nlohmann::json::parse(hf.out)["macs"], llama["macs"]);
  EXPECT_EQ(nlohmann::json::parse(hf.out)["params"], llama["params"]);
}

TEST(Cli, MalformedModelFilesGiveOneLineErrors) {
  std::ifstream in(kData + "/onnx/resnet50.onnx", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string truncated = temp_path("truncated.onnx");
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  expect_one_line_error(run_cli("graph --model " + truncated), truncated);
  std::string garbage = temp_path("garbage.onnx");
  std::ofstream(garbage, std::ios::binary) << "this is not a protobuf \x01\x02\xff";
  expect_one_line_error(run_cli("graph --model " + garbage), garbage);
  std::string hf = temp_path("config.json");
  std::ofstream(hf) << R"({"model_type": "llama", "hidden_size": -4096})";
  expect_one_line_error(run_cli("graph --model " + hf), "hidden_size");
  std::string other = temp_path("weights.bin");
  std::ofstream(other) << "x";
  expect_one_line_error(run_cli("graph --model " + other), "unrecognised model file");
}

TEST(Cli, FailedWriteLeavesNoFileBehind) {
  std::string dir = temp_path("no_such_dir");
  std::filesystem::remove_all(dir);
  auto r = run_cli("graph --model resnet50 --out " + dir + "/x.json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(dir + "/x.json"));
}

}  // namespace
}  // namespace tessera
