// tessera validate: the harness itself (case loading, error computation, exit codes). Which cases pass with which
// cost model is reported in docs/validation.md, not pinned here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <vector>

#include "integration/cli_runner.h"
#include "support/yaml_fuzz.h"
#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/sim/validation.h"

namespace tessera {
namespace {

using testing::run_cli;

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";

TEST(Validate, DatasheetPeaksOfTheA100PresetsAreWithinTolerance) {
  auto r = run_cli("validate --filter peak_a100 --data " + kDataDir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("11 within tolerance, 0 outside"), std::string::npos) << r.out;
}

// Every shipped case evaluates (or is skipped with a reason): the run reaches its summary line instead of stopping at
// a case it cannot read or run. Misses are allowed here; docs/validation.md lists them.
TEST(Validate, EveryShippedCaseRuns) {
  auto r = run_cli("validate --data " + kDataDir);
  EXPECT_NE(r.out.find("validation with the auto cost model:"), std::string::npos) << r.out << r.err;
  EXPECT_EQ(r.err.find("error: unknown"), std::string::npos) << r.err;
}

TEST(Validate, ACaseOutsideItsToleranceFailsTheRun) {
  // A case whose published value is off on purpose: the A100's 311.9 TFLOP/s fp16 peak against 400 is -22.0%.
  std::string dir = testing::temp_path("validation_miss");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/validation");
  std::filesystem::copy(kDataDir + "/hardware", dir + "/hardware");
  std::ofstream(dir + "/validation/cases.yaml")
      << "- id: too_high\n  hardware: a100_80gb\n  workload: peak\n  dtype: fp16\n  metric: tflops\n"
         "  value: 400\n  unit: TFLOP/s\n  source: test\n  tolerance_pct: 2\n";
  auto r = run_cli("validate --data " + dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("-22.0%"), std::string::npos) << r.out << r.err;
}

TEST(Validate, ErrorIsRelativeToThePublishedValue) {
  auto model = Registry<CostModel>::instance().create("roofline", "cost model");
  ValidationCase c;
  c.hardware = "a100_80gb";
  c.workload = "gemm:M=4096,N=4096,K=4096";
  c.dtype = "fp16";
  c.metric = "tflops";
  c.value = 250;
  c.tolerance_pct = 30;
  ValidationResult r = run_validation_case(c, *model, "fusion", kDataDir);
  EXPECT_NEAR(r.predicted, 311.87, 0.01);  // the roofline runs a large GEMM at peak
  EXPECT_NEAR(r.error_pct, (311.87 - 250) / 250 * 100, 0.01);
  EXPECT_TRUE(r.pass);
}

// The predicted column of case `id` in validate's table.
std::string predicted_of(const std::string& table, const std::string& id) {
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::vector<std::string> row{std::istream_iterator<std::string>(fields), std::istream_iterator<std::string>()};
    if (row.size() > 4 && row[0] == id) return row[4];
  }
  return "";
}

// A case's own `passes` (the kernels its software ran) replace the default fusion,padding; an explicit --passes
// replaces both. Fusion changes this GPT's prediction (dropout into the softmax, GeLU and residuals into GEMMs).
TEST(Validate, ACaseRunsItsOwnPassesUnlessTheCommandNamesSome) {
  std::string dir = testing::temp_path("validation_passes");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/validation");
  std::filesystem::copy(kDataDir + "/hardware", dir + "/hardware");
  std::string body = "  hardware: a100_80gb\n  workload: \"gpt:hidden=512,heads=8,layers=2,vocab=1000,dropout=1,"
                     "attention=materialized\"\n  batch: 8\n  seq: 128\n  dtype: fp16\n  metric: samples_per_s\n"
                     "  value: 1000\n  unit: samples/s\n  source: test\n  tolerance_pct: 1\n";
  std::ofstream(dir + "/validation/cases.yaml") << "- id: fused\n" << body << "- id: eager\n  passes: none\n" << body;
  auto defaults = run_cli("validate --data " + dir);
  auto none = run_cli("validate --passes none --data " + dir);
  std::string fused = predicted_of(defaults.out, "fused"), eager = predicted_of(defaults.out, "eager");
  ASSERT_FALSE(fused.empty()) << defaults.out << defaults.err;
  EXPECT_NE(fused, eager);
  EXPECT_EQ(predicted_of(none.out, "fused"), eager);
  EXPECT_EQ(predicted_of(none.out, "eager"), eager);

  std::ofstream(dir + "/validation/cases.yaml") << "- id: typo\n  passes: fusoin\n" << body;
  auto bad = run_cli("validate --data " + dir);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("case 'typo': field 'passes'"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("fusoin"), std::string::npos) << bad.err;
}

TEST(Validate, MalformedCaseFilesNameTheFileAndField) {
  std::string dir = testing::temp_path("validation_bad");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/cases.yaml") << "- id: x\n  hardware: a100_80gb\n  workload: peak\n";
  try {
    load_validation_cases(dir);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cases.yaml: case 'x': missing field 'dtype'"), std::string::npos) << e.what();
  }
}

// Mutated case files (a Megatron file: system, parallel and passes fields) load or fail with a one-line InputError.
TEST(Validate, FuzzedCaseFilesNeverCrash) {
  std::ifstream in(kDataDir + "/validation/korthikanti2022.yaml");
  std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(original.empty());
  std::string dir = testing::temp_path("validation_fuzz");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::mt19937 rng(2026);
  testing::expect_yaml_edits_never_crash(original, rng, 200, [&](const std::string& text) {
    std::ofstream(dir + "/cases.yaml", std::ios::trunc) << text;
    load_validation_cases(dir);
  });
}

}  // namespace
}  // namespace tessera
