#pragma once
// What one micro-batch costs on one tensor-parallel rank of a transformer, per pipeline piece: a transformer layer,
// the embeddings (first stage) and the final norm + LM head (last stage). Each piece's training graph (one layer's
// shard, TransformerConfig::tensor_parallel) is derived (workload/training), passed through the graph passes and
// costed op by op by the cost model on the system's device; the tensor-parallel all-reduces are added in closed form
// on tier 0 of the network (Megatron: two per layer forward, two backward, two more when the forward is recomputed;
// one after the vocabulary-parallel embedding, one on the LM head's input gradient). A mixture-of-experts layer under
// expert parallelism adds its token all-to-alls (dispatch and combine: two forward, two backward, two more when the
// forward is recomputed) in closed form over the expert-parallel group.
#include <cstdint>
#include <string>

#include "tessera/cost/op_cost.h"
#include "tessera/hardware/system_spec.h"
#include "tessera/models/transformer.h"
#include "tessera/sim/parallel_plan.h"

namespace tessera {

struct PieceCost {
  double forward_s = 0;   // compute + tensor-parallel communication
  double backward_s = 0;  // recomputed forward included
  double optimizer_s = 0;
  double tp_comm_s = 0;   // the all-reduce part of forward_s + backward_s
  double ep_comm_s = 0;   // the expert all-to-all part of forward_s + backward_s
  double flops = 0;       // executed on one rank per micro-batch (recomputation included)
  double model_flops = 0;  // forward + backward without recomputation
  double params = 0;      // on one rank
  double expert_params = 0;       // the part of params in expert weights (replicated over dp / ep replicas only)
  double expert_optimizer_s = 0;  // the part of optimizer_s that updates them
  double activation_bytes = 0;  // kept for the backward per micro-batch
};

struct TransformerStepCost {
  PieceCost layer;
  PieceCost first;  // embeddings
  PieceCost last;   // final norm + LM head
  double boundary_bytes = 0;  // activation one rank's micro-batch hands to the next stage: mbs x seq x hidden
  double tp_all_reduce_s = 0;
  double ep_all_to_all_s = 0;  // one dispatch or combine all-to-all of a mixture-of-experts layer
};

TransformerStepCost transformer_step_cost(const TransformerConfig& model, int64_t seq, DType dtype,
                                          const ParallelPlan& plan, const ClusterSpec& system,
                                          const CostModel& cost_model, const std::string& passes);

// Any zoo model trained whole on one device per micro-batch (data parallelism only): everything is the `first` piece.
TransformerStepCost whole_model_step_cost(const std::string& model, int64_t seq, DType dtype, const ParallelPlan& plan,
                                          const ClusterSpec& system, const CostModel& cost_model,
                                          const std::string& passes);

// One all-reduce of `bytes` per rank among `ranks` consecutive endpoints of tier 0 (a tensor-parallel group): the
// closed-form ring (hierarchical over a mesh's two dimensions). 0 for one rank.
double tier0_all_reduce_s(const NetworkSpec& network, int64_t ranks, double bytes);

// The data-parallel gradient all-reduce of `bytes` per rank: replicas are pp x tp endpoints apart. Replicas inside one
// tier-0 group reduce there first; the rest ring across tier 1, whose port every endpoint of a group shares (all of
// them reduce their own gradients at once).
double data_parallel_all_reduce_s(const NetworkSpec& network, const ParallelPlan& plan, double bytes);

// The expert-weight gradient all-reduce of `bytes` per rank over the dp / ep replicas holding the same experts
// (ep x pp x tp endpoints apart), placed as data_parallel_all_reduce_s places replicas.
double expert_data_parallel_all_reduce_s(const NetworkSpec& network, const ParallelPlan& plan, double bytes);

// One token all-to-all of an expert-parallel group: each rank sends `bytes` (its tokens x top-k x hidden), 1/ep to
// each rank of the group (its own share staying local), by pairwise exchange (collective_cost.h). The group's ep
// replicas are placed as data_parallel_all_reduce_s places replicas: stage i of the group (tier 0, then tier 1 with
// the node port shared) has p_i members; a rank's peers differing first at stage i number (p_i - 1) x p_0 ... p_{i-1},
// and each step to one of them costs a_i + bytes / (ep b_i):
//   T = sum_i (p_i - 1) p_0 ... p_{i-1} (a_i + bytes / (ep b_i));  one stage: pairwise_all_to_all_s. 0 for ep = 1.
double expert_all_to_all_s(const NetworkSpec& network, const ParallelPlan& plan, double bytes);

}  // namespace tessera
