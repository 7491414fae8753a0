#include "tessera/explore/evaluation_handoff.h"

#include <utility>

namespace tessera {

std::vector<double> EvaluationHandoff::evaluate(std::vector<double> decision_vectors) {
  std::unique_lock lock(mutex_);
  if (cancelled_) throw Cancelled{};
  batch_ = std::move(decision_vectors);
  objectives_.reset();
  changed_.notify_all();
  changed_.wait(lock, [this] { return objectives_.has_value() || cancelled_; });
  if (cancelled_) throw Cancelled{};
  std::vector<double> objectives = std::move(*objectives_);
  objectives_.reset();
  return objectives;
}

void EvaluationHandoff::finish(std::exception_ptr error) {
  std::lock_guard lock(mutex_);
  finished_ = true;
  error_ = std::move(error);
  changed_.notify_all();
}

std::optional<std::vector<double>> EvaluationHandoff::wait_for_batch() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return batch_.has_value() || finished_; });
  if (batch_) {
    std::optional<std::vector<double>> batch = std::move(batch_);
    batch_.reset();
    return batch;
  }
  if (error_) std::rethrow_exception(error_);
  return std::nullopt;
}

void EvaluationHandoff::deliver(std::vector<double> objectives) {
  std::lock_guard lock(mutex_);
  objectives_ = std::move(objectives);
  changed_.notify_all();
}

void EvaluationHandoff::cancel() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  changed_.notify_all();
}

}  // namespace tessera
