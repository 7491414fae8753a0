#include "tessera/sim/serving_forward.h"

#include <set>

#include "tessera/core/error.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/passes/pass.h"

namespace tessera {
namespace {

// The layer an op belongs to by the builder's scope ("layers.12.attn.q_proj" -> 12), -1 outside the layer stack.
// A fused op keeps its first op's name, so an epilogue fused across a layer boundary counts in the earlier layer.
int64_t layer_of(const std::string& op_name) {
  const std::string prefix = "layers.";
  if (op_name.rfind(prefix, 0) != 0) return -1;
  size_t end = op_name.find('.', prefix.size());
  std::string digits =
      op_name.substr(prefix.size(), end == std::string::npos ? std::string::npos : end - prefix.size());
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(digits);
}

int64_t bytes_of(const Graph& graph, const std::set<int>& tensors) {
  int64_t bytes = 0;
  for (int t : tensors) bytes += graph.tensor(t).bytes();
  return bytes;
}

void add_weights(const Graph& graph, const Op& op, std::set<int>& weights) {
  for (int t : op.inputs) {
    if (graph.tensor(t).role == TensorRole::weight) weights.insert(t);
  }
}

}  // namespace

ForwardCost cost_forward(const TransformerConfig& shard, const ModelConfig& run, int stages, const DeviceSpec& device,
                         const CostModel& model, const std::string& passes) {
  if (stages < 1 || shard.layers % stages != 0) {
    throw InputError(shard.name + ": pipeline stages " + std::to_string(stages) + " must divide the " +
                     std::to_string(shard.layers) + " layers");
  }
  std::vector<PassReport> reports;
  Graph graph = run_passes(build_transformer(shard, run), passes, device, reports);
  GraphCost cost = evaluate_graph(graph, device, model);

  const int64_t layers_per_stage = shard.layers / stages;
  ForwardCost out;
  out.peak_activation_bytes = cost.peak_activation_bytes;
  out.stages.resize(stages);
  for (auto& stage : out.stages) {
    stage.layer_s.assign(layers_per_stage, 0);
    stage.layer_weight_bytes.assign(layers_per_stage, 0);
  }
  std::vector<std::set<int>> layer_weights(shard.layers), other_weights(stages);
  bool past_first_layer = false;
  for (const CostedOp& costed : cost.ops) {
    const Op& op = graph.op(costed.op);
    int64_t layer = layer_of(op.name);
    if (layer >= 0 && layer < shard.layers) {
      past_first_layer = true;
      out.stages[layer / layers_per_stage].layer_s[layer % layers_per_stage] += costed.cost.latency_s;
      add_weights(graph, op, layer_weights[layer]);
    } else {  // the embedding runs on the first stage, everything after the layers on the last
      int stage = past_first_layer ? stages - 1 : 0;
      out.stages[stage].other_s += costed.cost.latency_s;
      add_weights(graph, op, other_weights[stage]);
    }
  }
  for (int64_t layer = 0; layer < shard.layers; ++layer) {
    out.stages[layer / layers_per_stage].layer_weight_bytes[layer % layers_per_stage] =
        bytes_of(graph, layer_weights[layer]);
  }
  for (int s = 0; s < stages; ++s) out.stages[s].other_weight_bytes = bytes_of(graph, other_weights[s]);
  return out;
}

}  // namespace tessera
