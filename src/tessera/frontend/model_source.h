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

}  // namespace tessera
