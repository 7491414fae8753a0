#include "tessera/frontend/hf_config.h"

#include <filesystem>
#include <initializer_list>
#include <optional>

#include <nlohmann/json.hpp>

#include "tessera/core/error.h"
#include "tessera/core/text_file.h"

namespace tessera {
namespace {

using Json = nlohmann::json;
using Names = std::initializer_list<const char*>;

// Typed access to the top-level fields, every failure an InputError naming the file and the field.
class Fields {
 public:
  Fields(const Json& doc, std::string source) : doc_(doc), source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& message) const {
    throw InputError(source_ + ": field '" + field + "': " + message);
  }

  // The first of `names` present and not null; nullptr if none.
  const Json* find(Names names, std::string* found = nullptr) const {
    for (const char* name : names) {
      auto it = doc_.find(name);
      if (it != doc_.end() && !it->is_null()) {
        if (found) *found = name;
        return &*it;
      }
    }
    return nullptr;
  }

  int64_t positive(Names names) const {
    std::optional<int64_t> value = optional_positive(names);
    if (!value) {
      throw InputError(source_ + ": missing field " + spelled(names) + ": expected a positive integer");
    }
    return *value;
  }

  std::optional<int64_t> optional_positive(Names names) const {
    std::string name;
    const Json* value = find(names, &name);
    if (!value) return std::nullopt;
    if (!value->is_number_integer()) fail(name, "expected a positive integer, got " + describe(*value));
    int64_t number = value->get<int64_t>();
    if (number < 1) fail(name, "expected a positive integer, got " + std::to_string(number));
    return number;
  }

  bool optional_bool(const char* name, bool fallback) const {
    const Json* value = find({name});
    if (!value) return fallback;
    if (!value->is_boolean()) fail(name, "expected true or false, got " + describe(*value));
    return value->get<bool>();
  }

  // Numerics-only fields (norm epsilons): checked so a malformed file is caught, otherwise unused.
  void optional_positive_number(const char* name) const {
    const Json* value = find({name});
    if (value && (!value->is_number() || value->get<double>() <= 0)) {
      fail(name, "expected a positive number, got " + describe(*value));
    }
  }

  std::string string(const char* name) const {
    const Json* value = find({name});
    if (!value) throw InputError(source_ + ": missing field '" + std::string(name) + "': expected a string");
    if (!value->is_string()) fail(name, "expected a string, got " + describe(*value));
    return value->get<std::string>();
  }

 private:
  static std::string spelled(Names names) {
    std::string out;
    for (const char* name : names) {
      out += out.empty() ? "'" + std::string(name) + "'" : " (or '" + std::string(name) + "')";
    }
    return out;
  }

  static std::string describe(const Json& value) {
    std::string text = value.dump();
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return std::string(value.type_name()) + " " + text;
  }

  const Json& doc_;
  std::string source_;
};

// Sizes every supported family reads the same way.
void read_common_sizes(const Fields& f, TransformerConfig& c) {
  c.hidden = f.positive({"hidden_size", "n_embd"});
  c.layers = f.positive({"num_hidden_layers", "n_layer"});
  c.heads = f.positive({"num_attention_heads", "n_head"});
  c.vocab = f.positive({"vocab_size"});
  c.max_positions = f.positive({"max_position_embeddings", "n_positions"});
  c.default_seq = c.max_positions;
  f.optional_positive_number("rms_norm_eps");
  f.optional_positive_number("layer_norm_epsilon");
}

TransformerConfig llama_config(const Fields& f) {
  TransformerConfig c = llama_architecture();
  read_common_sizes(f, c);
  c.ffn_hidden = f.positive({"intermediate_size"});
  c.kv_heads = f.optional_positive({"num_key_value_heads"}).value_or(c.heads);
  c.tied_lm_head = f.optional_bool("tie_word_embeddings", false);
  c.attention_bias = f.optional_bool("attention_bias", false);
  c.mlp_bias = f.optional_bool("mlp_bias", false);
  std::optional<int64_t> head_dim = f.optional_positive({"head_dim"});
  if (head_dim && *head_dim * c.heads != c.hidden) {
    f.fail("head_dim", "expected hidden_size / num_attention_heads = " + std::to_string(c.hidden / c.heads) +
                           " (a projected head width is not supported), got " + std::to_string(*head_dim));
  }
  return c;
}

TransformerConfig gpt2_config(const Fields& f) {
  TransformerConfig c = gpt2_architecture();
  read_common_sizes(f, c);
  c.ffn_hidden = f.optional_positive({"n_inner", "intermediate_size"}).value_or(4 * c.hidden);
  c.tied_lm_head = f.optional_bool("tie_word_embeddings", true);
  return c;
}

TransformerConfig gptj_config(const Fields& f) {
  TransformerConfig c = gptj_architecture();
  read_common_sizes(f, c);
  c.ffn_hidden = f.optional_positive({"n_inner", "intermediate_size"}).value_or(4 * c.hidden);
  c.rotary_dim = f.optional_positive({"rotary_dim"}).value_or(0);
  c.tied_lm_head = f.optional_bool("tie_word_embeddings", false);
  return c;
}

Json parse_object(const std::string& text, const std::string& source) {
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw InputError(source + ": not valid JSON: " + e.what());
  }
  if (!doc.is_object()) throw InputError(source + ": expected a JSON object with the model's config fields");
  return doc;
}

std::string name_for(const std::string& path) {
  std::filesystem::path p(path);
  std::string stem = p.stem().string();
  std::string parent = p.parent_path().filename().string();
  return stem == "config" && !parent.empty() ? parent : stem;
}

}  // namespace

TransformerConfig parse_hf_config(const std::string& json_text, const std::string& source, const std::string& name) {
  Json doc = parse_object(json_text, source);
  Fields fields(doc, source);
  std::string model_type = fields.string("model_type");
  TransformerConfig config;
  if (model_type == "llama") {
    config = llama_config(fields);
  } else if (model_type == "gpt2") {
    config = gpt2_config(fields);
  } else if (model_type == "gptj") {
    config = gptj_config(fields);
  } else {
    fields.fail("model_type", "expected one of gpt2, gptj, llama, got '" + model_type + "'");
  }
  config.name = name;
  try {
    validate(config);
  } catch (const InputError& e) {
    throw InputError(source + ": " + e.what());
  }
  return config;
}

TransformerConfig read_hf_config(const std::string& path) {
  return parse_hf_config(read_text_file(path), path, name_for(path));
}

Graph build_hf_model(const std::string& path, const ModelConfig& run) {
  return build_transformer(read_hf_config(path), run);
}

bool looks_like_hf_config(const std::string& json_text) {
  Json doc = Json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return false;
  auto it = doc.find("model_type");
  return it != doc.end() && it->is_string();
}

}  // namespace tessera
