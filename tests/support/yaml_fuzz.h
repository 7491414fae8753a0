#pragma once
// Test helper: fuzzing a YAML document with a fixed seed. Every third trial truncates it at a random point; the others
// make 1-4 edits, each replacing a byte by YAML punctuation, a digit or a letter, or erasing up to 8 bytes. `parse`
// must accept the text or throw a one-line InputError; any other exception fails the test by escaping it.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "tessera/core/error.h"

namespace tessera::testing {

template <class Parse>
void expect_yaml_edits_never_crash(const std::string& original, std::mt19937& rng, int trials, Parse parse) {
  const std::string noise = "-:[]{}#,'\"&*!|>%@` \n\t0123456789.e-xyz";
  for (int trial = 0; trial < trials; ++trial) {
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
      parse(text);
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
  }
}

}  // namespace tessera::testing
