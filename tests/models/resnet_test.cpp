#include <gtest/gtest.h>

#include "tessera/models/model.h"

namespace tessera {
namespace {

// torchvision.models.resnet50 (ResNet50_Weights.IMAGENET1K_V1 metadata): 25,557,032 parameters, 4.09 GMACs
// (torchvision's "GFLOPS" column counts multiply-accumulates of convolutions and linear layers).
TEST(ResNet50, ParamsAndMacsMatchTorchvision) {
  Graph g = build_model("resnet50", {});
  EXPECT_EQ(g.params(), 25557032);
  EXPECT_NEAR(static_cast<double>(g.macs()), 4.089e9, 0.005 * 4.089e9);
}

TEST(ResNet50, MacsScaleWithBatch) {
  ModelConfig config;
  config.batch = 8;
  EXPECT_EQ(build_model("resnet50", config).macs(), 8 * build_model("resnet50", {}).macs());
}

}  // namespace
}  // namespace tessera
