// GPT-J 6B (Wang & Komatsuzaki 2021) as Hugging Face's GPTJForCausalLM (EleutherAI/gpt-j-6B config.json):
// vocab 50400, 2048 positions, d 4096, 28 layers, 16 heads of 256 with rotary on the first 64 dims, MLP 16384.
// Default sequence: the full 2048-token context.
#include "tessera/core/registry.h"
#include "tessera/models/transformer.h"

namespace tessera {
namespace {

TransformerConfig gpt_j_6b() {
  TransformerConfig c = gptj_architecture();
  c.name = "gpt_j_6b";
  c.vocab = 50400;
  c.max_positions = 2048;
  c.hidden = 4096;
  c.layers = 28;
  c.heads = 16;
  c.ffn_hidden = 16384;
  c.rotary_dim = 64;
  c.default_seq = 2048;
  return c;
}

TESSERA_REGISTER_FACTORY(ModelBuilder, "gpt_j_6b", [] {
  return make_transformer_model(gpt_j_6b(), "GPT-J 6B decoder LLM, context 2048");
});

}  // namespace
}  // namespace tessera
