#include "tessera/cost/tile_footprint.h"

#include <algorithm>

namespace tessera {

double operand_footprint_bytes(const MapperOperand& operand, const double* tile) {
  double elements = 1;
  for (size_t a = 0; a < operand.axes.size(); ++a) {
    double span = 1;
    for (const auto& term : operand.axes[a]) span += static_cast<double>(term.coefficient) * (tile[term.dim] - 1);
    if (a < operand.extents.size()) span = std::min(span, static_cast<double>(operand.extents[a]));
    elements *= std::max(span, 1.0);
  }
  return elements * operand.element_bytes;
}

double tile_footprint_bytes(const MapperProblem& problem, const std::vector<int64_t>& tile) {
  thread_local std::vector<double> sizes;  // reused: the mapper calls this for every trial tile
  sizes.assign(tile.begin(), tile.end());
  double bytes = 0;
  for (const auto& operand : problem.operands) bytes += operand_footprint_bytes(operand, sizes.data());
  return bytes;
}

uint64_t indexing_mask(const MapperOperand& operand) {
  uint64_t mask = 0;
  for (const auto& axis : operand.axes) {
    for (const auto& term : axis) {
      if (term.dim < 64 && term.coefficient != 0) mask |= uint64_t{1} << term.dim;
    }
  }
  return mask;
}

}  // namespace tessera
