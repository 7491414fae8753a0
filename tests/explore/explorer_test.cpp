#include "tessera/explore/explorer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include "explore/explore_test_support.h"
#include "support/temp_dir.h"
#include "tessera/report/explore_report.h"

namespace tessera {
namespace {

namespace fs = std::filesystem;
using testing::parse_test_space;

// Grid over: rows from [64, 128, 128] (three choices, two distinct values), cols 64..256 as a log2 integer range
// (64, 128, 256), and two pass lists. The grid proposes 3 x 3 x 2 = 18 points of which 2 x 3 x 2 = 12 are distinct.
// Rows is the slowest dimension, so proposals 12..17 (rows index 2) repeat 6..11 (rows index 1). In batches of 4,
// proposals 6..11 are all evaluated by the end of the third batch, so the last six are taken from the store.
const char* const kGridSpace = R"(
base: tpu_v3
workloads:
  - {model: resnet50, batch: 1, dtype: bf16}
parameters:
  - {field: "devices[0].cores.matrix.rows", values: [64, 128, 128]}
  - {field: "devices[0].cores.matrix.cols", range: [64, 256], integer: true, log2: true}
  - {option: passes, values: ["fusion,padding", "fusion"]}
objectives: [perf_per_tdp, latency]
search: {algorithm: grid, budget: 100, batch: 4, seed: 1}
)";
constexpr int64_t kProposed = 18;
constexpr int64_t kDistinct = 12;

// Small multi-objective evolutionary search, for comparing thread counts.
const char* const kNsgaSpace = R"(
base: tpu_v3
workloads:
  - {model: resnet50, batch: 1, dtype: bf16}
parameters:
  - {field: "devices[0].cores.matrix.rows", values: [64, 128, 256]}
  - {field: "devices[0].cores.matrix.cols", values: [64, 128, 256]}
  - {field: "devices[0].cores.memories[0].size_bytes", range: [4194304, 67108864], integer: true, log2: true}
  - {field: "devices[0].off_chip.bandwidth_bytes_per_s", range: [4.5e11, 1.8e12]}
constraints: {max_area_mm2: baseline}
objectives: [perf_per_tdp, latency]
search: {algorithm: nsga2, budget: 64, batch: 16, seed: 3}
)";

class ExplorerTest : public testing::TempDirTest {};

// Counts the points it is asked to evaluate and forwards results; after `limit` results it stops forwarding and
// either throws (a crash the caller can catch) or raises SIGKILL (a real kill). limit < 0: no limit.
class InterruptingRunner final : public BatchRunner {
 public:
  enum class Mode { none, throw_exception, sigkill };
  InterruptingRunner(std::unique_ptr<BatchRunner> inner, int64_t limit, Mode mode)
      : inner_(std::move(inner)), limit_(limit), mode_(mode) {}

  void run(const std::vector<SearchPoint>& points,
           const std::function<void(size_t, StoredEvaluation)>& done) override {
    asked_ += static_cast<int64_t>(points.size());
    // The inner runner must finish (its threads joined) before this one throws; results past the limit are lost,
    // as a crash would lose them.
    inner_->run(points, [&](size_t index, StoredEvaluation e) {
      if (limit_ >= 0 && handed_ >= limit_) return;
      done(index, std::move(e));
      ++handed_;
      if (mode_ == Mode::sigkill && handed_ == limit_) std::raise(SIGKILL);
    });
    if (mode_ == Mode::throw_exception && handed_ >= limit_) throw std::runtime_error("simulated crash");
  }

  int64_t asked() const { return asked_; }
  int64_t handed() const { return handed_; }

 private:
  std::unique_ptr<BatchRunner> inner_;
  int64_t limit_;
  Mode mode_;
  int64_t asked_ = 0;
  int64_t handed_ = 0;
};

std::map<std::string, std::vector<double>> objectives_by_key(const ResultStore& store) {
  std::map<std::string, std::vector<double>> out;
  for (const auto& e : store.all()) {
    EXPECT_TRUE(out.emplace(e.key, e.objectives).second) << "key twice in the store: " << e.key;
  }
  return out;
}

std::map<std::string, std::vector<double>> run_clean(const DesignSpace& space, const DesignEvaluator& evaluator,
                                                      const std::string& store_path, int threads) {
  ResultStore store(store_path, space.fingerprint());
  auto runner = make_thread_runner(space, evaluator, threads);
  explore(space, store, *runner, {});
  return objectives_by_key(store);
}

TEST_F(ExplorerTest, EvaluatesEveryDistinctPointOnceThenReusesTheStore) {
  DesignSpace space = parse_test_space(kGridSpace);
  DesignEvaluator evaluator(space);
  {
    ResultStore store(path("store.db"), space.fingerprint());
    InterruptingRunner runner(make_thread_runner(space, evaluator, 2), -1, InterruptingRunner::Mode::none);
    int progress_calls = 0;
    int64_t last_proposed = 0;
    ExploreSummary summary = explore(space, store, runner, [&](const ExploreProgress& p) {
      ++progress_calls;
      EXPECT_GT(p.proposed, last_proposed);
      EXPECT_EQ(p.budget, 100);
      last_proposed = p.proposed;
    });
    EXPECT_EQ(summary.proposed, kProposed);
    EXPECT_EQ(summary.evaluated, kDistinct);
    EXPECT_EQ(summary.reused, kProposed - kDistinct);  // the six repeats, all from later batches
    EXPECT_EQ(progress_calls, 5);                       // ceil(18 / 4) batches
    EXPECT_EQ(runner.asked(), kDistinct);               // nothing was handed to the runner twice
    EXPECT_EQ(store.size(), kDistinct);
    EXPECT_EQ(objectives_by_key(store).size(), static_cast<size_t>(kDistinct));
  }
  {
    ResultStore store(path("store.db"), space.fingerprint());
    InterruptingRunner runner(make_thread_runner(space, evaluator, 2), -1, InterruptingRunner::Mode::none);
    ExploreSummary summary = explore(space, store, runner, {});
    EXPECT_EQ(summary.proposed, kProposed);
    EXPECT_EQ(summary.evaluated, 0);
    EXPECT_EQ(summary.reused, kProposed);
    EXPECT_EQ(runner.asked(), 0);
    EXPECT_EQ(store.size(), kDistinct);
  }
}

TEST_F(ExplorerTest, DuplicatesWithinABatchAreEvaluatedOnce) {
  // One batch holding the whole grid: the repeats are in the same batch as their originals.
  std::string text = kGridSpace;
  text.replace(text.find("batch: 4"), 8, "batch: 32");
  DesignSpace space = parse_test_space(text);
  DesignEvaluator evaluator(space);
  ResultStore store(path("store.db"), space.fingerprint());
  InterruptingRunner runner(make_thread_runner(space, evaluator, 2), -1, InterruptingRunner::Mode::none);
  ExploreSummary summary = explore(space, store, runner, {});
  EXPECT_EQ(summary.proposed, kProposed);
  EXPECT_EQ(summary.evaluated, kDistinct);
  EXPECT_EQ(summary.reused, kProposed - kDistinct);  // the repeats, taken from their batch-mates
  EXPECT_EQ(runner.asked(), kDistinct);
  EXPECT_EQ(store.size(), kDistinct);
}

// A crash after K results (mid-batch: the second batch of four), then a resume with a normal runner.
TEST_F(ExplorerTest, ResumesAfterACrashWithoutEvaluatingTwice) {
  constexpr int64_t kDone = 5;
  DesignSpace space = parse_test_space(kGridSpace);
  DesignEvaluator evaluator(space);
  auto clean = run_clean(space, evaluator, path("clean.db"), 2);
  ASSERT_EQ(clean.size(), static_cast<size_t>(kDistinct));
  {
    ResultStore store(path("store.db"), space.fingerprint());
    InterruptingRunner runner(make_thread_runner(space, evaluator, 2), kDone,
                              InterruptingRunner::Mode::throw_exception);
    EXPECT_THROW(explore(space, store, runner, {}), std::runtime_error);
    EXPECT_EQ(runner.handed(), kDone);
    EXPECT_EQ(store.size(), kDone);
  }
  ResultStore store(path("store.db"), space.fingerprint());
  InterruptingRunner runner(make_thread_runner(space, evaluator, 2), -1, InterruptingRunner::Mode::none);
  ExploreSummary summary = explore(space, store, runner, {});
  EXPECT_EQ(summary.proposed, kProposed);
  EXPECT_EQ(summary.evaluated, kDistinct - kDone);
  EXPECT_EQ(runner.asked(), kDistinct - kDone);
  EXPECT_EQ(store.size(), kDistinct);
  EXPECT_EQ(objectives_by_key(store), clean);  // same keys, same objectives (evaluation is deterministic)
}

using ExplorerDeathTest = ExplorerTest;

// The same with a real SIGKILL in a child process after K results have been written.
TEST_F(ExplorerDeathTest, ResumesAfterSigkill) {
  constexpr int64_t kDone = 7;
  DesignSpace space = parse_test_space(kGridSpace);
  DesignEvaluator evaluator(space);
  EXPECT_EXIT(
      {
        ResultStore store(path("store.db"), space.fingerprint());
        InterruptingRunner runner(make_thread_runner(space, evaluator, 2), kDone, InterruptingRunner::Mode::sigkill);
        explore(space, store, runner, {});
        std::exit(0);  // not reached: the runner kills the process
      },
      ::testing::KilledBySignal(SIGKILL), "");
  {
    ResultStore store(path("store.db"), space.fingerprint());
    EXPECT_EQ(store.size(), kDone);
  }
  auto clean = run_clean(space, evaluator, path("clean.db"), 1);
  ResultStore store(path("store.db"), space.fingerprint());
  InterruptingRunner runner(make_thread_runner(space, evaluator, 2), -1, InterruptingRunner::Mode::none);
  ExploreSummary summary = explore(space, store, runner, {});
  EXPECT_EQ(summary.evaluated, kDistinct - kDone);
  EXPECT_EQ(store.size(), kDistinct);
  EXPECT_EQ(objectives_by_key(store), clean);
}

TEST_F(ExplorerTest, SameResultsOnOneAndTwoThreads) {
  DesignSpace space = parse_test_space(kNsgaSpace);
  DesignEvaluator evaluator(space);
  auto one = run_clean(space, evaluator, path("one.db"), 1);
  auto two = run_clean(space, evaluator, path("two.db"), 2);
  EXPECT_FALSE(one.empty());
  EXPECT_EQ(one, two);

  auto front = [&](const std::string& store_path) {
    ResultStore store(store_path, space.fingerprint());
    ExploreResults results = collect_results(store);
    std::vector<std::pair<std::string, std::vector<double>>> out;
    for (size_t i : results.front) out.emplace_back(results.evaluations[i].key, results.evaluations[i].objectives);
    std::sort(out.begin(), out.end());
    return out;
  };
  auto front_one = front(path("one.db"));
  EXPECT_FALSE(front_one.empty());
  EXPECT_EQ(front_one, front(path("two.db")));
}

TEST(ExploreProgressTest, ProgressLine) {
  ExploreProgress p;
  p.proposed = 50;
  p.budget = 200;
  p.evaluated = 40;
  p.reused = 10;
  p.elapsed_s = 5;  // 10 points/s; 150 to go -> 15 s
  EXPECT_EQ(progress_line(p), "explore [" + std::string(8, '#') + std::string(22, '.') + "] 50/200  25%  10 points/s  ETA 0:15");
}

}  // namespace
}  // namespace tessera
