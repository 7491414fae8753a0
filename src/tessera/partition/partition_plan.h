#pragma once
// A partition plan: consecutive groups of blocks, each on its own sub-accelerator, pipelined (docs/partition.md,
// "Pipeline"). A batch of B samples runs as q = B / m micro-batches of m; every group processes a whole
// micro-batch, then hands it to the next:
//   stage latency = sum of group times + sum of exchanges          (one micro-batch through every stage)
//   stage period  = max(group times, exchanges, [demand] DRAM bytes of all groups and exchanges / DRAM bandwidth)
//   latency       = stage latency + (q - 1) x stage period          (the last micro-batch enters q - 1 periods late)
//   period        = q x stage period                                (a new batch every period in steady state)
//   throughput    = B / period
// Group times come from the micro-batch's graph, so a group that streams its weights streams them once per
// micro-batch. Sequential is one group on the whole device; spatial is one group per block.
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/partition/exchange.h"
#include "tessera/partition/group_cost.h"
#include "tessera/partition/sub_accelerator.h"

namespace tessera {

struct PlannedGroup {
  int first_block = 0;  // blocks [first_block, last_block]
  int last_block = 0;
  int cores = 0;
  GroupCost cost;
};

struct PartitionPlan {
  std::vector<PlannedGroup> groups;
  std::vector<Exchange> exchanges;  // exchanges[g]: from group g to group g + 1
  int64_t micro_batch = 1;          // samples per micro-batch
  int64_t micro_batches = 1;        // per batch
  double stage_latency_s = 0;
  double stage_period_s = 0;
  double latency_s = 0;
  double period_s = 0;
  double dram_bytes = 0;  // per batch, groups and exchanges
  int64_t samples() const { return micro_batch * micro_batches; }
  double throughput_per_s() const { return period_s > 0 ? static_cast<double>(samples()) / period_s : 0; }
};

// Sets the stage and batch latencies and periods and the DRAM bytes from the groups, exchanges and micro-batches.
void finish_plan(PartitionPlan& plan, const DeviceSpec& device, DramShare dram_share);

enum class Strategy { sequential, spatial, hybrid };
// One group: sequential; one group per block (of more than one block): spatial; else hybrid.
Strategy plan_strategy(const PartitionPlan& plan, int blocks);
// "sequential", "spatial" or "hybrid-<groups>".
std::string strategy_label(const PartitionPlan& plan, int blocks);

// Relative differences below this are not differences: the search's precision (plan_search.h), and a margin no
// partition decision should hang on.
inline constexpr double kPlanTolerance = 1e-3;

// `a` is no slower and no less productive than `b` (within kPlanTolerance), and better by more than it in one.
bool dominates(const PartitionPlan& a, const PartitionPlan& b);

// The plans no other plan dominates, by latency ascending (throughput ascending with it): a plan is kept when its
// throughput beats the kept plan before it by more than kPlanTolerance. Of plans equal in both, the one moving the
// fewest DRAM bytes, then the first.
std::vector<PartitionPlan> pareto_front(std::vector<PartitionPlan> plans);

}  // namespace tessera
