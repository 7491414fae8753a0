#include "tessera/explore/result_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "support/input_error.h"
#include "support/temp_dir.h"

namespace tessera {
namespace {

namespace fs = std::filesystem;

StoredEvaluation evaluation(const std::string& key, std::vector<double> objectives = {1, 2}) {
  return {key, "{\"x\":\"" + key + "\"}", std::move(objectives), true, "{\"area_mm2\":1}"};
}

std::vector<std::string> keys(const std::vector<StoredEvaluation>& evaluations) {
  std::vector<std::string> out;
  for (const auto& e : evaluations) out.push_back(e.key);
  return out;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void expect_same(const StoredEvaluation& expected, const StoredEvaluation& actual) {
  EXPECT_EQ(expected.key, actual.key);
  EXPECT_EQ(expected.point_json, actual.point_json);
  EXPECT_EQ(expected.objectives, actual.objectives);  // exact: == on every double
  EXPECT_EQ(expected.feasible, actual.feasible);
  EXPECT_EQ(expected.metrics_json, actual.metrics_json);
}

// Each test gets its own directory under the system temp directory (the pid keeps concurrent runs apart), removed
// afterwards.
class ResultStoreTest : public testing::TempDirTest {
 protected:
  std::string path(const std::string& name = "store.db") const { return TempDirTest::path(name); }
};

TEST_F(ResultStoreTest, RoundTripsEveryFieldExactlyAcrossReopen) {
  const double inf = std::numeric_limits<double>::infinity();
  StoredEvaluation feasible = evaluation("a", {0.1 + 0.2, 1.0 / 3, 1e300, -2.5e-310, 6.02214076e23, inf});
  StoredEvaluation infeasible{"b", "{\"pe\":[16,16]}", {}, false, "{\"error\":\"does not fit\"}"};
  {
    ResultStore store(path(), "fp");
    store.put({feasible, infeasible});
  }
  ResultStore store(path(), "fp");
  ASSERT_EQ(store.size(), 2);
  auto a = store.find("a");
  auto b = store.find("b");
  ASSERT_TRUE(a && b);
  expect_same(feasible, *a);
  expect_same(infeasible, *b);
}

TEST_F(ResultStoreTest, KeepsInsertionOrderNotKeyOrder) {
  ResultStore store(path(), "fp");
  store.put({evaluation("c"), evaluation("a"), evaluation("b")});
  store.put({evaluation("0")});
  EXPECT_EQ(keys(store.all()), (std::vector<std::string>{"c", "a", "b", "0"}));
}

TEST_F(ResultStoreTest, FirstEvaluationOfAKeyWins) {
  ResultStore store(path(), "fp");
  store.put({evaluation("k", {1}), evaluation("k", {2})});
  store.put({evaluation("k", {3}), evaluation("other", {4})});
  EXPECT_EQ(store.size(), 2);
  EXPECT_EQ(store.find("k")->objectives, std::vector<double>{1});
  EXPECT_EQ(keys(store.all()), (std::vector<std::string>{"k", "other"}));
}

TEST_F(ResultStoreTest, FindsNothingForAMissingKey) {
  ResultStore store(path(), "fp");
  EXPECT_FALSE(store.find("missing"));
  store.put({evaluation("present")});
  EXPECT_FALSE(store.find("missing"));
  EXPECT_FALSE(store.find("presen"));
  EXPECT_TRUE(store.find("present"));
}

TEST_F(ResultStoreTest, PersistsAcrossReopenAndKeepsGrowing) {
  {
    ResultStore store(path(), "fp");
    store.put({evaluation("1"), evaluation("2")});
    store.put({evaluation("3")});
  }
  {
    ResultStore store(path(), "fp");
    EXPECT_EQ(store.size(), 3);
    store.put({evaluation("4")});
  }
  ResultStore store(path(), "fp");
  EXPECT_EQ(keys(store.all()), (std::vector<std::string>{"1", "2", "3", "4"}));
}

TEST_F(ResultStoreTest, RefusesAnotherFingerprintNamingBoth) {
  { ResultStore store(path(), "abc"); }
  std::string message = testing::input_error_of([&] { ResultStore store(path(), "def"); });
  EXPECT_NE(message.find(std::string("'").append(path()).append("'")), std::string::npos) << message;
  EXPECT_NE(message.find("'abc'"), std::string::npos) << message;
  EXPECT_NE(message.find("'def'"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST_F(ResultStoreTest, RefusesAFileThatIsNotSqliteAndLeavesItAlone) {
  std::string garbage = "this is not a database, just some text that happens to be here\n";
  std::ofstream(path(), std::ios::binary) << garbage;
  std::string message = testing::input_error_of([&] { ResultStore store(path(), "fp"); });
  EXPECT_NE(message.find(std::string("'").append(path()).append("'")), std::string::npos) << message;
  EXPECT_NE(message.find("not an SQLite database"), std::string::npos) << message;
  EXPECT_EQ(read_bytes(path()), garbage);
}

TEST_F(ResultStoreTest, RefusesAnSqliteDatabaseThatIsNotAStore) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, "CREATE TABLE t (x INTEGER)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  std::string message = testing::input_error_of([&] { ResultStore store(path(), "fp"); });
  EXPECT_NE(message.find(std::string("'").append(path()).append("'")), std::string::npos) << message;
  EXPECT_NE(message.find("not a Tessera explore store"), std::string::npos) << message;
}

TEST_F(ResultStoreTest, RefusesADirectoryThatDoesNotExist) {
  std::string missing = (dir_ / "missing" / "store.db").string();
  std::string message = testing::input_error_of([&] { ResultStore store(missing, "fp"); });
  EXPECT_NE(message.find("'" + missing + "'"), std::string::npos) << message;
  EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
}

TEST_F(ResultStoreTest, RefusesADirectoryAsTheFile) {
  std::string message = testing::input_error_of([&] { ResultStore store(dir_.string(), "fp"); });
  EXPECT_NE(message.find("is a directory"), std::string::npos) << message;
}

TEST_F(ResultStoreTest, RefusesAnEmptyPath) {
  std::string message = testing::input_error_of([&] { ResultStore store("", "fp"); });
  EXPECT_NE(message.find("empty"), std::string::npos) << message;
}

TEST_F(ResultStoreTest, PutsTenThousandInOneCall) {
  std::vector<StoredEvaluation> batch;
  for (int i = 0; i < 10000; ++i) batch.push_back(evaluation(std::string("p").append(std::to_string(i)), {double(i), -double(i)}));
  ResultStore store(path(), "fp");
  store.put(batch);
  EXPECT_EQ(store.size(), 10000);
  auto all = store.all();
  ASSERT_EQ(all.size(), 10000u);
  EXPECT_EQ(all.front().key, "p0");
  EXPECT_EQ(all.back().key, "p9999");
  EXPECT_EQ(store.find("p4321")->objectives, (std::vector<double>{4321, -4321}));
}

// A writer killed without closing the store loses none of what it put (WAL left behind, recovered on reopen).
using ResultStoreDeathTest = ResultStoreTest;
TEST_F(ResultStoreDeathTest, KeepsWhatAKilledWriterPut) {
  EXPECT_EXIT(
      {
        ResultStore store(path(), "fp");
        store.put({evaluation("1")});
        store.put({evaluation("2"), evaluation("3")});
        std::raise(SIGKILL);
      },
      ::testing::KilledBySignal(SIGKILL), "");
  EXPECT_TRUE(fs::exists(path() + "-wal"));
  ResultStore store(path(), "fp");
  EXPECT_EQ(keys(store.all()), (std::vector<std::string>{"1", "2", "3"}));
}

}  // namespace
}  // namespace tessera
