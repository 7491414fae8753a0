// GPT-2 (Radford et al. 2019) at the four released sizes, as Hugging Face's GPT2LMHeadModel: vocab 50257, 1024
// positions, LM head tied to the token embedding. Default sequence: the full 1024-token context.
#include "tessera/core/registry.h"
#include "tessera/models/transformer.h"

namespace tessera {
namespace {

std::unique_ptr<ModelBuilder> gpt2(const std::string& name, int64_t hidden, int64_t layers, int64_t heads,
                                   const std::string& size) {
  TransformerConfig c = gpt2_architecture();
  c.name = name;
  c.vocab = 50257;
  c.max_positions = 1024;
  c.hidden = hidden;
  c.layers = layers;
  c.heads = heads;
  c.ffn_hidden = 4 * hidden;
  c.default_seq = 1024;
  return make_transformer_model(c, "GPT-2 " + size + " decoder LLM, context 1024");
}

TESSERA_REGISTER_FACTORY(ModelBuilder, "gpt2_124m", [] { return gpt2("gpt2_124m", 768, 12, 12, "124M"); });
TESSERA_REGISTER_FACTORY(ModelBuilder, "gpt2_355m", [] { return gpt2("gpt2_355m", 1024, 24, 16, "355M"); });
TESSERA_REGISTER_FACTORY(ModelBuilder, "gpt2_774m", [] { return gpt2("gpt2_774m", 1280, 36, 20, "774M"); });
TESSERA_REGISTER_FACTORY(ModelBuilder, "gpt2_1.5b", [] { return gpt2("gpt2_1.5b", 1600, 48, 25, "1.5B"); });

}  // namespace
}  // namespace tessera
