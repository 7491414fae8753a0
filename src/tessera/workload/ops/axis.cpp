#include "tessera/workload/ops/axis.h"

#include "tessera/workload/op_definition.h"

namespace tessera {

size_t read_axis(const Attrs& attrs, const std::string& key, int64_t fallback, size_t rank) {
  int64_t axis = attrs.get_int(key, fallback);
  int64_t resolved = axis < 0 ? axis + static_cast<int64_t>(rank) : axis;
  require(resolved >= 0 && resolved < static_cast<int64_t>(rank), {0},
          "attribute '" + key + "' = " + std::to_string(axis) + " is outside rank " + std::to_string(rank));
  return static_cast<size_t>(resolved);
}

}  // namespace tessera
