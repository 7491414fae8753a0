#include "tessera/explore/search_checks.h"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "tessera/core/error.h"

namespace tessera {
namespace {

// Beyond 2^53 consecutive whole numbers are no longer all representable, so an integer range could not be counted.
constexpr double kLargestExactInteger = 9007199254740992.0;

void check_dimension(const std::string& algorithm, size_t index, const SearchDimension& dim) {
  if (!std::isfinite(dim.low) || !std::isfinite(dim.high)) {
    throw InputError(fmt::format("{}: search dimension {} has a bound that is not finite ({}..{})", algorithm, index,
                                 dim.low, dim.high));
  }
  if (dim.low > dim.high) {
    throw InputError(
        fmt::format("{}: search dimension {} has low {} above high {}", algorithm, index, dim.low, dim.high));
  }
  if (!dim.integer) return;
  if (dim.low != std::floor(dim.low) || dim.high != std::floor(dim.high)) {
    throw InputError(fmt::format("{}: integer search dimension {} has bounds {}..{} that are not whole numbers",
                                 algorithm, index, dim.low, dim.high));
  }
  if (std::abs(dim.low) > kLargestExactInteger || std::abs(dim.high) > kLargestExactInteger) {
    throw InputError(fmt::format("{}: integer search dimension {} has bounds {}..{} beyond +-2^53", algorithm, index,
                                 dim.low, dim.high));
  }
}

}  // namespace

void check_search_start(const std::string& algorithm, const SearchSpace& space, const SearchOptions& options) {
  if (space.dims.empty()) throw InputError(algorithm + ": the search space has no dimensions");
  for (size_t i = 0; i < space.dims.size(); ++i) check_dimension(algorithm, i, space.dims[i]);
  if (space.objectives < 1) {
    throw InputError(fmt::format("{}: the search needs at least one objective (got {})", algorithm, space.objectives));
  }
  if (options.batch < 1)
    throw InputError(fmt::format("{}: batch must be at least 1 (got {})", algorithm, options.batch));
  if (options.budget < 0)
    throw InputError(fmt::format("{}: budget must not be negative (got {})", algorithm, options.budget));
}

void check_reported(const std::string& algorithm, const std::vector<std::vector<double>>& objectives, size_t batch_size,
                    int objective_count) {
  if (objectives.size() != batch_size) {
    throw InputError(fmt::format("{}: report() got {} objective vectors for a batch of {} points", algorithm,
                                 objectives.size(), batch_size));
  }
  for (size_t i = 0; i < objectives.size(); ++i) {
    if (objectives[i].size() != static_cast<size_t>(objective_count)) {
      throw InputError(fmt::format("{}: objective vector {} has {} values, the search has {} objectives", algorithm, i,
                                   objectives[i].size(), objective_count));
    }
    for (double value : objectives[i]) {
      if (!std::isfinite(value)) {
        throw InputError(
            fmt::format("{}: objective vector {} holds {}; report infeasible points with a large finite penalty",
                        algorithm, i, value));
      }
    }
  }
}

void check_nothing_outstanding(const std::string& algorithm, size_t outstanding) {
  if (outstanding > 0) {
    throw std::logic_error(fmt::format("{}: next() called before report() answered the previous batch of {} points",
                                       algorithm, outstanding));
  }
}

}  // namespace tessera
