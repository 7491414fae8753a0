#pragma once
// The TransformerConfig behind a model name, for the system simulator, which builds per-rank shards of it: a zoo
// transformer ("gpt3_175b", "llama2_70b"), or a GPT of given sizes, "gpt:hidden=H,heads=A,layers=L[,vocab=V]
// [,ffn=F][,positions=P][,attention=flash|materialized][,dropout=0|1]" (GPT-2/3 architecture: learned positions,
// pre-LN, GELU MLP, tied head; vocab 51200 and 2048 positions by default, as Megatron-LM's GPT runs; materialized
// attention keeps the S x S scores in memory, dropout=1 adds attention dropout on them, as Megatron-LM 2021 trained).
#include <string>

#include "tessera/models/transformer.h"

namespace tessera {

// Whether `model` names a GPT of given sizes ("gpt:...").
inline bool is_custom_gpt(const std::string& model) { return model.rfind("gpt:", 0) == 0; }

// Whether `model` is a transformer find_transformer can shard (a zoo transformer or a gpt: spec).
bool names_transformer(const std::string& model);

// Throws InputError for an unknown name, a model that is not a transformer, or a bad gpt: parameter.
TransformerConfig find_transformer(const std::string& model);

}  // namespace tessera
