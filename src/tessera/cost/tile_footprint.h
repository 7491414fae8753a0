#pragma once
// Bytes a tile of a loop nest touches in each operand. An axis indexed by sum(c_j x d_j) + offset spans
// sum(c_j x (t_j - 1)) + 1 elements over a tile of t_j points along each d_j (a convolution's input window includes
// its halo), clipped to the tensor's extent; an axis with no terms spans one element. Tile sizes may be fractional:
// the mapper passes average tile sizes (extent / number of tiles) to count ragged tiles exactly along single-term axes.
#include <cstdint>
#include <vector>

#include "tessera/cost/mapper.h"

namespace tessera {

double operand_footprint_bytes(const MapperOperand& operand, const double* tile);
double tile_footprint_bytes(const MapperProblem& problem, const std::vector<int64_t>& tile);

// Bit mask of the dims that index an operand (dims beyond 63 are ignored: no op has that many).
uint64_t indexing_mask(const MapperOperand& operand);

}  // namespace tessera
