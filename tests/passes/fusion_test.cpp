#include <gtest/gtest.h>

#include "tessera/frontend/onnx_import.h"
#include "tessera/hardware/hardware_spec.h"
#include "tessera/models/model.h"
#include "tessera/passes/pass.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

Graph fuse(const Graph& g, std::vector<PassReport>& reports) { return run_passes(g, "fusion", DeviceSpec{}, reports); }

TEST(Fusion, ConvBatchNormReluBecomesOneOpThatWritesOnlyItsOutput) {
  GraphBuilder b("g", DType::fp16);
  int x = b.input("x", {1, 8, 16, 16});  // 4096 B
  b.unary(b.batch_norm(b.conv(x, "conv", 8, 3, 1, 1), "bn"), "relu", "relu");
  Graph g = b.finish();
  std::vector<PassReport> reports;
  Graph fused = fuse(g, reports);
  ASSERT_EQ(fused.op_count(), 1u);
  const Op& op = fused.op(0);
  EXPECT_EQ(op.attrs.get_string("fused"), "bn,relu");
  EXPECT_EQ(op.macs, g.macs());
  EXPECT_EQ(fused.flops(), g.flops());
  // Reads x, the conv weight (8x8x3x3) and the bn scale and shift (8 each); writes only the relu output.
  EXPECT_EQ(op.bytes_read, 4096 + 2 * (8 * 8 * 9) + 2 * 8 + 2 * 8);
  EXPECT_EQ(op.bytes_written, 4096);
  EXPECT_EQ(reports.at(0).bytes_before - reports.at(0).bytes_after, 4 * 4096);  // conv and bn outputs, both ways
  EXPECT_FALSE(fused.find_tensor("conv").has_value());  // the intermediate is gone
}

TEST(Fusion, ATensorReadTwiceStaysInMemory) {
  GraphBuilder b("g", DType::fp16);
  int x = b.input("x", {4, 32});
  int h = b.linear(x, "fc", 32);
  b.binary(b.unary(h, "relu", "relu"), h, "residual", "add");  // h has two readers
  std::vector<PassReport> reports;
  Graph fused = fuse(b.finish(), reports);
  EXPECT_EQ(fused.op_count(), 2u);  // fc alone; relu + residual add fused together
  EXPECT_TRUE(fused.find_tensor("fc").has_value());
}

TEST(Fusion, OnnxAttentionNeverWritesTheScores) {
  Graph g = import_onnx(std::string(TESSERA_SOURCE_DIR) + "/tests/data/onnx/transformer.onnx");
  std::vector<PassReport> reports;
  Graph fused = fuse(g, reports);
  EXPECT_NE(reports.at(0).notes.at(0).find("2 attention patterns fused"), std::string::npos) << reports[0].notes[0];
  // No tensor of the fused graph has the 4 x 128 x 128 score shape of a head's S x S matrix.
  for (const auto& t : fused.tensors()) {
    EXPECT_FALSE(t.shape.size() == 4 && t.shape[2] == 128 && t.shape[3] == 128) << t.name;
  }
  EXPECT_EQ(fused.macs(), g.macs());
  // Each pattern became one attention op over (B, G heads, R, Q, KV, D) = (1, 4, 1, 128, 128, 64): both contractions,
  // 2 x 4 x 128 x 128 x 64 MACs, are in its loop nest, so every cost model charges them.
  int attention_ops = 0;
  for (const Op& op : fused.ops()) {
    if (op.kind != OpKind::attention) continue;
    ++attention_ops;
    EXPECT_EQ(op.loops.dim_size("G"), 4);
    EXPECT_EQ(op.loops.dim_size("Q"), 128);
    EXPECT_EQ(op.loops.dim_size("KV"), 128);
    EXPECT_EQ(op.loops.dim_size("D"), 64);
    EXPECT_EQ(op.macs, 2 * op.loops.points());
  }
  EXPECT_EQ(attention_ops, 2);
}

TEST(Fusion, ZooModelsKeepTheirWorkAndStayAcyclic) {
  for (const char* name : {"resnet50", "bert_base", "efficientnet_b0", "llama2_7b", "unet3d"}) {
    Graph g = build_model(name, {});
    std::vector<PassReport> reports;
    Graph fused = fuse(g, reports);
    EXPECT_EQ(fused.macs(), g.macs()) << name;
    EXPECT_EQ(fused.flops(), g.flops()) << name;
    EXPECT_EQ(fused.params(), g.params()) << name;
    EXPECT_LT(reports[0].bytes_after, reports[0].bytes_before) << name;
    EXPECT_EQ(fused.topological_order().size(), fused.op_count()) << name;
  }
}

}  // namespace
}  // namespace tessera
