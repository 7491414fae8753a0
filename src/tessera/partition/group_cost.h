#pragma once
// The time one (micro-)batch takes through a group of consecutive blocks on its sub-accelerator, for each way of
// keeping data on chip (docs/partition.md, "Group time"). Per op, with A = the group keeps its activations on chip
// and W = the op's weights are pinned on chip:
//   nothing of the op on chip:  t = streamed latency;  DRAM = the streamed cost's off-chip traffic
//   otherwise:  DRAM d = DRAM-only bytes + (W ? 0 : weight bytes) + (A ? 0 : activation bytes)   (each once)
//               t = max(resident latency, d / DRAM bandwidth of the sub-accelerator)
// A group's time and DRAM bytes are the sums over its ops (they run one after another, as in `tessera run`).
// Residencies tried, each only when it fits the resident budget:
//   streamed; activations (peak activation bytes); and, with and without the activations, weights pinned op by op -
//   greedily, the ops saving the most time per weight byte first (then DRAM bytes per byte), while they fit what the
//   activations leave. The whole device pins what fits too, so a hybrid is never credited with a residency the
//   sequential design could have had.
#include <cstdint>
#include <optional>
#include <vector>

#include "tessera/partition/group_tensors.h"
#include "tessera/partition/op_cost_table.h"

namespace tessera {

struct Residency {
  bool activations = false;
  int pinned_ops = 0;        // ops whose weights stay on chip
  bool all_weights = false;  // every op of the group with weights is pinned
  bool operator==(const Residency&) const = default;
};

struct GroupCost {
  Residency residency;
  double time_s = 0;
  double dram_bytes = 0;
  int64_t pinned_weight_bytes = 0;
  int64_t resident_bytes = 0;  // pinned weights + (activations on chip ? peak activation bytes : 0)
};

class GroupEvaluator {
 public:
  GroupEvaluator(const std::vector<LayerBlock>& blocks, const GroupTensors& tensors, OpCostTable& table,
                 double resident_share);

  // Blocks [first, last] on `units` allocation units: the streamed cost first, then each residency that fits.
  std::vector<GroupCost> costs(int first, int last, int units) const;

 private:
  // One op's time and DRAM bytes on some units, by [activations on chip][weights on chip].
  struct OpCost2x2 {
    double time_s[2][2] = {};
    double dram_bytes[2][2] = {};
  };
  const OpCost2x2& op_cost(int op, int units) const;
  int64_t activation_peak_bytes(int first, int last) const;
  GroupCost pinned_cost(int first, int last, int units, bool activations, int64_t room) const;

  const std::vector<LayerBlock>& blocks_;
  const GroupTensors& tensors_;
  OpCostTable& table_;
  double resident_share_;
  size_t ops_;
  mutable std::vector<std::optional<int64_t>> activation_peaks_;  // by first x blocks + last, on first use
  mutable std::vector<std::optional<OpCost2x2>> op_costs_;        // by units x ops + op, on first use
};

}  // namespace tessera
