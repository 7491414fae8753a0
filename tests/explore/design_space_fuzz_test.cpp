// Random truncations and byte edits of the shipped design spaces: parsing either succeeds or throws a one-line
// InputError, nothing else.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "explore/explore_test_support.h"
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
  const std::string noise = "-:[]{}#,'\"&*!|>%@` \n\t0123456789.e-xyz";
  std::mt19937 rng(2026);
  for (const char* name : {"example_tpu_v3.yaml", "fast_suite.yaml"}) {
    std::string original = space_text(name);
    ASSERT_FALSE(original.empty()) << name;
    for (int trial = 0; trial < 200; ++trial) {
      std::string text = original;
      if (trial % 3 == 0) {
        text.resize(rng() % text.size());
      } else {
        for (int e = 0, edits = 1 + static_cast<int>(rng() % 4); e < edits; ++e) {
          size_t at = rng() % text.size();
          if (rng() % 2 == 0) {
            text[at] = noise[rng() % noise.size()];
          } else {
            text.erase(at, 1 + rng() % 8);
          }
        }
      }
      try {
        parse_design_space(text, "fuzz.yaml", testing::explore_data_dir());
      } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
      }
    }
  }
}

}  // namespace
}  // namespace tessera
