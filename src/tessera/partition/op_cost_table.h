#pragma once
// Every op's cost on sub-accelerators of every size, two ways (docs/partition.md, "Group time"):
//   streamed   the cost model on the carved sub-accelerator as it is: operands in DRAM, as `tessera run` has them;
//   resident   the cost model on resident_backed_device(): operands served by the on-chip resident store.
// Each is evaluated on first use and kept, once per distinct op: ops of the same kind, attributes, operand types and
// roles and work counts (the same layer repeated) cost the same on the same device.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "tessera/cost/op_cost.h"
#include "tessera/partition/sub_accelerator.h"

namespace tessera {

class OpCostTable {
 public:
  OpCostTable(const Graph& graph, const DeviceSpec& device, const CostModel& model, int unit_cores,
              DramShare dram_share, double resident_share);

  int units() const { return units_; }  // allocation units of the whole device
  // `units` in [1, units()].
  double streamed_s(int op, int units) { return streamed(op, units).latency_s; }
  double streamed_dram_bytes(int op, int units);  // the streamed cost's off-chip traffic
  double resident_s(int op, int units);
  const DeviceSpec& sub_accelerator(int units);

 private:
  struct Sizes {
    DeviceSpec sub;
    DeviceSpec resident_backed;
    std::vector<std::optional<OpCost>> streamed;  // by op id
    std::vector<std::optional<double>> resident_s;
  };
  Sizes& sizes(int units);
  const OpCost& streamed(int op, int units);
  void find_representatives();

  const Graph& graph_;
  const DeviceSpec& device_;
  const CostModel& model_;
  int unit_cores_;
  int units_;
  DramShare dram_share_;
  double resident_share_;
  std::vector<int> representative_;            // by op id: the first op identical to it
  std::vector<std::unique_ptr<Sizes>> sizes_;  // by units; null until first used
};

}  // namespace tessera
