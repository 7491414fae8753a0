#include "tessera/partition/partition_plan.h"

#include <algorithm>

namespace tessera {

void finish_plan(PartitionPlan& plan, const DeviceSpec& device, DramShare dram_share) {
  double latency_s = 0, period_s = 0, dram_bytes = 0;
  for (const auto& group : plan.groups) {
    latency_s += group.cost.time_s;
    period_s = std::max(period_s, group.cost.time_s);
    dram_bytes += group.cost.dram_bytes;
  }
  for (const auto& exchange : plan.exchanges) {
    latency_s += exchange.time_s;
    period_s = std::max(period_s, exchange.time_s);
    dram_bytes += exchange.dram_bytes;
  }
  if (dram_share == DramShare::demand && dram_bytes > 0) {
    period_s = std::max(period_s, dram_bytes / device.off_chip.bandwidth_bytes_per_s);
  }
  auto q = static_cast<double>(plan.micro_batches);
  plan.stage_latency_s = latency_s;
  plan.stage_period_s = period_s;
  plan.latency_s = latency_s + (q - 1) * period_s;
  plan.period_s = q * period_s;
  plan.dram_bytes = q * dram_bytes;
}

Strategy plan_strategy(const PartitionPlan& plan, int blocks) {
  if (plan.groups.size() == 1) return Strategy::sequential;
  return static_cast<int>(plan.groups.size()) == blocks ? Strategy::spatial : Strategy::hybrid;
}

std::string strategy_label(const PartitionPlan& plan, int blocks) {
  switch (plan_strategy(plan, blocks)) {
    case Strategy::sequential: return "sequential";
    case Strategy::spatial: return "spatial";
    case Strategy::hybrid: break;
  }
  return "hybrid-" + std::to_string(plan.groups.size());
}

bool dominates(const PartitionPlan& a, const PartitionPlan& b) {
  double ta = a.throughput_per_s(), tb = b.throughput_per_s();
  bool no_worse = a.latency_s <= b.latency_s * (1 + kPlanTolerance) && ta >= tb * (1 - kPlanTolerance);
  bool better = a.latency_s < b.latency_s * (1 - kPlanTolerance) || ta > tb * (1 + kPlanTolerance);
  return no_worse && better;
}

std::vector<PartitionPlan> pareto_front(std::vector<PartitionPlan> plans) {
  std::stable_sort(plans.begin(), plans.end(), [](const PartitionPlan& a, const PartitionPlan& b) {
    if (a.latency_s != b.latency_s) return a.latency_s < b.latency_s;
    if (a.throughput_per_s() != b.throughput_per_s()) return a.throughput_per_s() > b.throughput_per_s();
    return a.dram_bytes < b.dram_bytes;
  });
  std::vector<PartitionPlan> front;
  for (auto& plan : plans) {
    if (front.empty() || plan.throughput_per_s() > front.back().throughput_per_s() * (1 + kPlanTolerance)) {
      front.push_back(std::move(plan));
    }
  }
  return front;
}

}  // namespace tessera
