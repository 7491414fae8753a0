#include <gtest/gtest.h>

#include "tessera/models/model.h"

namespace tessera {
namespace {

// torchvision.models.mobilenet_v2 (MobileNet_V2_Weights.IMAGENET1K_V1 metadata): num_params 3,504,872 and
// _ops 0.301 GMACs (torchvision's "GFLOPS" counts multiply-accumulates of convolutions and linear layers; the IR
// counts the same, depthwise convs included, over padded output positions).
TEST(MobileNetV2, ParamsAndMacsMatchTorchvision) {
  Graph g = build_model("mobilenet_v2", {});
  EXPECT_EQ(g.params(), 3504872);
  EXPECT_NEAR(static_cast<double>(g.macs()), 0.301e9, 0.005 * 0.301e9);
}

TEST(MobileNetV2, MacsScaleWithBatch) {
  ModelConfig config;
  config.batch = 8;
  EXPECT_EQ(build_model("mobilenet_v2", config).macs(), 8 * build_model("mobilenet_v2", {}).macs());
}

// 17 inverted residual blocks, each with one depthwise 3x3 conv; 10 of them (stride 1, same width) add the input.
TEST(MobileNetV2, BlockStructure) {
  Graph g = build_model("mobilenet_v2", {});
  int depthwise = 0, residual_adds = 0;
  for (const Op& op : g.ops()) {
    if (op.kind == OpKind::conv && op.attrs.get_int("group", 1) > 1) ++depthwise;
    if (op.kind == OpKind::elementwise && op.attrs.get_string("fn") == "add") ++residual_adds;
  }
  EXPECT_EQ(depthwise, 17);
  EXPECT_EQ(residual_adds, 10);
  EXPECT_EQ(g.tensor(g.ops().back().outputs.at(0)).shape, (Shape{1, 1000}));
}

}  // namespace
}  // namespace tessera
