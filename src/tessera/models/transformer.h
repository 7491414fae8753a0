#pragma once
// One transformer builder for every family in the zoo (BERT, ViT, GPT-2/3, GPT-J, Llama) and for imported
// Hugging Face config.json files: a TransformerConfig says what the network is, a ModelConfig says how it is run
// (batch, sequence, dtype, prefill or decode against a KV cache of kv_len tokens).
//
// What the graph counts:
//   attention   q/k/v projections (matmuls), the fused `attention` op (causal for decoders), the output projection.
//   rotary      x*cos + rotate_half(x)*sin on the rotated part of each q and k head: 3 FLOPs per rotated element
//               (two multiplies, one add); rotate_half is an index permutation and is counted free. The cos/sin
//               tables are graph inputs shared by every layer.
//   LM head     prefill applies it to the last token only (what a server needs to sample the next token), unless
//               lm_head_all_tokens; decode applies it to the one new token.
//   decode      one token against per-layer caches "layers.<i>.attn.k_cache"/".v_cache" [batch, kv_len, kv width]
//               with role kv_cache; the new key/value is appended by the attention op.
//   experts     a mixture-of-experts MLP (moe_mlp.cpp): router, top-k gate weights, the experts as batched GEMMs
//               over uniformly routed tokens, the weighted combine.
#include <cstdint>
#include <memory>
#include <string>

#include "tessera/models/model.h"

namespace tessera {

enum class FfnKind { gelu_mlp, swiglu };           // fc_in, GELU, fc_out | SiLU(gate) * up, down
enum class NormKind { layer_norm, rms_norm };      // LayerNorm has a bias, RMSNorm has none
enum class PositionKind { learned, rotary };       // absolute table added to the tokens | RoPE on q and k
enum class InputKind { tokens, image_patches };    // token ids | a patch-embedding convolution over an image

struct TransformerConfig {
  std::string name;  // the graph's name
  InputKind input = InputKind::tokens;
  int64_t vocab = 0;          // token embedding rows (tokens)
  int64_t max_positions = 0;  // learned position rows; also the longest sequence a learned table allows
  int64_t hidden = 0;         // d_model
  int64_t layers = 0;
  int64_t heads = 0;
  int64_t kv_heads = 0;       // grouped-query attention; 0 = heads
  int64_t ffn_hidden = 0;     // MLP inner width; 0 = 4 * hidden
  FfnKind ffn = FfnKind::gelu_mlp;
  NormKind norm = NormKind::layer_norm;
  PositionKind positions = PositionKind::learned;
  int64_t rotary_dim = 0;     // dims of each head that are rotated; 0 = the whole head
  bool parallel_block = false;  // GPT-J: x + attn(ln(x)) + mlp(ln(x)), one norm per layer
  bool post_norm = false;       // BERT: norm after each residual add, no final norm
  bool attention_bias = true;   // q, k, v and output projections
  bool mlp_bias = true;
  bool causal = true;           // decoder; false = bidirectional encoder
  // Outputs.
  bool lm_head = true;            // decoders: logits over the vocabulary
  bool tied_lm_head = true;       // reuse the token embedding table as the LM head weight
  bool lm_head_bias = false;
  bool lm_head_all_tokens = false;  // prefill: logits for every token (training-style) instead of the last
  // BERT extras.
  int64_t token_types = 0;        // > 0: token-type (segment) embedding table
  bool embedding_norm = false;    // norm after the summed embeddings
  bool pooler = false;            // tanh(dense(first token))
  // ViT extras (input == image_patches): image_size^2 / patch_size^2 patches plus a class token.
  int64_t image_size = 0;
  int64_t patch_size = 0;
  int64_t image_channels = 3;
  int64_t classes = 0;            // > 0: linear classifier on the class token

  int64_t default_seq = 0;        // used when ModelConfig::seq is 0 (image models: their fixed token count)

  // One rank's shard under Megatron tensor parallelism (Shoeybi et al. 2019, sec. 3): attention heads, KV heads,
  // the MLP width and the vocabulary (embedding rows, LM head) split tensor_parallel ways; norms, residuals and
  // position tables replicated. The all-reduces joining the shards are not in the graph: the system simulator adds
  // them (two per layer forward, two backward). The vocabulary is padded up to a multiple, as Megatron does.
  int64_t tensor_parallel = 1;
  // Sequence parallelism over the tensor-parallel ranks (Korthikanti et al. 2022, sec. 4.2.2; pre-norm models): the
  // residual stream, norms and embeddings' output hold sequence / tensor_parallel tokens per rank; an all-gather
  // along the sequence feeds each tensor-parallel block and a reduce-scatter leaves it (the same bytes on the wire as
  // the all-reduce it replaces, which the system simulator costs).
  bool sequence_parallel = false;
  // Attention as Megatron-LM ran it before FlashAttention: Q K^T and P V as strided batched GEMMs with the S x S
  // scores and probabilities in memory, one fused scale-mask-softmax kernel, and (attention_dropout) dropout on the
  // probabilities with a 1-byte mask. false: one fused FlashAttention-style op that keeps the scores on chip.
  bool materialized_attention = false;
  bool attention_dropout = false;
  // Mixture of experts (Shazeer et al. 2017; Mixtral, Jiang et al. 2024): every layer's MLP becomes `experts` MLPs
  // of the config's kind and width, of which a router picks experts_per_token per token.
  int64_t experts = 0;            // 0 = a dense MLP
  int64_t experts_per_token = 0;  // top-k
  // One rank's experts under expert parallelism (ParallelPlan::ep): experts split expert_parallel ways, each rank
  // computing the tokens every rank of its group routed to its experts. The all-to-alls are not in the graph: the
  // system simulator adds them.
  int64_t expert_parallel = 1;

  int64_t kv_heads_or_heads() const { return kv_heads > 0 ? kv_heads : heads; }
  int64_t head_dim() const { return hidden / heads; }
  int64_t kv_width() const { return kv_heads_or_heads() * head_dim(); }
  int64_t ffn_width() const { return ffn_hidden > 0 ? ffn_hidden : 4 * hidden; }
  int64_t rotated_dims() const { return rotary_dim > 0 ? rotary_dim : head_dim(); }
  // Per tensor-parallel rank.
  int64_t local_heads() const { return heads / tensor_parallel; }
  int64_t local_kv_heads() const { return kv_heads_or_heads() / tensor_parallel; }
  int64_t local_kv_width() const { return local_kv_heads() * head_dim(); }
  int64_t local_ffn_width() const { return ffn_width() / tensor_parallel; }
  int64_t local_vocab() const { return (vocab + tensor_parallel - 1) / tensor_parallel; }
  int64_t local_experts() const { return experts / expert_parallel; }
  bool is_moe() const { return experts > 0; }
  bool is_decoder() const { return causal && lm_head && input == InputKind::tokens; }
  // Tokens per image for ViT: patches + the class token.
  int64_t image_tokens() const;
};

// Architecture templates: each family's fixed choices, sizes left at 0 for the caller (a zoo file or the
// Hugging Face importer) to fill in, so both build identical graphs.
TransformerConfig gpt2_architecture();   // learned positions, pre-LN, GELU MLP, biases, tied head (also GPT-3)
TransformerConfig gptj_architecture();   // partial rotary, parallel block, no attention bias, untied biased head
TransformerConfig llama_architecture();  // RMSNorm, SwiGLU, full rotary, no biases, untied head
TransformerConfig bert_architecture();   // post-LN encoder, learned positions, token types, pooler
TransformerConfig vit_architecture();    // pre-LN encoder over 16x16 patches, class token, classifier

// Throws InputError naming the first inconsistent field (e.g. "hidden 100 is not a multiple of heads 3").
void validate(const TransformerConfig& config);

// Builds the graph. Throws InputError when the run does not fit the model (decode on an encoder, a sequence
// longer than a learned position table, an image model given a sequence other than its own).
Graph build_transformer(const TransformerConfig& config, const ModelConfig& run);

// A zoo entry over a TransformerConfig; family files register these with TESSERA_REGISTER_FACTORY.
class TransformerModel final : public ModelBuilder {
 public:
  TransformerModel(TransformerConfig config, std::string description)
      : config_(std::move(config)), description_(std::move(description)) {}
  std::string description() const override { return description_; }
  Graph build(const ModelConfig& run) const override { return build_transformer(config_, run); }
  int64_t default_seq() const override { return config_.default_seq; }
  bool is_decoder() const override { return config_.is_decoder(); }
  const TransformerConfig& config() const { return config_; }

 private:
  TransformerConfig config_;
  std::string description_;
};

inline std::unique_ptr<ModelBuilder> make_transformer_model(TransformerConfig config, std::string description) {
  return std::make_unique<TransformerModel>(std::move(config), std::move(description));
}

}  // namespace tessera
