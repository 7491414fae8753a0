#pragma once
// Partitioning one workload on one device (docs/partition.md): for a batch, search the plans at every micro-batch
// size it splits into, and set their Pareto front against the two pure strategies - sequential (the device runs
// every block in turn: the lowest latency of one group, on all cores unless fewer are better by more than
// kPlanTolerance) and spatial (one sub-accelerator per block: the plan of highest throughput).
#include <cstdint>
#include <vector>

#include "tessera/partition/micro_batch_models.h"
#include "tessera/partition/partition_plan.h"

namespace tessera {

struct PartitionOptions {
  DramShare dram_share = DramShare::demand;
  // Share of each sub-accelerator's on-chip memory that may hold resident weights and activations. Assumed 0.5:
  // the other half stays with the cost model for double-buffered working tiles.
  double resident_share = 0.5;
  int max_groups = 0;  // 0: up to one group per block
};

// Throws InputError for a resident share outside [0, 1) or a negative group limit.
void validate_partition_options(const PartitionOptions& options);

// How a plan on the front compares with the pure strategies.
struct PlanVerdict {
  bool dominates_sequential = false;
  bool dominates_spatial = false;
};

struct BatchPartition {
  int64_t samples = 1;  // per batch
  BlockSplit split;     // of the whole batch's graph; every micro-batch's graph splits into as many blocks
  int unit_cores = 1;
  int units = 1;
  std::vector<PartitionPlan> front;   // latency / throughput Pareto front, by latency ascending
  std::vector<PlanVerdict> verdicts;  // one per front plan
  PartitionPlan sequential;
  PartitionPlan spatial;  // no groups when the device has fewer units than the workload has blocks

  // The hybrid on the front that dominates both pure strategies with the highest throughput, or -1.
  int best_dominating_hybrid() const;
};

// The micro-batch sizes tried for a batch: the powers of two dividing it, and the batch itself.
std::vector<int64_t> micro_batch_sizes(int64_t samples);

// `micro_batches` must divide `samples`; a micro-batch whose graph splits into another number of blocks than the
// batch's is skipped (its plans could not be set side by side).
BatchPartition partition_batch(MicroBatchModels& models, int64_t samples, const std::vector<int64_t>& micro_batches,
                               const PartitionOptions& options);

}  // namespace tessera
