#pragma once
// Resolving `--model`: a zoo name, a Tessera graph JSON file, an ONNX file or a Hugging Face config.json.
#include <set>
#include <string>

#include "tessera/models/model.h"

namespace tessera {

struct ModelRequest {
  std::string model;           // zoo name or path
  ModelConfig config;          // batch, seq, dtype, phase, kv_len (zoo and config.json)
  // The options the user set explicitly (e.g. "--batch"): files apply only what was asked, and an option that does
  // not apply to the source is an error rather than silently ignored.
  std::set<std::string> given;
  bool allow_unknown_ops = false;  // ONNX: count unsupported ops as zero-cost instead of failing
};

Graph load_model(const ModelRequest& request);

// A loaded graph with what a throughput figure divides by.
struct Workload {
  Graph graph;
  int64_t samples = 1;  // per pass: the batch
  int64_t tokens = 0;   // decoder LLMs: tokens computed per pass (batch x sequence in prefill, batch in decode)
};

// Samples: the batch for zoo models and config.json; for files, the first graph input's leading dimension.
// Tokens: the elements of the graph's `input_ids` for decoder LLMs (zoo decoders and config.json), else 0.
Workload load_workload(const ModelRequest& request);

}  // namespace tessera
