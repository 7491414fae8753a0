// Spreading batches over MPI ranks. Protocol, per round: rank 0 broadcasts the number of points (0 = stop) and
// their search vectors; rank r evaluates points r, r + N, r + 2N, ... on its threads; rank 0 gathers the results
// as JSON text (doubles survive the round trip exactly) and hands them to the explorer. Every rank decodes the same
// vectors against the same space file, so only vectors travel.
#include <mpi.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "tessera/core/error.h"
#include "tessera/explore/batch_runner.h"
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

// This rank's share of a round, as one buffer of NUL-separated JSON texts in index order.
std::string evaluate_share(BatchRunner& threads, const std::vector<SearchPoint>& points, int rank, int ranks) {
  std::vector<SearchPoint> mine;
  for (size_t i = static_cast<size_t>(rank); i < points.size(); i += static_cast<size_t>(ranks)) mine.push_back(points[i]);
  std::vector<std::string> texts(mine.size());
  threads.run(mine, [&](size_t i, StoredEvaluation e) { texts[i] = to_text(e); });
  std::string buffer;
  for (const auto& t : texts) buffer += t + '\0';
  return buffer;
}

// Broadcasts a round from rank 0 (count 0 ends the service); returns the points on every rank.
std::vector<SearchPoint> broadcast_round(std::vector<SearchPoint> points, int dims) {
  int64_t count = static_cast<int64_t>(points.size());
  MPI_Bcast(&count, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
  std::vector<double> flat(static_cast<size_t>(count) * dims);
  for (size_t i = 0; i < points.size(); ++i) std::copy(points[i].begin(), points[i].end(), flat.begin() + i * dims);
  if (count > 0) MPI_Bcast(flat.data(), static_cast<int>(flat.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  points.assign(static_cast<size_t>(count), SearchPoint(dims));
  for (size_t i = 0; i < points.size(); ++i) std::copy(flat.begin() + i * dims, flat.begin() + (i + 1) * dims, points[i].begin());
  return points;
}

// Gathers every rank's share on rank 0 (empty elsewhere), split back into one text per rank.
std::vector<std::string> gather_shares(const std::string& mine, int ranks) {
  int length = static_cast<int>(mine.size());
  std::vector<int> lengths(ranks), offsets(ranks);
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  int total = 0;
  for (int r = 0; r < ranks; ++r) {
    offsets[r] = total;
    total += lengths[r];
  }
  std::string all(static_cast<size_t>(total), '\0');
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  std::vector<std::string> shares;
  for (int r = 0; r < ranks; ++r) shares.push_back(all.substr(offsets[r], lengths[r]));
  return shares;
}

class MpiRunner final : public BatchRunner {
 public:
  MpiRunner(const DesignSpace& space, const DesignEvaluator& evaluator, int threads)
      : threads_(make_thread_runner(space, evaluator, threads)), ranks_(world_size()),
        dims_(static_cast<int>(space.parameters.size())) {}

  ~MpiRunner() override { broadcast_round({}, dims_); }  // releases the serving ranks

  void run(const std::vector<SearchPoint>& points,
           const std::function<void(size_t, StoredEvaluation)>& done) override {
    broadcast_round(points, dims_);
    std::vector<std::string> shares = gather_shares(evaluate_share(*threads_, points, 0, ranks_), ranks_);
    for (int r = 0; r < ranks_; ++r) {
      size_t index = static_cast<size_t>(r), start = 0;
      const std::string& share = shares[r];
      while (start < share.size()) {
        size_t end = share.find('\0', start);
        done(index, from_text(share.substr(start, end - start)));
        index += static_cast<size_t>(ranks_);
        start = end + 1;
      }
    }
  }

  int parallelism() const override { return threads_->parallelism() * ranks_; }

 private:
  std::unique_ptr<BatchRunner> threads_;
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
  int ranks = world_size(), rank = mpi_rank(), dims = static_cast<int>(space.parameters.size());
  for (;;) {
    std::vector<SearchPoint> points = broadcast_round({}, dims);
    if (points.empty()) return;
    gather_shares(evaluate_share(*runner, points, rank, ranks), ranks);
  }
}

void finish_mpi() {
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (initialised && !finalised) MPI_Finalize();
}

}  // namespace tessera
