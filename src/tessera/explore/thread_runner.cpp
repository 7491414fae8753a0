#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "tessera/explore/batch_runner.h"
#include "tessera/explore/design_evaluator.h"

namespace tessera {

StoredEvaluation evaluate_search_point(const DesignSpace& space, const DesignEvaluator& evaluator,
                                       const SearchPoint& point) {
  DesignPoint design = decode_point(space, point);
  return evaluator.record(design, evaluator.evaluate(design));
}

namespace {

class ThreadRunner final : public BatchRunner {
 public:
  ThreadRunner(const DesignSpace& space, const DesignEvaluator& evaluator, int threads)
      : space_(space), evaluator_(evaluator), threads_(threads > 0 ? threads : default_threads()) {}

  // Workers take the next index and queue their result; the calling thread drains the queue, so `done` (which writes
  // the store) runs on one thread and each result is handed over as soon as it exists.
  void run(const std::vector<SearchPoint>& points,
           const std::function<void(size_t, StoredEvaluation)>& done) override {
    std::atomic<size_t> next{0};
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::pair<size_t, StoredEvaluation>> finished;
    std::exception_ptr failure;
    size_t workers = std::min(points.size(), static_cast<size_t>(threads_));
    std::vector<std::thread> pool;
    for (size_t w = 0; w < workers; ++w) {
      pool.emplace_back([&] {
        for (size_t i = next++; i < points.size(); i = next++) {
          try {
            StoredEvaluation e = evaluate_search_point(space_, evaluator_, points[i]);
            std::lock_guard lock(mutex);
            finished.emplace_back(i, std::move(e));
          } catch (...) {
            std::lock_guard lock(mutex);
            if (!failure) failure = std::current_exception();
            next = points.size();
          }
          ready.notify_one();
        }
      });
    }
    size_t handed = 0;
    try {
      while (handed < points.size()) {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return !finished.empty() || failure; });
        if (failure) break;
        auto [index, evaluation] = std::move(finished.front());
        finished.pop_front();
        lock.unlock();
        done(index, std::move(evaluation));
        ++handed;
      }
    } catch (...) {  // `done` failed (e.g. the store): stop the workers before the error leaves
      next = points.size();
      for (auto& t : pool) t.join();
      throw;
    }
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
  }

 private:
  static int default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

  const DesignSpace& space_;
  const DesignEvaluator& evaluator_;
  int threads_;
};

}  // namespace

std::unique_ptr<BatchRunner> make_thread_runner(const DesignSpace& space, const DesignEvaluator& evaluator,
                                                int threads) {
  return std::make_unique<ThreadRunner>(space, evaluator, threads);
}

}  // namespace tessera
