#pragma once
// A point of a design space: the concrete value of every parameter, its canonical key (its identity in the store)
// and the hardware document it describes.
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "tessera/explore/design_space.h"

namespace tessera {

struct DesignPoint {
  std::vector<YAML::Node> values;  // per parameter, in the space's order
  std::string key;                 // "name=value;name=value", values in canonical YAML flow form
  std::string json;                // {"name": value, ...}
};

// The point a search vector stands for: choice indices pick values, ranges are rounded to whole numbers where integer
// and exponentiated where log2. Search vectors are clamped to the space first.
DesignPoint decode_point(const DesignSpace& space, const std::vector<double>& search_vector);

// The values of the point a stored evaluation's point_json describes (the key is left to the store's). Throws
// InputError when the JSON does not name every parameter of the space.
DesignPoint point_from_json(const DesignSpace& space, const std::string& point_json);

// The base hardware document with the point's field values set.
YAML::Node point_hardware_yaml(const DesignSpace& space, const DesignPoint& point);

// The value of an option parameter at this point, or `fallback` when the space does not vary it.
std::string point_option(const DesignSpace& space, const DesignPoint& point, const std::string& option,
                         const std::string& fallback);

}  // namespace tessera
