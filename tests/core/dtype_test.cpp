#include <gtest/gtest.h>

#include "tessera/core/dtype.h"
#include "tessera/core/error.h"

namespace tessera {
namespace {

TEST(DType, BitsFollowTheFormat) {
  EXPECT_EQ(dtype_bits(DType::fp32), 32);
  EXPECT_EQ(dtype_bits(DType::tf32), 32);  // stored in a 32-bit word
  EXPECT_EQ(dtype_bits(DType::bf16), 16);
  EXPECT_EQ(dtype_bits(DType::fp8_e4m3), 8);
  EXPECT_EQ(dtype_bits(DType::int4), 4);
  EXPECT_EQ(dtype_bits(DType::int2), 2);
  EXPECT_EQ(dtype_bits(DType::binary), 1);
  EXPECT_EQ(dtype_bits(DType::int32), 32);
  EXPECT_EQ(dtype_bits(DType::int64), 64);
}

TEST(DType, SubByteStorageRoundsUpToWholeBytes) {
  EXPECT_EQ(storage_bytes(3, DType::int4), 2);   // 12 bits -> 2 bytes
  EXPECT_EQ(storage_bytes(9, DType::binary), 2);  // 9 bits -> 2 bytes
  EXPECT_EQ(storage_bytes(10, DType::fp16), 20);
}

TEST(DType, NamesRoundTripAndUnknownIsAnInputError) {
  for (DType d : all_dtypes()) EXPECT_EQ(parse_dtype(dtype_name(d)), d);
  try {
    parse_dtype("fp12");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("fp12"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("bf16"), std::string::npos);  // lists what is accepted
  }
}

}  // namespace
}  // namespace tessera
