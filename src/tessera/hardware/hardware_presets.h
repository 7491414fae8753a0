#pragma once
// Hardware presets: data/hardware/<name>.yaml, found by name.
//
// The data directory (the one holding hardware/) is, in order: the TESSERA_DATA_DIR environment variable; the
// TESSERA_DATA_DIR compile definition when the build sets one; else the first of <dir>/data and
// <dir>/share/tessera/data for <dir> = the executable's directory and its parents (so build trees inside the
// source tree and installed trees both work). Tests pass the source tree's data dir explicitly.
#include <string>
#include <vector>

#include "tessera/hardware/hardware_spec.h"

namespace tessera {

// Throws InputError when no data directory can be found.
std::string default_data_dir();

// Sorted names of the presets in <data_dir>/hardware (file stems of *.yaml).
std::vector<std::string> hardware_preset_names(const std::string& data_dir);

// True when `name_or_path` names a file rather than a preset: it ends in .yaml/.yml or contains a '/'.
bool is_hardware_path(const std::string& name_or_path);

// A preset by name (from `data_dir`, default_data_dir() when empty) or a YAML file by path. An unknown preset
// throws InputError listing the known ones.
SystemSpec load_hardware(const std::string& name_or_path, const std::string& data_dir = "");
// The YAML file load_hardware() reads for `name_or_path` (same errors).
std::string hardware_file_path(const std::string& name_or_path, const std::string& data_dir = "");

}  // namespace tessera
