#pragma once
// Setting one value inside a YAML document by a path such as "devices[0].cores.memories[1].size_bytes": map keys
// separated by dots, list indices in brackets. Every step but the last must exist (a typo in a design space must
// not silently create a new branch); the last key may be new, so optional fields can be set.
#include <string>

#include <yaml-cpp/yaml.h>

namespace tessera {

// Throws InputError naming the path, the step that failed and, for a missing key, the keys that exist there.
void set_yaml_path(YAML::Node& root, const std::string& path, const YAML::Node& value);

// A node as one line of YAML flow text ("[ws]", "{a: 1}", "128"): point keys and error messages.
std::string yaml_flow_text(const YAML::Node& node);

}  // namespace tessera
