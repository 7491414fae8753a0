// `tessera scalesim` on SCALE-Sim v2's ResNet-18 topology (21 conv layers, 32x32 array): parse the config and topology
// and compute the whole COMPUTE_REPORT.csv, per dataflow. SCALE-Sim v2 itself needs minutes for this run.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "tessera/report/scalesim_report.h"

namespace {

// The example inputs next to this source file (CMake compiles it by absolute path).
const std::string kData =
    (std::filesystem::path(__FILE__).parent_path().parent_path() / "tests/data/scalesim").string() + "/";

void BM_ScaleSimResnet18(benchmark::State& state, const std::string& config_file) {
  for (auto _ : state) {
    tessera::ScaleSimConfig config = tessera::load_scalesim_config(kData + config_file);
    tessera::ScaleSimTopology topology = tessera::load_scalesim_topology(kData + "Resnet18.csv");
    std::string csv = tessera::render_compute_report_csv(tessera::run_scalesim(config, topology));
    benchmark::DoNotOptimize(csv.data());
  }
}

BENCHMARK_CAPTURE(BM_ScaleSimResnet18, os, std::string("scale_test_os.cfg"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ScaleSimResnet18, ws, std::string("scale_test_ws.cfg"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ScaleSimResnet18, is, std::string("scale_test_is.cfg"))->Unit(benchmark::kMicrosecond);

}  // namespace
