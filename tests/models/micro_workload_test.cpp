#include "tessera/models/micro_workload.h"

#include <gtest/gtest.h>

#include "tessera/core/error.h"

namespace tessera {
namespace {

TEST(MicroWorkload, GemmConvAttentionElementwiseCountsByHand) {
  EXPECT_EQ(build_micro_workload("gemm:M=64,N=32,K=16", DType::fp16).macs(), 64 * 32 * 16);
  EXPECT_EQ(build_micro_workload("gemm:M=64,N=32,K=16,B=3", DType::fp16).macs(), 3 * 64 * 32 * 16);
  // 3x3 same-padded conv: 56 x 56 outputs x 64 filters x 64 channels x 9.
  EXPECT_EQ(build_micro_workload("conv2d:C=64,H=56,W=56,K=64", DType::fp16).macs(), int64_t{56} * 56 * 64 * 64 * 9);
  // Causal 4 queries over 4 keys: 10 pairs per head; 2 heads of 8 dims; two contractions.
  EXPECT_EQ(build_micro_workload("attention:H=2,Sq=4,Skv=4,D=8,causal=1", DType::fp16).macs(), 2 * 2 * 10 * 8);
  Graph add = build_micro_workload("elementwise:N=1000", DType::bf16);
  EXPECT_EQ(add.op(0).bytes_read + add.op(0).bytes_written, 3 * 2000);
}

TEST(MicroWorkload, BadSpecsNameTheKeyAndTheSpec) {
  EXPECT_TRUE(is_micro_workload("gemm:M=1,N=1,K=1"));
  EXPECT_FALSE(is_micro_workload("resnet50"));
  EXPECT_FALSE(is_micro_workload("fft:N=8"));
  for (const char* spec : {"gemm:M=4,N=4", "gemm:M=4,N=4,K=0", "gemm:M=4,N=4,K=x", "gemm:M=4,N=4,K=4,Q=1",
                           "gemm:M", "attention:H=3,KV_H=2,Sq=4,Skv=4"}) {
    try {
      build_micro_workload(spec, DType::fp16);
      ADD_FAILURE() << spec;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("'"), std::string::npos) << spec;
    }
  }
}

}  // namespace
}  // namespace tessera
