#include "tessera/frontend/hf_config.h"

#include <gtest/gtest.h>

#include "tessera/core/error.h"
#include "tessera/models/model.h"

namespace tessera {
namespace {

std::string data_path(const std::string& model) {
  return std::string(TESSERA_SOURCE_DIR) + "/tests/data/hf/" + model + "/config.json";
}

// tests/data/hf/<zoo name>/config.json hold the published Hugging Face configs (field values of
// meta-llama/Llama-2-7b-hf, meta-llama/Meta-Llama-3-8B, openai-community/gpt2, EleutherAI/gpt-j-6B); the graph is
// named after the directory, so an import must equal the zoo graph exactly.
TEST(HfConfig, ImportedGraphsEqualTheZoo) {
  for (const char* model : {"llama2_7b", "llama3_8b", "gpt2_124m", "gpt_j_6b"}) {
    ModelConfig prefill;
    prefill.seq = 128;
    EXPECT_EQ(build_hf_model(data_path(model), prefill), build_model(model, prefill)) << model;
    ModelConfig decode;
    decode.phase = LlmPhase::decode;
    decode.kv_len = 300;
    EXPECT_EQ(build_hf_model(data_path(model), decode), build_model(model, decode)) << model;
  }
}

TEST(HfConfig, DefaultSequenceIsMaxPositions) {
  TransformerConfig c = read_hf_config(data_path("gpt_j_6b"));
  EXPECT_EQ(c.name, "gpt_j_6b");
  EXPECT_EQ(c.default_seq, 2048);
  EXPECT_EQ(c.rotary_dim, 64);
  EXPECT_EQ(c.ffn_width(), 16384);  // n_inner null = 4 * n_embd
  EXPECT_EQ(build_hf_model(data_path("gpt_j_6b"), {}).params(), 6050882784);
}

TEST(HfConfig, RecognisesConfigJson) {
  EXPECT_TRUE(looks_like_hf_config(R"({"model_type": "llama"})"));
  EXPECT_FALSE(looks_like_hf_config(R"({"tensors": []})"));
  EXPECT_FALSE(looks_like_hf_config("{not json"));
}

// The error for `json`, or "" if it parsed.
std::string error_for(const std::string& json) {
  try {
    parse_hf_config(json, "cfg.json", "m");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const char* kLlamaFields = R"("hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
    "intermediate_size": 128, "vocab_size": 100, "max_position_embeddings": 64)";

std::string llama_with(const std::string& extra) {
  return std::string(R"({"model_type": "llama", )") + kLlamaFields + (extra.empty() ? "" : ", " + extra) + "}";
}

TEST(HfConfig, MinimalLlamaParses) { EXPECT_EQ(error_for(llama_with("")), ""); }

TEST(HfConfig, MissingFieldNamesFileFieldAndExpectation) {
  EXPECT_EQ(error_for(R"({"model_type": "gpt2", "n_layer": 2, "n_head": 2, "vocab_size": 10, "n_positions": 8})"),
            "cfg.json: missing field 'hidden_size' (or 'n_embd'): expected a positive integer");
  EXPECT_EQ(error_for(R"({"hidden_size": 64})"), "cfg.json: missing field 'model_type': expected a string");
}

TEST(HfConfig, WrongTypeNamesField) {
  EXPECT_EQ(error_for(llama_with(R"("num_key_value_heads": "4")")),
            "cfg.json: field 'num_key_value_heads': expected a positive integer, got string \"4\"");
  EXPECT_EQ(error_for(llama_with(R"("tie_word_embeddings": 1)")),
            "cfg.json: field 'tie_word_embeddings': expected true or false, got number 1");
  EXPECT_EQ(error_for(llama_with(R"("rms_norm_eps": "small")")),
            "cfg.json: field 'rms_norm_eps': expected a positive number, got string \"small\"");
}

TEST(HfConfig, NonPositiveValueNamesField) {
  EXPECT_EQ(error_for(llama_with(R"("num_key_value_heads": 0)")),
            "cfg.json: field 'num_key_value_heads': expected a positive integer, got 0");
}

TEST(HfConfig, UnsupportedModelType) {
  EXPECT_EQ(error_for(R"({"model_type": "bert"})"),
            "cfg.json: field 'model_type': expected one of gpt2, gptj, llama, got 'bert'");
}

TEST(HfConfig, UnparsableJson) {
  std::string error = error_for(R"({"model_type": "llama",)");
  EXPECT_EQ(error.rfind("cfg.json: not valid JSON: ", 0), 0u) << error;
  EXPECT_EQ(error_for("[1, 2]"), "cfg.json: expected a JSON object with the model's config fields");
}

TEST(HfConfig, InconsistentSizesNameTheFile) {
  std::string error = error_for(llama_with(R"("num_key_value_heads": 3)"));
  EXPECT_EQ(error.rfind("cfg.json: ", 0), 0u) << error;
  EXPECT_NE(error.find("kv_heads 3"), std::string::npos) << error;
  EXPECT_NE(error_for(llama_with(R"("head_dim": 32)")).find("field 'head_dim'"), std::string::npos);
}

TEST(HfConfig, MissingFileNamesThePath) {
  try {
    read_hf_config("/nonexistent/config.json");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/config.json: ", 0), 0u) << e.what();
  }
}

}  // namespace
}  // namespace tessera
