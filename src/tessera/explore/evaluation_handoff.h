#pragma once
// Turns an optimiser that evaluates through a blocking call (pagmo's batch fitness evaluator) into ask/tell: the
// optimiser runs in a worker thread and posts each batch here, blocking until the caller's thread, which took the
// batch with wait_for_batch(), delivers the objective values.
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <vector>

namespace tessera {

class EvaluationHandoff {
 public:
  // Thrown out of evaluate() once the caller has cancelled: it unwinds the optimiser so its thread can be joined.
  struct Cancelled {};

  // Worker side. Posts the decision vectors (concatenated) and returns the objective values (concatenated in the same
  // order). Throws Cancelled after cancel().
  std::vector<double> evaluate(std::vector<double> decision_vectors);
  // The worker's optimiser has returned (error empty) or thrown (error set); no batch follows.
  void finish(std::exception_ptr error);

  // Caller side. Blocks until a batch is posted, then takes it; nullopt once the worker has finished, or rethrows the
  // worker's error.
  std::optional<std::vector<double>> wait_for_batch();
  void deliver(std::vector<double> objectives);
  void cancel();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<std::vector<double>> batch_;
  std::optional<std::vector<double>> objectives_;
  bool finished_ = false;
  bool cancelled_ = false;
  std::exception_ptr error_;
};

}  // namespace tessera
