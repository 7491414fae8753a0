#include "tessera/sim/transformer_step_cost.h"

#include "tessera/core/error.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/models/model.h"
#include "tessera/passes/pass.h"
#include "tessera/sim/collective_cost.h"
#include "tessera/workload/training/training_graph.h"
#include "tessera/workload/training/training_memory.h"

namespace tessera {

double tier0_all_reduce_s(const NetworkSpec& network, int64_t ranks, double bytes) {
  if (ranks <= 1) return 0;
  if (network.tiers.empty()) throw InputError("tensor parallelism needs a network between devices");
  std::vector<CollectiveGroup> stages = tier_ring_stages(network.tiers[0], ranks);
  return stages.size() == 1 ? ring_all_reduce_s(stages[0], bytes) : hierarchical_all_reduce_s(stages, bytes);
}

namespace {

// The stages of a collective among `replicas` replicas `spacing` endpoints apart, innermost first: the replicas
// inside one tier-0 group meet there, the rest across tier 1, whose port every endpoint of a group shares (all of
// them run their own collective at once).
// The ring stages among `replicas` endpoints `spacing` apart: those inside one tier-0 group reduce there first, the
// rest ring across tier 1, whose port every endpoint of a group shares (all of them reduce at once). Replicas must
// fill whole groups, and the spacing must divide the group size or be a multiple of it, so that every replica group
// has the same shape; otherwise InputError.
std::vector<CollectiveGroup> replica_stages(const NetworkSpec& network, int64_t replicas, int64_t spacing) {
  const auto& tiers = network.tiers;
  int64_t group = tiers.at(0).size();
  if (spacing < group ? group % spacing != 0 : spacing % group != 0) {
    throw InputError("replicas " + std::to_string(spacing) + " endpoints apart (tp x pp) do not line up with the " +
                     std::to_string(group) + " endpoints of tier '" + tiers[0].name +
                     "': tp x pp must divide it or be a multiple of it");
  }
  int64_t per_group = spacing < group ? group / spacing : 1;
  int64_t inner = std::min(replicas, per_group);
  if (replicas % inner != 0) {
    throw InputError(std::to_string(replicas) + " replicas do not fill whole groups of " + std::to_string(per_group) +
                     " on tier '" + tiers[0].name + "'");
  }
  int64_t outer = replicas / inner;
  std::vector<CollectiveGroup> stages;
  if (inner > 1) {
    for (const auto& s : tier_ring_stages(tiers[0], inner)) stages.push_back(s);
  }
  if (outer > 1) {
    if (tiers.size() < 2) throw InputError("data parallelism over more than one group needs a second network tier");
    for (const auto& s : tier_ring_stages(tiers[1], outer, group)) stages.push_back(s);
  }
  return stages;
}

double replica_all_reduce_s(const NetworkSpec& network, int64_t replicas, int64_t spacing, double bytes) {
  if (replicas <= 1) return 0;
  std::vector<CollectiveGroup> stages = replica_stages(network, replicas, spacing);
  return stages.size() == 1 ? ring_all_reduce_s(stages[0], bytes) : hierarchical_all_reduce_s(stages, bytes);
}

}  // namespace

double data_parallel_all_reduce_s(const NetworkSpec& network, const ParallelPlan& plan, double bytes) {
  return replica_all_reduce_s(network, plan.dp, plan.tp * plan.pp, bytes);
}

double expert_data_parallel_all_reduce_s(const NetworkSpec& network, const ParallelPlan& plan, double bytes) {
  return replica_all_reduce_s(network, plan.dp / plan.ep, plan.ep * plan.tp * plan.pp, bytes);
}

double expert_all_to_all_s(const NetworkSpec& network, const ParallelPlan& plan, double bytes) {
  if (plan.ep <= 1) return 0;
  std::vector<CollectiveGroup> stages = replica_stages(network, plan.ep, plan.tp * plan.pp);
  if (stages.size() == 1) return pairwise_all_to_all_s(stages[0], bytes);
  double total_s = 0, members_below = 1, per_peer_bytes = bytes / static_cast<double>(plan.ep);
  for (const auto& s : stages) {
    double peers = static_cast<double>(s.participants - 1) * members_below;
    total_s += peers * (s.latency_s + per_peer_bytes / s.bandwidth_bytes_per_s);
    members_below *= static_cast<double>(s.participants);
  }
  return total_s;
}

namespace {

enum class Piece { layer, first, last };

// Ops of the one-layer training graph by piece: a layer op's name (or the op it recomputes, differentiates or
// updates) carries "layers.0."; the final norm and LM head are the last stage's; the rest are the embeddings.
Piece piece_of(const std::string& name) {
  if (name.find("layers.0.") != std::string::npos) return Piece::layer;
  if (name.find("lm_head") != std::string::npos || name.find("final_norm") != std::string::npos) return Piece::last;
  return Piece::first;
}

PieceCost& piece(TransformerStepCost& cost, Piece p) {
  return p == Piece::layer ? cost.layer : p == Piece::first ? cost.first : cost.last;
}

Graph forward_graph(const TransformerConfig& model, int64_t layers, int64_t seq, DType dtype, const ParallelPlan& plan,
                    bool with_head = true) {
  TransformerConfig shard = model;
  shard.layers = layers;
  shard.lm_head = with_head;
  shard.tensor_parallel = plan.tp;
  shard.sequence_parallel = plan.sequence_parallel;
  shard.expert_parallel = plan.ep;
  shard.lm_head_all_tokens = true;  // training computes the loss on every token
  return build_transformer(shard, ModelConfig{plan.micro_batch_size, seq, dtype});
}

// Expert weights ("layers.<i>.mlp.experts.*") and their update ops, which reduce over dp / ep replicas only.
bool is_expert(const std::string& name) { return name.find(".mlp.experts.") != std::string::npos; }

// Derives, passes and costs `forward`'s training step; sums every op's time, FLOPs and the weights into the piece
// `piece_of` names.
template <class PieceOf>
void add_training_costs(const Graph& forward, const TrainingOptions& options, const ClusterSpec& system,
                        const CostModel& cost_model, const std::string& passes, PieceOf piece_of,
                        TransformerStepCost& cost) {
  Graph training = derive_training_graph(forward, options);
  std::vector<PassReport> reports;
  training = run_passes(training, passes, system.device, reports);
  GraphCost costed = evaluate_graph(training, system.device, cost_model);
  for (const auto& c : costed.ops) {
    const Op& op = training.op(c.op);
    // Sequence parallelism's all-gathers and reduce-scatters are communication, costed in closed form like the
    // all-reduces they replace (their local copies are part of that).
    if (op.kind == OpKind::all_gather || op.kind == OpKind::reduce_scatter) continue;
    PieceCost& p = piece(cost, piece_of(op.name));
    bool recomputed = op.name.rfind("recompute/", 0) == 0;
    double flops = static_cast<double>(op.flops());
    if (op.phase == Phase::optimizer) {
      p.optimizer_s += c.cost.latency_s;
      if (is_expert(op.name)) p.expert_optimizer_s += c.cost.latency_s;
      continue;
    }
    p.flops += flops;
    if (!recomputed) p.model_flops += flops;
    (op.phase == Phase::forward && !recomputed ? p.forward_s : p.backward_s) += c.cost.latency_s;
  }
  for (const auto& t : forward.tensors()) {
    if (t.role != TensorRole::weight) continue;
    PieceCost& p = piece(cost, piece_of(t.name));
    p.params += static_cast<double>(t.elements());
    if (is_expert(t.name)) p.expert_params += static_cast<double>(t.elements());
  }
}

// Dispatch and combine of every MoE layer: each rank sends its micro-batch's tokens x top-k hidden states (tokens
// are replicated over the tensor-parallel ranks without sequence parallelism, so every tensor rank sends them all,
// to its counterparts in the group); two all-to-alls forward, two backward (the gradients retrace them), two more
// when the forward is recomputed.
void add_expert_all_to_alls(const TransformerConfig& model, int64_t seq, DType dtype, const ParallelPlan& plan,
                            const ClusterSpec& system, TransformerStepCost& cost) {
  if (!model.is_moe()) return;
  int64_t routed = plan.micro_batch_size * seq * model.experts_per_token * model.hidden;
  cost.ep_all_to_all_s = expert_all_to_all_s(system.network, plan, static_cast<double>(storage_bytes(routed, dtype)));
  double recomputed = plan.recompute == Recompute::full ? 2 : 0;
  cost.layer.ep_comm_s = (4 + recomputed) * cost.ep_all_to_all_s;
  cost.layer.forward_s += 2 * cost.ep_all_to_all_s;
  cost.layer.backward_s += (2 + recomputed) * cost.ep_all_to_all_s;
}

}  // namespace

TransformerStepCost whole_model_step_cost(const std::string& model, int64_t seq, DType dtype, const ParallelPlan& plan,
                                          const ClusterSpec& system, const CostModel& cost_model,
                                          const std::string& passes) {
  if (plan.tp > 1 || plan.pp > 1 || plan.ep > 1) {
    throw InputError("model '" + model + "' is not a transformer: only data parallelism (tp=1, pp=1, ep=1) applies");
  }
  TrainingOptions options;
  options.recompute = plan.recompute;
  options.accumulate_gradients = plan.micro_batches > 1;
  Graph forward = build_model(model, ModelConfig{plan.micro_batch_size, seq, dtype});
  TransformerStepCost cost;
  add_training_costs(forward, options, system, cost_model, passes, [](const std::string&) { return Piece::first; },
                     cost);
  cost.first.activation_bytes = static_cast<double>(training_memory(forward, options).activation_bytes);
  return cost;
}

TransformerStepCost transformer_step_cost(const TransformerConfig& model, int64_t seq, DType dtype,
                                          const ParallelPlan& plan, const ClusterSpec& system,
                                          const CostModel& cost_model, const std::string& passes) {
  if (!model.is_decoder()) throw InputError("training plans need a decoder transformer (GPT, Llama), got " + model.name);
  if (plan.ep > 1 && !model.is_moe()) {
    throw InputError("ep=" + std::to_string(plan.ep) + " needs a mixture-of-experts model; " + model.name +
                     " has dense MLPs");
  }
  TrainingOptions options;
  options.recompute = plan.recompute;
  options.accumulate_gradients = plan.micro_batches > 1;
  Graph forward = forward_graph(model, 1, seq, dtype, plan);
  TransformerStepCost cost;
  add_training_costs(forward, options, system, cost_model, passes, piece_of, cost);

  // Activations kept per piece by difference: two layers minus one gives a layer; one layer without the head minus a
  // layer gives the embeddings; the rest of the one-layer graph is the head's.
  auto kept = [&](const Graph& g) { return static_cast<double>(training_memory(g, options).activation_bytes); };
  double one = kept(forward), two = kept(forward_graph(model, 2, seq, dtype, plan));
  // Cut before the head, the final norm's output becomes a graph output, which the loss keeps; in the model it is the
  // head's input, kept by the head.
  Graph cut = forward_graph(model, 1, seq, dtype, plan, false);
  double headless = kept(cut) - static_cast<double>(cut.tensor(cut.ops().back().outputs.at(0)).bytes());
  cost.layer.activation_bytes = two - one;
  cost.first.activation_bytes = headless - cost.layer.activation_bytes;
  cost.last.activation_bytes = one - headless;

  cost.boundary_bytes = static_cast<double>(storage_bytes(plan.micro_batch_size * seq * model.hidden, dtype));
  cost.tp_all_reduce_s = tier0_all_reduce_s(system.network, plan.tp, cost.boundary_bytes);
  double recomputed = plan.recompute == Recompute::full ? 2 : 0;
  cost.layer.tp_comm_s = (4 + recomputed) * cost.tp_all_reduce_s;
  cost.layer.forward_s += 2 * cost.tp_all_reduce_s;
  cost.layer.backward_s += (2 + recomputed) * cost.tp_all_reduce_s;
  add_expert_all_to_alls(model, seq, dtype, plan, system, cost);
  cost.first.tp_comm_s = cost.first.forward_s > 0 ? cost.tp_all_reduce_s : 0;
  cost.first.forward_s += cost.first.tp_comm_s;
  cost.last.tp_comm_s = cost.tp_all_reduce_s;
  cost.last.backward_s += cost.last.tp_comm_s;
  return cost;
}

}  // namespace tessera
