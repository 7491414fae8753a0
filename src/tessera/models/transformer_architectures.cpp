// The fixed architectural choices of each transformer family, shared by the zoo and the Hugging Face importer.
// Sizes (vocab, hidden, layers, heads, ...) stay 0 for the caller.
#include "tessera/models/transformer.h"

namespace tessera {

// GPT-2 (Radford et al. 2019) and GPT-3 (Brown et al. 2020): learned positions, pre-LayerNorm, GELU MLP of 4x width,
// biases on every projection, LM head tied to the token embedding.
TransformerConfig gpt2_architecture() {
  TransformerConfig c;
  c.ffn = FfnKind::gelu_mlp;
  c.norm = NormKind::layer_norm;
  c.positions = PositionKind::learned;
  c.attention_bias = true;
  c.mlp_bias = true;
  c.tied_lm_head = true;
  return c;
}

// GPT-J (Wang & Komatsuzaki 2021): rotary on the first rotary_dim dims of each head, attention and MLP in parallel
// from one LayerNorm, no bias on q/k/v/out, biased MLP, separate LM head with a bias.
TransformerConfig gptj_architecture() {
  TransformerConfig c;
  c.ffn = FfnKind::gelu_mlp;
  c.norm = NormKind::layer_norm;
  c.positions = PositionKind::rotary;
  c.parallel_block = true;
  c.attention_bias = false;
  c.mlp_bias = true;
  c.tied_lm_head = false;
  c.lm_head_bias = true;
  return c;
}

// Llama 2/3 (Touvron et al. 2023; Meta 2024): RMSNorm, SwiGLU MLP, rotary on whole heads, no biases, untied head.
TransformerConfig llama_architecture() {
  TransformerConfig c;
  c.ffn = FfnKind::swiglu;
  c.norm = NormKind::rms_norm;
  c.positions = PositionKind::rotary;
  c.attention_bias = false;
  c.mlp_bias = false;
  c.tied_lm_head = false;
  return c;
}

// BERT (Devlin et al. 2019): bidirectional, post-LayerNorm, learned positions, two token types, LayerNorm on the
// embeddings, and the pooler; no LM head (BertModel).
TransformerConfig bert_architecture() {
  TransformerConfig c;
  c.causal = false;
  c.post_norm = true;
  c.positions = PositionKind::learned;
  c.token_types = 2;
  c.embedding_norm = true;
  c.pooler = true;
  c.lm_head = false;
  return c;
}

// ViT (Dosovitskiy et al. 2021; torchvision's vit_b_16): bidirectional pre-LayerNorm encoder over 16x16 patches of
// a 224x224 RGB image, a class token, learned positions as one weight, a 1000-way classifier.
TransformerConfig vit_architecture() {
  TransformerConfig c;
  c.input = InputKind::image_patches;
  c.causal = false;
  c.lm_head = false;
  c.image_size = 224;
  c.patch_size = 16;
  c.image_channels = 3;
  c.classes = 1000;
  return c;
}

}  // namespace tessera
