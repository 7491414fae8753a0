// Mixtral 8x7B (Jiang et al. 2024, "Mixtral of Experts") as Hugging Face's MixtralForCausalLM, sizes from
// mistralai/Mixtral-8x7B-v0.1's config.json: the Mistral 7B layer (Llama's: RMSNorm, rotary, SwiGLU, no biases,
// untied head; GQA with 8 KV heads) with each MLP replaced by 8 experts, 2 per token. Default sequence: the trained
// context, 32768.
#include "tessera/core/registry.h"
#include "tessera/models/transformer.h"

namespace tessera {
namespace {

TESSERA_REGISTER_FACTORY(ModelBuilder, "mixtral_8x7b", [] {
  TransformerConfig c = llama_architecture();
  c.name = "mixtral_8x7b";
  c.vocab = 32000;
  c.hidden = 4096;
  c.layers = 32;
  c.heads = 32;
  c.kv_heads = 8;
  c.ffn_hidden = 14336;
  c.experts = 8;
  c.experts_per_token = 2;
  c.max_positions = 32768;
  c.default_seq = 32768;
  return make_transformer_model(c, "Mixtral 8x7B mixture-of-experts LLM, 8 experts, top-2, GQA, context 32768");
});

}  // namespace
}  // namespace tessera
