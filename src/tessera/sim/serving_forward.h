#pragma once
// One forward pass (a prefill, or one decode step) of one tensor-parallel rank's shard of a decoder LLM, costed op by
// op on one device and split into pipeline stages, for the serving simulator (serving.h).
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/cost/op_cost.h"
#include "tessera/models/transformer.h"

namespace tessera {

// The part of a forward pass one pipeline stage runs on one device; collectives excluded.
struct StageForward {
  std::vector<double> layer_s;              // device time of each of the stage's layers, in order
  std::vector<int64_t> layer_weight_bytes;  // weights each layer reads
  double other_s = 0;                       // embedding (first stage); final norm and LM head (last stage)
  int64_t other_weight_bytes = 0;           // the weights those read (a tied table counts on both end stages)
};

struct ForwardCost {
  std::vector<StageForward> stages;
  int64_t peak_activation_bytes = 0;  // live non-weight tensors of the whole shard graph (KV caches included)
};

// Builds `shard` (TransformerConfig::tensor_parallel already set) for `run`, applies `passes`, costs every op with
// `model` and gives each op to its layer by its "layers.<i>." name (ops before the first layer are the embedding,
// ops after the last the head). Layers split evenly over `stages`, which must divide the layer count.
ForwardCost cost_forward(const TransformerConfig& shard, const ModelConfig& run, int stages, const DeviceSpec& device,
                         const CostModel& model, const std::string& passes);

}  // namespace tessera
