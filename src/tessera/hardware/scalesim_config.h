#pragma once
// SCALE-Sim v2 configuration files (.cfg, Python configparser INI), as scalesim/scale_config.py reads them:
//   [general]              run_name
//   [architecture_presets] ArrayHeight, ArrayWidth, IfmapSramSzkB, FilterSramSzkB, OfmapSramSzkB,
//                          IfmapOffset, FilterOffset, OfmapOffset, Dataflow (os|ws|is), Bandwidth, MemoryBanks
//   [run_presets]          InterfaceBandwidth (USER|CALC)
// Keys are case-insensitive and take "key: value" or "key = value"; other keys and sections are ignored.
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/hardware/hardware_spec.h"  // Dataflow

namespace tessera {

struct ScaleSimConfig {
  std::string run_name;
  int64_t array_rows = 0;  // ArrayHeight
  int64_t array_cols = 0;  // ArrayWidth
  int64_t ifmap_sram_kb = 0;
  int64_t filter_sram_kb = 0;
  int64_t ofmap_sram_kb = 0;
  int64_t ifmap_offset = 0;
  int64_t filter_offset = 0;
  int64_t ofmap_offset = 0;
  Dataflow dataflow = Dataflow::os;  // Dataflow: os, ws or is
  // InterfaceBandwidth: USER takes Bandwidth (words/cycle per bank) as the DRAM interface; CALC lets SCALE-Sim
  // estimate the bandwidth needed to run without stalls.
  bool user_bandwidth = false;
  std::vector<int64_t> bandwidth_words_per_cycle;  // Bandwidth, comma-separated; empty when absent
  int64_t memory_banks = 1;                        // MemoryBanks, 1 when absent

  bool operator==(const ScaleSimConfig&) const = default;
};

// Throws InputError naming the file, the line or key, and what was expected.
ScaleSimConfig parse_scalesim_config(const std::string& text, const std::string& path);
ScaleSimConfig load_scalesim_config(const std::string& path);

}  // namespace tessera
