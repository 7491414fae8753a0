#include <gtest/gtest.h>

#include "tessera/core/error.h"
#include "tessera/models/model.h"

namespace tessera {
namespace {

// torchvision.models.vit_b_16 (ViT_B_16_Weights.IMAGENET1K_V1 metadata): num_params 86,567,656 and
// "GFLOPS" 17.564, which counts multiply-accumulates (convolution, linear layers and the attention matmuls).
TEST(Vit, B16ParamsAndMacsMatchTorchvision) {
  Graph g = build_model("vit_b16", {});
  EXPECT_EQ(g.params(), 86567656);
  EXPECT_NEAR(static_cast<double>(g.macs()), 17.564e9, 0.005 * 17.564e9);
}

TEST(Vit, Has197TokensAndRejectsOtherSequences) {
  Graph g = build_model("vit_b16", {});
  EXPECT_EQ(g.tensor(*g.find_tensor("layers.0.attn.attention")).shape, (Shape{1, 197, 768}));
  ModelConfig config;
  config.seq = 256;
  EXPECT_THROW(build_model("vit_b16", config), InputError);
  config.seq = 197;
  EXPECT_EQ(build_model("vit_b16", config), g);
}

TEST(Vit, MacsScaleWithBatch) {
  ModelConfig config;
  config.batch = 4;
  EXPECT_EQ(build_model("vit_b16", config).macs(), 4 * build_model("vit_b16", {}).macs());
}

}  // namespace
}  // namespace tessera
