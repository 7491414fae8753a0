// MobileNetV2 (Sandler et al. 2018), as torchvision's mobilenet_v2 at width 1.0: inverted residual blocks (1x1
// expand, 3x3 depthwise, linear 1x1 project) with ReLU6. Input 224 x 224 RGB, 1000 classes; dropout is a no-op here.
#include "tessera/core/registry.h"
#include "tessera/models/model.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

// Conv + BN (+ ReLU6), torchvision's Conv2dNormActivation: "<i>.0" conv, "<i>.1" norm; padding keeps "same" size.
int conv_bn(GraphBuilder& b, int x, const std::string& name, int64_t out_channels, int64_t kernel, int64_t stride,
            int64_t groups, bool relu6) {
  auto scope = b.scope(name);
  x = b.batch_norm(b.conv(x, "0", out_channels, kernel, stride, (kernel - 1) / 2, groups), "1");
  return relu6 ? b.unary(x, "2", "relu6") : x;
}

int inverted_residual(GraphBuilder& b, int x, int64_t expand_ratio, int64_t out_channels, int64_t stride) {
  int64_t in_channels = b.shape(x)[1];
  int64_t hidden_channels = in_channels * expand_ratio;
  int y = x;
  int layer = 0;
  // The t = 1 block has no expansion: the depthwise conv reads the input directly.
  if (expand_ratio != 1) y = conv_bn(b, y, std::to_string(layer++), hidden_channels, 1, 1, 1, true);
  y = conv_bn(b, y, std::to_string(layer++), hidden_channels, 3, stride, hidden_channels, true);
  // The projection is linear (no activation): the paper's "linear bottleneck".
  y = b.batch_norm(b.conv(y, std::to_string(layer), out_channels, 1), std::to_string(layer + 1));
  bool residual = stride == 1 && in_channels == out_channels;
  return residual ? b.binary(x, y, "add", "add") : y;
}

class MobileNetV2 final : public ModelBuilder {
 public:
  std::string description() const override { return "MobileNetV2 1.0, 224x224 ImageNet classifier (torchvision)"; }

  Graph build(const ModelConfig& config) const override {
    GraphBuilder b("mobilenet_v2", config.dtype);
    int x = features(b, b.input("image", {config.batch, 3, 224, 224}));
    x = b.global_avg_pool(x, "avgpool");
    x = b.reshape(x, "flatten", {config.batch, 1280});
    b.linear(x, "classifier.1", 1000);
    return b.finish();
  }

 private:
  static int features(GraphBuilder& b, int x) {
    auto scope = b.scope("features");
    x = conv_bn(b, x, "0", 32, 3, 2, 1, true);
    // Table 2 of the paper: expansion t, output channels c, repeats n, stride s of the first block.
    struct Stage {
      int64_t expand_ratio, out_channels, repeats, stride;
    };
    const Stage stages[] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                            {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    int index = 1;
    for (const Stage& stage : stages) {
      for (int64_t block = 0; block < stage.repeats; ++block) {
        auto block_scope = b.scope(std::to_string(index++) + ".conv");
        x = inverted_residual(b, x, stage.expand_ratio, stage.out_channels, block == 0 ? stage.stride : 1);
      }
    }
    return conv_bn(b, x, std::to_string(index), 1280, 1, 1, 1, true);
  }
};

TESSERA_REGISTER(ModelBuilder, MobileNetV2, "mobilenet_v2");

}  // namespace
}  // namespace tessera
