#pragma once
// Hugging Face config.json import for decoder LLMs: model_type llama (Llama 1/2/3), gpt2 (also GPT-3-shaped
// configs) and gptj. The fields become the same TransformerConfig the zoo uses, so an imported config builds the
// same graph as the zoo model of that shape.
//
// Fields read (either spelling; HF's attribute_map aliases them):
//   hidden_size | n_embd, num_hidden_layers | n_layer, num_attention_heads | n_head, vocab_size,
//   max_position_embeddings | n_positions (the default sequence, and the learned table size for gpt2),
//   intermediate_size | n_inner (llama: required; gpt2/gptj: optional, null = 4 * hidden),
//   num_key_value_heads (llama, optional = heads), rotary_dim (gptj, optional, null = whole head),
//   tie_word_embeddings (optional; default true for gpt2, false otherwise), attention_bias / mlp_bias (llama,
//   optional, default false), head_dim (llama, optional; must equal hidden / heads), rms_norm_eps /
//   layer_norm_epsilon (optional, a positive number; numerics only, no effect on the graph).
// Every problem is one InputError naming the file, the field and what was expected.
#include <string>

#include "tessera/models/transformer.h"

namespace tessera {

// `source` names the input in error messages (a path, or "<string>"). The graph is named `name`.
TransformerConfig parse_hf_config(const std::string& json_text, const std::string& source, const std::string& name);
// Reads `path`; the graph is named after the file ("<dir>" for ".../<dir>/config.json", else the file's stem).
TransformerConfig read_hf_config(const std::string& path);
Graph build_hf_model(const std::string& path, const ModelConfig& run);

// Whether `json_text` is a JSON object with a "model_type" string: how a loader tells a config.json from other
// JSON inputs. Never throws.
bool looks_like_hf_config(const std::string& json_text);

}  // namespace tessera
