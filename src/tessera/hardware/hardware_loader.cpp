#include "tessera/hardware/hardware_loader.h"

#include <set>

#include "tessera/core/text_file.h"
#include "tessera/hardware/hardware_names.h"
#include "tessera/hardware/spec_parsers.h"
#include "tessera/hardware/yaml_fields.h"

namespace tessera {
namespace {

using spec_parsers::parse_core;
using spec_parsers::parse_memory_list;
using spec_parsers::parse_mesh;

OffChipMemory parse_off_chip(const YAML::Node& node, const std::string& file, const std::string& path) {
  YamlFields f(node, file, path, {"kind", "capacity_bytes", "bandwidth_bytes_per_s", "energy_j_per_byte"});
  OffChipMemory memory;
  memory.kind = f.string("kind");
  if (!is_off_chip_memory_kind(memory.kind)) {
    std::string known;
    for (auto k : off_chip_memory_kinds()) known += (known.empty() ? "" : ", ") + std::string(k);
    f.fail("kind", "unknown memory kind '" + memory.kind + "' (expected one of: " + known + ")");
  }
  memory.capacity_bytes = f.integer("capacity_bytes", "bytes");
  memory.bandwidth_bytes_per_s = f.number("bandwidth_bytes_per_s", "bytes/s");
  memory.energy_j_per_byte = f.number("energy_j_per_byte", "J/byte", true);
  return memory;
}

// Memory level names must be unique within a device, so that traffic can be reported per level by name.
void check_unique_memory_names(const DeviceSpec& device, const std::string& file, const std::string& path) {
  std::set<std::string> seen;
  for (const auto* list : {&device.cores.memories, &device.shared_memories}) {
    for (const auto& m : *list) {
      if (!seen.insert(m.name).second) throw_field_error(file, path, "memory level name '" + m.name + "' used twice");
    }
  }
}

DeviceSpec parse_device(const YAML::Node& node, const std::string& file, const std::string& path) {
  YamlFields f(node, file, path,
               {"name", "count", "frequency_hz", "cores", "noc", "shared_memories", "off_chip", "tdp_w", "area_mm2",
                "technology_nm", "cost_model"});
  DeviceSpec device;
  device.name = f.string("name");
  if (f.has("count")) {
    int64_t count = f.integer("count", "devices");
    if (count > 1'000'000) f.fail("count", "expected at most 1000000 devices, got " + std::to_string(count));
    device.count = static_cast<int>(count);
  }
  device.frequency_hz = f.number("frequency_hz", "Hz");
  device.cores = parse_core(f.required("cores"), file, f.path_of("cores"));
  if (f.has("noc")) {
    device.noc = parse_mesh(f.required("noc"), file, f.path_of("noc"));
    if (static_cast<int64_t>(device.noc->rows) * device.noc->cols != device.cores.count) {
      f.fail("noc", "mesh " + std::to_string(device.noc->rows) + " x " + std::to_string(device.noc->cols) +
                        " does not match cores.count " + std::to_string(device.cores.count));
    }
  }
  if (f.has("shared_memories")) {
    device.shared_memories = parse_memory_list(f.required("shared_memories"), file, f.path_of("shared_memories"));
  }
  device.off_chip = parse_off_chip(f.required("off_chip"), file, f.path_of("off_chip"));
  device.tdp_w = f.number("tdp_w", "W");
  device.area_mm2 = f.number("area_mm2", "mm^2");
  device.technology_nm = f.number("technology_nm", "nm");
  if (f.has("cost_model")) device.cost_model = f.string("cost_model");
  check_unique_memory_names(device, file, path);
  return device;
}

SystemSpec parse_system(const YAML::Node& root, const std::string& file) {
  YamlFields f(root, file, "", {"name", "description", "devices", "interconnect"});
  SystemSpec system;
  system.name = f.string("name");
  if (f.has("description")) system.description = f.string("description");
  YAML::Node devices = f.required("devices");
  require_list(devices, file, "devices");
  if (devices.size() == 0) throw_field_error(file, "devices", "expected at least one device, got an empty list");
  int64_t total = 0;
  for (size_t i = 0; i < devices.size(); ++i) {
    system.devices.push_back(parse_device(devices[i], file, index_path("devices", i)));
    total += system.devices.back().count;
  }
  if (f.has("interconnect")) {
    system.interconnect = parse_mesh(f.required("interconnect"), file, "interconnect");
    if (static_cast<int64_t>(system.interconnect->rows) * system.interconnect->cols != total) {
      f.fail("interconnect", "mesh " + std::to_string(system.interconnect->rows) + " x " +
                                 std::to_string(system.interconnect->cols) + " does not match the " +
                                 std::to_string(total) + " devices");
    }
  } else if (total > 1) {
    f.fail("interconnect", "missing required field (the system has " + std::to_string(total) + " devices)");
  }
  return system;
}

}  // namespace

SystemSpec parse_hardware_yaml(const std::string& text, const std::string& file) {
  return parse_yaml_document(text, file, [&](const YAML::Node& root) { return parse_system(root, file); });
}

SystemSpec parse_hardware_node(const YAML::Node& root, const std::string& file) {
  try {
    return parse_system(root, file);
  } catch (const YAML::Exception& e) {
    throw_yaml_conversion_error(file, e);
  }
}

SystemSpec load_hardware_file(const std::string& path) { return parse_hardware_yaml(read_text_file(path), path); }

}  // namespace tessera
