#pragma once
// 64-bit counts (elements, MACs, bytes) with overflow detection: absurd shapes from a file or a flag become an
// InputError instead of wrapping around into negative work.
#include <cstdint>
#include <string>
#include <string_view>

#include "tessera/core/error.h"

namespace tessera {

[[noreturn]] inline void throw_overflow(std::string_view what) {
  throw InputError(std::string(what) + " exceeds the 64-bit range of a count");
}

inline int64_t checked_multiply(int64_t a, int64_t b, std::string_view what) {
  int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) throw_overflow(what);
  return out;
}

// Ceiling of a / b for a >= 0, b > 0, without the overflow of (a + b - 1) / b.
inline int64_t ceil_div(int64_t a, int64_t b) { return a / b + (a % b != 0 ? 1 : 0); }

inline int64_t checked_add(int64_t a, int64_t b, std::string_view what) {
  int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) throw_overflow(what);
  return out;
}

}  // namespace tessera
