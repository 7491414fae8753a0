// The mapper's problem of a graph op, the fit check and the split of the work over the cores
// (docs/cost-models.md, "analytic (mapper)"); one mapping's evaluation is mapping_evaluator.cpp.
#include <algorithm>

#include "tessera/core/checked_math.h"
#include "tessera/cost/mapper.h"
#include "tessera/cost/mapping_evaluator.h"
#include "tessera/cost/tile_footprint.h"
#include "tessera/workload/graph.h"

namespace tessera {

void evaluate_mapping(const MapperProblem& problem, const MapperArch& arch, Mapping& mapping) {
  MappingEvaluator(problem, arch).evaluate(mapping);
}

bool mapping_fits(const MapperProblem& problem, const MapperArch& arch, const Mapping& mapping) {
  for (size_t i = 0; i + 1 < arch.levels.size(); ++i) {
    int64_t capacity = arch.levels[i].capacity_bytes;
    if (capacity > 0 && arch.buffering * tile_footprint_bytes(problem, mapping.tiles[i]) > capacity) return false;
  }
  return true;
}

MapperProblem mapper_problem(const Graph& graph, const Op& op) {
  MapperProblem problem;
  for (const auto& dim : op.loops.dims) problem.dims.push_back(dim.size);
  for (const auto& operand : op.loops.operands) {
    const auto& ids = operand.is_output ? op.outputs : op.inputs;
    if (operand.slot < 0 || operand.slot >= static_cast<int>(ids.size())) continue;
    const Tensor& tensor = graph.tensor(ids[operand.slot]);
    problem.operands.push_back(
        {operand.axes, tensor.shape, dtype_bits(tensor.dtype) / 8.0, operand.is_output});
  }
  problem.macs = op.macs;
  problem.compulsory_bytes = op.bytes_read + op.bytes_written;
  return problem;
}

namespace {

constexpr size_t kSplitDims = 3;  // the core split considers the largest three dims that index an output

// Estimated time of a split: the busiest core's MACs, and the operands' bytes, each copied to every core that needs
// it (no multicast), through the level above the split and through the busy cores' innermost level.
double split_time_s(const MapperProblem& problem, const MapperArch& arch, const std::vector<int64_t>& split) {
  double points = 1, core_points = 1, busy = 1;
  std::vector<double> whole(problem.dims.size());
  for (size_t d = 0; d < problem.dims.size(); ++d) {
    points *= static_cast<double>(problem.dims[d]);
    core_points *= static_cast<double>(ceil_div(problem.dims[d], split[d]));
    busy *= static_cast<double>(split[d]);
    whole[d] = static_cast<double>(problem.dims[d]);
  }
  TileFootprint footprint(problem);
  double bytes = 0;
  for (size_t i = 0; i < problem.operands.size(); ++i) {
    const MapperOperand& operand = problem.operands[i];
    double copies = 1;
    uint64_t mask = indexing_mask(operand);
    for (size_t d = 0; d < split.size(); ++d) {
      if (d >= 64 || !((mask >> d) & 1U)) copies *= static_cast<double>(split[d]);
    }
    bytes += copies * footprint.operand_bytes(i, whole.data());
  }
  double compute_s = arch.macs_per_s > 0 ? static_cast<double>(problem.macs) * core_points / points /
                                               (arch.macs_per_s / std::max(arch.cores, 1))
                                         : 0;
  double time_s = compute_s;
  if (arch.core_levels < static_cast<int>(arch.levels.size())) {
    time_s = std::max(time_s, transfer_time(bytes, arch.levels[arch.core_levels].bandwidth_bytes_per_s));
  }
  if (arch.core_levels > 0) time_s = std::max(time_s, transfer_time(bytes, arch.levels[0].bandwidth_bytes_per_s * busy));
  return time_s;
}

}  // namespace

std::vector<int64_t> core_split(const MapperProblem& problem, const MapperArch& arch) {
  std::vector<int64_t> none(problem.dims.size(), 1);
  uint64_t output_mask = 0;
  for (const auto& operand : problem.operands) {
    if (operand.is_output) output_mask |= indexing_mask(operand);
  }
  std::vector<int> parallel;
  for (int d = 0; d < static_cast<int>(problem.dims.size()) && d < 64; ++d) {
    if (((output_mask >> d) & 1U) && problem.dims[d] > 1) parallel.push_back(d);
  }
  std::stable_sort(parallel.begin(), parallel.end(), [&](int a, int b) { return problem.dims[a] > problem.dims[b]; });
  if (parallel.size() > kSplitDims) parallel.resize(kSplitDims);
  std::vector<int64_t> best = none;
  double best_s = split_time_s(problem, arch, none);
  for (size_t i = 0; i < parallel.size(); ++i) {
    for (size_t j = i; j < parallel.size(); ++j) {  // j == i: one dim only
      int64_t da = problem.dims[parallel[i]], db = problem.dims[parallel[j]];
      for (int64_t fa = 2; fa <= std::min<int64_t>(arch.cores, da); ++fa) {
        std::vector<int64_t> split = none;
        split[parallel[i]] = ceil_div(da, ceil_div(da, fa));  // cores that get work along the dim
        int64_t fb = j == i ? 1 : std::min<int64_t>(arch.cores / fa, db);
        if (j != i) split[parallel[j]] = ceil_div(db, ceil_div(db, fb));
        double s = split_time_s(problem, arch, split);
        if (s < best_s * (1 - 1e-12)) best_s = s, best = split;
      }
    }
  }
  return best;
}

}  // namespace tessera
