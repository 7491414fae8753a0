// Evaluation of one mapping: tile counts, the reuse rule per operand, traffic, times and energy
// (docs/cost-models.md, "analytic (mapper)").
#include <algorithm>
#include "tessera/core/checked_math.h"
#include <limits>

#include "tessera/cost/loop_order.h"
#include "tessera/cost/mapper.h"
#include "tessera/cost/tile_footprint.h"
#include "tessera/workload/graph.h"

namespace tessera {
namespace {

constexpr size_t kSplitDims = 3;  // the core split considers the largest three dims that index an output


// Tiles of sizes[j] when the sizes (innermost first, the last the whole extent) tile the extent hierarchically:
// each tile is cut into tiles of the size below, the last of each ragged. full[m]: j-tiles in one whole m-tile
// (`full` is scratch space, reused across calls).
int64_t nested_tile_count(const std::vector<int64_t>& sizes, int j, std::vector<int64_t>& full) {
  int top = static_cast<int>(sizes.size()) - 1;
  full.assign(sizes.size(), 1);
  auto count_in = [&](int k, int64_t extent) {  // j-tiles in a region of `extent` at level k
    int64_t total = 0;
    for (; k > j; --k) {
      if (extent < sizes[k - 1]) continue;  // a region smaller than one child tile: cut it one level down
      total += (extent / sizes[k - 1]) * full[k - 1];
      extent %= sizes[k - 1];
      if (extent == 0) return total;
    }
    return total + 1;
  };
  for (int m = j + 1; m <= top; ++m) full[m] = count_in(m, sizes[m]);
  return full[top];
}

// The nest as a chain of tile sizes, innermost first: the per-core levels, the cores' joint tile, the shared levels.
// One Chain per thread is rebuilt in place for every mapping the search evaluates, so its vectors keep their
// capacity: the mapper evaluates thousands of mappings per op, and allocation was half of its time.
struct Chain {
  std::vector<std::vector<int64_t>> sizes;
  std::vector<LoopStage> stages;  // stages[k]: the loops of chain level k over chain level k - 1's tiles
  std::vector<int> chain_of_level;
  TileCounts counts;
  std::vector<int64_t> dim_sizes, full;  // scratch for the tile counts
  std::vector<double> average;           // scratch for fill_bytes
  // Per dim, the last chain of sizes seen and its tile counts: a search step changes one dim's tile, so the other
  // dims' counts (integer divisions, most of an evaluation's time) carry over from the previous evaluation.
  std::vector<std::vector<int64_t>> seen_sizes, seen_counts;
};

void build_chain(const MapperProblem& problem, const MapperArch& arch, const Mapping& mapping, Chain& chain) {
  size_t dims = problem.dims.size();
  size_t length = arch.levels.size() + (arch.core_levels < static_cast<int>(arch.levels.size()) ? 1 : 0);
  chain.sizes.resize(length);
  chain.stages.resize(length);
  chain.chain_of_level.clear();
  size_t k = 0;
  for (int i = 0; i < static_cast<int>(arch.levels.size()); ++i) {
    if (i == arch.core_levels) {  // the cores' joint tile
      auto& joint = chain.sizes[k];
      joint.resize(dims);
      for (size_t d = 0; d < dims; ++d) {
        int64_t below = arch.core_levels > 0 ? mapping.tiles[arch.core_levels - 1][d] : 1;
        joint[d] = std::min(problem.dims[d], mapping.split[d] * below);
      }
      chain.stages[k].dims_inner_first.resize(dims);
      for (size_t d = 0; d < dims; ++d) chain.stages[k].dims_inner_first[d] = static_cast<int>(d);
      chain.stages[k].spatial = true;
      ++k;
    }
    chain.chain_of_level.push_back(static_cast<int>(k));
    chain.sizes[k].assign(mapping.tiles[i].begin(), mapping.tiles[i].end());
    const auto& order = mapping.orders[i];
    chain.stages[k].dims_inner_first.assign(order.rbegin(), order.rend());
    chain.stages[k].spatial = false;
    ++k;
  }
  chain.counts.resize(length);
  for (auto& level : chain.counts) level.assign(dims, 1);
  if (chain.seen_sizes.size() < dims) {
    chain.seen_sizes.resize(dims);
    chain.seen_counts.resize(dims);
  }
  for (size_t d = 0; d < dims; ++d) {
    chain.dim_sizes.clear();
    for (const auto& level : chain.sizes) chain.dim_sizes.push_back(std::max<int64_t>(level[d], 1));
    chain.dim_sizes.back() = problem.dims[d];
    auto& counts = chain.seen_counts[d];
    if (chain.dim_sizes != chain.seen_sizes[d]) {
      chain.seen_sizes[d] = chain.dim_sizes;
      counts.resize(length);
      for (int j = 0; j < static_cast<int>(length); ++j) counts[j] = nested_tile_count(chain.dim_sizes, j, chain.full);
    }
    for (size_t j = 0; j < length; ++j) chain.counts[j][d] = counts[j];
  }
}

// Bytes moved into (and, for outputs, out of) the tiles of chain level `level` over the whole run.
double fill_bytes(const MapperProblem& problem, Chain& chain, int level) {
  const auto& counts = chain.counts[level];
  std::vector<double>& average = chain.average;
  average.resize(counts.size());
  for (size_t d = 0; d < counts.size(); ++d) {
    average[d] = static_cast<double>(problem.dims[d]) / static_cast<double>(counts[d]);
  }
  double bytes = 0;
  for (const auto& operand : problem.operands) {
    uint64_t mask = indexing_mask(operand);
    double distinct = operand_footprint_bytes(operand, average.data());
    for (size_t d = 0; d < counts.size(); ++d) {
      if (d < 64 && ((mask >> d) & 1U)) distinct *= static_cast<double>(counts[d]);
    }
    double fetched = distinct * refetch_factor(mask, chain.stages, chain.counts, level);
    // An output tile refetched mid-reduction is read back and written again: writes + (writes - first writes).
    bytes += operand.is_output ? 2 * fetched - distinct : fetched;
  }
  return bytes;
}

double transfer_time(double bytes, double bandwidth_bytes_per_s) {
  if (bytes <= 0) return 0;
  return bandwidth_bytes_per_s > 0 ? bytes / bandwidth_bytes_per_s : std::numeric_limits<double>::infinity();
}

}  // namespace

void evaluate_mapping(const MapperProblem& problem, const MapperArch& arch, Mapping& mapping) {
  size_t levels = arch.levels.size();
  thread_local Chain chain;
  build_chain(problem, arch, mapping, chain);
  mapping.busy_cores = 1;
  double points = 1, core_points = 1;
  for (size_t d = 0; d < problem.dims.size(); ++d) {
    mapping.busy_cores *= mapping.split[d];
    points *= static_cast<double>(problem.dims[d]);
    core_points *= static_cast<double>(ceil_div(problem.dims[d], mapping.split[d]));
  }
  mapping.fill_bytes.assign(levels, 0);
  for (size_t i = 0; i + 1 < levels; ++i) mapping.fill_bytes[i] = fill_bytes(problem, chain, chain.chain_of_level[i]);
  mapping.traffic_bytes.assign(levels, 0);
  mapping.time_s.assign(levels, 0);
  mapping.memory_s = mapping.energy_j = 0;
  for (size_t i = 0; i < levels; ++i) {
    double bytes = levels == 1 ? 0 : mapping.fill_bytes[i == 0 ? 0 : i - 1];
    bytes = std::max(bytes, static_cast<double>(problem.compulsory_bytes));
    const MapperLevel& level = arch.levels[i];
    double instances = static_cast<int>(i) < arch.core_levels ? static_cast<double>(mapping.busy_cores) : 1.0;
    mapping.traffic_bytes[i] = bytes;
    mapping.time_s[i] = transfer_time(bytes, level.bandwidth_bytes_per_s * instances);
    mapping.memory_s = std::max(mapping.memory_s, mapping.time_s[i]);
    mapping.energy_j += bytes * level.energy_j_per_byte;
  }
  double core_macs_per_s = arch.macs_per_s / std::max(arch.cores, 1);
  mapping.compute_s = arch.macs_per_s > 0 && points > 0
                          ? static_cast<double>(problem.macs) * (core_points / points) / core_macs_per_s
                          : 0;
  mapping.latency_s = std::max(mapping.compute_s, mapping.memory_s);
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
  double bytes = 0;
  for (const auto& operand : problem.operands) {
    double copies = 1;
    uint64_t mask = indexing_mask(operand);
    for (size_t d = 0; d < split.size(); ++d) {
      if (d >= 64 || !((mask >> d) & 1U)) copies *= static_cast<double>(split[d]);
    }
    bytes += copies * operand_footprint_bytes(operand, whole.data());
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
