#include "tessera/passes/padding.h"

#include <gtest/gtest.h>

#include <iostream>

#include "tessera/hardware/hardware_presets.h"
#include "tessera/models/model.h"
#include "tessera/passes/pass.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";

DeviceSpec device(const std::string& preset) { return load_hardware(preset, kDataDir).devices.at(0); }

// x [m, k] (activation) times a weight [k, n], no bias.
Graph gemm(int64_t m, int64_t k, int64_t n, DType dtype = DType::fp16) {
  GraphBuilder b("gemm", dtype);
  b.linear(b.input("x", {m, k}), "fc", n, false);
  return b.finish();
}

// a100_80gb: 108 SMs x 4 tensor cores x 256 fp16 MACs/cycle x 1.41 GHz = 1.5593472e14 MAC/s; HBM 2.039e12 B/s.
constexpr double kA100MacsPerS = 108.0 * 4 * 256 * 1.41e9;
constexpr double kA100Bw = 2.039e12;

TEST(Padding, MmaAlignmentIsSixteenBytes) {
  EXPECT_EQ(mma_alignment_elements(DType::fp16), 8);
  EXPECT_EQ(mma_alignment_elements(DType::bf16), 8);
  EXPECT_EQ(mma_alignment_elements(DType::int8), 16);
  EXPECT_EQ(mma_alignment_elements(DType::tf32), 4);
  EXPECT_EQ(mma_alignment_elements(DType::int4), 32);
}

// M=256, K=2048, N=1001 fp16 on a100_80gb. N is the contiguous axis of W and of the output: 1001 -> 1008.
//  ragged: 256*1001*2048 = 524,812,288 MACs at half the tensor-core rate = 6.731 us; bytes x 1,048,576 +
//          W 4,100,096 + y 512,512 = 5,661,184 -> 2.776 us; ragged = 6.731 us (compute bound).
//  padded: 256*1008*2048 = 528,482,304 MACs at full rate = 3.389 us; W and y grow by 7 columns: +28,672 and
//          +3,584 bytes (W is a weight: padded offline, no copy); memory 2.792 us; padded = 3.389 us -> pad.
TEST(Padding, A100ClassifierWithN1001IsPaddedTo1008) {
  Graph g = gemm(256, 2048, 1001);
  PaddingPlan plan = plan_padding(g, 0, device("a100_80gb"));
  ASSERT_TRUE(plan.candidate);
  EXPECT_NEAR(plan.ragged_s, 524812288.0 / (0.5 * kA100MacsPerS), 1e-12);
  EXPECT_NEAR(plan.padded_s, 528482304.0 / kA100MacsPerS, 1e-12);
  EXPECT_TRUE(plan.pad);
  EXPECT_EQ(plan.padded_from, "N=1001");
  EXPECT_EQ(plan.extra_macs, 256 * 7 * 2048);
  EXPECT_EQ(plan.extra_bytes_read, 2048 * 7 * 2);
  EXPECT_EQ(plan.extra_bytes_written, 256 * 7 * 2);

  std::vector<PassReport> reports;
  Graph padded = run_passes(g, "padding", device("a100_80gb"), reports);
  const Op& op = padded.op(0);
  EXPECT_EQ(op.loops.dim_size("N"), 1008);
  EXPECT_EQ(op.loops.dim_size("M"), 256);
  EXPECT_EQ(op.loops.dim_size("K"), 2048);
  EXPECT_EQ(op.macs, 528482304);
  EXPECT_EQ(op.attrs.get_string("padded_from"), "N=1001");
  EXPECT_EQ(padded.macs() - g.macs(), 3670016);
  EXPECT_EQ(reports.at(0).bytes_after - reports.at(0).bytes_before, 28672 + 3584);
  EXPECT_EQ(reports[0].notes.at(0).rfind("1 of 1 ops", 0), 0u) << reports[0].notes[0];
  EXPECT_NE(reports[0].notes[0].find("3670016 extra MACs"), std::string::npos) << reports[0].notes[0];
  EXPECT_NE(reports[0].notes[0].find("32256 extra bytes"), std::string::npos) << reports[0].notes[0];
}

// Batch 1: 2,050,048 MACs take 26 ns even at half rate, while the 4,106,194 bytes take 2.014 us; padding only adds
// bytes (+28,672 W, +14 y), so the memory-bound op stays ragged.
TEST(Padding, MemoryBoundA100GemmStaysRagged) {
  Graph g = gemm(1, 2048, 1001);
  PaddingPlan plan = plan_padding(g, 0, device("a100_80gb"));
  EXPECT_TRUE(plan.candidate);
  EXPECT_FALSE(plan.pad);
  EXPECT_NEAR(plan.ragged_s, 4106194.0 / kA100Bw, 1e-12);
  EXPECT_NEAR(plan.padded_s, (4106194.0 + 28672 + 14) / kA100Bw, 1e-12);
  std::vector<PassReport> reports;
  EXPECT_EQ(run_passes(g, "padding", device("a100_80gb"), reports), g);
  EXPECT_EQ(reports.at(0).notes.at(0).rfind("0 of 1 ops", 0), 0u) << reports[0].notes[0];
}

// K = 1001 is the contiguous axis of the activation x: padding it to 1008 copies x into a padded buffer.
// Extra MACs 4096*4096*7; bytes: W +7*4096*2 = 57,344, the GEMM reads x +4096*7*2 = 57,344, and the copy reads x
// (4096*1001*2 = 8,200,192) and writes the padded x (4096*1008*2 = 8,257,536). Compute bound (215 us ragged vs
// 108 us + 4 us copy padded), so it pads.
TEST(Padding, MisalignedActivationPaysForItsPadCopy) {
  Graph g = gemm(4096, 1001, 4096);
  PaddingPlan plan = plan_padding(g, 0, device("a100_80gb"));
  ASSERT_TRUE(plan.pad);
  EXPECT_EQ(plan.padded_from, "K=1001");
  EXPECT_EQ(plan.extra_macs, int64_t{4096} * 4096 * 7);
  EXPECT_EQ(plan.extra_bytes_read, 57344 + 57344 + 8200192);
  EXPECT_EQ(plan.extra_bytes_written, 8257536);
}

TEST(Padding, AlignedGemmIsUnchanged) {
  Graph g = gemm(256, 2048, 1024);
  EXPECT_FALSE(plan_padding(g, 0, device("a100_80gb")).candidate);
  std::vector<PassReport> reports;
  EXPECT_EQ(run_passes(g, "padding", device("a100_80gb"), reports), g);
  EXPECT_EQ(reports.at(0).bytes_after, reports[0].bytes_before);
}

// tpu_v3, bf16, weight stationary on 128 x 128 MXUs: K maps to the rows (130 -> 2 row folds), N = 256 to the columns
// (2 full folds). The ragged second row fold uses 2 of 128 rows but costs a full fold, so ragged and padded both
// compute 1024*256*256 = 67,108,864 MAC-slots at 2 cores x 2 MXUs x 16384 x 0.94 GHz = 6.160384e13/s = 1.089 us.
// Ragged bytes x 266,240 + W 66,560 + y 524,288 = 857,088 -> 0.952 us: ragged = 1.089 us.
// Padded: x and W grow to K=256 (+258,048, +64,512) -> 1.311 us, plus the copy of x (266,240 + 524,288 bytes,
// 0.878 us) = 2.189 us. Not padded.
TEST(Padding, TpuV3RaggedFoldIsNotPadded) {
  Graph g = gemm(1024, 130, 256, DType::bf16);
  PaddingPlan plan = plan_padding(g, 0, device("tpu_v3"));
  ASSERT_TRUE(plan.candidate);
  EXPECT_EQ(plan.padded_from, "K=130");
  EXPECT_EQ(plan.extra_macs, 1024 * 256 * 126);
  double macs_per_s = 2.0 * 2 * 16384 * 0.94e9;
  EXPECT_NEAR(plan.ragged_s, 67108864.0 / macs_per_s, 1e-12);
  EXPECT_NEAR(plan.padded_s, (857088.0 + 258048 + 64512) / 9e11 + (266240.0 + 524288) / 9e11, 1e-12);
  EXPECT_FALSE(plan.pad);
  std::vector<PassReport> reports;
  EXPECT_EQ(run_passes(g, "padding", device("tpu_v3"), reports), g);
}

// ResNet-50's first conv on a100_80gb, batch 8: C = 3 input channels -> 8 (K = 64 is aligned).
// 8*64*3*112*112*49 = 944,111,616 MACs: ragged at half rate 12.1 us (bytes 2,408,448 + 12,845,056 + weights -> 7.5 us);
// padded 8/3 of the MACs at full rate = 16.1 us, already slower: C=3 stays ragged.
TEST(Padding, FirstResNetConvStaysRagged) {
  GraphBuilder b("g", DType::fp16);
  b.conv(b.input("x", {8, 3, 224, 224}), "conv1", 64, 7, 2, 3);
  Graph g = b.finish();
  PaddingPlan plan = plan_padding(g, 0, device("a100_80gb"));
  ASSERT_TRUE(plan.candidate);
  EXPECT_EQ(plan.padded_from, "C=3");
  EXPECT_EQ(plan.extra_macs, int64_t{944111616} / 3 * 5);
  EXPECT_NEAR(plan.ragged_s, 944111616.0 / (0.5 * kA100MacsPerS), 1e-12);
  EXPECT_FALSE(plan.pad);
}

TEST(Padding, RunsAfterFusion) {
  GraphBuilder b("g", DType::fp16);
  b.unary(b.linear(b.input("x", {256, 2048}), "fc", 1001), "relu", "relu");
  std::vector<PassReport> reports;
  Graph out = run_passes(b.finish(), "fusion,padding", device("a100_80gb"), reports);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1].pass, "padding");
  ASSERT_EQ(out.op_count(), 1u);
  EXPECT_EQ(out.op(0).attrs.get_string("fused"), "relu");
  EXPECT_EQ(out.op(0).attrs.get_string("padded_from"), "N=1001");
  EXPECT_EQ(out.op(0).macs, 256 * 1008 * 2048);
}

TEST(Padding, ZooModelsAreDeterministicAndOnlyGrow) {
  for (const char* hw : {"a100_80gb", "tpu_v3"}) {
    for (const char* name : {"resnet50", "bert_base"}) {
      ModelConfig config;
      config.batch = 8;
      config.dtype = std::string(hw) == "tpu_v3" ? DType::bf16 : DType::fp16;
      Graph g = build_model(name, config);
      std::vector<PassReport> first, second;
      Graph a = run_passes(g, "fusion,padding", device(hw), first);
      Graph b = run_passes(g, "fusion,padding", device(hw), second);
      EXPECT_EQ(a, b) << name << " on " << hw;
      EXPECT_EQ(first.at(1).notes, second.at(1).notes);
      EXPECT_GE(a.macs(), g.macs()) << name;
      EXPECT_EQ(a.params(), g.params()) << name;
      EXPECT_EQ(a.topological_order().size(), a.op_count()) << name;
      std::cout << name << " on " << hw << ": " << first[1].notes.at(0) << "\n";
    }
  }
}

}  // namespace
}  // namespace tessera
