#pragma once
// Test helper: a graph's tensor by name, failing the test (not crashing) when it is missing.
#include <gtest/gtest.h>

#include <string>

#include "tessera/workload/graph.h"

namespace tessera::testing {

inline const Tensor& tensor_named(const Graph& g, const std::string& name) {
  auto id = g.find_tensor(name);
  EXPECT_TRUE(id.has_value()) << name;
  return g.tensor(id.value_or(0));
}

}  // namespace tessera::testing
