#pragma once
// Resolving a possibly negative axis attribute against a rank.
#include <cstdint>
#include <string>

#include "tessera/workload/attrs.h"

namespace tessera {

// attrs[key] (default `fallback`), negative counting from the end; throws ShapeError when outside [0, rank).
size_t read_axis(const Attrs& attrs, const std::string& key, int64_t fallback, size_t rank);

}  // namespace tessera
