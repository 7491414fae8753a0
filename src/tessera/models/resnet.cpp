// ResNet-50 v1.5 (He et al. 2016; torchvision's resnet50, which puts the stride on the 3x3 convolution of each
// bottleneck — the "v1.5" variant MLPerf uses). Input 224 x 224 RGB, 1000 classes.
#include "tessera/core/registry.h"
#include "tessera/models/model.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

int bottleneck(GraphBuilder& b, int x, int64_t width, int64_t stride, bool downsample) {
  int64_t out_channels = 4 * width;
  int y = b.unary(b.batch_norm(b.conv(x, "conv1", width, 1), "bn1"), "relu1", "relu");
  y = b.unary(b.batch_norm(b.conv(y, "conv2", width, 3, stride, 1), "bn2"), "relu2", "relu");
  y = b.batch_norm(b.conv(y, "conv3", out_channels, 1), "bn3");
  int shortcut = x;
  if (downsample) {
    auto scope = b.scope("downsample");
    shortcut = b.batch_norm(b.conv(x, "0", out_channels, 1, stride), "1");
  }
  return b.unary(b.binary(y, shortcut, "add", "add"), "relu3", "relu");
}

class ResNet50 final : public ModelBuilder {
 public:
  std::string description() const override { return "ResNet-50 v1.5, 224x224 ImageNet classifier (torchvision)"; }

  Graph build(const ModelConfig& config) const override {
    GraphBuilder b("resnet50", config.dtype);
    int x = b.input("image", {config.batch, 3, 224, 224});
    x = b.unary(b.batch_norm(b.conv(x, "conv1", 64, 7, 2, 3), "bn1"), "relu", "relu");
    x = b.pool(x, "maxpool", "max", 3, 2, 1);
    const int64_t widths[] = {64, 128, 256, 512};
    const int blocks[] = {3, 4, 6, 3};
    for (int stage = 0; stage < 4; ++stage) {
      for (int block = 0; block < blocks[stage]; ++block) {
        auto scope = b.scope("layer" + std::to_string(stage + 1) + "." + std::to_string(block));
        int64_t stride = (block == 0 && stage > 0) ? 2 : 1;
        x = bottleneck(b, x, widths[stage], stride, block == 0);
      }
    }
    x = b.global_avg_pool(x, "avgpool");
    x = b.reshape(x, "flatten", {config.batch, 2048});
    b.linear(x, "fc", 1000);
    return b.finish();
  }
};

TESSERA_REGISTER(ModelBuilder, ResNet50, "resnet50");

}  // namespace
}  // namespace tessera
