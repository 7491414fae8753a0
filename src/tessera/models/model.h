#pragma once
// The model zoo interface: every model registers a ModelBuilder under its zoo name.
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/core/dtype.h"
#include "tessera/workload/graph.h"

namespace tessera {

enum class LlmPhase { prefill, decode };

struct ModelConfig {
  int64_t batch = 1;
  int64_t seq = 0;        // tokens (or frames) per sample; 0 = the model's default
  DType dtype = DType::fp16;
  LlmPhase phase = LlmPhase::prefill;  // decoder LLMs: prefill S tokens, or decode one token
  int64_t kv_len = 0;     // decode: tokens already in the KV cache; 0 = seq
};

class ModelBuilder {
 public:
  virtual ~ModelBuilder() = default;
  virtual std::string description() const = 0;
  virtual Graph build(const ModelConfig& config) const = 0;
  // The sequence length used when ModelConfig::seq is 0 (0 for models without one).
  virtual int64_t default_seq() const { return 0; }
  // Whether the model is an autoregressive decoder with prefill and decode phases.
  virtual bool is_decoder() const { return false; }
};

struct ModelSummary {
  std::string name;
  std::string description;
  int64_t params = 0;
  int64_t macs_per_sample = 0;  // at batch 1 and the default sequence length
  int64_t ops = 0;
};

// Throws InputError for a batch < 1, a negative sequence length or a negative KV cache length.
void validate_model_config(const ModelConfig& config);

// Builds zoo model `name`; throws InputError for an unknown name (listing the zoo) or invalid config values.
Graph build_model(const std::string& name, const ModelConfig& config);
std::vector<std::string> model_names();
std::string model_description(const std::string& name);
// Every zoo model built at batch 1 with its defaults.
std::vector<ModelSummary> list_models();

}  // namespace tessera
