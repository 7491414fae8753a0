#pragma once
// Internal to the loader: one parser per spec struct, each reading a YAML node at a field path.
#include <string>

#include <yaml-cpp/yaml.h>

#include "tessera/hardware/hardware_spec.h"

namespace tessera::spec_parsers {

CoreSpec parse_core(const YAML::Node& node, const std::string& file, const std::string& path);
MemoryLevel parse_memory_level(const YAML::Node& node, const std::string& file, const std::string& path);
std::vector<MemoryLevel> parse_memory_list(const YAML::Node& node, const std::string& file, const std::string& path);
MeshNetwork parse_mesh(const YAML::Node& node, const std::string& file, const std::string& path);

}  // namespace tessera::spec_parsers
