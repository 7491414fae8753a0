#pragma once
// Test helper: the message of the InputError `f` throws, or "" when it throws none.
#include <functional>
#include <string>

#include "tessera/core/error.h"

namespace tessera::testing {

inline std::string input_error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace tessera::testing
