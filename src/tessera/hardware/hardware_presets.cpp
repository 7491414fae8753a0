#include "tessera/hardware/hardware_presets.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "tessera/core/error.h"
#include "tessera/hardware/hardware_loader.h"

namespace tessera {
namespace {

namespace fs = std::filesystem;

bool has_hardware_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "hardware", ec);
}

std::string search_near_executable() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  for (fs::path dir = exe.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    for (const fs::path& candidate : {dir / "data", dir / "share" / "tessera" / "data"}) {
      if (has_hardware_dir(candidate)) return candidate.string();
    }
    if (dir == dir.root_path()) break;
  }
  return "";
}

}  // namespace

std::string default_data_dir() {
  if (const char* env = std::getenv("TESSERA_DATA_DIR"); env != nullptr && *env != '\0') {
    if (!has_hardware_dir(env)) throw InputError(std::string("TESSERA_DATA_DIR=") + env + ": no hardware/ directory in it");
    return env;
  }
#ifdef TESSERA_DATA_DIR
  if (has_hardware_dir(TESSERA_DATA_DIR)) return TESSERA_DATA_DIR;
#endif
  std::string found = search_near_executable();
  if (found.empty()) {
    throw InputError("cannot find the data directory with hardware presets (set TESSERA_DATA_DIR to the data/ directory)");
  }
  return found;
}

std::vector<std::string> hardware_preset_names(const std::string& data_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(data_dir) / "hardware", ec)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  if (ec) throw InputError(data_dir + "/hardware: cannot list presets (" + ec.message() + ")");
  std::sort(names.begin(), names.end());
  return names;
}

bool is_hardware_path(const std::string& name_or_path) {
  auto ends_with = [&](const std::string& suffix) {
    return name_or_path.size() >= suffix.size() &&
           name_or_path.compare(name_or_path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".yaml") || ends_with(".yml") || name_or_path.find('/') != std::string::npos;
}

SystemSpec load_hardware(const std::string& name_or_path, const std::string& data_dir) {
  return load_hardware_file(hardware_file_path(name_or_path, data_dir));
}

std::string hardware_file_path(const std::string& name_or_path, const std::string& data_dir) {
  if (is_hardware_path(name_or_path)) return name_or_path;
  std::string dir = data_dir.empty() ? default_data_dir() : data_dir;
  auto names = hardware_preset_names(dir);
  if (std::find(names.begin(), names.end(), name_or_path) == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown hardware '" + name_or_path + "' (presets: " + known + "; or give a path to a .yaml file)");
  }
  return (fs::path(dir) / "hardware" / (name_or_path + ".yaml")).string();
}

}  // namespace tessera
