#pragma once
// A multi-device system as plain data: one device replicated over every endpoint of a network, plus the host memory
// each device can offload to. Parsed from data/systems/<name>.yaml (docs/systems.md); the device comes from a hardware
// preset (data/hardware/), so a system file only adds what lies between devices.
//
//   dgx_a100:nodes=4   device a100_80gb x 32: tier 0 switched {8} NVLink, tier 1 switched {4} InfiniBand
//   tx8_wafer          device tx8_tile x 320: tier 0 mesh2d {4,4} NoC, tier 1 mesh2d {5,4} die-to-die
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "tessera/hardware/hardware_spec.h"
#include "tessera/hardware/network_spec.h"

namespace tessera {

// The host side of one device: where activations, weights or optimizer state can be offloaded.
struct HostLink {
  int64_t memory_capacity_bytes = 0;      // host memory available to one device (the node's DRAM / devices)
  double link_bandwidth_bytes_per_s = 0;  // host <-> one device, per direction (PCIe)

  bool operator==(const HostLink&) const = default;
};

struct ClusterSpec {
  std::string name;
  std::string description;
  std::map<std::string, int64_t> parameters;  // resolved values (defaults and overrides), e.g. {nodes: 16}
  std::string device_preset;                  // the hardware preset name (or path) the device came from
  DeviceSpec device;                          // one endpoint; count is always 1
  NetworkSpec network;
  std::optional<HostLink> host;  // absent: the system models no host offload path

  int64_t endpoints() const { return network.endpoints(); }
  bool operator==(const ClusterSpec&) const = default;
};

}  // namespace tessera
