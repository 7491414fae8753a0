#pragma once
// Loading a hardware spec from YAML (schema: docs/hardware.md). Every field is validated; any problem throws a
// one-line InputError naming the file, the field path (devices[0].cores.matrix.dataflows[1]), the value and what
// was expected. Parsing never crashes on malformed input.
#include <string>

#include <yaml-cpp/yaml.h>

#include "tessera/hardware/hardware_spec.h"

namespace tessera {

// `file` names the source in error messages.
SystemSpec parse_hardware_yaml(const std::string& text, const std::string& file);
SystemSpec load_hardware_file(const std::string& path);
// The same from an already parsed document (a design-space point edits the base document and loads it).
SystemSpec parse_hardware_node(const YAML::Node& root, const std::string& file);

}  // namespace tessera
