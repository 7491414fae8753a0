#include "tessera/explore/yaml_path.h"

#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "tessera/core/error.h"

namespace tessera {
namespace {

struct Step {
  std::string key;  // a map key, or empty for a list index
  size_t index = 0;
};

std::vector<Step> parse_path(const std::string& path) {
  std::vector<Step> steps;
  size_t i = 0;
  auto fail = [&](const std::string& why) { throw InputError("path '" + path + "': " + why); };
  while (i < path.size()) {
    size_t start = i;
    while (i < path.size() && path[i] != '.' && path[i] != '[') ++i;
    if (i == start) fail(fmt::format("empty key at character {}", start + 1));
    steps.push_back({path.substr(start, i - start), 0});
    while (i < path.size() && path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) fail("expected [index]");
      std::string digits = path.substr(i + 1, close - i - 1);
      for (char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c))) fail("index '" + digits + "' is not a whole number");
      }
      if (digits.size() > 9) fail("index '" + digits + "' is too large");
      steps.push_back({"", static_cast<size_t>(std::stoul(digits))});
      i = close + 1;
    }
    if (i < path.size()) {
      if (path[i] != '.') fail(fmt::format("expected '.' at character {}", i + 1));
      ++i;
      if (i == path.size()) fail("ends with '.'");
    }
  }
  if (steps.empty()) fail("empty path");
  return steps;
}

std::string keys_of(const YAML::Node& map) {
  std::string keys;
  for (const auto& item : map) keys += (keys.empty() ? "" : ", ") + item.first.as<std::string>();
  return keys;
}

}  // namespace

std::string yaml_flow_text(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

void set_yaml_path(YAML::Node& root, const std::string& path, const YAML::Node& value) {
  std::vector<Step> steps = parse_path(path);
  YAML::Node node = root;
  std::string walked;
  for (size_t s = 0; s < steps.size(); ++s) {
    const Step& step = steps[s];
    bool last = s + 1 == steps.size();
    std::string here = walked.empty() ? "the document" : "'" + walked + "'";
    if (step.key.empty()) {
      if (!node.IsSequence()) throw InputError("path '" + path + "': " + here + " is not a list");
      if (step.index >= node.size()) {
        throw InputError(fmt::format("path '{}': {} has {} items, no [{}]", path, here, node.size(), step.index));
      }
      walked += fmt::format("[{}]", step.index);
      if (last) {
        node[step.index] = YAML::Clone(value);
        return;
      }
      node.reset(node[step.index]);
    } else {
      if (!node.IsMap()) throw InputError("path '" + path + "': " + here + " is not a mapping");
      walked += (walked.empty() ? "" : ".") + step.key;
      if (last) {
        node[step.key] = YAML::Clone(value);
        return;
      }
      const YAML::Node& lookup = node;  // const: a missing key must not be inserted
      if (!lookup[step.key]) {
        throw InputError("path '" + path + "': no key '" + step.key + "' in " + here + " (keys: " + keys_of(node) + ")");
      }
      node.reset(node[step.key]);
    }
  }
}

}  // namespace tessera
