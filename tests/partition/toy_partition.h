#pragma once
// Test helpers: a toy 4-core device whose numbers make plan times hand-derivable, and a chain of square layers.
#include <string>

#include "tessera/hardware/hardware_loader.h"
#include "tessera/workload/graph_builder.h"

namespace tessera::testing {

// 4 cores in a 1 x 4 mesh (allocation unit: one core); per core 250 fp32 MACs/cycle at 1 GHz (2.5e11 MAC/s), a
// 4 MiB scratchpad at 1e13 B/s; 1 GB/s DRAM; NoC links of 4 GB/s with no latency.
inline DeviceSpec toy_device() {
  const std::string yaml = R"(
name: toy
devices:
  - name: toy
    frequency_hz: 1.0e9
    cores:
      count: 4
      matrix:
        kind: mma
        macs_per_cycle:
          fp32: 250
      vector:
        lanes: 8
        ops_per_cycle:
          fp32: 250
        special_ops_per_cycle: 1
      memories:
        - name: scratchpad
          size_bytes: 4194304
          bandwidth_bytes_per_s: 1.0e13
          energy_j_per_byte: 1.0e-12
    noc:
      rows: 1
      cols: 4
      link_bandwidth_bytes_per_s: 4.0e9
      link_latency_s: 0
    off_chip:
      kind: ddr4
      capacity_bytes: 1000000000
      bandwidth_bytes_per_s: 1.0e9
      energy_j_per_byte: 1.0e-10
    tdp_w: 10
    area_mm2: 10
    technology_nm: 7
)";
  return parse_hardware_yaml(yaml, "toy.yaml").devices.at(0);
}

// x [batch, 1000] -> layers.<i>.fc (1000 x 1000 fp32 weights, 4 MB each, no bias) -> ... ; 1e6 MACs per sample
// and layer; the last output is the graph's.
inline Graph toy_chain(int64_t batch, int layers = 2) {
  GraphBuilder b("toy_chain", DType::fp32);
  int x = b.input("x", {batch, 1000});
  for (int i = 0; i < layers; ++i) {
    auto scope = b.scope("layers." + std::to_string(i));
    x = b.linear(x, "fc", 1000, false);
  }
  return b.finish();
}

}  // namespace tessera::testing
