// Llama 2 (Touvron et al. 2023) and Llama 3 8B (Meta 2024) as Hugging Face's LlamaForCausalLM, sizes from the
// meta-llama/*-hf config.json files. Llama-2-70B and Llama-3-8B use grouped-query attention with 8 KV heads.
// Default sequence: the trained context (4096 for Llama 2, 8192 for Llama 3).
#include "tessera/core/registry.h"
#include "tessera/models/transformer.h"

namespace tessera {
namespace {

struct LlamaSize {
  const char* name;
  int64_t vocab, hidden, layers, heads, kv_heads, ffn_hidden, context_tokens;
};

std::unique_ptr<ModelBuilder> llama(const LlamaSize& size, const std::string& description) {
  TransformerConfig c = llama_architecture();
  c.name = size.name;
  c.vocab = size.vocab;
  c.max_positions = size.context_tokens;
  c.hidden = size.hidden;
  c.layers = size.layers;
  c.heads = size.heads;
  c.kv_heads = size.kv_heads;
  c.ffn_hidden = size.ffn_hidden;
  c.default_seq = size.context_tokens;
  return make_transformer_model(c, description);
}

TESSERA_REGISTER_FACTORY(ModelBuilder, "llama2_7b", [] {
  return llama({"llama2_7b", 32000, 4096, 32, 32, 32, 11008, 4096}, "Llama-2 7B decoder LLM, context 4096");
});
TESSERA_REGISTER_FACTORY(ModelBuilder, "llama2_13b", [] {
  return llama({"llama2_13b", 32000, 5120, 40, 40, 40, 13824, 4096}, "Llama-2 13B decoder LLM, context 4096");
});
TESSERA_REGISTER_FACTORY(ModelBuilder, "llama2_70b", [] {
  return llama({"llama2_70b", 32000, 8192, 80, 64, 8, 28672, 4096},
               "Llama-2 70B decoder LLM, GQA with 8 KV heads, context 4096");
});
TESSERA_REGISTER_FACTORY(ModelBuilder, "llama3_8b", [] {
  return llama({"llama3_8b", 128256, 4096, 32, 32, 8, 14336, 8192},
               "Llama-3 8B decoder LLM, GQA with 8 KV heads, context 8192");
});

}  // namespace
}  // namespace tessera
