// GPT-3 175B (Brown et al. 2020, Table 2.1): 96 layers, d_model 12288, 96 heads of 128, d_ff = 4 d_model, context
// 2048, GPT-2's vocabulary (50257) and architecture. The paper alternates dense and locally banded sparse attention
// layers; every layer is modelled dense here (parameters are unaffected; attention MACs are an upper bound).
#include "tessera/core/registry.h"
#include "tessera/models/transformer.h"

namespace tessera {
namespace {

TransformerConfig gpt3_175b() {
  TransformerConfig c = gpt2_architecture();
  c.name = "gpt3_175b";
  c.vocab = 50257;
  c.max_positions = 2048;
  c.hidden = 12288;
  c.layers = 96;
  c.heads = 96;
  c.ffn_hidden = 4 * 12288;
  c.default_seq = 2048;
  return c;
}

TESSERA_REGISTER_FACTORY(ModelBuilder, "gpt3_175b", [] {
  return make_transformer_model(gpt3_175b(), "GPT-3 175B decoder LLM (dense attention), context 2048");
});

}  // namespace
}  // namespace tessera
