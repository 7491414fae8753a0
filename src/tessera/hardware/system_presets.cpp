#include "tessera/hardware/system_presets.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>

#include "tessera/core/error.h"
#include "tessera/hardware/hardware_presets.h"

namespace tessera {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at = text.find(separator); at != std::string::npos; at = text.find(separator, start)) {
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

}  // namespace

SystemReference parse_system_reference(const std::string& text) {
  // Parameters follow the first ':' after the last '/', so directories with ':' in a path still work.
  size_t slash = text.rfind('/');
  size_t colon = text.find(':', slash == std::string::npos ? 0 : slash);
  SystemReference reference{text.substr(0, colon), {}};
  if (reference.name_or_path.empty()) throw InputError("system '" + text + "': expected a preset name or a path");
  if (colon == std::string::npos) return reference;
  for (const std::string& item : split(text.substr(colon + 1), ',')) {
    size_t equals = item.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw InputError("system '" + text + "': expected name=value after ':', got '" + item + "'");
    }
    std::string name = item.substr(0, equals);
    std::string value_text = item.substr(equals + 1);
    int64_t value = 0;
    auto [end, ec] = std::from_chars(value_text.data(), value_text.data() + value_text.size(), value);
    if (ec != std::errc() || end != value_text.data() + value_text.size() || value < 1) {
      throw InputError("system '" + text + "': parameter '" + name + "': expected a whole number >= 1, got '" +
                       value_text + "'");
    }
    if (!reference.parameters.emplace(name, value).second) {
      throw InputError("system '" + text + "': parameter '" + name + "' given twice");
    }
  }
  return reference;
}

std::vector<std::string> list_systems(const std::string& data_dir) {
  std::string dir = data_dir.empty() ? default_data_dir() : data_dir;
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "systems", ec)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  if (ec) throw InputError(dir + "/systems: cannot list system presets (" + ec.message() + ")");
  std::sort(names.begin(), names.end());
  return names;
}

ClusterSpec load_system(const std::string& name_or_path_with_params, const std::string& data_dir) {
  SystemReference reference = parse_system_reference(name_or_path_with_params);
  if (is_hardware_path(reference.name_or_path)) {
    return load_system_file(reference.name_or_path, reference.parameters, data_dir);
  }
  std::string dir = data_dir.empty() ? default_data_dir() : data_dir;
  auto names = list_systems(dir);
  if (std::find(names.begin(), names.end(), reference.name_or_path) == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown system '" + reference.name_or_path + "' (presets: " + known +
                     "; or give a path to a .yaml file)");
  }
  return load_system_file((fs::path(dir) / "systems" / (reference.name_or_path + ".yaml")).string(),
                          reference.parameters, dir);
}

}  // namespace tessera
