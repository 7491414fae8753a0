#pragma once
// Test helper: a temporary file path private to the running test, so tests that ctest runs in parallel never share
// (and race on) a file.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace tessera::testing {

inline std::string temp_path(const std::string& name) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string owner = test ? std::string(test->test_suite_name()) + "." + test->name() : "global";
  std::filesystem::path dir = std::filesystem::path(TESSERA_TEST_BINARY_DIR) / "tmp" / owner;
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

}  // namespace tessera::testing
