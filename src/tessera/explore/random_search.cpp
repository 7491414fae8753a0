// Search algorithm "random": independent uniform points (portable_random.h), in batches, until the budget is spent.
#include <algorithm>
#include <random>

#include "tessera/core/registry.h"
#include "tessera/explore/portable_random.h"
#include "tessera/explore/search_algorithm.h"
#include "tessera/explore/search_checks.h"

namespace tessera {
namespace {

class RandomSearch final : public SearchAlgorithm {
 public:
  void start(const SearchSpace& space, const SearchOptions& options) override {
    check_search_start("random", space, options);
    space_ = space;
    batch_ = options.batch;
    remaining_ = options.budget;
    engine_.seed(options.seed);
    outstanding_ = 0;
  }

  std::vector<SearchPoint> next() override {
    check_nothing_outstanding("random", outstanding_);
    int64_t count = std::min<int64_t>(batch_, remaining_);
    std::vector<SearchPoint> batch;
    for (int64_t i = 0; i < count; ++i) batch.push_back(uniform_point(space_, engine_));
    remaining_ -= count;
    outstanding_ = batch.size();
    return batch;
  }

  void report(const std::vector<std::vector<double>>& objectives) override {
    check_reported("random", objectives, outstanding_, space_.objectives);
    outstanding_ = 0;
  }

 private:
  SearchSpace space_;
  int64_t batch_ = 1;
  int64_t remaining_ = 0;
  std::mt19937_64 engine_;
  size_t outstanding_ = 0;
};

}  // namespace

TESSERA_REGISTER(SearchAlgorithm, RandomSearch, "random");

}  // namespace tessera
