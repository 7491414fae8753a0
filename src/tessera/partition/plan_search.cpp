#include "tessera/partition/plan_search.h"

#include <algorithm>

namespace tessera {
namespace {

struct Label {
  double latency_s = 0;
  double slowest_s = 0;
  double dram_bytes = 0;  // counted only when the period depends on it (demand)
  int groups = 0;
  int parent = -1;
  PlannedGroup group;
  Exchange exchange;  // from the parent's group into this one
};

// Labels by state (blocks placed, units used, last group's activations resident), each state kept non-dominated.
class LabelStore {
 public:
  LabelStore(int blocks, int units, bool count_groups)
      : units_(units), count_groups_(count_groups), states_(static_cast<size_t>(blocks + 1) * (units + 1) * 2) {
    arena_.push_back(Label{});
    states_[0].push_back(0);
  }

  const Label& label(int id) const { return arena_[id]; }

  const std::vector<int>& ids(int blocks, int units, bool resident) const {
    return states_[index(blocks, units, resident)];
  }
  // Whether any label has placed exactly `blocks` blocks.
  bool reached(int blocks) const {
    for (int units = 0; units <= units_; ++units) {
      if (!ids(blocks, units, false).empty() || !ids(blocks, units, true).empty()) return true;
    }
    return false;
  }

  void insert(int blocks, int units, bool resident, const Label& label) {
    std::vector<int>& ids = states_[index(blocks, units, resident)];
    for (int id : ids) {
      if (covers(arena_[id], label)) return;
    }
    std::erase_if(ids, [&](int id) { return covers(label, arena_[id]); });
    ids.push_back(static_cast<int>(arena_.size()));
    arena_.push_back(label);
  }

 private:
  size_t index(int blocks, int units, bool resident) const {
    return (static_cast<size_t>(blocks) * (units_ + 1) + units) * 2 + (resident ? 1 : 0);
  }
  bool covers(const Label& a, const Label& b) const {
    constexpr double within = 1 + kPlanTolerance;
    return a.latency_s <= b.latency_s * within && a.slowest_s <= b.slowest_s * within &&
           a.dram_bytes <= b.dram_bytes * within && (!count_groups_ || a.groups <= b.groups);
  }

  int units_;
  bool count_groups_;
  std::vector<std::vector<int>> states_;
  std::vector<Label> arena_;
};

// `a` makes `b` pointless: the same activation residency (so the same next state), no slower and, when the period
// counts DRAM bytes, moving no more.
bool beats(const GroupCost& a, const GroupCost& b, bool count_dram) {
  return a.residency.activations == b.residency.activations && a.time_s <= b.time_s &&
         (!count_dram || a.dram_bytes <= b.dram_bytes);
}

// The options of a group on `size` units worth trying: those no option on fewer units (`kept`, which they join) or
// an earlier option on as many beats.
std::vector<GroupCost> new_options(const std::vector<GroupCost>& costs, std::vector<GroupCost>& kept, bool count_dram) {
  std::vector<GroupCost> out;
  for (const GroupCost& cost : costs) {
    auto beats_it = [&](const GroupCost& k) { return beats(k, cost, count_dram); };
    if (std::none_of(kept.begin(), kept.end(), beats_it) && std::none_of(out.begin(), out.end(), beats_it)) {
      std::erase_if(out, [&](const GroupCost& o) { return beats(cost, o, count_dram); });
      out.push_back(cost);
    }
  }
  kept.insert(kept.end(), out.begin(), out.end());
  return out;
}

PartitionPlan reconstruct(const LabelStore& store, int id, const PlanSearch& search) {
  PartitionPlan plan;
  plan.micro_batch = search.micro_batch;
  plan.micro_batches = search.micro_batches;
  for (; store.label(id).parent >= 0; id = store.label(id).parent) {
    plan.groups.push_back(store.label(id).group);
    if (store.label(store.label(id).parent).parent >= 0) plan.exchanges.push_back(store.label(id).exchange);
  }
  std::reverse(plan.groups.begin(), plan.groups.end());
  std::reverse(plan.exchanges.begin(), plan.exchanges.end());
  finish_plan(plan, search.device, search.dram_share);
  return plan;
}

}  // namespace

std::vector<PartitionPlan> search_pareto_plans(const PlanSearch& search, const SearchLimits& limits) {
  int blocks = search.blocks, units = search.units;
  bool count_groups = limits.max_groups > 0 && limits.max_groups < blocks;
  int max_groups = count_groups ? limits.max_groups : blocks;
  bool count_dram = search.dram_share == DramShare::demand;
  LabelStore store(blocks, units, count_groups);
  for (int end = 1; end <= blocks; ++end) {
    for (int first = limits.one_block_per_group ? end - 1 : 0; first < end; ++first) {
      if (!store.reached(first)) continue;
      int64_t cut_bytes = first > 0 ? search.tensors.cut_bytes(first) : 0;
      std::vector<GroupCost> kept;
      for (int size = 1; size <= units; ++size) {
        std::vector<GroupCost> options = new_options(search.evaluator.costs(first, end - 1, size), kept, count_dram);
        for (int used = 0; used + size <= units; ++used) {
          for (bool resident : {false, true}) {
            for (int id : store.ids(first, used, resident)) {
              Label parent = store.label(id);
              if (parent.groups >= max_groups) continue;
              for (const GroupCost& cost : options) {
                Label next;
                if (parent.groups > 0) {
                  next.exchange = exchange_cost(search.device, cut_bytes, resident, cost.residency.activations);
                }
                next.latency_s = parent.latency_s + next.exchange.time_s + cost.time_s;
                next.slowest_s = std::max({parent.slowest_s, next.exchange.time_s, cost.time_s});
                next.dram_bytes = count_dram ? parent.dram_bytes + next.exchange.dram_bytes + cost.dram_bytes : 0;
                next.groups = parent.groups + 1;
                next.parent = id;
                next.group = {first, end - 1, size * search.unit_cores, cost};
                store.insert(end, used + size, cost.residency.activations, next);
              }
            }
          }
        }
      }
    }
  }
  std::vector<PartitionPlan> plans;
  for (int used = 1; used <= units; ++used) {
    for (bool resident : {false, true}) {
      for (int id : store.ids(blocks, used, resident)) plans.push_back(reconstruct(store, id, search));
    }
  }
  return pareto_front(std::move(plans));
}

}  // namespace tessera
