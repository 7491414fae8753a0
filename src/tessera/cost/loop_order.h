#pragma once
// Loop orders and the reuse rule of the mapper (docs/cost-models.md, "analytic (mapper)").
//
// Reuse rule (Timeloop's): walk the loops above a level's tile from the innermost outwards, skipping loops that do
// not iterate. The innermost run of loops that do not index an operand keeps its tile resident (reuse); from the first
// loop that indexes it outwards, every iteration of a loop that does not index it refetches the tile. The spatial
// split over the cores copies the tile to every core along a dim that does not index it (no multicast) but does not
// end the run: each core keeps its own copy resident across the loops above.
#include <cstdint>
#include <vector>

#include "tessera/cost/mapper.h"

namespace tessera {

// One level of loops above a tile: dims innermost first, or the spatial split over the cores.
struct LoopStage {
  std::vector<int> dims_inner_first;
  bool spatial = false;
};

// Tiles of chain level k along dim d: tile_counts[k][d] (chain levels innermost first; stage k steps over k - 1).
using TileCounts = std::vector<std::vector<int64_t>>;

// How many times the tile of chain level `level` of an operand indexed by `mask` is fetched, as a multiple of the
// distinct tiles: the product over non-indexing dims of their counted iterations.
double refetch_factor(uint64_t mask, const std::vector<LoopStage>& stages, const TileCounts& counts, int level);

// Candidate loop orders (outermost first): per operand, the dims that index it outside and its reuse dims inside,
// each group in dim order; duplicates dropped. Dims of size 1 are left out.
std::vector<std::vector<int>> candidate_orders(const MapperProblem& problem);

}  // namespace tessera
