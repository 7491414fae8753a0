#include "tessera/workload/ops/axis.h"

#include "tessera/workload/shape.h"

namespace tessera {

size_t read_axis(const Attrs& attrs, const std::string& key, int64_t fallback, size_t rank) {
  return normalize_axis(attrs.get_int(key, fallback), rank, "attribute '" + key + "'");
}

}  // namespace tessera
