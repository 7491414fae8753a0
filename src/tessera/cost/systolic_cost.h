#pragma once
// The "systolic" cost model (`--cost systolic`, docs/cost-models.md, section systolic): contraction ops run as
// SCALE-Sim GEMMs folded over the device's systolic arrays (systolic_folds.h: stall-free cycles, SCALE-Sim v2
// exact), on the best of the device's dataflows, with SRAM/off-chip traffic from the buffer sizes
// (systolic_traffic.h) and bandwidth stalls; other ops run on the vector unit exactly as the roofline costs them, and
// grouped convs take the faster of the arrays and the vector unit. This header exposes the plan (the dataflow, split,
// cycles and stalls) that the CostModel condenses into an OpCost.
#include <vector>

#include "tessera/cost/op_cost.h"
#include "tessera/cost/systolic_folds.h"
#include "tessera/cost/systolic_gemm.h"
#include "tessera/hardware/peaks.h"

namespace tessera {

struct SystolicMachine {
  SystolicArrayDims array;
  int64_t arrays = 1;              // matrix units per core x cores
  int64_t arrays_per_core = 1;     // they share the core's memories
  int macs_per_pe_per_cycle = 0;   // at the op's dtype; 0 when the array lacks it
  double frequency_hz = 0;
  std::vector<Dataflow> dataflows;  // as listed in the spec; the first wins ties
  std::vector<MemoryBandwidth> levels;  // memory_bandwidths(device): innermost first, off-chip last
};
// Throws InputError naming the device when it has no systolic matrix unit (e.g. a GPU's tensor cores).
SystolicMachine systolic_machine(const DeviceSpec& device, DType dtype);

// The dimension along which a GEMM is divided over the arrays (each takes ceil(dim / arrays) of it): whichever of
// batch (when its entries are independent), M and N gives the lowest max(busiest array's cycles, traffic time); ties
// go to the largest dimension. K is never split (it would need a reduction across arrays).
enum class SplitDim { batch, m, n };

struct SystolicPlan {
  Dataflow dataflow = Dataflow::ws;
  std::vector<SplitDim> splits;  // per GEMM of the work
  std::vector<FoldResult> folds;  // per GEMM: one entry of the busiest array's share
  int64_t compute_cycles = 0;    // the busiest array, stall-free: sum over GEMMs of entries x folds x cycles per fold
  double compute_s = 0;          // compute_cycles / frequency
  std::vector<LevelTraffic> traffic;  // per level of machine.levels
  double memory_s = 0;           // the slowest level
  int64_t stall_cycles = 0;      // ceil(max(0, memory_s - compute_s) x frequency): loads overlap compute
  double latency_s() const { return compute_s > memory_s ? compute_s : memory_s; }
};

// The plan for one dataflow. `compulsory_bytes` (each operand once) floors every level's traffic.
SystolicPlan plan_systolic(const SystolicWork& work, const SystolicMachine& machine, Dataflow dataflow,
                           int64_t compulsory_bytes);
// The plan of the device's dataflow with the lowest latency (ties: the first listed).
SystolicPlan best_systolic_plan(const SystolicWork& work, const SystolicMachine& machine, int64_t compulsory_bytes);

}  // namespace tessera
