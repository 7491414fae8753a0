#pragma once
// Evaluating a batch of design points in parallel: on threads of this process, or spread over the ranks of an MPI
// job (`mpirun -n N tessera explore ...`), each rank on its own threads. Rank 0 drives the search and the store; the
// other ranks serve batches until rank 0 says stop.
#include <functional>
#include <memory>
#include <vector>

#include "tessera/explore/result_store.h"
#include "tessera/explore/search_algorithm.h"

namespace tessera {

class DesignEvaluator;
struct DesignSpace;

// One point's evaluation as the store keeps it.
StoredEvaluation evaluate_search_point(const DesignSpace& space, const DesignEvaluator& evaluator,
                                       const SearchPoint& point);

class BatchRunner {
 public:
  virtual ~BatchRunner() = default;
  // Evaluates every point, calling done(index, evaluation) on the calling thread as results arrive (any order).
  virtual void run(const std::vector<SearchPoint>& points,
                   const std::function<void(size_t, StoredEvaluation)>& done) = 0;
};

// `threads` <= 0: one per hardware thread.
std::unique_ptr<BatchRunner> make_thread_runner(const DesignSpace& space, const DesignEvaluator& evaluator, int threads);

// MPI: whether this process was started by mpirun with more than one rank (MPI is initialised on first use).
bool mpi_job();
int mpi_rank();
// Rank 0's runner: scatters points over the ranks, each of which evaluates on `threads` threads.
std::unique_ptr<BatchRunner> make_mpi_runner(const DesignSpace& space, const DesignEvaluator& evaluator, int threads);
// Ranks other than 0: serve batches until rank 0's runner is destroyed (which sends the stop signal).
void serve_mpi_batches(const DesignSpace& space, const DesignEvaluator& evaluator, int threads);
// Ends MPI (after the runner is gone); a no-op outside an MPI job.
void finish_mpi();

}  // namespace tessera
