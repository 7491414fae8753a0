// System presets and the system YAML loader: endpoint counts of the presets, parameters, and one clear InputError
// per kind of bad file.
#include "tessera/hardware/system_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "support/input_error.h"
#include "support/temp_path.h"
#include "tessera/hardware/system_presets.h"

namespace tessera {
namespace {

using testing::input_error_of;

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";

const char* kSmallSystem = R"(
name: small
device: a100_80gb
parameters:
  nodes: 2
network:
  - name: nvlink
    topology: switched
    dims: [8]
    link_bandwidth_bytes_per_s: 3.0e11
    link_latency_s: 1.0e-6
  - name: ib
    topology: switched
    dims: [nodes]
    link_bandwidth_bytes_per_s: 2.0e11
    link_latency_s: 2.0e-6
host:
  memory_capacity_bytes: 1000
  link_bandwidth_bytes_per_s: 3.2e10
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Parses `text` expecting a one-line InputError starting with the file name and containing every fragment.
void expect_error(const std::string& text, std::initializer_list<std::string> fragments,
                  const SystemParameters& parameters = {}) {
  std::string message = input_error_of([&] { parse_system_yaml(text, "bad.yaml", parameters, kDataDir); });
  ASSERT_FALSE(message.empty()) << "no error";
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_EQ(message.rfind("bad.yaml: ", 0), 0u) << message;
  for (const auto& f : fragments) EXPECT_NE(message.find(f), std::string::npos) << message << "\n  lacks: " << f;
}

TEST(SystemLoader, ParsesEveryField) {
  ClusterSpec system = parse_system_yaml(kSmallSystem, "small.yaml", {}, kDataDir);
  EXPECT_EQ(system.name, "small");
  EXPECT_EQ(system.device_preset, "a100_80gb");
  EXPECT_EQ(system.device.name, "A100-SXM4-80GB");
  EXPECT_EQ(system.parameters, (SystemParameters{{"nodes", 2}}));
  ASSERT_EQ(system.network.tiers.size(), 2u);
  EXPECT_EQ(system.network.tiers[1].dims, std::vector<int>{2});
  EXPECT_EQ(system.network.tiers[1].topology, TopologyKind::switched);
  EXPECT_DOUBLE_EQ(system.network.tiers[1].link_latency_s, 2.0e-6);
  EXPECT_EQ(system.endpoints(), 16);
  ASSERT_TRUE(system.host.has_value());
  EXPECT_EQ(system.host->memory_capacity_bytes, 1000);
  EXPECT_EQ(system, parse_system_yaml(kSmallSystem, "small.yaml", {}, kDataDir));
}

TEST(SystemLoader, ParameterOverridesDefault) {
  ClusterSpec system = parse_system_yaml(kSmallSystem, "small.yaml", {{"nodes", 5}}, kDataDir);
  EXPECT_EQ(system.endpoints(), 40);
  EXPECT_EQ(system.parameters.at("nodes"), 5);
}

TEST(SystemLoader, HostIsOptional) {
  std::string text = kSmallSystem;
  text = text.substr(0, text.find("host:"));
  EXPECT_FALSE(parse_system_yaml(text, "small.yaml", {}, kDataDir).host.has_value());
}

TEST(SystemLoader, MissingField) {
  expect_error(replaced(kSmallSystem, "    link_bandwidth_bytes_per_s: 2.0e11\n", ""),
               {"network[1].link_bandwidth_bytes_per_s", "missing required field"});
  expect_error(replaced(kSmallSystem, "device: a100_80gb\n", ""), {"device", "missing required field"});
  expect_error(replaced(kSmallSystem, "    dims: [8]\n", ""), {"network[0].dims", "missing"});
}

TEST(SystemLoader, NegativeOrBadNumbers) {
  expect_error(replaced(kSmallSystem, "3.0e11", "-3.0e11"),
               {"network[0].link_bandwidth_bytes_per_s", "expected a positive number (bytes/s)", "'-3.0e11'"});
  expect_error(replaced(kSmallSystem, "link_latency_s: 1.0e-6", "link_latency_s: -1"),
               {"network[0].link_latency_s", "non-negative"});
  expect_error(replaced(kSmallSystem, "memory_capacity_bytes: 1000", "memory_capacity_bytes: 0"),
               {"host.memory_capacity_bytes", "'0'"});
  expect_error(replaced(kSmallSystem, "dims: [8]", "dims: [0]"), {"network[0].dims[0]", "'0'"});
}

TEST(SystemLoader, UnknownTopology) {
  expect_error(replaced(kSmallSystem, "topology: switched", "topology: hypercube"),
               {"network[0].topology", "unknown topology 'hypercube'", "ring, mesh2d, torus2d, torus3d, switched"});
}

TEST(SystemLoader, WrongDimsCountForTopology) {
  expect_error(replaced(kSmallSystem, "topology: switched\n    dims: [8]", "topology: torus3d\n    dims: [2, 4]"),
               {"network[0].dims", "torus3d takes 3 dims, got 2"});
  expect_error(replaced(kSmallSystem, "topology: switched\n    dims: [8]", "topology: mesh2d\n    dims: [8]"),
               {"network[0].dims", "mesh2d takes 2 dims, got 1"});
  expect_error(replaced(kSmallSystem, "dims: [8]", "dims: 8"), {"network[0].dims", "expected a list"});
}

TEST(SystemLoader, UnknownKeysAndNames) {
  expect_error(replaced(kSmallSystem, "name: ib", "name: ib\n    bandwith: 1"),
               {"network[1].bandwith", "unknown key", "link_bandwidth_bytes_per_s"});
  expect_error(replaced(kSmallSystem, "name: small", "name: small\nnodes: 4"), {"nodes", "unknown key"});
  expect_error(replaced(kSmallSystem, "name: ib", "name: nvlink"), {"network[1].name", "'nvlink' used twice"});
  expect_error(replaced(kSmallSystem, "device: a100_80gb", "device: a100_90gb"),
               {"device", "unknown hardware 'a100_90gb'", "a100_80gb"});
  expect_error(replaced(kSmallSystem, "device: a100_80gb", "device: tx8_wafer"),
               {"device", "has 20 devices", "single-device preset"});
}

TEST(SystemLoader, Parameters) {
  expect_error(replaced(kSmallSystem, "dims: [nodes]", "dims: [nodez]"),
               {"network[1].dims[0]", "unknown parameter 'nodez'", "nodes"});
  expect_error(replaced(kSmallSystem, "dims: [nodes]", "dims: [2]"), {"parameters", "'nodes' is declared but"});
  expect_error(kSmallSystem, {"unknown parameter 'gpus'", "declares: nodes"}, {{"gpus", 2}});
  expect_error(replaced(kSmallSystem, "nodes: 2", "nodes: many"), {"parameters.nodes", "'many'"});
  expect_error(replaced(kSmallSystem, "dims: [8]", "dims: [100000]"), {"network", "more than 1000000000 endpoints"},
               {{"nodes", 100000}});
}

TEST(SystemLoader, MalformedYamlNeverCrashes) {
  expect_error("name: [unclosed", {"invalid YAML"});
  expect_error("- just\n- a list\n", {"expected a mapping"});
  expect_error("name: x\ndevice: a100_80gb\nnetwork: 5\n", {"network: expected a list, got '5'"});
  expect_error("name: x\ndevice: a100_80gb\nnetwork: []\n", {"network: expected at least one tier"});
}

TEST(SystemPresets, ListsEveryPresetWithMatchingName) {
  auto names = list_systems(kDataDir);
  for (const char* expected : {"dgx_a100", "dgx_h100", "tpu_v3_pod", "tpu_v4_pod", "tx8_wafer"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  for (const auto& name : names) EXPECT_EQ(load_system(name, kDataDir).name, name);
}

TEST(SystemPresets, DgxA100NodesParameter) {
  ClusterSpec one = load_system("dgx_a100", kDataDir);
  EXPECT_EQ(one.endpoints(), 8);
  ClusterSpec four = load_system("dgx_a100:nodes=4", kDataDir);
  EXPECT_EQ(four.endpoints(), 32);
  ASSERT_EQ(four.network.tiers.size(), 2u);
  EXPECT_EQ(four.network.tiers[0].dims, std::vector<int>{8});
  EXPECT_EQ(four.network.tiers[1].dims, std::vector<int>{4});
  EXPECT_DOUBLE_EQ(four.network.tiers[0].link_bandwidth_bytes_per_s, 300e9);
  EXPECT_DOUBLE_EQ(four.network.tiers[1].link_bandwidth_bytes_per_s, 8 * 25e9);
  EXPECT_EQ(four.device.off_chip.capacity_bytes, 85899345920);
  EXPECT_EQ(load_system("dgx_a100:nodes=16", kDataDir).endpoints(), 128);
}

TEST(SystemPresets, DgxH100) {
  ClusterSpec system = load_system("dgx_h100:nodes=2", kDataDir);
  EXPECT_EQ(system.endpoints(), 16);
  EXPECT_DOUBLE_EQ(system.network.tiers[0].link_bandwidth_bytes_per_s, 450e9);
  EXPECT_DOUBLE_EQ(system.network.tiers[1].link_bandwidth_bytes_per_s, 8 * 50e9);
}

TEST(SystemPresets, TpuPodSlices) {
  ClusterSpec v3 = load_system("tpu_v3_pod:x=4,y=8", kDataDir);
  EXPECT_EQ(v3.endpoints(), 32);
  EXPECT_EQ(v3.network.tiers[0].topology, TopologyKind::torus2d);
  EXPECT_EQ(v3.network.tiers[0].dims, (std::vector<int>{4, 8}));
  EXPECT_EQ(load_system("tpu_v3_pod", kDataDir).endpoints(), 1024);
  ClusterSpec v4 = load_system("tpu_v4_pod:x=4,y=4,z=4", kDataDir);
  EXPECT_EQ(v4.endpoints(), 64);
  EXPECT_EQ(v4.network.tiers[0].topology, TopologyKind::torus3d);
  EXPECT_EQ(load_system("tpu_v4_pod:z=8", kDataDir).endpoints(), 16 * 16 * 8);
}

TEST(SystemPresets, Tx8WaferIsTilesOnTwoMeshes) {
  ClusterSpec wafer = load_system("tx8_wafer", kDataDir);
  EXPECT_EQ(wafer.endpoints(), 320);
  EXPECT_EQ(wafer.device_preset, "tx8_wafer_tile");
  EXPECT_DOUBLE_EQ(wafer.device.off_chip.bandwidth_bytes_per_s, 1.024e12 / 16);  // the die's DRAM over its tiles
  ASSERT_EQ(wafer.network.tiers.size(), 2u);
  EXPECT_EQ(wafer.network.tiers[0].topology, TopologyKind::mesh2d);
  EXPECT_EQ(wafer.network.tiers[0].dims, (std::vector<int>{4, 4}));
  EXPECT_DOUBLE_EQ(wafer.network.tiers[0].link_bandwidth_bytes_per_s, 1.024e12);
  EXPECT_EQ(wafer.network.tiers[1].dims, (std::vector<int>{5, 4}));
  EXPECT_DOUBLE_EQ(wafer.network.tiers[1].link_bandwidth_bytes_per_s, 2.56e11);
  EXPECT_FALSE(wafer.host.has_value());
}

TEST(SystemPresets, BadReferences) {
  EXPECT_NE(input_error_of([] { load_system("dgx_a100:nodes=abc", kDataDir); }).find("parameter 'nodes'"),
            std::string::npos);
  EXPECT_NE(input_error_of([] { load_system("dgx_a100:nodes=0", kDataDir); }).find("whole number >= 1, got '0'"),
            std::string::npos);
  EXPECT_NE(input_error_of([] { load_system("dgx_a100:gpus=4", kDataDir); }).find("unknown parameter 'gpus'"),
            std::string::npos);
  EXPECT_NE(input_error_of([] { load_system("dgx_a100:nodes", kDataDir); }).find("expected name=value"),
            std::string::npos);
  EXPECT_NE(input_error_of([] { load_system("dgx_a100:nodes=2,nodes=3", kDataDir); }).find("given twice"),
            std::string::npos);
  EXPECT_NE(input_error_of([] { load_system("tx8_wafer:nodes=2", kDataDir); }).find("declares: none"),
            std::string::npos);
  std::string unknown = input_error_of([] { load_system("dgx_b200", kDataDir); });
  EXPECT_NE(unknown.find("unknown system 'dgx_b200'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("dgx_a100"), std::string::npos) << unknown;
}

TEST(SystemPresets, LoadsAFileByPathWithParameters) {
  std::string path = testing::temp_path("mine.yaml");
  std::ofstream(path) << kSmallSystem;
  EXPECT_EQ(load_system(path + ":nodes=3", kDataDir).endpoints(), 24);
}

}  // namespace
}  // namespace tessera
