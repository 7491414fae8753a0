#pragma once
// The mapper: for a contraction's loop nest (workload/loop_nest.h) on a memory hierarchy, choose per memory level a
// tile size for every dimension and a loop order, and report the traffic through every level, the latency and the
// energy of that mapping (Timeloop's mapspace, searched greedily; docs/cost-models.md, "analytic (mapper)").
//
// Nest, innermost first: the compute units; memory levels [0, core_levels) private to each core; the spatial split
// of the work over the cores; the shared levels; the backing store (the last level, off-chip), which holds the whole
// problem. tiles[i] is what memory level i holds; the loops of level i step over tiles[i-1] inside tiles[i] in
// orders[i] (outermost first). A tile is a multiple of the tile below it or the whole (per-core) dimension, so tiles
// need not divide the dimension: the last tile along a dimension is ragged.
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/workload/loop_nest.h"

namespace tessera {

class Graph;
struct Op;

struct MapperOperand {
  std::vector<std::vector<IndexTerm>> axes;  // one affine index per tensor axis (LoopNest's Operand::axes)
  std::vector<int64_t> extents;              // the tensor's extent per axis: footprints are clipped to it
  double element_bytes = 0;
  bool is_output = false;
  bool operator==(const MapperOperand&) const = default;
};

struct MapperProblem {
  std::vector<int64_t> dims;  // LoopNest::dims sizes
  std::vector<MapperOperand> operands;
  int64_t macs = 0;              // the op's MACs (need not equal the loop points: attention counts two per point)
  int64_t compulsory_bytes = 0;  // the op's bytes read + written: no level moves less
  bool operator==(const MapperProblem&) const = default;
};

struct MapperLevel {
  std::string name;
  int64_t capacity_bytes = 0;        // of one instance; 0 or less: the level is bypassed (holds its child's tile)
  double bandwidth_bytes_per_s = 0;  // of one instance (a per-core level's total is this x busy cores)
  double energy_j_per_byte = 0;
  bool operator==(const MapperLevel&) const = default;
};

struct MapperArch {
  std::vector<MapperLevel> levels;  // innermost first; the last is the backing store (never full)
  int core_levels = 0;              // levels [0, core_levels) are per core
  int cores = 1;
  double macs_per_s = 0;  // whole device, at the op's dtype
  int buffering = 2;      // on-chip tiles are double-buffered: buffering x footprint <= capacity
  bool operator==(const MapperArch&) const = default;
};

enum class MapperObjective { latency, energy };

struct Mapping {
  std::vector<int64_t> split;               // per dim: how many cores share it (product = busy cores)
  std::vector<std::vector<int64_t>> tiles;  // per memory level, per dim; the last is the whole problem
  std::vector<std::vector<int>> orders;     // per memory level, loops outermost first (orders[0] unused)
  // Results of evaluate_mapping():
  std::vector<double> fill_bytes;     // per level: bytes moved between it and its parent (0 for the last)
  std::vector<double> traffic_bytes;  // per level: level 0 its fills, level i >= 1 its child's fills; >= compulsory
  std::vector<double> time_s;         // per level: traffic / bandwidth (all busy instances)
  double compute_s = 0;
  double memory_s = 0;
  double latency_s = 0;
  double energy_j = 0;  // traffic energy (MAC energy does not depend on the mapping and is left out)
  int64_t busy_cores = 1;
  bool fits = true;         // every on-chip tile (and the cores' joint tile) fits its level
  int64_t evaluations = 0;  // mappings the search evaluated
};

// The problem of a graph op: its loop nest, tensor extents and element sizes.
MapperProblem mapper_problem(const Graph& graph, const Op& op);

// Fills a mapping's results (traffic, times, energy) from its split, tiles and orders.
void evaluate_mapping(const MapperProblem& problem, const MapperArch& arch, Mapping& mapping);

// Whether every on-chip tile (buffering x footprint) fits one instance of its level, and the cores' joint tile
// (the per-core tiles of all busy cores) fits the first shared level.
bool mapping_fits(const MapperProblem& problem, const MapperArch& arch, const Mapping& mapping);

// The search (deterministic, bounded); results are cached per (problem, arch, objective).
Mapping map_loop_nest(const MapperProblem& problem, const MapperArch& arch,
                      MapperObjective objective = MapperObjective::latency);

// Empties the cache of map_loop_nest() (benchmarks of the uncached search).
void clear_mapping_cache();

// Split of the work over the cores: over one or two of the three largest dims that index an output, the factors that
// minimise max(busiest core's compute, operand bytes copied to every core that needs them / bandwidth of the level
// above the split, the same / the busy cores' innermost level); ties keep the fewest cores.
std::vector<int64_t> core_split(const MapperProblem& problem, const MapperArch& arch);

}  // namespace tessera
