#include "tessera/hardware/system_loader.h"

#include <cctype>
#include <filesystem>
#include <set>

#include "tessera/core/error.h"
#include "tessera/core/text_file.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/hardware/system_names.h"
#include "tessera/hardware/yaml_fields.h"

namespace tessera {
namespace {

constexpr int64_t kMaxDim = 1'000'000;
constexpr int64_t kMaxEndpoints = 1'000'000'000;

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

bool is_identifier(const std::string& text) {
  if (text.empty() || !(std::islower(static_cast<unsigned char>(text[0])) || text[0] == '_')) return false;
  for (char c : text) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return true;
}

int64_t checked_dim(int64_t value, const std::string& file, const std::string& path) {
  if (value > kMaxDim) {
    throw_field_error(file, path, "expected at most " + std::to_string(kMaxDim) + ", got " + std::to_string(value));
  }
  return value;
}

// `parameters:` name -> default, then the caller's overrides, each of which must be declared.
SystemParameters resolve_parameters(const YamlFields& root, const SystemParameters& overrides) {
  SystemParameters values;
  if (root.has("parameters")) {
    YAML::Node node = root.required("parameters");
    std::string path = root.path_of("parameters");
    if (!node.IsMap()) {
      throw_field_error(root.file(), path, "expected a mapping name -> default, got " + describe_node(node));
    }
    for (const auto& entry : node) {
      std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "";
      std::string item_path = child_path(path, name.empty() ? describe_node(entry.first) : name);
      if (!is_identifier(name)) throw_field_error(root.file(), item_path, "expected a lower-case name (a-z, 0-9, _)");
      values[name] =
          checked_dim(read_integer(entry.second, root.file(), item_path, "default", false), root.file(), item_path);
    }
  }
  for (const auto& [name, value] : overrides) {
    if (!values.count(name)) {
      std::set<std::string> declared;
      for (const auto& [n, v] : values) declared.insert(n);
      throw_field_error(root.file(), "",
                        "unknown parameter '" + name + "' (this system declares: " + joined(declared) + ")");
    }
    if (value < 1 || value > kMaxDim) {
      throw_field_error(root.file(), "",
                        "parameter '" + name + "': expected a whole number from 1 to " + std::to_string(kMaxDim) +
                            ", got " + std::to_string(value));
    }
    values[name] = value;
  }
  return values;
}

// A dims item: a whole number, or the name of a declared parameter (recorded in `used`).
int item_dim(const YAML::Node& node, const std::string& file, const std::string& path, const SystemParameters& values,
             std::set<std::string>& used) {
  if (node.IsScalar() && is_identifier(node.Scalar())) {
    auto it = values.find(node.Scalar());
    if (it == values.end()) {
      std::set<std::string> declared;
      for (const auto& [n, v] : values) declared.insert(n);
      throw_field_error(file, path,
                        "unknown parameter '" + node.Scalar() + "' (declared in parameters: " + joined(declared) + ")");
    }
    used.insert(it->first);
    return static_cast<int>(it->second);
  }
  return static_cast<int>(checked_dim(read_integer(node, file, path, "members", false), file, path));
}

NetworkTier parse_tier(const YAML::Node& node, const std::string& file, const std::string& path,
                       const SystemParameters& values, std::set<std::string>& used) {
  YamlFields f(node, file, path,
               {"name", "topology", "dims", "link_bandwidth_bytes_per_s", "link_latency_s", "achievable_fraction"});
  NetworkTier tier;
  tier.name = f.string("name");
  std::string topology = f.string("topology");
  try {
    tier.topology = parse_topology_kind(topology);
  } catch (const InputError& e) {
    f.fail("topology", e.what());
  }
  YAML::Node dims = f.required("dims");
  require_list(dims, file, f.path_of("dims"));
  size_t expected = topology_dims_count(tier.topology);
  if (dims.size() != expected) {
    f.fail("dims", topology + " takes " + std::to_string(expected) + (expected == 1 ? " dim" : " dims") + ", got " +
                       std::to_string(dims.size()));
  }
  for (size_t i = 0; i < dims.size(); ++i) {
    tier.dims.push_back(item_dim(dims[i], file, index_path(f.path_of("dims"), i), values, used));
  }
  tier.link_bandwidth_bytes_per_s = f.number("link_bandwidth_bytes_per_s", "bytes/s");
  if (f.has("achievable_fraction")) tier.achievable_fraction = f.fraction("achievable_fraction", "fraction of the link bandwidth");
  tier.link_latency_s = f.number("link_latency_s", "s", true);
  return tier;
}

NetworkSpec parse_network(const YamlFields& root, const SystemParameters& values) {
  YAML::Node node = root.required("network");
  require_list(node, root.file(), "network");
  if (node.size() == 0) throw_field_error(root.file(), "network", "expected at least one tier, got an empty list");
  NetworkSpec network;
  std::set<std::string> used;
  std::set<std::string> names;
  int64_t endpoints = 1;
  for (size_t i = 0; i < node.size(); ++i) {
    std::string path = index_path("network", i);
    network.tiers.push_back(parse_tier(node[i], root.file(), path, values, used));
    const NetworkTier& tier = network.tiers.back();
    if (!names.insert(tier.name).second) {
      throw_field_error(root.file(), child_path(path, "name"), "tier name '" + tier.name + "' used twice");
    }
    if (tier.size() > kMaxEndpoints / endpoints) {  // tier.size() <= kMaxDim^3 fits int64; the product may not
      throw_field_error(root.file(), path,
                        "the network would have more than " + std::to_string(kMaxEndpoints) + " endpoints");
    }
    endpoints *= tier.size();
  }
  for (const auto& [name, value] : values) {
    if (!used.count(name)) root.fail("parameters", "parameter '" + name + "' is declared but no tier's dims use it");
  }
  return network;
}

std::optional<HostLink> parse_host(const YamlFields& root) {
  if (!root.has("host")) return std::nullopt;
  YamlFields f(root.required("host"), root.file(), "host", {"memory_capacity_bytes", "link_bandwidth_bytes_per_s"});
  HostLink host;
  host.memory_capacity_bytes = f.integer("memory_capacity_bytes", "bytes");
  host.link_bandwidth_bytes_per_s = f.number("link_bandwidth_bytes_per_s", "bytes/s");
  return host;
}

// The device: a hardware preset (or a hardware file, relative to the system file) holding exactly one device.
DeviceSpec load_device(const YamlFields& root, const std::string& reference, const std::string& data_dir) {
  std::string resolved = reference;
  if (is_hardware_path(reference) && std::filesystem::path(reference).is_relative()) {
    resolved = (std::filesystem::path(root.file()).parent_path() / reference).string();
  }
  SystemSpec hardware;
  try {
    hardware = load_hardware(resolved, data_dir);
  } catch (const InputError& e) {
    root.fail("device", e.what());
  }
  if (hardware.devices.size() != 1 || hardware.devices[0].count != 1) {
    int64_t total = 0;
    for (const auto& d : hardware.devices) total += d.count;
    root.fail("device", "hardware '" + reference + "' has " + std::to_string(total) +
                            " devices; a system replicates one device over its network (name a single-device preset)");
  }
  return hardware.devices[0];
}

ClusterSpec parse_cluster(const YAML::Node& node, const std::string& file, const SystemParameters& overrides,
                          const std::string& data_dir) {
  YamlFields root(node, file, "", {"name", "description", "device", "parameters", "network", "host"});
  ClusterSpec cluster;
  cluster.name = root.string("name");
  if (root.has("description")) cluster.description = root.string("description");
  cluster.parameters = resolve_parameters(root, overrides);
  cluster.network = parse_network(root, cluster.parameters);
  cluster.host = parse_host(root);
  cluster.device_preset = root.string("device");
  cluster.device = load_device(root, cluster.device_preset, data_dir);
  return cluster;
}

}  // namespace

ClusterSpec parse_system_yaml(const std::string& text, const std::string& file, const SystemParameters& parameters,
                              const std::string& data_dir) {
  return parse_yaml_document(text, file,
                             [&](const YAML::Node& root) { return parse_cluster(root, file, parameters, data_dir); });
}

ClusterSpec load_system_file(const std::string& path, const SystemParameters& parameters, const std::string& data_dir) {
  return parse_system_yaml(read_text_file(path), path, parameters, data_dir);
}

}  // namespace tessera
