#include "tessera/cost/tile_footprint.h"

#include <algorithm>
#include <limits>

namespace tessera {

TileFootprint::TileFootprint(const MapperProblem& problem) {
  for (const auto& operand : problem.operands) {
    operands_.push_back({static_cast<int>(axes_.size()), static_cast<int>(operand.axes.size()), operand.element_bytes});
    for (size_t a = 0; a < operand.axes.size(); ++a) {
      double extent = a < operand.extents.size() ? static_cast<double>(operand.extents[a])
                                                 : std::numeric_limits<double>::infinity();
      axes_.push_back({static_cast<int>(terms_.size()), static_cast<int>(operand.axes[a].size()), extent});
      for (const auto& term : operand.axes[a]) terms_.push_back({term.dim, static_cast<double>(term.coefficient)});
    }
  }
}

double TileFootprint::bytes(const std::vector<int64_t>& tile) const {
  double total = 0;
  for (const auto& operand : operands_) total += bytes_of(operand, tile.data());
  return total;
}

double tile_footprint_bytes(const MapperProblem& problem, const std::vector<int64_t>& tile) {
  return TileFootprint(problem).bytes(tile);
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
