#include <gtest/gtest.h>

#include <random>

#include "support/input_error.h"
#include "tessera/core/error.h"
#include "tessera/frontend/graph_json.h"
#include "tessera/models/model.h"

namespace tessera {
namespace {

std::string error_of(const std::string& text) {
  return testing::input_error_of([&] { import_graph_json(text, "g.json"); });
}

TEST(GraphJson, EveryZooModelRoundTripsExactly) {
  for (const auto& name : model_names()) {
    Graph original = build_model(name, {});
    std::string text = export_graph_json(original);
    Graph restored = import_graph_json(text, name);
    EXPECT_TRUE(restored == original) << name;
    EXPECT_EQ(export_graph_json(restored), text) << name;  // byte-identical on a second trip
  }
}

TEST(GraphJson, MalformedDocumentsNameTheProblem) {
  std::string good = export_graph_json(build_model("resnet50", {}));
  EXPECT_NE(error_of("{ not json").find("g.json: not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("[1, 2]").find("format"), std::string::npos);
  EXPECT_NE(error_of(R"({"format":"tessera-graph","version":99,"name":"x","tensors":[],"ops":[]})").find("version"),
            std::string::npos);
  std::string no_ops = R"({"format":"tessera-graph","version":1,"name":"x","tensors":[]})";
  EXPECT_NE(error_of(no_ops).find("missing field 'ops'"), std::string::npos);
  std::string zero_dim = R"({"format":"tessera-graph","version":1,"name":"x","tensors":[
      {"name":"a","shape":[2,0],"dtype":"fp16","role":"activation"}],"ops":[]})";
  EXPECT_NE(error_of(zero_dim).find("tensors[0]"), std::string::npos);
  std::string bad_dtype = R"({"format":"tessera-graph","version":1,"name":"x","tensors":[
      {"name":"a","shape":[2],"dtype":"fp99","role":"activation"}],"ops":[]})";
  EXPECT_NE(error_of(bad_dtype).find("tensors[0].dtype: unknown dtype 'fp99'"), std::string::npos);
  std::string bad_shape_type = R"({"format":"tessera-graph","version":1,"name":"x","tensors":[
      {"name":"a","shape":"big","dtype":"fp16","role":"activation"}],"ops":[]})";
  EXPECT_NE(error_of(bad_shape_type).find("tensors[0].shape"), std::string::npos);
  std::string unknown_tensor = R"({"format":"tessera-graph","version":1,"name":"x","tensors":[
      {"name":"a","shape":[2],"dtype":"fp16","role":"activation"}],
      "ops":[{"name":"r","kind":"elementwise","phase":"forward","inputs":["nope"],"outputs":["a"],"attrs":{}}]})";
  EXPECT_NE(error_of(unknown_tensor).find("unknown tensor 'nope'"), std::string::npos);
}

TEST(GraphJson, IntegersBeyond64BitsAndWeightOutputsAreRejected) {
  std::string huge = R"({"format":"tessera-graph","version":1,"name":"x","tensors":[
      {"name":"a","shape":[18446744073709551615],"dtype":"fp16","role":"activation"}],"ops":[]})";
  EXPECT_NE(error_of(huge).find("64-bit"), std::string::npos);
  std::string weight_out = R"({"format":"tessera-graph","version":1,"name":"x","tensors":[
      {"name":"a","shape":[2],"dtype":"fp16","role":"activation"},
      {"name":"b","shape":[2],"dtype":"fp16","role":"weight"}],
      "ops":[{"name":"f","kind":"elementwise","phase":"forward","inputs":["a"],"outputs":["b"],"attrs":{"fn":"relu"}}]})";
  EXPECT_NE(error_of(weight_out).find("role weight"), std::string::npos);
}

TEST(GraphJson, CycleIsRejected) {
  std::string cycle = R"({"format":"tessera-graph","version":1,"name":"x","tensors":[
      {"name":"a","shape":[2],"dtype":"fp16","role":"activation"},
      {"name":"b","shape":[2],"dtype":"fp16","role":"activation"}],
      "ops":[{"name":"f","kind":"elementwise","phase":"forward","inputs":["a"],"outputs":["b"],"attrs":{"fn":"relu"}},
             {"name":"g","kind":"elementwise","phase":"forward","inputs":["b"],"outputs":["a"],"attrs":{"fn":"relu"}}]})";
  EXPECT_NE(error_of(cycle).find("cycle"), std::string::npos);
}

// Fuzzing with a fixed seed: random truncations and byte edits of a real document must either import or fail with
// an InputError — never crash or throw anything else (run under the asan preset to catch memory errors too).
TEST(GraphJson, FuzzedInputsNeverCrash) {
  std::string good = export_graph_json(build_model("resnet50", {}));
  std::mt19937 rng(12345);
  const std::string alphabet = "{}[]\",:0123456789-.eE abcfnrtu\\";
  for (int round = 0; round < 400; ++round) {
    std::string text = good;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.resize(at); break;
        case 1: text[at] = alphabet[rng() % alphabet.size()]; break;
        default: text.erase(at, 1 + rng() % 16); break;
      }
      if (text.empty()) break;
    }
    try {
      import_graph_json(text, "fuzz.json");
    } catch (const InputError&) {
    }
  }
}

}  // namespace
}  // namespace tessera
