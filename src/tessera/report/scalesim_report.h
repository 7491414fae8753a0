#pragma once
// SCALE-Sim v2 parity: runs a SCALE-Sim config and topology through the stall-free systolic fold model and renders
// COMPUTE_REPORT.csv exactly as scalesim/simulator.py writes it (same header, same number formatting).
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/cost/systolic_folds.h"
#include "tessera/frontend/scalesim_topology.h"
#include "tessera/hardware/scalesim_config.h"

namespace tessera {

struct ScaleSimLayerReport {
  std::string name;
  OperandView view;  // Sr, Sc, T of the config's dataflow
  FoldResult folds;
  int64_t macs = 0;                // SCALE-Sim's num_compute: ofmap pixels * filters * window
  int64_t total_cycles = 0;        // "Total Cycles": the last OFMAP write's cycle, stalls included
  int64_t stall_cycles = 0;        // "Stall Cycles": always 0 here (no bandwidth stalls modelled yet)
  double overall_util_pct = 0.0;   // "Overall Util %": macs * 100 / (total_cycles * R * C)
  double mapping_eff_pct = 0.0;    // "Mapping Efficiency %"
  double compute_util_pct = 0.0;   // "Compute Util %"
};

struct ScaleSimReport {
  std::string run_name;
  SystolicArrayDims array;
  Dataflow dataflow = Dataflow::os;
  bool user_bandwidth = false;  // the config asked for USER bandwidth, whose stalls are not modelled
  std::vector<ScaleSimLayerReport> layers;
};

ScaleSimReport run_scalesim(const ScaleSimConfig& config, const ScaleSimTopology& topology);

// COMPUTE_REPORT.csv, byte for byte in SCALE-Sim's format:
//   "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,"
std::string render_compute_report_csv(const ScaleSimReport& report);

// A short aligned table for the terminal: per layer Sr, Sc, T, folds, cycles and utilizations, then the total.
std::string render_scalesim_table(const ScaleSimReport& report);

// Python's str() of a float (shortest round-trip digits; "100.0", "1e-05", "1e+16"), as SCALE-Sim writes its CSVs.
std::string python_float_str(double value);

}  // namespace tessera
