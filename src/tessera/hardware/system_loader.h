#pragma once
// Loading a system spec from YAML (schema: docs/systems.md). Errors follow the hardware loader: one-line InputError
// "<file>: <path>: <what was expected>, got <value>", unknown keys rejected, never a crash on malformed input.
#include <cstdint>
#include <map>
#include <string>

#include "tessera/hardware/system_spec.h"

namespace tessera {

// Values for the parameters a system file declares ("dgx_a100:nodes=16" gives {nodes: 16}); the rest keep their
// defaults. Naming a parameter the file does not declare is an InputError naming it.
using SystemParameters = std::map<std::string, int64_t>;

// `file` names the source in errors and anchors a relative device path; `data_dir` holds hardware/ for a device
// preset (default_data_dir() when empty).
ClusterSpec parse_system_yaml(const std::string& text, const std::string& file, const SystemParameters& parameters = {},
                              const std::string& data_dir = "");
ClusterSpec load_system_file(const std::string& path, const SystemParameters& parameters = {},
                             const std::string& data_dir = "");

}  // namespace tessera
