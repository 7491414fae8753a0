#pragma once
// Search algorithms for design-space exploration, driven ask/tell style: next() proposes a batch of points, the
// explorer evaluates them (in parallel, possibly resumed from its store) and hands the objective vectors back through
// report(). Every objective is minimised. Algorithms register by name (grid, random, nsga2, cmaes) and are seeded and
// deterministic: the same space, options and reported objectives give the same sequence of batches, which is what
// lets a killed exploration resume from its store.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tessera {

// One decision variable. Integer dimensions take the whole numbers in [low, high] (choices are indices); real ones
// any value in [low, high].
struct SearchDimension {
  double low = 0;
  double high = 1;
  bool integer = false;
};

struct SearchSpace {
  std::vector<SearchDimension> dims;
  int objectives = 1;  // > 1 needs a multi-objective algorithm (nsga2, grid, random)
};

struct SearchOptions {
  uint64_t seed = 1;
  int64_t budget = 100;  // points to evaluate at most (grid: stops earlier when the grid is exhausted)
  int batch = 32;        // points per next() (population size for the evolutionary algorithms)
};

using SearchPoint = std::vector<double>;

class SearchAlgorithm {
 public:
  virtual ~SearchAlgorithm() = default;
  // Called once before next(). Throws InputError when the algorithm cannot search this space (e.g. cmaes with two
  // objectives).
  virtual void start(const SearchSpace& space, const SearchOptions& options) = 0;
  // The next batch to evaluate, every point inside the space's bounds (integers exact); empty when the search is over.
  virtual std::vector<SearchPoint> next() = 0;
  // The objective vectors of the batch the last next() returned, in its order. Infeasible points come back with
  // large finite penalties, never NaN.
  virtual void report(const std::vector<std::vector<double>>& objectives) = 0;
};

// Throws InputError naming the unknown algorithm and the known ones.
std::unique_ptr<SearchAlgorithm> make_search_algorithm(const std::string& name);
std::vector<std::string> search_algorithm_names();

}  // namespace tessera
