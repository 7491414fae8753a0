#pragma once
// The exploration loop: the search algorithm proposes batches; points already in the store are taken from it (a
// resumed run re-proposes the same sequence, being seeded, and evaluates only what is missing); the rest are
// evaluated in parallel and each result is written to the store the moment it arrives; the objectives go back to the
// algorithm. Duplicates within a batch are evaluated once.
#include <cstdint>
#include <string>

#include "tessera/explore/batch_runner.h"
#include "tessera/explore/design_evaluator.h"
#include "tessera/explore/result_store.h"

namespace tessera {

struct ExploreProgress {
  int64_t proposed = 0;  // points the algorithm has proposed so far
  int64_t budget = 0;
  int64_t evaluated = 0;  // evaluated in this run
  int64_t reused = 0;     // found in the store, or a repeat within its batch
  double elapsed_s = 0;
};

struct ExploreSummary {
  int64_t proposed = 0;
  int64_t evaluated = 0;
  int64_t reused = 0;
  double elapsed_s = 0;
  double evaluations_per_s() const { return elapsed_s > 0 ? static_cast<double>(evaluated) / elapsed_s : 0; }
};

// `on_progress` (may be empty) is called after every batch.
ExploreSummary explore(const DesignSpace& space, ResultStore& store, BatchRunner& runner,
                       const std::function<void(const ExploreProgress&)>& on_progress);

// "explore [#####.....] 320/2000 16%  95 evals/s  ETA 0:17" for a terminal line.
std::string progress_line(const ExploreProgress& progress);

}  // namespace tessera
