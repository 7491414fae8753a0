#pragma once
// A tensor of the workload graph: its shape, element type and what it is for.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tessera/core/dtype.h"

namespace tessera {

using Shape = std::vector<int64_t>;

enum class TensorRole { weight, activation, kv_cache, gradient, optimizer_state };

std::string_view role_name(TensorRole role);
TensorRole parse_role(std::string_view name);  // throws InputError

int64_t element_count(const Shape& shape);
std::string shape_string(const Shape& shape);  // "[1, 3, 224, 224]"

struct Tensor {
  std::string name;
  Shape shape;
  DType dtype = DType::fp32;
  TensorRole role = TensorRole::activation;

  int64_t elements() const { return element_count(shape); }
  int64_t bytes() const { return storage_bytes(elements(), dtype); }
  bool operator==(const Tensor&) const = default;
};

// Type of a value flowing into or out of an op: what shape inference works with.
struct TensorType {
  Shape shape;
  DType dtype = DType::fp32;
  bool operator==(const TensorType&) const = default;
};

}  // namespace tessera
