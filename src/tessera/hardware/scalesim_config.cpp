#include "tessera/hardware/scalesim_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <sstream>

#include "tessera/core/error.h"
#include "tessera/core/text_file.h"

namespace tessera {
namespace {

std::string trim(std::string_view s) {
  size_t begin = 0, end = s.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(s[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
  return std::string(s.substr(begin, end - begin));
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return s;
}

struct Entry {
  std::string value;
  int line = 0;
};

// Sections keep their case (configparser's rule); keys are lower-cased.
using Ini = std::map<std::string, std::map<std::string, Entry>>;

Ini parse_ini(const std::string& text, const std::string& path) {
  Ini ini;
  std::istringstream in(text);
  std::string raw, section;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    std::string s = trim(raw);
    if (s.empty() || s[0] == '#' || s[0] == ';') continue;
    std::string where = path + ":" + std::to_string(line) + ": ";
    if (s.front() == '[') {
      if (s.back() != ']' || s.size() < 3) throw InputError(where + "expected a section header like [general]");
      section = trim(std::string_view(s).substr(1, s.size() - 2));
      if (!ini.emplace(section, std::map<std::string, Entry>{}).second)
        throw InputError(where + "section [" + section + "] appears twice");
      continue;
    }
    size_t split = s.find_first_of(":=");
    if (split == std::string::npos || split == 0) throw InputError(where + "expected 'key: value', 'key = value' or [section]");
    if (section.empty()) throw InputError(where + "key '" + trim(s.substr(0, split)) + "' comes before any [section]");
    std::string key = lower(trim(s.substr(0, split)));
    if (!ini[section].emplace(key, Entry{trim(s.substr(split + 1)), line}).second)
      throw InputError(where + "key '" + key + "' appears twice in [" + section + "]");
  }
  return ini;
}

class ConfigReader {
 public:
  ConfigReader(const std::string& text, const std::string& path) : path_(path), ini_(parse_ini(text, path)) {}

  const Entry* find(const std::string& section, const std::string& key) const {
    auto s = ini_.find(section);
    if (s == ini_.end()) return nullptr;
    auto k = s->second.find(lower(key));
    return k == s->second.end() ? nullptr : &k->second;
  }

  const Entry& require(const std::string& section, const std::string& key, const std::string& expected) const {
    if (!ini_.count(section)) throw InputError(path_ + ": missing section [" + section + "] (needed for " + key + ")");
    const Entry* entry = find(section, key);
    if (!entry) throw InputError(path_ + ": [" + section + "] is missing " + key + "; expected " + expected);
    return *entry;
  }

  int64_t integer(const Entry& entry, const std::string& key, int64_t minimum) const {
    return parse_integer(entry.value, entry.line, key, minimum);
  }

  int64_t integer(const std::string& section, const std::string& key, int64_t minimum) const {
    return integer(require(section, key, expectation(minimum)), key, minimum);
  }

  int64_t parse_integer(const std::string& text, int line, const std::string& key, int64_t minimum) const {
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    int64_t value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value < minimum)
      throw InputError(path_ + ":" + std::to_string(line) + ": " + key + ": expected " + expectation(minimum) +
                       ", got '" + text + "'");
    return value;
  }

  const std::string& path() const { return path_; }

 private:
  static std::string expectation(int64_t minimum) {
    return minimum > 0 ? "a positive integer" : "a non-negative integer";
  }

  std::string path_;
  Ini ini_;
};

std::vector<int64_t> parse_bandwidths(const ConfigReader& reader, const Entry& entry) {
  std::vector<int64_t> out;
  std::istringstream in(entry.value);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(reader.parse_integer(trim(item), entry.line, "Bandwidth", 1));
  if (out.empty()) reader.parse_integer("", entry.line, "Bandwidth", 1);
  return out;
}

void read_architecture(const ConfigReader& reader, ScaleSimConfig& config) {
  const std::string arch = "architecture_presets";
  config.array_rows = reader.integer(arch, "ArrayHeight", 1);
  config.array_cols = reader.integer(arch, "ArrayWidth", 1);
  config.ifmap_sram_kb = reader.integer(arch, "IfmapSramSzkB", 1);
  config.filter_sram_kb = reader.integer(arch, "FilterSramSzkB", 1);
  config.ofmap_sram_kb = reader.integer(arch, "OfmapSramSzkB", 1);
  config.ifmap_offset = reader.integer(arch, "IfmapOffset", 0);
  config.filter_offset = reader.integer(arch, "FilterOffset", 0);
  config.ofmap_offset = reader.integer(arch, "OfmapOffset", 0);
  const Entry& dataflow = reader.require(arch, "Dataflow", "os, ws or is");
  if (dataflow.value == "os") config.dataflow = Dataflow::os;
  else if (dataflow.value == "ws") config.dataflow = Dataflow::ws;
  else if (dataflow.value == "is") config.dataflow = Dataflow::is;
  else throw InputError(reader.path() + ":" + std::to_string(dataflow.line) + ": Dataflow: expected os, ws or is, got '" +
                     dataflow.value + "'");
  if (const Entry* banks = reader.find(arch, "MemoryBanks")) config.memory_banks = reader.integer(*banks, "MemoryBanks", 1);
  if (const Entry* bw = reader.find(arch, "Bandwidth")) config.bandwidth_words_per_cycle = parse_bandwidths(reader, *bw);
}

}  // namespace

ScaleSimConfig parse_scalesim_config(const std::string& text, const std::string& path) {
  ConfigReader reader(text, path);
  ScaleSimConfig config;
  config.run_name = reader.require("general", "run_name", "a run name").value;
  if (config.run_name.empty()) throw InputError(path + ": [general] run_name is empty; expected a run name");
  const Entry& mode = reader.require("run_presets", "InterfaceBandwidth", "USER or CALC");
  if (mode.value != "USER" && mode.value != "CALC")
    throw InputError(path + ":" + std::to_string(mode.line) + ": InterfaceBandwidth: expected USER or CALC, got '" +
                     mode.value + "'");
  config.user_bandwidth = mode.value == "USER";
  read_architecture(reader, config);
  if (config.user_bandwidth && config.bandwidth_words_per_cycle.empty())
    throw InputError(path + ": [architecture_presets] is missing Bandwidth; expected words/cycle when "
                            "InterfaceBandwidth is USER");
  return config;
}

ScaleSimConfig load_scalesim_config(const std::string& path) { return parse_scalesim_config(read_text_file(path), path); }

}  // namespace tessera
