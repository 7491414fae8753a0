#pragma once
// The optimizer phase of a training step: one optimizer_update op per weight tensor.
//
// One op per tensor rather than one fused op over all weights: each keeps an affine loop nest over one tensor, so a
// ZeRO or data-parallel plan can shard, schedule and overlap (with the gradient all-reduce of the layers behind it)
// each weight's update on its own; what fusing saves is kernel launches, which is the cost model's business.
#include "tessera/workload/graph.h"
#include "tessera/workload/training/training_options.h"

namespace tessera {

// Adds the update of `weight` (a tensor of `training`) from its gradient `gradient`. The states are inputs of the
// training graph named "<weight>.momentum", "<weight>.adam_m", "<weight>.adam_v" at options.master_dtype; a weight
// stored narrower than master_dtype also gets a master copy "<weight>.master" (mixed precision), which the update
// reads and writes in its place, writing the model copy as well. Outputs are named "<input>.next"; every state,
// master copy and output has role optimizer_state.
void add_optimizer_step(Graph& training, int weight, int gradient, const TrainingOptions& options);

}  // namespace tessera
