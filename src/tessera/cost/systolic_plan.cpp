// Planning a contraction on the systolic arrays: split each GEMM over the arrays, fold the busiest array's share
// (systolic_folds), and count its traffic per memory level (systolic_traffic).
#include <algorithm>
#include "tessera/core/checked_math.h"
#include <cmath>

#include "tessera/core/error.h"
#include "tessera/cost/systolic_cost.h"
#include "tessera/cost/systolic_traffic.h"

namespace tessera {
namespace {


// One array's share of a GEMM: `entries` products of `dims` on the busiest array, and `shares` such pieces in all.
struct Share {
  GemmDims dims;
  int64_t entries = 1;
  double shares = 1;           // over all arrays and entries
  OperandBytes stored;         // one piece's operands as stored
  double filter_once = 0;      // a shared filter's pieces (LSTM), fetched once when they stay in the buffers
};

Share share_of(const SystolicGemm& g, SplitDim split, int64_t arrays) {
  Share s;
  s.dims = g.dims;
  s.entries = g.batch;
  s.stored = {g.ifmap_bytes, g.filter_bytes, g.ofmap_bytes};
  auto batch = static_cast<double>(g.batch);
  s.shares = batch;
  if (split == SplitDim::batch) {
    s.entries = ceil_div(g.batch, arrays);
  } else if (split == SplitDim::m) {
    s.dims.m = ceil_div(g.dims.m, arrays);
    double part = static_cast<double>(s.dims.m) / static_cast<double>(g.dims.m);
    s.stored.ifmap *= part;
    s.stored.ofmap *= part;
    s.shares = batch / part;
  } else {
    s.dims.n = ceil_div(g.dims.n, arrays);
    double part = static_cast<double>(s.dims.n) / static_cast<double>(g.dims.n);
    s.stored.filter *= part;
    s.stored.ofmap *= part;
    s.shares = batch / part;
  }
  if (g.filter_shared) s.filter_once = s.stored.filter * s.shares / batch;
  return s;
}

// Bytes a level beyond the buffer moves for all shares of one GEMM; `capacity` is one array's buffer share. The
// operand a split does not divide (the filter for an M split, the ifmap for an N split) is needed by every array;
// the arrays of one core share its buffer, so it is fetched once per core (no multicast between cores).
double refill_total(const SystolicMachine& machine, Dataflow dataflow, const SystolicGemm& g, SplitDim split,
                    const Share& s, double capacity) {
  OperandBytes r = refill_bytes(machine.array, dataflow, {s.dims, g.element_bytes, s.stored, capacity});
  double per_core = 1.0 / static_cast<double>(machine.arrays_per_core);
  double ifmap = r.ifmap * s.shares * (split == SplitDim::n ? per_core : 1.0);
  double filter_factor = split == SplitDim::m ? per_core : 1.0;
  double filter = r.filter * s.shares * filter_factor;
  if (g.filter_shared && s.stored.filter <= capacity) filter = s.filter_once * filter_factor;  // kept across steps
  return ifmap + filter + r.ofmap * s.shares;
}

// The capacity, per array and halved for double buffering, of the on-chip levels inside level `j`.
double buffer_capacity(const SystolicMachine& machine, size_t j) {
  double bytes = 0;
  for (size_t i = 0; i < j; ++i) {
    bytes += static_cast<double>(machine.levels[i].size_bytes) * machine.levels[i].instances;
  }
  return bytes / 2.0 / static_cast<double>(machine.arrays);
}

// One GEMM split one way: the busiest array's cycles and the traffic per level.
struct GemmPlan {
  SplitDim split = SplitDim::m;
  FoldResult folds;
  int64_t cycles = 0;
  std::vector<double> level_bytes;
  double time_s = 0;  // max(cycles / frequency, each level's bytes / bandwidth)
};

GemmPlan plan_gemm(const SystolicGemm& g, SplitDim split, const SystolicMachine& machine, Dataflow dataflow,
                   bool fused) {
  GemmPlan p;
  p.split = split;
  Share s = share_of(g, split, machine.arrays);
  OperandView view = operand_view(dataflow, s.dims);
  view.t = ceil_div(view.t, std::max(machine.macs_per_pe_per_cycle, 1));  // packed MACs per PE per cycle
  p.folds = systolic_folds(machine.array, dataflow, view);
  p.cycles = s.entries * p.folds.array_cycles;
  p.time_s = static_cast<double>(p.cycles) / machine.frequency_hz;
  p.level_bytes.assign(machine.levels.size(), 0.0);
  for (size_t j = 0; j < p.level_bytes.size(); ++j) {
    if (j == 0) {
      p.level_bytes[j] = array_side_bytes(machine.array, dataflow, s.dims, g.element_bytes).total() * s.shares;
    } else if (!fused) {
      p.level_bytes[j] = refill_total(machine, dataflow, g, split, s, buffer_capacity(machine, j));
    }
    p.time_s = std::max(p.time_s, p.level_bytes[j] / machine.levels[j].total_bandwidth_bytes_per_s);
  }
  return p;
}

// Batch (when its entries are independent), M and N, largest first (ties in that order); the fastest split wins,
// ties going to the larger dimension. K is never split: that would need a reduction across arrays.
GemmPlan best_split(const SystolicGemm& g, const SystolicMachine& machine, Dataflow dataflow, bool fused) {
  std::vector<std::pair<int64_t, SplitDim>> candidates;
  if (g.batch_parallel && g.batch > 1) candidates.emplace_back(g.batch, SplitDim::batch);
  candidates.emplace_back(g.dims.m, SplitDim::m);
  candidates.emplace_back(g.dims.n, SplitDim::n);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  GemmPlan best = plan_gemm(g, candidates.front().second, machine, dataflow, fused);
  for (size_t i = 1; i < candidates.size(); ++i) {
    GemmPlan p = plan_gemm(g, candidates[i].second, machine, dataflow, fused);
    if (p.time_s < best.time_s) best = std::move(p);
  }
  return best;
}

}  // namespace

SystolicMachine systolic_machine(const DeviceSpec& device, DType dtype) {
  const std::optional<MatrixUnit>& unit = device.cores.matrix;
  if (!unit || unit->kind != MatrixUnitKind::systolic) {
    throw InputError("the systolic cost model needs a systolic matrix unit, but device '" + device.name + "' has " +
                     (unit ? "an mma (tensor-core style) matrix unit" : "no matrix unit") +
                     " (use --cost roofline or --cost gpu)");
  }
  if (unit->rows <= 0 || unit->cols <= 0 || unit->dataflows.empty()) {
    throw InputError("device '" + device.name + "': a systolic matrix unit needs rows, cols and dataflows");
  }
  SystolicMachine machine;
  machine.array = {unit->rows, unit->cols};
  machine.arrays_per_core = unit->count;
  machine.arrays = static_cast<int64_t>(unit->count) * device.cores.count;
  auto rate = unit->macs_per_pe_per_cycle.find(dtype);
  machine.macs_per_pe_per_cycle = rate == unit->macs_per_pe_per_cycle.end() ? 0 : rate->second;
  machine.frequency_hz = matrix_frequency_hz(device);
  machine.dataflows = unit->dataflows;
  machine.levels = memory_bandwidths(device);
  return machine;
}

SystolicPlan plan_systolic(const SystolicWork& work, const SystolicMachine& machine, Dataflow dataflow,
                           int64_t compulsory_bytes) {
  SystolicPlan plan;
  plan.dataflow = dataflow;
  std::vector<double> level_bytes(machine.levels.size(), 0.0);
  for (const SystolicGemm& g : work.gemms) {
    GemmPlan p = best_split(g, machine, dataflow, work.fused);
    plan.splits.push_back(p.split);
    plan.folds.push_back(p.folds);
    plan.compute_cycles += p.cycles;
    for (size_t j = 0; j < level_bytes.size(); ++j) level_bytes[j] += p.level_bytes[j];
  }
  plan.compute_s = static_cast<double>(plan.compute_cycles) / machine.frequency_hz;
  for (size_t j = 0; j < level_bytes.size(); ++j) {
    double bytes = std::ceil(std::max(level_bytes[j], static_cast<double>(compulsory_bytes)));
    double time_s = bytes / machine.levels[j].total_bandwidth_bytes_per_s;
    plan.traffic.push_back({machine.levels[j].level, static_cast<int64_t>(bytes), time_s});
    plan.memory_s = std::max(plan.memory_s, time_s);
  }
  plan.stall_cycles =
      static_cast<int64_t>(std::ceil(std::max(0.0, plan.memory_s - plan.compute_s) * machine.frequency_hz));
  return plan;
}

SystolicPlan best_systolic_plan(const SystolicWork& work, const SystolicMachine& machine, int64_t compulsory_bytes) {
  SystolicPlan best;
  bool first = true;
  for (Dataflow dataflow : machine.dataflows) {
    SystolicPlan plan = plan_systolic(work, machine, dataflow, compulsory_bytes);
    if (first || plan.latency_s() < best.latency_s()) best = std::move(plan);
    first = false;
  }
  return best;
}

}  // namespace tessera
