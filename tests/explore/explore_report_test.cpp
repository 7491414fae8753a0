#include "tessera/report/explore_report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "explore/explore_test_support.h"
#include "tessera/explore/batch_runner.h"
#include "tessera/explore/explorer.h"
#include "tessera/explore/pareto.h"
#include "tessera/hardware/hardware_loader.h"

namespace tessera {
namespace {

namespace fs = std::filesystem;
using testing::parse_test_space;

// Six grid points (rows x passes); rows 256 is over the area limit, so four are feasible.
const char* const kSpace = R"(
name: report_test
base: tpu_v3
workloads:
  - {model: resnet50, batch: 1, dtype: bf16}
parameters:
  - {field: "devices[0].cores.matrix.rows", values: [64, 128, 256]}
  - {option: passes, values: ["fusion,padding", "fusion"]}
constraints: {max_area_mm2: baseline}
objectives: [perf_per_tdp, latency]
search: {algorithm: grid, budget: 100, batch: 8, seed: 1}
)";

// Fields of one CSV line, honouring double quotes.
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class ExploreReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tessera_explore_report_" + std::string(::testing::UnitTest::GetInstance()
                                                                                  ->current_test_info()
                                                                                  ->name()) +
                                        "_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = std::make_unique<ResultStore>((dir_ / "store.db").string(), space_.fingerprint());
    auto runner = make_thread_runner(space_, evaluator_, 1);
    explore(space_, *store_, *runner, {});
    results_ = collect_results(*store_);
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  DesignSpace space_ = parse_test_space(kSpace);
  DesignEvaluator evaluator_{space_};
  fs::path dir_;
  std::unique_ptr<ResultStore> store_;
  ExploreResults results_;
};

TEST_F(ExploreReportTest, CollectResults) {
  ASSERT_EQ(results_.evaluations.size(), 6u);
  ASSERT_EQ(results_.metrics.size(), 6u);
  size_t feasible = 0;
  for (size_t i = 0; i < 6; ++i) {
    const auto& e = results_.evaluations[i];
    bool big = e.key.find("rows=256") != std::string::npos;
    EXPECT_EQ(e.feasible, !big) << e.key << " " << results_.metrics[i].reason;
    feasible += e.feasible;
  }
  EXPECT_EQ(feasible, 4u);
  ASSERT_FALSE(results_.front.empty());
  // The front: feasible, not dominated by any feasible point, sorted by the first objective; every feasible point
  // off the front is dominated by (or equal to) one on it.
  for (size_t k = 0; k < results_.front.size(); ++k) {
    const auto& f = results_.evaluations[results_.front[k]];
    EXPECT_TRUE(f.feasible);
    for (const auto& e : results_.evaluations) {
      if (e.feasible) {
        EXPECT_FALSE(dominates(e.objectives, f.objectives)) << e.key << " dominates " << f.key;
      }
    }
    if (k > 0) {
      EXPECT_LE(results_.evaluations[results_.front[k - 1]].objectives[0], f.objectives[0]);
    }
  }
  for (size_t i = 0; i < results_.evaluations.size(); ++i) {
    const auto& e = results_.evaluations[i];
    if (!e.feasible || std::count(results_.front.begin(), results_.front.end(), i)) continue;
    bool covered = false;
    for (size_t f : results_.front) {
      const auto& o = results_.evaluations[f].objectives;
      covered = covered || dominates(o, e.objectives) || o == e.objectives;
    }
    EXPECT_TRUE(covered) << e.key;
  }
  ASSERT_TRUE(results_.best.has_value());
  EXPECT_EQ(*results_.best, results_.front.front());  // the best by the first objective heads the front
}

TEST_F(ExploreReportTest, ParetoCsv) {
  std::vector<std::string> lines = lines_of(pareto_csv(space_, results_));
  ASSERT_FALSE(lines.empty());
  std::vector<std::string> header{"rank",
                                  "devices[0].cores.matrix.rows",
                                  "passes",
                                  "perf_per_tdp (samples/s/W)",
                                  "latency (s)",
                                  "area_mm2",
                                  "tdp_w",
                                  "throughput_samples_per_s",
                                  "latency_s",
                                  "energy_j_per_sample",
                                  "workload0:resnet50_samples_per_s"};
  EXPECT_EQ(csv_fields(lines[0]), header);
  ASSERT_EQ(lines.size(), results_.front.size() + 1);
  for (size_t r = 1; r < lines.size(); ++r) {
    std::vector<std::string> fields = csv_fields(lines[r]);
    ASSERT_EQ(fields.size(), header.size()) << lines[r];
    EXPECT_EQ(fields[0], std::to_string(r));
    const StoredEvaluation& e = results_.evaluations[results_.front[r - 1]];
    nlohmann::json point = nlohmann::json::parse(e.point_json);
    EXPECT_EQ(fields[1], point["devices[0].cores.matrix.rows"].dump());
    EXPECT_EQ(fields[2], point["passes"].get<std::string>());  // text as text, no JSON quotes
    // Objectives in natural units: perf_per_tdp back to positive, to 6 significant digits.
    EXPECT_NEAR(std::stod(fields[3]), -e.objectives[0], 1e-5 * -e.objectives[0]);
    EXPECT_NEAR(std::stod(fields[4]), e.objectives[1], 1e-5 * e.objectives[1]);
  }
}

TEST_F(ExploreReportTest, DesignYamlLoadsWithThePointValues) {
  for (size_t i : results_.front) {
    const StoredEvaluation& e = results_.evaluations[i];
    std::string text = design_yaml(space_, e, results_.metrics[i]);
    EXPECT_EQ(text.rfind("# Found by", 0), 0u) << text.substr(0, 80);
    SystemSpec spec = parse_hardware_yaml(text, "best.yaml");
    ASSERT_EQ(spec.devices.size(), 1u);
    nlohmann::json point = nlohmann::json::parse(e.point_json);
    EXPECT_EQ(spec.devices[0].cores.matrix->rows, point["devices[0].cores.matrix.rows"].get<int>());
    EXPECT_EQ(spec.devices[0].cores.matrix->cols, 128);  // the base's
    EXPECT_EQ(spec.name, space_.name + "_design");  // not the base's name: it is another chip
    EXPECT_NEAR(spec.devices[0].area_mm2, results_.metrics[i].area_mm2, 0.05 + 1e-9);  // the modelled area
  }
}

TEST_F(ExploreReportTest, SvgPlots) {
  std::string pareto = pareto_svg(space_, evaluator_, results_);
  EXPECT_EQ(pareto.rfind("<svg", 0), 0u);
  EXPECT_NE(pareto.find("</svg>"), std::string::npos);
  // One marker per feasible point (series "feasible"), one per front point, one for the base spec.
  EXPECT_EQ(count(pareto, "fill=\"#9bb7d4\" fill-opacity"), 4u);
  EXPECT_EQ(count(pareto, "fill=\"#d62728\" fill-opacity"), results_.front.size());
  EXPECT_EQ(count(pareto, "fill=\"#2ca02c\" fill-opacity"), 1u);
  EXPECT_EQ(count(pareto, "<circle"), 4u + results_.front.size() + 1u);

  std::string convergence = convergence_svg(space_, results_);
  EXPECT_EQ(convergence.rfind("<svg", 0), 0u);
  EXPECT_EQ(count(convergence, "<path"), 1u);
  EXPECT_EQ(count(convergence, "<circle"), 0u);
}

TEST_F(ExploreReportTest, WritesEveryOutput) {
  fs::path out = dir_ / "out";
  write_exploration_outputs(space_, evaluator_, results_, out.string(), 2);
  for (const char* name : {"pareto.csv", "pareto.json", "report.txt", "pareto.svg", "convergence.svg"}) {
    EXPECT_TRUE(fs::exists(out / name)) << name;
  }
  EXPECT_TRUE(fs::exists(out / "best_1.yaml"));
  EXPECT_EQ(fs::exists(out / "best_2.yaml"), results_.front.size() >= 2);
  EXPECT_FALSE(fs::exists(out / "best_3.yaml"));
  nlohmann::json json = nlohmann::json::parse(pareto_json(space_, evaluator_, results_));
  EXPECT_EQ(json["evaluated"].get<size_t>(), 6u);
  EXPECT_EQ(json["front"].size(), results_.front.size());
}

}  // namespace
}  // namespace tessera
