// ViT-B/16 (Dosovitskiy et al. 2021) as torchvision's vit_b_16: 224x224 input, 196 patches + class token = 197
// tokens, 12 layers of width 768 with 12 heads and a 3072-wide GELU MLP, 1000 ImageNet classes.
#include "tessera/core/registry.h"
#include "tessera/models/transformer.h"

namespace tessera {
namespace {

TransformerConfig vit_b16() {
  TransformerConfig c = vit_architecture();
  c.name = "vit_b16";
  c.hidden = 768;
  c.layers = 12;
  c.heads = 12;
  c.ffn_hidden = 3072;
  c.default_seq = c.image_tokens();
  return c;
}

TESSERA_REGISTER_FACTORY(ModelBuilder, "vit_b16", [] {
  return make_transformer_model(vit_b16(), "ViT-B/16, 224x224 ImageNet classifier (torchvision), 197 tokens");
});

}  // namespace
}  // namespace tessera
