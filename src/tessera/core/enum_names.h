#pragma once
// Parsing an enum from its name table, with an error that lists the accepted names.
#include <array>
#include <string>
#include <string_view>

#include "tessera/core/error.h"

namespace tessera {

// Returns names' index of `name` cast to Enum; throws InputError("unknown <what> '<name>' (expected one of: ...)").
template <class Enum, size_t N>
Enum parse_enum_name(const std::array<std::string_view, N>& names, std::string_view name, std::string_view what) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  std::string known;
  for (auto n : names) known += (known.empty() ? "" : ", ") + std::string(n);
  throw InputError("unknown " + std::string(what) + " '" + std::string(name) + "' (expected one of: " + known + ")");
}

}  // namespace tessera
