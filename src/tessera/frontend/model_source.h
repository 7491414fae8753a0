#pragma once
// Resolving `--model`: a zoo name, a Tessera graph JSON file, an ONNX file or a Hugging Face config.json.
#include <string>

#include "tessera/models/model.h"

namespace tessera {

struct ModelRequest {
  std::string model;           // zoo name or path
  ModelConfig config;          // batch, seq, dtype, phase, kv_len (zoo and config.json)
  bool batch_given = false;    // files: override the batch dimension only when asked
  bool allow_unknown_ops = false;  // ONNX: count unsupported ops as zero-cost instead of failing
};

Graph load_model(const ModelRequest& request);

}  // namespace tessera
