#include "tessera/partition/partition_study.h"

#include <string>

#include "tessera/core/error.h"
#include "tessera/partition/plan_search.h"

namespace tessera {

void validate_partition_options(const PartitionOptions& options) {
  if (!(options.resident_share >= 0 && options.resident_share < 1)) {
    throw InputError("--resident-share must be in [0, 1), got " + std::to_string(options.resident_share));
  }
  if (options.max_groups < 0) {
    throw InputError("--max-groups must be at least 1, got " + std::to_string(options.max_groups));
  }
}

int BatchPartition::best_dominating_hybrid() const {
  int best = -1;
  for (size_t i = 0; i < front.size(); ++i) {
    bool hybrid = plan_strategy(front[i], static_cast<int>(split.blocks.size())) == Strategy::hybrid;
    if (hybrid && verdicts[i].dominates_sequential && verdicts[i].dominates_spatial) best = static_cast<int>(i);
  }
  return best;
}

std::vector<int64_t> micro_batch_sizes(int64_t samples) {
  std::vector<int64_t> sizes;
  for (int64_t m = 1; m < samples && samples % m == 0; m *= 2) sizes.push_back(m);
  sizes.push_back(samples);
  return sizes;
}

namespace {

// Prefers `a` to `b` as the sequential plan: faster beyond kPlanTolerance, or as fast and more productive beyond it.
bool better_sequential(const PartitionPlan& a, const PartitionPlan& b) {
  double within = 1 + kPlanTolerance;
  return a.latency_s * within < b.latency_s ||
         (a.latency_s <= b.latency_s * within && a.throughput_per_s() > b.throughput_per_s() * within);
}

// One group running every block in turn, on the whole device unless fewer cores are better (a cost model need not
// be monotone in cores; idle cores are allowed), for each residency that fits.
void pick_sequential(const PlanSearch& search, PartitionPlan& best) {
  for (int units = search.units; units >= 1; --units) {
    for (const GroupCost& cost : search.evaluator.costs(0, search.blocks - 1, units)) {
      PartitionPlan plan;
      plan.micro_batch = search.micro_batch;
      plan.micro_batches = search.micro_batches;
      plan.groups.push_back({0, search.blocks - 1, units * search.unit_cores, cost});
      finish_plan(plan, search.device, search.dram_share);
      if (best.groups.empty() || better_sequential(plan, best)) best = std::move(plan);
    }
  }
}

void append(std::vector<PartitionPlan>& to, std::vector<PartitionPlan> plans) {
  to.insert(to.end(), std::make_move_iterator(plans.begin()), std::make_move_iterator(plans.end()));
}

}  // namespace

BatchPartition partition_batch(MicroBatchModels& models, int64_t samples, const std::vector<int64_t>& micro_batches,
                               const PartitionOptions& options) {
  validate_partition_options(options);
  const DeviceSpec& device = models.device();
  BatchPartition result;
  result.samples = samples;
  result.split = models.at(samples).split;
  result.unit_cores = allocation_unit_cores(device);
  result.units = device.cores.count / result.unit_cores;
  int blocks = static_cast<int>(result.split.blocks.size());
  bool spatial_fits = result.units >= blocks && blocks > 1;
  std::vector<PartitionPlan> all, spatial;
  // Sequential prefers the whole batch at once, then the largest micro-batches.
  for (auto it = micro_batches.rbegin(); it != micro_batches.rend(); ++it) {
    int64_t micro_batch = *it;
    MicroBatchModel& model = models.at(micro_batch);
    if (static_cast<int>(model.split.blocks.size()) != blocks) continue;
    PlanSearch search{device,           model.tensors,      model.evaluator,      blocks, result.units,
                      result.unit_cores, options.dram_share, micro_batch, samples / micro_batch};
    append(all, search_pareto_plans(search, {options.max_groups, false}));
    pick_sequential(search, result.sequential);
    if (spatial_fits) append(spatial, search_pareto_plans(search, {0, true}));
  }
  result.front = pareto_front(std::move(all));
  if (spatial_fits) result.spatial = pareto_front(std::move(spatial)).back();  // the highest throughput
  for (const auto& plan : result.front) {
    result.verdicts.push_back({dominates(plan, result.sequential),
                               spatial_fits && dominates(plan, result.spatial)});
  }
  return result;
}

}  // namespace tessera
