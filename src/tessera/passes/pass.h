#pragma once
// Graph-to-graph transformations applied before costing (`--passes fusion`); one implementation per file,
// registered by name in Registry<Pass>.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tessera/hardware/hardware_spec.h"
#include "tessera/workload/graph.h"

namespace tessera {

struct PassReport {
  std::string pass;
  int ops_before = 0;
  int ops_after = 0;
  int64_t bytes_before = 0;  // compulsory bytes read + written over all ops
  int64_t bytes_after = 0;
  std::vector<std::string> notes;
};

class Pass {
 public:
  virtual ~Pass() = default;
  virtual std::string description() const = 0;
  virtual Graph run(const Graph& graph, const DeviceSpec& device, PassReport& report) const = 0;
  // False for a pass whose result is the same on every device.
  virtual bool reads_device() const { return true; }
};

// Runs the comma-separated `names` in order ("none" or "" runs nothing); unknown names are InputErrors listing the
// registered passes. Appends one report per pass.
Graph run_passes(const Graph& graph, const std::string& names, const DeviceSpec& device,
                 std::vector<PassReport>& reports);

// The pass names of a comma-separated list ("none" or "": none); throws InputError for an unknown one, listing the
// registered passes.
std::vector<std::string> pass_list(const std::string& names);

// A pass list cut before its first pass that reads the device: `first` gives the same graph on every device (an
// exploration runs it once per workload), `second` the rest ("none" when empty, as run_passes reads it).
std::pair<std::string, std::string> split_before_device_pass(const std::string& names);

int64_t total_bytes(const Graph& graph);

}  // namespace tessera
