#include <gtest/gtest.h>

#include <string>

#include "tessera/models/model.h"

namespace tessera {
namespace {

struct Reference {
  const char* name;
  int64_t params;
  double gmacs;
};

// torchvision.models.efficientnet_b0..b7, IMAGENET1K_V1 weight metadata: num_params, and _ops in GMACs as
// torchvision 0.14/0.15 list them to three decimals (current torchvision rounds the same values to one decimal:
// 0.4, 0.7, 1.1, 1.8, 4.4, 10.3, 19.1, 37.7). _ops counts multiply-accumulates of convs and linear layers; the
// squeeze-and-excitation 1x1 convs are convs there and here, and its gating multiply is not a MAC in either.
// Resolutions are the weights' eval crops: 224, 240, 288, 300, 380, 456, 528, 600.
constexpr Reference kTorchvision[] = {
    {"efficientnet_b0", 5288548, 0.386},   {"efficientnet_b1", 7794184, 0.687},
    {"efficientnet_b2", 9109994, 1.088},   {"efficientnet_b3", 12233232, 1.827},
    {"efficientnet_b4", 19341616, 4.394},  {"efficientnet_b5", 30389784, 10.266},
    {"efficientnet_b6", 43040704, 19.068}, {"efficientnet_b7", 66347960, 37.746},
};

TEST(EfficientNet, ParamsAndMacsMatchTorchvision) {
  for (const Reference& ref : kTorchvision) {
    SCOPED_TRACE(ref.name);
    Graph g = build_model(ref.name, {});
    EXPECT_EQ(g.params(), ref.params);
    EXPECT_NEAR(static_cast<double>(g.macs()), ref.gmacs * 1e9, 0.005 * ref.gmacs * 1e9);
  }
}

TEST(EfficientNet, MacsScaleWithBatch) {
  ModelConfig config;
  config.batch = 4;
  EXPECT_EQ(build_model("efficientnet_b0", config).macs(), 4 * build_model("efficientnet_b0", {}).macs());
}

int count_se_gates(const Graph& g) {
  int gates = 0;
  for (const Op& op : g.ops()) {
    if (op.kind == OpKind::elementwise && op.attrs.get_string("fn") == "mul") ++gates;
  }
  return gates;
}

// Depth scaling: one SE gate per MBConv block. B0 has 1+2+2+3+3+4+1 = 16 blocks; B7 (depth 3.1) rounds each stage
// up: 4+7+7+10+10+13+4 = 55. Width scaling: B7's head is 4 * round_filters(320 * 2.0) = 2560 wide.
TEST(EfficientNet, CompoundScalingShapesTheNetwork) {
  Graph b0 = build_model("efficientnet_b0", {});
  Graph b7 = build_model("efficientnet_b7", {});
  EXPECT_EQ(count_se_gates(b0), 16);
  EXPECT_EQ(count_se_gates(b7), 55);
  EXPECT_EQ(b0.tensor(*b0.find_tensor("classifier.1.weight")).shape, (Shape{1280, 1000}));
  EXPECT_EQ(b7.tensor(*b7.find_tensor("classifier.1.weight")).shape, (Shape{2560, 1000}));
  EXPECT_EQ(b7.tensor(*b7.find_tensor("image")).shape, (Shape{1, 3, 600, 600}));
  EXPECT_EQ(b7.tensor(b7.ops().back().outputs.at(0)).shape, (Shape{1, 1000}));
}

}  // namespace
}  // namespace tessera
