// Random truncations and byte edits of the shipped design spaces: parsing either succeeds or throws a one-line
// InputError, nothing else.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "explore/explore_test_support.h"
#include "support/yaml_fuzz.h"
#include "tessera/core/error.h"
#include "tessera/explore/design_space.h"

namespace tessera {
namespace {

std::string space_text(const std::string& name) {
  std::ifstream in(testing::explore_data_dir() + "/explore/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(DesignSpaceFuzz, EditedSpacesNeverCrash) {
  std::mt19937 rng(2026);
  for (const char* name : {"example_tpu_v3.yaml", "fast_suite.yaml"}) {
    std::string original = space_text(name);
    ASSERT_FALSE(original.empty()) << name;
    testing::expect_yaml_edits_never_crash(original, rng, 200, [](const std::string& text) {
      parse_design_space(text, "fuzz.yaml", testing::explore_data_dir());
    });
  }
}

}  // namespace
}  // namespace tessera
