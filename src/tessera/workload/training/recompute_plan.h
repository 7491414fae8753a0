#pragma once
// Which forward ops a training step runs a second time, just before the backward pass needs their outputs, instead
// of keeping those outputs in memory from the forward pass.
#include <vector>

#include "tessera/workload/graph.h"
#include "tessera/workload/training/training_options.h"

namespace tessera {

struct RecomputePlan {
  std::vector<bool> recomputed;                // per forward op
  // Full recompute: per forward op its checkpoint segment, -1 outside any (top-level ops keep their activations);
  // a segment is re-run as a whole before its first backward op. Empty under the other policies.
  std::vector<int> segment;
  std::vector<std::vector<int>> segment_ops;  // per segment, its ops in topological order
};

// Checkpoint segments are the graph's numbered blocks: an op named "<scope>.<n>.<rest>" (a builder scope such as
// "layers.3" or "layer2.1") belongs to block "<scope>.<n>". A graph with no such names is cut into runs of
// options.checkpoint_ops consecutive ops in topological order. Throws InputError for a negative checkpoint_ops.
RecomputePlan plan_recompute(const Graph& forward, const TrainingOptions& options);

}  // namespace tessera
