// End-to-end `tessera scalesim`: COMPUTE_REPORT.csv parity with SCALE-Sim v2 on its example inputs, and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "integration/cli_runner.h"

namespace tessera {
namespace {

using testing::run_cli;
using testing::temp_path;

const std::string kData = std::string(TESSERA_SOURCE_DIR) + "/tests/data/scalesim";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string scalesim(const std::string& cfg, const std::string& topology, const std::string& extra = "") {
  return "scalesim --config " + kData + "/" + cfg + " --topology " + kData + "/" + topology + " " + extra;
}

// The published SCALE-Sim v2 golden trace (test/golden_trace/COMPUTE_REPORT.csv), byte for byte.
TEST(ScaleSimCli, MatchesPublishedGoldenAlexNetWs) {
  std::string dir = temp_path("scalesim_golden");
  std::filesystem::remove_all(dir);
  auto r = run_cli(scalesim("scale_ws.cfg", "alexnet_part.csv", "--out " + dir));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(dir + "/COMPUTE_REPORT.csv"), read_file(kData + "/golden/alexnet_part_ws_calc.csv"));
  EXPECT_NE(r.out.find("112283"), std::string::npos) << r.out;
}

// Every example topology in every dataflow against scripts/scalesim_reference.py's output.
TEST(ScaleSimCli, MatchesReferenceOnEveryExampleAndDataflow) {
  for (std::string df : {"os", "ws", "is"}) {
    for (std::string topology : {"Resnet18", "alexnet_part", "test", "test_mnk_input"}) {
      auto r = run_cli(scalesim("scale_test_" + df + ".cfg", topology + ".csv", "--format csv"));
      ASSERT_EQ(r.exit_code, 0) << r.err;
      EXPECT_EQ(r.out, read_file(kData + "/expected/" + topology + "_" + df + ".csv")) << topology << " " << df;
    }
  }
}

TEST(ScaleSimCli, TableNamesTheRunAndTotals) {
  auto r = run_cli(scalesim("scale_test_os.cfg", "Resnet18.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("test_32x32_os, 32x32 array, os dataflow"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Conv5_2b"), std::string::npos);
  EXPECT_NE(r.out.find("over 21 layers"), std::string::npos);
}

void expect_one_line_error(const testing::CliResult& r, const std::string& fragment) {
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(ScaleSimCli, BadFilesGiveOneLineErrorsAndWriteNothing) {
  std::string dir = temp_path("scalesim_bad_out");
  std::filesystem::remove_all(dir);
  std::string cfg = read_file(kData + "/scale_test_os.cfg");
  std::string bad_df = write_temp("bad_df.cfg", cfg.replace(cfg.find("Dataflow : os"), 13, "Dataflow : xs"));
  expect_one_line_error(run_cli("scalesim --config " + bad_df + " --topology " + kData + "/test.csv --out " + dir),
                        "Dataflow: expected os, ws or is, got 'xs'");
  std::string bad_topo = write_temp("bad_topo.csv", "Layer name, a, b, c, d, e, f, g,\nL, 7, 7, 3, 3, 0, 4, 1,\n");
  expect_one_line_error(run_cli("scalesim --config " + kData + "/scale.cfg --topology " + bad_topo + " --out " + dir),
                        "bad_topo.csv:2: column 6 (Channels): expected a positive integer, got '0'");
  std::string short_row = write_temp("short_row.csv", "Layer name, a,\nL, 7, 7,\n");
  expect_one_line_error(run_cli("scalesim --config " + kData + "/scale.cfg --topology " + short_row),
                        "short_row.csv:2: expected 8 columns");
  expect_one_line_error(run_cli("scalesim --config " + kData + "/nope.cfg --topology " + bad_topo), "nope.cfg: cannot open");
  EXPECT_FALSE(std::filesystem::exists(dir));
}

}  // namespace
}  // namespace tessera
