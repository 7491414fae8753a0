// Search algorithm "grid": the full factorial grid, enumerated in a fixed order with the last dimension varying
// fastest, until the grid or the budget runs out. Integer dimensions take every whole number in [low, high]; real ones
// kGridLevels evenly spaced values from low to high inclusive (one value when low == high).
#include <cstdint>

#include "tessera/core/registry.h"
#include "tessera/explore/search_algorithm.h"
#include "tessera/explore/search_checks.h"

namespace tessera {
namespace {

// Levels per real dimension. Five gives the ends, the middle and the quarter points: enough to see a trend along each
// axis, while a grid of d real dimensions still has only 5^d points.
constexpr int64_t kGridLevels = 5;

int64_t level_count(const SearchDimension& dim) {
  if (dim.integer) return static_cast<int64_t>(dim.high - dim.low) + 1;
  return dim.low == dim.high ? 1 : kGridLevels;
}

double level_value(const SearchDimension& dim, int64_t level) {
  if (dim.integer) return dim.low + static_cast<double>(level);
  if (level == kGridLevels - 1) return dim.high;  // exactly, whatever the rounding of the step
  return dim.low + (dim.high - dim.low) * static_cast<double>(level) / static_cast<double>(kGridLevels - 1);
}

class GridSearch final : public SearchAlgorithm {
 public:
  void start(const SearchSpace& space, const SearchOptions& options) override {
    check_search_start("grid", space, options);
    space_ = space;
    batch_ = options.batch;
    remaining_ = options.budget;
    levels_.clear();
    for (const SearchDimension& dim : space.dims) levels_.push_back(level_count(dim));
    // An odometer over the levels rather than a flat index: the number of grid points may not fit in 64 bits.
    position_.assign(space.dims.size(), 0);
    exhausted_ = false;
    outstanding_ = 0;
  }

  std::vector<SearchPoint> next() override {
    check_nothing_outstanding("grid", outstanding_);
    std::vector<SearchPoint> batch;
    while (!exhausted_ && remaining_ > 0 && static_cast<int64_t>(batch.size()) < batch_) {
      batch.push_back(current_point());
      advance();
      --remaining_;
    }
    outstanding_ = batch.size();
    return batch;
  }

  void report(const std::vector<std::vector<double>>& objectives) override {
    check_reported("grid", objectives, outstanding_, space_.objectives);
    outstanding_ = 0;
  }

 private:
  SearchPoint current_point() const {
    SearchPoint point(space_.dims.size());
    for (size_t i = 0; i < point.size(); ++i) point[i] = level_value(space_.dims[i], position_[i]);
    return point;
  }

  void advance() {
    for (size_t i = position_.size(); i-- > 0;) {
      if (++position_[i] < levels_[i]) return;
      position_[i] = 0;
    }
    exhausted_ = true;
  }

  SearchSpace space_;
  int64_t batch_ = 1;
  int64_t remaining_ = 0;
  std::vector<int64_t> levels_;
  std::vector<int64_t> position_;
  bool exhausted_ = true;
  size_t outstanding_ = 0;
};

}  // namespace

TESSERA_REGISTER(SearchAlgorithm, GridSearch, "grid");

}  // namespace tessera
