#include "tessera/workload/shape.h"

#include <algorithm>

#include "tessera/core/checked_math.h"
#include "tessera/workload/op_definition.h"

namespace tessera {

Shape broadcast_shapes(const Shape& a, const Shape& b, int a_input, int b_input) {
  size_t rank = std::max(a.size(), b.size());
  Shape out(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    require(da == db || da == 1 || db == 1, {a_input, b_input},
            "shapes " + shape_string(a) + " and " + shape_string(b) + " do not broadcast");
    out[i] = std::max(da, db);
  }
  return out;
}

size_t normalize_axis(int64_t axis, size_t rank, const std::string& what) {
  int64_t resolved = axis < 0 ? axis + static_cast<int64_t>(rank) : axis;
  require(resolved >= 0 && resolved < static_cast<int64_t>(rank), {0},
          what + " = " + std::to_string(axis) + " is outside rank " + std::to_string(rank));
  return static_cast<size_t>(resolved);
}

Shape resolve_reshape(const Shape& target, int64_t elements) {
  Shape out = target;
  int64_t known = 1;
  int inferred = -1;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == -1 && inferred < 0) {
      inferred = static_cast<int>(i);
      continue;
    }
    require(out[i] >= 1, {}, "shape " + shape_string(target) + " has an invalid dimension");
    known = checked_multiply(known, out[i], "shape " + shape_string(target));
  }
  if (inferred >= 0) {
    require(known > 0 && elements % known == 0, {0}, "cannot infer -1 in " + shape_string(target));
    out[inferred] = elements / known;
  }
  require(element_count(out) == elements, {0},
          "cannot reshape " + std::to_string(elements) + " elements to " + shape_string(target));
  return out;
}

}  // namespace tessera
