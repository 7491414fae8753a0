#pragma once
// The memory a training step keeps: model state (weights, gradients, optimizer states; Rajbhandari et al. 2020's
// 2 + 2 + 12 = 16 bytes per parameter for mixed-precision Adam) and the activations kept for the backward pass.
#include <cstdint>

#include "tessera/workload/graph.h"
#include "tessera/workload/training/training_options.h"

namespace tessera {

struct TrainingMemory {
  int64_t weight_bytes = 0;           // the model's weights at their dtype
  int64_t gradient_bytes = 0;         // one gradient per trained weight, at the weight's dtype
  int64_t optimizer_state_bytes = 0;  // optimizer states and, in mixed precision, the master weights
  int64_t activation_bytes = 0;       // forward values kept for the backward pass under the recompute policy

  int64_t total_bytes() const;
  bool operator==(const TrainingMemory&) const = default;
};

// Read off derive_training_graph(forward, options). Kept activations: every forward value (graph inputs included)
// that a backward or recomputed op reads, counted once per storage (a reshape is a view of its input). Recomputed
// values, which live only while their segment's backward runs, and the graph outputs, which the loss consumes, are
// not counted.
TrainingMemory training_memory(const Graph& forward, const TrainingOptions& options);

// ZeRO (Rajbhandari et al. 2020) across `data_parallel` ranks: stage 1 partitions the optimizer states, stage 2 the
// gradients too, stage 3 the weights too; each rank keeps ceil(bytes / data_parallel). Activations are not
// partitioned. Throws InputError for a stage outside 0..3 or data_parallel < 1.
TrainingMemory zero_partition(TrainingMemory memory, int zero_stage, int data_parallel);

}  // namespace tessera
