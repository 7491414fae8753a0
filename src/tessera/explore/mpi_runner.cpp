// Spreading batches over MPI ranks. Protocol, per round: rank 0 broadcasts the number of points (0 = stop) and
// their search vectors; then every other rank repeatedly sends rank 0 its last chunk's results (JSON text: doubles
// survive the round trip exactly) and gets the next chunk [begin, end) back, until an empty chunk ends its round,
// while rank 0's own threads take chunks from the same cursor. Every rank decodes the same vectors against the same
// space file, so only vectors and results travel.
#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <optional>
#include <condition_variable>
#include <thread>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "tessera/core/error.h"
#include "tessera/explore/batch_runner.h"
#include "tessera/explore/design_evaluator.h"
#include "tessera/explore/design_space.h"

namespace tessera {
namespace {

int env_ranks() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    if (const char* value = std::getenv(name)) return std::atoi(value);
  }
  return 1;
}

void ensure_mpi() {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);  // only the main thread calls MPI
}

int world_size() {
  ensure_mpi();
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

std::string to_text(const StoredEvaluation& e) {
  return nlohmann::json{{"key", e.key}, {"point", e.point_json}, {"objectives", e.objectives},
                        {"feasible", e.feasible}, {"metrics", e.metrics_json}}.dump();
}

StoredEvaluation from_text(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text);
  return {j.at("key").get<std::string>(), j.at("point").get<std::string>(),
          j.at("objectives").get<std::vector<double>>(), j.at("feasible").get<bool>(),
          j.at("metrics").get<std::string>()};
}

constexpr int64_t kStop = -1;  // the count that ends the serving ranks' loop

// Broadcasts a round from rank 0 (or, with `stop`, the end of the service); returns the points on every rank, and
// nullopt on every rank when the service ends.
std::optional<std::vector<SearchPoint>> broadcast_round(std::vector<SearchPoint> points, int dims, bool stop = false) {
  int64_t count = stop ? kStop : static_cast<int64_t>(points.size());
  MPI_Bcast(&count, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
  if (count == kStop) return std::nullopt;
  std::vector<double> flat(static_cast<size_t>(count) * dims);
  for (size_t i = 0; i < points.size(); ++i) std::copy(points[i].begin(), points[i].end(), flat.begin() + i * dims);
  if (count > 0) MPI_Bcast(flat.data(), static_cast<int>(flat.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  points.assign(static_cast<size_t>(count), SearchPoint(dims));
  for (size_t i = 0; i < points.size(); ++i) std::copy(flat.begin() + i * dims, flat.begin() + (i + 1) * dims, points[i].begin());
  return points;
}

constexpr int kTagResults = 1;  // worker -> rank 0: "begin\0" then one JSON text per point, each NUL-ended
constexpr int kTagWork = 2;     // rank 0 -> worker: [begin, end) of the round's points; empty = the round is over
constexpr int kTagRequest = 3;  // worker -> rank 0: send me a chunk (answered by one kTagWork message)
// Points per thread a worker rank takes at once. A worker asks for its next chunk before it evaluates the current
// one, so round trips to rank 0 are hidden and chunks can stay small (the round's tail waits for at most two).
constexpr size_t kChunkPerThread = 2;

// A worker's message: the results of the chunk starting at `begin`.
std::string results_message(int64_t begin, const std::vector<std::string>& texts) {
  std::string message = std::to_string(begin) + '\0';
  for (const auto& t : texts) message += t + '\0';
  return message;
}

// Hands each result of a worker's message to `done`.
void read_results(const std::string& message, const std::function<void(size_t, StoredEvaluation)>& done) {
  size_t end = message.find('\0');
  auto index = static_cast<size_t>(std::stoll(message.substr(0, end)));
  for (size_t start = end + 1; start < message.size(); start = end + 1, ++index) {
    end = message.find('\0', start);
    done(index, from_text(message.substr(start, end - start)));
  }
}

// The pending message of `status` (from MPI_Probe or MPI_Iprobe), as text.
std::string receive_string(const MPI_Status& status) {
  int length = 0;
  MPI_Get_count(&status, MPI_CHAR, &length);
  std::string text(static_cast<size_t>(length), '\0');
  MPI_Recv(text.data(), length, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return text;
}

// Rank 0's side of a round, balanced dynamically: its own threads and every other rank take chunks of `chunk` points
// from one cursor as they become free, so a rank that drew cheap points does not wait for one that drew dear ones.
// Only the calling thread talks MPI (MPI_THREAD_FUNNELED); it polls for workers' messages and drains local results.
class RoundCoordinator {
 public:
  RoundCoordinator(const DesignSpace& space, const DesignEvaluator& evaluator, const std::vector<SearchPoint>& points,
                   int threads, int ranks, size_t chunk)
      : space_(space), evaluator_(evaluator), points_(points), ranks_(ranks), chunk_(chunk) {
    for (int t = 0; t < threads; ++t) pool_.emplace_back([this] { evaluate_locally(); });
  }

  ~RoundCoordinator() {
    {
      std::lock_guard lock(mutex_);
      cursor_ = points_.size();  // stop taking work if the round is abandoned by an exception
    }
    for (auto& t : pool_) t.join();
  }

  void run(const std::function<void(size_t, StoredEvaluation)>& done) {
    size_t handed = 0;
    int released = 0;  // workers told the round is over
    while (handed < points_.size() || released < ranks_ - 1) {
      bool idle = true;
      int pending = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &pending, &status);
      if (pending && status.MPI_TAG == kTagResults) {
        read_results(receive_string(status), [&](size_t i, StoredEvaluation e) {
          done(i, std::move(e));
          ++handed;
        });
        idle = false;
      } else if (pending && status.MPI_TAG == kTagRequest) {
        MPI_Recv(nullptr, 0, MPI_CHAR, status.MPI_SOURCE, kTagRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        auto [begin, end] = take();
        int64_t range[2] = {static_cast<int64_t>(begin), static_cast<int64_t>(end)};
        MPI_Send(range, 2, MPI_INT64_T, status.MPI_SOURCE, kTagWork, MPI_COMM_WORLD);
        if (begin == end) ++released;
        idle = false;
      }
      auto [results, failure] = drain();
      if (failure) std::rethrow_exception(failure);
      for (auto& [i, e] : results) {
        done(i, std::move(e));
        ++handed;
        idle = false;
      }
      if (idle) wait_for_local_result();
    }
  }

 private:
  std::pair<size_t, size_t> take() {
    std::lock_guard lock(mutex_);
    size_t begin = cursor_, end = std::min(points_.size(), cursor_ + chunk_);
    cursor_ = end;
    return {begin, end};
  }

  // Sleeps until a local thread finishes a point or, with other ranks, until it is time to look for their messages.
  // MPI_Iprobe drives Open MPI's progress engine, dear enough that polling it every 200 us cost a third of a bound
  // rank's core; workers' chunks take tens of milliseconds, so a millisecond's delay in answering them is small.
  void wait_for_local_result() {
    std::unique_lock lock(mutex_);
    auto ready = [&] { return !finished_.empty() || failure_; };
    if (ranks_ > 1) {
      finished_changed_.wait_for(lock, std::chrono::milliseconds(1), ready);
    } else {
      finished_changed_.wait(lock, ready);
    }
  }

  std::pair<std::vector<std::pair<size_t, StoredEvaluation>>, std::exception_ptr> drain() {
    std::lock_guard lock(mutex_);
    return {std::exchange(finished_, {}), failure_};
  }

  void evaluate_locally() {
    for (;;) {
      size_t i;
      {
        std::lock_guard lock(mutex_);
        if (cursor_ >= points_.size() || failure_) return;
        i = cursor_++;
      }
      try {
        StoredEvaluation e = evaluate_search_point(space_, evaluator_, points_[i]);
        std::lock_guard lock(mutex_);
        finished_.emplace_back(i, std::move(e));
        finished_changed_.notify_one();
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
        finished_changed_.notify_one();
        return;
      }
    }
  }

  const DesignSpace& space_;
  const DesignEvaluator& evaluator_;
  const std::vector<SearchPoint>& points_;
  int ranks_;
  size_t chunk_;
  std::mutex mutex_;
  std::condition_variable finished_changed_;
  size_t cursor_ = 0;
  std::vector<std::pair<size_t, StoredEvaluation>> finished_;
  std::exception_ptr failure_;
  std::vector<std::thread> pool_;
};

// A worker rank's side of a round: ask for a chunk; while it lasts, ask for the next one, evaluate this one on the
// threads and send its results. Every request gets one answer, the last an empty chunk.
void serve_round(BatchRunner& threads, const std::vector<SearchPoint>& points) {
  auto request = [] { MPI_Send(nullptr, 0, MPI_CHAR, 0, kTagRequest, MPI_COMM_WORLD); };
  auto receive = [] {
    int64_t range[2] = {0, 0};
    MPI_Recv(range, 2, MPI_INT64_T, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return std::pair<int64_t, int64_t>{range[0], range[1]};
  };
  request();
  for (auto [begin, end] = receive(); begin < end;) {
    request();
    std::vector<SearchPoint> chunk(points.begin() + begin, points.begin() + end);
    std::vector<std::string> texts(chunk.size());
    threads.run(chunk, [&](size_t i, StoredEvaluation e) { texts[i] = to_text(e); });
    std::string message = results_message(begin, texts);
    MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, kTagResults, MPI_COMM_WORLD);
    std::tie(begin, end) = receive();
  }
}

class MpiRunner final : public BatchRunner {
 public:
  MpiRunner(const DesignSpace& space, const DesignEvaluator& evaluator, int threads)
      : space_(space), evaluator_(evaluator), threads_(threads > 0 ? threads : default_threads()),
        ranks_(world_size()), dims_(static_cast<int>(space.parameters.size())) {}

  ~MpiRunner() override { broadcast_round({}, dims_, true); }  // releases the serving ranks

  void run(const std::vector<SearchPoint>& points,
           const std::function<void(size_t, StoredEvaluation)>& done) override {
    std::vector<SearchPoint> round = *broadcast_round(points, dims_);
    RoundCoordinator coordinator(space_, evaluator_, round, threads_, ranks_,
                                 kChunkPerThread * static_cast<size_t>(threads_));
    coordinator.run(done);
  }

 private:
  static int default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

  const DesignSpace& space_;
  const DesignEvaluator& evaluator_;
  int threads_;
  int ranks_;
  int dims_;
};

}  // namespace

bool mpi_job() { return env_ranks() > 1 && world_size() > 1; }

int mpi_rank() {
  if (env_ranks() <= 1) return 0;
  ensure_mpi();
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

std::unique_ptr<BatchRunner> make_mpi_runner(const DesignSpace& space, const DesignEvaluator& evaluator, int threads) {
  return std::make_unique<MpiRunner>(space, evaluator, threads);
}

void serve_mpi_batches(const DesignSpace& space, const DesignEvaluator& evaluator, int threads) {
  auto runner = make_thread_runner(space, evaluator, threads);
  int dims = static_cast<int>(space.parameters.size());
  while (auto points = broadcast_round({}, dims)) serve_round(*runner, *points);
}

void finish_mpi() {
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (initialised && !finalised) MPI_Finalize();
}

}  // namespace tessera
