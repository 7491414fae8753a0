#pragma once
// Bytes a tile of a loop nest touches in each operand. An axis indexed by sum(c_j x d_j) + offset spans
// sum(c_j x (t_j - 1)) + 1 elements over a tile of t_j points along each d_j (a convolution's input window includes
// its halo), clipped to the tensor's extent; an axis with no terms spans one element. Tile sizes may be fractional:
// the mapper passes average tile sizes (extent / number of tiles) to count ragged tiles exactly along single-term axes.
// The operands' index terms are flattened once into plain arrays: the mapper asks for footprints on every trial.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "tessera/cost/mapper.h"

namespace tessera {

class TileFootprint {
 public:
  explicit TileFootprint(const MapperProblem& problem);

  // Bytes of one tile of operand i (the problem's order); sizes per dim.
  double operand_bytes(size_t i, const double* tile) const { return bytes_of(operands_[i], tile); }
  // Bytes of one tile of every operand.
  double bytes(const std::vector<int64_t>& tile) const;

 private:
  struct Term {
    int dim;
    double coefficient;
  };
  struct Axis {
    int first_term, terms;
    double extent;  // +inf where the tensor's extent is not known
  };
  struct Operand {
    int first_axis, axes;
    double element_bytes;
  };

  template <typename Size>
  double bytes_of(const Operand& operand, const Size* tile) const;

  std::vector<Term> terms_;
  std::vector<Axis> axes_;
  std::vector<Operand> operands_;
};

template <typename Size>
inline double TileFootprint::bytes_of(const Operand& operand, const Size* tile) const {
  double elements = 1;
  for (int a = operand.first_axis; a < operand.first_axis + operand.axes; ++a) {
    const Axis& axis = axes_[a];
    double span = 1;
    for (int t = axis.first_term; t < axis.first_term + axis.terms; ++t) {
      span += terms_[t].coefficient * (static_cast<double>(tile[terms_[t].dim]) - 1);
    }
    span = std::min(span, axis.extent);
    elements *= std::max(span, 1.0);
  }
  return elements * operand.element_bytes;
}

double tile_footprint_bytes(const MapperProblem& problem, const std::vector<int64_t>& tile);

// Bit mask of the dims that index an operand (dims beyond 63 are ignored: no op has that many).
uint64_t indexing_mask(const MapperOperand& operand);

}  // namespace tessera
