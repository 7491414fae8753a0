#include "tessera/models/model.h"

#include "tessera/core/registry.h"

namespace tessera {

void validate_model_config(const ModelConfig& config) {
  if (config.batch < 1) throw InputError("batch must be at least 1, got " + std::to_string(config.batch));
  if (config.seq < 0) {
    throw InputError("sequence length must be positive (0 = the model's default), got " + std::to_string(config.seq));
  }
  if (config.kv_len < 0) throw InputError("KV cache length must be non-negative, got " + std::to_string(config.kv_len));
}

Graph build_model(const std::string& name, const ModelConfig& config) {
  auto builder = Registry<ModelBuilder>::instance().create(name, "model");
  validate_model_config(config);
  if (config.seq > 0 && builder->default_seq() == 0) {
    throw InputError("model '" + name + "' has no sequence length: a sequence length does not apply");
  }
  if (config.phase == LlmPhase::decode && !builder->is_decoder()) {
    throw InputError("model '" + name + "' is not a decoder: the decode phase applies only to decoder LLMs");
  }
  ModelConfig resolved = config;
  if (resolved.seq == 0) resolved.seq = builder->default_seq();
  return builder->build(resolved);
}

std::vector<std::string> model_names() { return Registry<ModelBuilder>::instance().names(); }

std::string model_description(const std::string& name) {
  return Registry<ModelBuilder>::instance().create(name, "model")->description();
}

std::vector<ModelSummary> list_models() {
  std::vector<ModelSummary> out;
  for (const auto& name : model_names()) {
    Graph graph = build_model(name, {});
    out.push_back({name, model_description(name), graph.params(), graph.macs(),
                   static_cast<int64_t>(graph.op_count())});
  }
  return out;
}

}  // namespace tessera
