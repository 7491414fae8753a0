#pragma once
// System presets: data/systems/<name>.yaml, found by name, optionally with parameters: "dgx_a100:nodes=16",
// "tpu_v4_pod:x=4,y=4,z=8". The data directory is the one hardware presets use (hardware_presets.h).
#include <string>
#include <vector>

#include "tessera/hardware/system_loader.h"
#include "tessera/hardware/system_spec.h"

namespace tessera {

// "name[:k=v[,k=v...]]" split into the preset name (or path) and its parameter values. Throws InputError naming the
// parameter for a malformed one: missing '=', a value that is not a whole number >= 1, a name given twice.
struct SystemReference {
  std::string name_or_path;
  SystemParameters parameters;
};
SystemReference parse_system_reference(const std::string& text);

// Sorted names of the presets in <data_dir>/systems (file stems of *.yaml); default_data_dir() when empty.
std::vector<std::string> list_systems(const std::string& data_dir = "");

// A preset by name or a system YAML file by path (is_hardware_path decides), with parameters. The device preset is
// looked up in the same data directory. An unknown preset throws InputError listing the known ones.
ClusterSpec load_system(const std::string& name_or_path_with_params, const std::string& data_dir = "");

}  // namespace tessera
