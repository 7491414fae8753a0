#pragma once
// Shared by the explore tests: the data directory and parsing an inline design space.
#include <string>

#include "tessera/explore/design_space.h"

namespace tessera::testing {

inline const std::string& explore_data_dir() {
  static const std::string dir = std::string(TESSERA_SOURCE_DIR) + "/data";
  return dir;
}

inline DesignSpace parse_test_space(const std::string& text) {
  return parse_design_space(text, "test.yaml", explore_data_dir());
}

}  // namespace tessera::testing
