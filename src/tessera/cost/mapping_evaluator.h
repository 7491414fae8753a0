#pragma once
// The mapper's inner loop: one mapping's traffic, times and energy (docs/cost-models.md, "analytic (mapper)"). The
// search evaluates hundreds of mappings per op, each differing from the last in one level's tile, so the problem and
// the architecture are flattened once per search into plain arrays, and per dim the tile counts of the last chain of
// sizes are kept: an evaluation recounts only the dims whose sizes changed.
//
// The chain: the mapping's tile sizes innermost first — the per-core levels, the cores' joint tile (when there are
// shared levels), the shared levels, the last holding the whole problem. Stage k is the loops of chain level k over
// the tiles of chain level k - 1 (the joint level's stage is the spatial split over the cores).
//
// Reuse rule (Timeloop's): walk the loops above a level's tile from the innermost outwards, skipping loops that do
// not iterate. The innermost run of loops that do not index an operand keeps its tile resident (reuse); from the first
// loop that indexes it outwards, every iteration of a loop that does not index it refetches the tile. The spatial
// split over the cores copies the tile to every core along a dim that does not index it (no multicast) but does not
// end the run: each core keeps its own copy resident across the loops above.
#include <cstdint>
#include <vector>

#include "tessera/cost/mapper.h"
#include "tessera/cost/tile_footprint.h"

namespace tessera {

// Time to move `bytes` at a bandwidth (infinite when there are bytes and no bandwidth).
double transfer_time(double bytes, double bandwidth_bytes_per_s);

class MappingEvaluator {
 public:
  MappingEvaluator(const MapperProblem& problem, const MapperArch& arch);

  // Fills the mapping's results from its split, tiles and orders.
  void evaluate(Mapping& mapping);

  // Bytes of one tile of every operand (tile_footprint.h).
  double footprint_bytes(const std::vector<int64_t>& tile) const { return footprint_.bytes(tile); }

 private:
  struct Operand {
    uint64_t mask;  // the dims that index it
    bool is_output;
    int first_index_dim, index_dims;  // the same dims, ascending, in index_dims_
  };

  struct Loop {  // a loop above a tile that iterates
    int dim;
    double iterations;
    bool spatial;
  };

  void build_chain(const Mapping& mapping);
  // The busy cores and the busiest core's compute time of a split.
  void set_split(const std::vector<int64_t>& split);
  // The loops above chain level `level` that iterate, innermost first, into loops_.
  void collect_loops_above(int level);
  // How many times an operand's tile is fetched, as a multiple of its distinct tiles (loops_ must be collected).
  double refetch_factor(uint64_t mask) const;
  double fill_bytes(int level);

  const MapperProblem& problem_;
  const MapperArch& arch_;
  int dims_ = 0;
  int length_ = 0;  // chain levels
  TileFootprint footprint_;
  std::vector<Operand> operands_;
  std::vector<int> index_dims_;
  std::vector<int> chain_of_level_;
  // Per chain level, flat [level x dims], kept from the last evaluation:
  std::vector<int64_t> sizes_;
  std::vector<int64_t> counts_;     // tiles of the level along each dim (from sizes_)
  std::vector<double> averages_;    // the level's average tile along each dim: extent / count
  std::vector<int> stage_dims_;     // the stage's loops, innermost first
  std::vector<int> stage_length_;   // how many loops the stage has
  std::vector<char> stage_spatial_;
  std::vector<char> changed_;             // per dim: a size differs from the last evaluation's
  std::vector<int64_t> dim_sizes_, full_;  // scratch for the tile counts
  bool has_split_ = false;
  std::vector<int64_t> split_;  // the last split seen, its busy cores and compute time
  int64_t busy_cores_ = 1;
  double compute_s_ = 0;
  std::vector<Loop> loops_;
};

}  // namespace tessera
