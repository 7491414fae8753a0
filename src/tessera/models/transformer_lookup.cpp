#include "tessera/models/transformer_lookup.h"

#include "tessera/core/error.h"
#include "tessera/core/key_values.h"
#include "tessera/core/registry.h"

namespace tessera {
namespace {

TransformerConfig custom_gpt(const std::string& model) {
  KeyValues values(model.substr(model.find(':') + 1), "model '" + model + "'");
  TransformerConfig c = gpt2_architecture();
  c.name = model;
  c.hidden = values.integer("hidden", 0, 1);
  c.heads = values.integer("heads", 0, 1);
  c.layers = values.integer("layers", 0, 1);
  c.vocab = values.integer("vocab", 51200, 1);
  c.ffn_hidden = values.integer("ffn", 0, 0);
  c.max_positions = values.integer("positions", 2048, 1);
  std::string attention = values.text("attention", "flash");
  if (attention != "flash" && attention != "materialized") {
    throw InputError("model '" + model + "': attention=" + attention + " (expected flash or materialized)");
  }
  c.materialized_attention = attention == "materialized";
  c.attention_dropout = values.integer("dropout", 0, 0) > 0;
  values.reject_unknown();
  if (c.attention_dropout && !c.materialized_attention) {
    throw InputError("model '" + model + "': dropout=1 needs attention=materialized (fused attention drops in-kernel)");
  }
  if (c.hidden == 0 || c.heads == 0 || c.layers == 0) {
    throw InputError("model '" + model + "': hidden, heads and layers are required");
  }
  validate(c);
  return c;
}

}  // namespace

bool names_transformer(const std::string& model) {
  if (is_custom_gpt(model)) return true;
  auto& zoo = Registry<ModelBuilder>::instance();
  return zoo.contains(model) && dynamic_cast<const TransformerModel*>(zoo.create(model, "model").get()) != nullptr;
}

TransformerConfig find_transformer(const std::string& model) {
  if (is_custom_gpt(model)) return custom_gpt(model);
  auto builder = Registry<ModelBuilder>::instance().create(model, "model");
  const auto* transformer = dynamic_cast<const TransformerModel*>(builder.get());
  if (!transformer) throw InputError("model '" + model + "' is not a transformer (system plans shard transformers)");
  return transformer->config();
}

}  // namespace tessera
