#include "tessera/workload/tensor.h"

#include <array>

#include "tessera/core/checked_math.h"
#include "tessera/core/enum_names.h"

namespace tessera {
namespace {
constexpr std::array<std::string_view, 5> kRoleNames{"weight", "activation", "kv_cache", "gradient", "optimizer_state"};
}

std::string_view role_name(TensorRole role) { return kRoleNames[static_cast<size_t>(role)]; }

TensorRole parse_role(std::string_view name) { return parse_enum_name<TensorRole>(kRoleNames, name, "tensor role"); }

int64_t element_count(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (__builtin_mul_overflow(n, d, &n)) throw_overflow("the element count of shape " + shape_string(shape));
  }
  return n;
}

std::string shape_string(const Shape& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

}  // namespace tessera
