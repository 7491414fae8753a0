#include "tessera/partition/group_cost.h"

#include <algorithm>

#include "tessera/partition/resident_store.h"

namespace tessera {

GroupEvaluator::GroupEvaluator(const std::vector<LayerBlock>& blocks, const GroupTensors& tensors,
                               OpCostTable& table, double resident_share)
    : blocks_(blocks),
      tensors_(tensors),
      table_(table),
      resident_share_(resident_share),
      ops_(tensors.op_count()),
      activation_peaks_(blocks.size() * blocks.size()),
      op_costs_(ops_ * (table.units() + 1)) {}

const GroupEvaluator::OpCost2x2& GroupEvaluator::op_cost(int op, int units) const {
  std::optional<OpCost2x2>& entry = op_costs_[static_cast<size_t>(units) * ops_ + op];
  if (entry) return *entry;
  entry = OpCost2x2{};
  double dram_bandwidth = table_.sub_accelerator(units).off_chip.bandwidth_bytes_per_s;
  const OperandBytes& bytes = tensors_.operand_bytes(op);
  for (int a = 0; a < 2; ++a) {
    for (int w = 0; w < 2; ++w) {
      if ((a ? bytes.activations : 0) + (w ? bytes.weights : 0) <= 0) {
        entry->time_s[a][w] = table_.streamed_s(op, units);
        entry->dram_bytes[a][w] = table_.streamed_dram_bytes(op, units);
        continue;
      }
      double dram = bytes.dram_only + (w ? 0 : bytes.weights) + (a ? 0 : bytes.activations);
      entry->time_s[a][w] = std::max(table_.resident_s(op, units), dram > 0 ? dram / dram_bandwidth : 0);
      entry->dram_bytes[a][w] = dram;
    }
  }
  return *entry;
}

int64_t GroupEvaluator::activation_peak_bytes(int first, int last) const {
  std::optional<int64_t>& entry = activation_peaks_[static_cast<size_t>(first) * blocks_.size() + last];
  if (!entry) entry = tensors_.activation_peak_bytes(first, last);
  return *entry;
}

GroupCost GroupEvaluator::pinned_cost(int first, int last, int units, bool activations, int64_t room) const {
  int a = activations ? 1 : 0;
  struct Candidate {
    int op;
    double time_per_byte, dram_per_byte;
  };
  std::vector<Candidate> candidates;
  std::vector<int> ops;
  for (int b = first; b <= last; ++b) ops.insert(ops.end(), blocks_[b].ops.begin(), blocks_[b].ops.end());
  for (int op : ops) {
    const OpCost2x2& c = op_cost(op, units);
    auto bytes = static_cast<double>(tensors_.op_weight_bytes(op));
    double saved_s = c.time_s[a][0] - c.time_s[a][1], saved_bytes = c.dram_bytes[a][0] - c.dram_bytes[a][1];
    if (bytes > 0 && (saved_s > 0 || saved_bytes > 0)) candidates.push_back({op, saved_s / bytes, saved_bytes / bytes});
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
    return x.time_per_byte != y.time_per_byte ? x.time_per_byte > y.time_per_byte : x.dram_per_byte > y.dram_per_byte;
  });
  std::vector<bool> pinned(tensors_.op_count(), false);
  GroupCost group;
  group.residency.activations = activations;
  for (const Candidate& candidate : candidates) {
    int64_t bytes = tensors_.op_weight_bytes(candidate.op);
    if (group.pinned_weight_bytes + bytes > room) continue;
    group.pinned_weight_bytes += bytes;
    pinned[candidate.op] = true;
    ++group.residency.pinned_ops;
  }
  bool all = true;
  for (int op : ops) {
    const OpCost2x2& c = op_cost(op, units);
    group.time_s += c.time_s[a][pinned[op] ? 1 : 0];
    group.dram_bytes += c.dram_bytes[a][pinned[op] ? 1 : 0];
    all = all && (pinned[op] || tensors_.op_weight_bytes(op) == 0);
  }
  group.residency.all_weights = all && group.residency.pinned_ops > 0;
  group.resident_bytes = group.pinned_weight_bytes;
  return group;
}

std::vector<GroupCost> GroupEvaluator::costs(int first, int last, int units) const {
  int64_t budget = resident_budget_bytes(table_.sub_accelerator(units), resident_share_);
  int64_t activations = activation_peak_bytes(first, last);
  std::vector<GroupCost> out{pinned_cost(first, last, units, false, 0)};
  GroupCost pinned = pinned_cost(first, last, units, false, budget);
  if (pinned.residency.pinned_ops > 0) out.push_back(pinned);
  if (activations > 0 && activations <= budget) {
    for (GroupCost cost : {pinned_cost(first, last, units, true, 0),
                           pinned_cost(first, last, units, true, budget - activations)}) {
      if (cost.residency.pinned_ops == 0 && out.back().residency.activations) continue;  // as the one before
      cost.resident_bytes += activations;
      out.push_back(cost);
    }
  }
  return out;
}

}  // namespace tessera
