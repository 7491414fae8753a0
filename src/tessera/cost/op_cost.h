#pragma once
// The cost of one operator on one device, and the interface every cost model implements (one .cpp per model,
// registered by name: `--cost roofline` creates Registry<CostModel>'s "roofline").
#include <string>
#include <vector>

#include "tessera/hardware/hardware_spec.h"
#include "tessera/workload/graph.h"

namespace tessera {

enum class Bound { compute, memory, none };
std::string_view bound_name(Bound bound);

// Bytes one op moves through one memory level and the time that takes at the level's bandwidth.
struct LevelTraffic {
  std::string level;
  int64_t bytes = 0;
  double time_s = 0;
};

struct OpCost {
  double latency_s = 0;
  double compute_s = 0;  // the slowest compute unit's busy time
  double memory_s = 0;   // the slowest memory level's transfer time
  std::vector<LevelTraffic> traffic;  // innermost level first, off-chip last
  Bound bound = Bound::none;          // which of compute_s and memory_s sets the latency (none: no work)
  // Of the unit doing the op's main work: MAC FLOP/s over the matrix peak at the op's dtype for ops with MACs, else
  // vector FLOP/s over the vector peak. At most 1.
  double utilization = 0;
};

class CostModel {
 public:
  virtual ~CostModel() = default;
  virtual std::string description() const = 0;
  virtual OpCost evaluate(const Graph& graph, const Op& op, const DeviceSpec& device) const = 0;
};

// The dtype an op computes in: its first input's (its output's when it has no inputs).
DType op_compute_dtype(const Graph& graph, const Op& op);

}  // namespace tessera
