#pragma once
// Rendering `tessera compare`: one workload on several devices, side by side, with ratios to the first.
#include <string>
#include <vector>

#include "tessera/cost/graph_cost.h"
#include "tessera/frontend/model_source.h"

namespace tessera {

struct ComparedHardware {
  std::string name;
  DeviceSpec device;
  Graph graph;  // as costed on this device (after its passes)
  GraphCost cost;
};

// format: table or json. Ratios are to hardware[0]: speedup = its latency / this latency; Perf/TDP relative.
std::string render_comparison(const Workload& workload, const std::vector<ComparedHardware>& hardware,
                              const std::string& format);

}  // namespace tessera
