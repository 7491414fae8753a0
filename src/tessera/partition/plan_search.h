#pragma once
// The search over partition plans (docs/partition.md, "Search"): where the group boundaries fall, how many
// allocation units each group gets and what it keeps on chip. Dynamic programming over the states
// (blocks placed, units used, whether the last group keeps its activations on chip); a state keeps every label
// (latency so far, slowest stage so far, DRAM bytes so far [, groups so far under a group limit]) that no other
// label of the state matches within kPlanTolerance in all of them. Whatever follows a state adds the same to every
// label's latency and DRAM bytes and maxes the same into its slowest stage, so pruning a matched label loses at most
// a factor 1 + kPlanTolerance per group: the front is that close to the exact one, and every plan on it is costed
// exactly. A group option on more units that is no faster (and moves no fewer DRAM bytes) than one on fewer is
// never tried. Deterministic: fixed loop order, the first of matching labels kept.
#include <cstdint>
#include <vector>

#include "tessera/partition/partition_plan.h"

namespace tessera {

struct PlanSearch {
  const DeviceSpec& device;
  const GroupTensors& tensors;
  const GroupEvaluator& evaluator;
  int blocks = 0;
  int units = 0;       // allocation units of the whole device
  int unit_cores = 0;  // cores per unit
  DramShare dram_share = DramShare::demand;
  int64_t micro_batch = 1;    // samples per micro-batch: the graph the evaluator costs
  int64_t micro_batches = 1;  // per batch
};

struct SearchLimits {
  int max_groups = 0;  // 0: up to one group per block
  bool one_block_per_group = false;
};

// The latency / throughput Pareto front of the plans within `limits`, by latency ascending.
std::vector<PartitionPlan> search_pareto_plans(const PlanSearch& search, const SearchLimits& limits);

}  // namespace tessera
