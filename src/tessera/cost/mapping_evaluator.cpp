// Evaluation of one mapping: tile counts, the reuse rule per operand, traffic, times and energy
// (docs/cost-models.md, "analytic (mapper)"; the reuse rule is stated in mapping_evaluator.h).
#include "tessera/cost/mapping_evaluator.h"

#include <algorithm>
#include <limits>

#include "tessera/core/checked_math.h"
#include "tessera/cost/tile_footprint.h"

namespace tessera {
namespace {

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

}  // namespace

double transfer_time(double bytes, double bandwidth_bytes_per_s) {
  if (bytes <= 0) return 0;
  return bandwidth_bytes_per_s > 0 ? bytes / bandwidth_bytes_per_s : std::numeric_limits<double>::infinity();
}

MappingEvaluator::MappingEvaluator(const MapperProblem& problem, const MapperArch& arch)
    : problem_(problem), arch_(arch), dims_(static_cast<int>(problem.dims.size())), footprint_(problem) {
  for (const auto& operand : problem.operands) {
    Operand flat{indexing_mask(operand), operand.is_output, static_cast<int>(index_dims_.size()), 0};
    for (int d = 0; d < dims_ && d < 64; ++d) {
      if ((flat.mask >> d) & 1U) index_dims_.push_back(d), ++flat.index_dims;
    }
    operands_.push_back(flat);
  }
  int levels = static_cast<int>(arch.levels.size());
  length_ = levels + (arch.core_levels < levels ? 1 : 0);
  for (int i = 0, k = 0; i < levels; ++i, ++k) {
    if (i == arch.core_levels) ++k;  // the cores' joint tile sits below the first shared level
    chain_of_level_.push_back(k);
  }
  size_t cells = static_cast<size_t>(length_) * dims_;
  sizes_.assign(cells, 0);  // no tile has a zero size: the first evaluation counts every dim
  counts_.assign(cells, 1);
  stage_dims_.assign(cells, 0);
  stage_length_.assign(length_, 0);
  stage_spatial_.assign(length_, 0);
  averages_.assign(cells, 0);
}

void MappingEvaluator::build_chain(const Mapping& mapping) {
  changed_.assign(dims_, 0);
  auto set_size = [&](int k, int d, int64_t size) {
    int64_t& cell = sizes_[k * dims_ + d];
    if (cell != size) cell = size, changed_[d] = 1;
  };
  int levels = static_cast<int>(arch_.levels.size());
  for (int i = 0; i < levels; ++i) {
    int k = chain_of_level_[i];
    if (i == arch_.core_levels) {  // the cores' joint tile: the split over the cores, one stage below
      int joint = k - 1;
      for (int d = 0; d < dims_; ++d) {
        int64_t below = arch_.core_levels > 0 ? mapping.tiles[arch_.core_levels - 1][d] : 1;
        set_size(joint, d, std::min(problem_.dims[d], mapping.split[d] * below));
        stage_dims_[joint * dims_ + d] = d;
      }
      stage_length_[joint] = dims_;
      stage_spatial_[joint] = 1;
    }
    for (int d = 0; d < dims_; ++d) set_size(k, d, mapping.tiles[i][d]);
    const auto& order = mapping.orders[i];
    int loops = std::min(static_cast<int>(order.size()), dims_);
    std::copy(order.rbegin(), order.rbegin() + loops, stage_dims_.begin() + k * dims_);
    stage_length_[k] = loops;
    stage_spatial_[k] = 0;
  }
  for (int d = 0; d < dims_; ++d) {  // a dim's counts depend on its own sizes only: recount the dims that changed
    if (!changed_[d]) continue;
    dim_sizes_.resize(length_);
    for (int k = 0; k < length_; ++k) {
      dim_sizes_[k] = k + 1 == length_ ? problem_.dims[d] : std::max<int64_t>(sizes_[k * dims_ + d], 1);
    }
    for (int j = 0; j < length_; ++j) {
      int64_t count = nested_tile_count(dim_sizes_, j, full_);
      counts_[j * dims_ + d] = count;
      averages_[j * dims_ + d] = static_cast<double>(problem_.dims[d]) / static_cast<double>(count);
    }
  }
}

void MappingEvaluator::collect_loops_above(int level) {
  loops_.clear();
  for (int k = level + 1; k < length_; ++k) {
    const int64_t* inner = counts_.data() + (k - 1) * dims_;
    const int64_t* outer = counts_.data() + k * dims_;
    for (int l = 0; l < stage_length_[k]; ++l) {
      int d = stage_dims_[k * dims_ + l];
      if (inner[d] <= outer[d]) continue;  // the loop does not iterate
      loops_.push_back({d, static_cast<double>(inner[d]) / static_cast<double>(outer[d]), stage_spatial_[k] != 0});
    }
  }
}

double MappingEvaluator::refetch_factor(uint64_t mask) const {
  double factor = 1;
  bool refetching = false;
  for (const Loop& loop : loops_) {
    if (loop.dim < 64 && ((mask >> loop.dim) & 1U)) {
      // An indexing loop: new data, counted in the distinct tiles. The cores' loops are not in any one core's
      // sequence of tiles, so they leave the run alone.
      if (!loop.spatial) refetching = true;
    } else if (refetching || loop.spatial) {
      factor *= loop.iterations;
    }
  }
  return factor;
}

// Bytes moved into (and, for outputs, out of) the tiles of chain level `level` over the whole run.
double MappingEvaluator::fill_bytes(int level) {
  const int64_t* counts = counts_.data() + level * dims_;
  const double* average = averages_.data() + level * dims_;
  collect_loops_above(level);
  double bytes = 0;
  for (size_t i = 0; i < operands_.size(); ++i) {
    const Operand& operand = operands_[i];
    double distinct = footprint_.operand_bytes(i, average);
    for (int i = operand.first_index_dim; i < operand.first_index_dim + operand.index_dims; ++i) {
      distinct *= static_cast<double>(counts[index_dims_[i]]);
    }
    double fetched = distinct * refetch_factor(operand.mask);
    // An output tile refetched mid-reduction is read back and written again: writes + (writes - first writes).
    bytes += operand.is_output ? 2 * fetched - distinct : fetched;
  }
  return bytes;
}

void MappingEvaluator::set_split(const std::vector<int64_t>& split) {
  split_ = split;
  has_split_ = true;
  busy_cores_ = 1;
  double points = 1, core_points = 1;
  for (int d = 0; d < dims_; ++d) {
    busy_cores_ *= split[d];
    points *= static_cast<double>(problem_.dims[d]);
    core_points *= static_cast<double>(ceil_div(problem_.dims[d], split[d]));
  }
  double core_macs_per_s = arch_.macs_per_s / std::max(arch_.cores, 1);
  compute_s_ = arch_.macs_per_s > 0 && points > 0
                   ? static_cast<double>(problem_.macs) * (core_points / points) / core_macs_per_s
                   : 0;
}

void MappingEvaluator::evaluate(Mapping& mapping) {
  size_t levels = arch_.levels.size();
  build_chain(mapping);
  if (!has_split_ || mapping.split != split_) set_split(mapping.split);
  mapping.busy_cores = busy_cores_;
  mapping.fill_bytes.assign(levels, 0);
  for (size_t i = 0; i + 1 < levels; ++i) mapping.fill_bytes[i] = fill_bytes(chain_of_level_[i]);
  mapping.traffic_bytes.assign(levels, 0);
  mapping.time_s.assign(levels, 0);
  mapping.memory_s = mapping.energy_j = 0;
  for (size_t i = 0; i < levels; ++i) {
    double bytes = levels == 1 ? 0 : mapping.fill_bytes[i == 0 ? 0 : i - 1];
    bytes = std::max(bytes, static_cast<double>(problem_.compulsory_bytes));
    const MapperLevel& level = arch_.levels[i];
    double instances = static_cast<int>(i) < arch_.core_levels ? static_cast<double>(mapping.busy_cores) : 1.0;
    mapping.traffic_bytes[i] = bytes;
    mapping.time_s[i] = transfer_time(bytes, level.bandwidth_bytes_per_s * instances);
    mapping.memory_s = std::max(mapping.memory_s, mapping.time_s[i]);
    mapping.energy_j += bytes * level.energy_j_per_byte;
  }
  mapping.compute_s = compute_s_;
  mapping.latency_s = std::max(mapping.compute_s, mapping.memory_s);
}

}  // namespace tessera
