#include "tessera/explore/design_point.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tessera/core/error.h"
#include "tessera/explore/yaml_path.h"

namespace tessera {
namespace {

// A number as YAML: whole numbers without a fraction (so integer fields load), others with 17 significant digits.
YAML::Node number_node(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9e15) return YAML::Node(static_cast<int64_t>(v));
  std::ostringstream out;
  out.precision(17);
  out << v;
  return YAML::Node(out.str());
}

nlohmann::json to_json(const YAML::Node& node) {
  if (node.IsSequence()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& item : node) list.push_back(to_json(item));
    return list;
  }
  if (node.IsMap()) {
    nlohmann::json map = nlohmann::json::object();
    for (const auto& item : node) map[item.first.as<std::string>()] = to_json(item.second);
    return map;
  }
  if (!node.IsScalar()) return nullptr;
  const std::string& text = node.Scalar();
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (!text.empty() && end == text.c_str() + text.size()) {
    return v == std::floor(v) && std::fabs(v) < 9e15 ? nlohmann::json(static_cast<int64_t>(v)) : nlohmann::json(v);
  }
  return text;
}

YAML::Node to_yaml(const nlohmann::json& value) {
  if (value.is_array()) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const auto& item : value) list.push_back(to_yaml(item));
    return list;
  }
  if (value.is_object()) {
    YAML::Node map(YAML::NodeType::Map);
    for (const auto& [key, item] : value.items()) map[key] = to_yaml(item);
    return map;
  }
  if (value.is_number_integer()) return YAML::Node(value.get<int64_t>());
  if (value.is_number()) return number_node(value.get<double>());
  if (value.is_boolean()) return YAML::Node(value.get<bool>());
  return YAML::Node(value.get<std::string>());
}

}  // namespace

DesignPoint decode_point(const DesignSpace& space, const std::vector<double>& search_vector) {
  DesignPoint point;
  nlohmann::json json = nlohmann::json::object();
  SearchSpace shape = space.search_space();
  for (size_t i = 0; i < space.parameters.size(); ++i) {
    const DesignParameter& p = space.parameters[i];
    const SearchDimension& dim = shape.dims[i];
    double x = std::clamp(i < search_vector.size() ? search_vector[i] : dim.low, dim.low, dim.high);
    if (dim.integer) x = std::round(x);
    YAML::Node value;
    if (!p.values.empty()) {
      value = p.values[static_cast<size_t>(x)];
    } else {
      double v = p.log2 ? std::exp2(x) : x;
      value = number_node(p.integer ? std::round(v) : v);
    }
    point.values.push_back(value);
    point.key += (i ? ";" : "") + p.name + "=" + yaml_flow_text(value);
    json[p.name] = to_json(value);
  }
  point.json = json.dump();
  return point;
}

DesignPoint point_from_json(const DesignSpace& space, const std::string& point_json) {
  DesignPoint point;
  point.json = point_json;
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(point_json);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("design point: not JSON (") + e.what() + ")");
  }
  for (size_t i = 0; i < space.parameters.size(); ++i) {
    const std::string& name = space.parameters[i].name;
    if (!json.is_object() || !json.contains(name)) throw InputError("design point " + point_json + ": no '" + name + "'");
    point.values.push_back(to_yaml(json[name]));
  }
  return point;
}

YAML::Node point_hardware_yaml(const DesignSpace& space, const DesignPoint& point) {
  YAML::Node doc = YAML::Clone(space.base_yaml);
  for (size_t i = 0; i < space.parameters.size(); ++i) {
    if (!space.parameters[i].is_option) set_yaml_path(doc, space.parameters[i].name, point.values[i]);
  }
  return doc;
}

std::string point_option(const DesignSpace& space, const DesignPoint& point, const std::string& option,
                         const std::string& fallback) {
  for (size_t i = 0; i < space.parameters.size(); ++i) {
    if (space.parameters[i].is_option && space.parameters[i].name == option) return point.values[i].as<std::string>();
  }
  return fallback;
}

}  // namespace tessera
