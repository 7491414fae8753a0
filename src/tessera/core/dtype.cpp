#include "tessera/core/dtype.h"

#include <array>
#include <utility>

#include "tessera/core/checked_math.h"
#include "tessera/core/enum_names.h"

namespace tessera {
namespace {

struct DTypeInfo {
  DType dtype;
  std::string_view name;
  int bits;
};

constexpr std::array<DTypeInfo, 13> kDTypes{{
    {DType::fp32, "fp32", 32},
    {DType::tf32, "tf32", 32},
    {DType::bf16, "bf16", 16},
    {DType::fp16, "fp16", 16},
    {DType::fp8_e4m3, "fp8_e4m3", 8},
    {DType::fp8_e5m2, "fp8_e5m2", 8},
    {DType::int8, "int8", 8},
    {DType::int4, "int4", 4},
    {DType::int2, "int2", 2},
    {DType::binary, "binary", 1},
    {DType::int16, "int16", 16},
    {DType::int32, "int32", 32},  // indices and accumulators
    {DType::int64, "int64", 64},
}};

const DTypeInfo& info(DType dtype) { return kDTypes[static_cast<size_t>(dtype)]; }

}  // namespace

bool is_floating_dtype(DType dtype) {
  switch (dtype) {
    case DType::fp32: case DType::tf32: case DType::bf16: case DType::fp16: case DType::fp8_e4m3:
    case DType::fp8_e5m2:
      return true;
    default:
      return false;
  }
}

int dtype_bits(DType dtype) { return info(dtype).bits; }

std::string_view dtype_name(DType dtype) { return info(dtype).name; }

DType parse_dtype(std::string_view name) {
  std::array<std::string_view, kDTypes.size()> names;
  for (size_t i = 0; i < kDTypes.size(); ++i) names[i] = kDTypes[i].name;
  return parse_enum_name<DType>(names, name, "dtype");
}

const std::vector<DType>& all_dtypes() {
  static const std::vector<DType> dtypes = [] {
    std::vector<DType> out;
    for (const auto& entry : kDTypes) out.push_back(entry.dtype);
    return out;
  }();
  return dtypes;
}

int64_t storage_bytes(int64_t elements, DType dtype) {
  int64_t whole_bytes = checked_multiply(elements / 8, dtype_bits(dtype), "a tensor's bytes");
  return whole_bytes + ((elements % 8) * dtype_bits(dtype) + 7) / 8;
}

}  // namespace tessera
