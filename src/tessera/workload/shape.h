#pragma once
// Shape arithmetic shared by op definitions and importers. Each throws ShapeError (an InputError) naming the input
// positions given when the shapes don't fit.
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/workload/tensor.h"

namespace tessera {

// Numpy-style broadcast of two shapes (right-aligned; a dimension of 1 stretches).
Shape broadcast_shapes(const Shape& a, const Shape& b, int a_input = 0, int b_input = 1);

// `axis` counted from the end when negative; must fall in [0, rank).
size_t normalize_axis(int64_t axis, size_t rank, const std::string& what);

// The shape `target` names for `elements` values, with at most one -1 inferred.
Shape resolve_reshape(const Shape& target, int64_t elements);

}  // namespace tessera
