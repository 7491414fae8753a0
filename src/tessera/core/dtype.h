#pragma once
// Numeric formats a tensor can be stored and computed in.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

enum class DType { fp32, tf32, bf16, fp16, fp8_e4m3, fp8_e5m2, int8, int4, int2, binary, int16, int32, int64 };

// Token ids, positions and embedding-bag indices.
inline constexpr DType kIndexDType = DType::int32;

// Floating-point formats (the ones gradients flow through).
bool is_floating_dtype(DType dtype);
// Storage width in bits. tf32 is computed at 19 bits but stored in a 32-bit word.
int dtype_bits(DType dtype);
std::string_view dtype_name(DType dtype);
// Accepts the names dtype_name() returns; throws InputError listing them otherwise.
DType parse_dtype(std::string_view name);
const std::vector<DType>& all_dtypes();

// Bytes needed to store `elements` values packed densely (sub-byte types round up to whole bytes).
int64_t storage_bytes(int64_t elements, DType dtype);

}  // namespace tessera
