// EfficientNet-B0..B7 (Tan & Le 2019), as torchvision builds them: the B0 MBConv table scaled by a width multiplier
// (channels, rounded by _make_divisible to multiples of 8), a depth multiplier (repeats, ceil) and the input
// resolution. SiLU activations; squeeze-and-excitation squeezes to a quarter of the block's *input* channels.
// Dropout and stochastic depth are training-only and do not appear.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "tessera/core/registry.h"
#include "tessera/models/model.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

struct Scaling {
  double width_mult, depth_mult;
  int64_t resolution_px;
};

// torchvision's efficientnet_b0..b7, indexed by variant: (width, depth) multipliers and the eval crop size of the
// released weights.
constexpr Scaling kScalings[] = {
    {1.0, 1.0, 224}, {1.0, 1.1, 240}, {1.1, 1.2, 288}, {1.2, 1.4, 300},
    {1.4, 1.8, 380}, {1.6, 2.2, 456}, {1.8, 2.6, 528}, {2.0, 3.1, 600},
};

// Table 1 of the paper (B0), one row per stage.
struct Stage {
  int64_t expand_ratio, kernel, stride, in_channels, out_channels, repeats;
};
constexpr Stage kBaseStages[] = {
    {1, 3, 1, 32, 16, 1},  {6, 3, 2, 16, 24, 2},   {6, 5, 2, 24, 40, 2},   {6, 3, 2, 40, 80, 3},
    {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4}, {6, 3, 1, 192, 320, 1},
};

// torchvision's _make_divisible(v, 8): round to the nearest multiple of 8, but never more than 10% below v.
// Done in double exactly as Python does, so that e.g. 32 * 1.1 rounds the same way.
int64_t round_filters(int64_t channels, double width_mult) {
  constexpr int64_t kDivisor = 8;
  double scaled = static_cast<double>(channels) * width_mult;
  int64_t rounded = std::max(kDivisor, static_cast<int64_t>(scaled + kDivisor / 2.0) / kDivisor * kDivisor);
  if (static_cast<double>(rounded) < 0.9 * scaled) rounded += kDivisor;
  return rounded;
}

int64_t round_repeats(int64_t repeats, double depth_mult) {
  return static_cast<int64_t>(std::ceil(static_cast<double>(repeats) * depth_mult));
}

// Conv2dNormActivation: conv ("0"), BN ("1"), optional SiLU; "same" padding.
int conv_bn(GraphBuilder& b, int x, const std::string& name, int64_t out_channels, int64_t kernel, int64_t stride = 1,
            int64_t groups = 1, bool silu = true) {
  auto scope = b.scope(name);
  x = b.batch_norm(b.conv(x, "0", out_channels, kernel, stride, (kernel - 1) / 2, groups), "1");
  return silu ? b.unary(x, "2", "silu") : x;
}

// Squeeze-and-excitation: global pool, 1x1 convs (with bias) down and up, sigmoid gate multiplied onto x.
int squeeze_excitation(GraphBuilder& b, int x, const std::string& name, int64_t squeeze_channels) {
  auto scope = b.scope(name);
  int64_t channels = b.shape(x)[1];
  int s = b.global_avg_pool(x, "avgpool");
  s = b.unary(b.conv(s, "fc1", squeeze_channels, 1, 1, 0, 1, true), "activation", "silu");
  s = b.unary(b.conv(s, "fc2", channels, 1, 1, 0, 1, true), "scale_activation", "sigmoid");
  return b.binary(x, s, "scale", "mul");  // broadcasts [N, C, 1, 1] over H x W
}

int mbconv(GraphBuilder& b, int x, int64_t expand_ratio, int64_t kernel, int64_t stride, int64_t out_channels) {
  int64_t in_channels = b.shape(x)[1];
  int64_t expanded_channels = round_filters(in_channels, static_cast<double>(expand_ratio));
  auto scope = b.scope("block");
  int y = x;
  int layer = 0;
  if (expanded_channels != in_channels) y = conv_bn(b, y, std::to_string(layer++), expanded_channels, 1);
  y = conv_bn(b, y, std::to_string(layer++), expanded_channels, kernel, stride, expanded_channels);
  y = squeeze_excitation(b, y, std::to_string(layer++), std::max<int64_t>(1, in_channels / 4));
  y = conv_bn(b, y, std::to_string(layer), out_channels, 1, 1, 1, false);  // linear projection
  bool residual = stride == 1 && in_channels == out_channels;
  return residual ? b.binary(x, y, "add", "add") : y;
}

class EfficientNet final : public ModelBuilder {
 public:
  explicit EfficientNet(int variant) : variant_(variant), scaling_(kScalings[variant]) {}

  std::string description() const override {
    std::string px = std::to_string(scaling_.resolution_px);
    return "EfficientNet-B" + std::to_string(variant_) + ", " + px + "x" + px + " ImageNet classifier (torchvision)";
  }

  Graph build(const ModelConfig& config) const override {
    GraphBuilder b("efficientnet_b" + std::to_string(variant_), config.dtype);
    int64_t px = scaling_.resolution_px;
    int x = features(b, b.input("image", {config.batch, 3, px, px}));
    int64_t channels = b.shape(x)[1];
    x = b.global_avg_pool(x, "avgpool");
    x = b.reshape(x, "flatten", {config.batch, channels});
    b.linear(x, "classifier.1", 1000);
    return b.finish();
  }

 private:
  int features(GraphBuilder& b, int x) const {
    auto scope = b.scope("features");
    double width = scaling_.width_mult;
    x = conv_bn(b, x, "0", round_filters(kBaseStages[0].in_channels, width), 3, 2);
    int index = 1;
    for (const Stage& stage : kBaseStages) {
      auto stage_scope = b.scope(std::to_string(index++));
      int64_t repeats = round_repeats(stage.repeats, scaling_.depth_mult);
      for (int64_t block = 0; block < repeats; ++block) {
        auto block_scope = b.scope(std::to_string(block));
        x = mbconv(b, x, stage.expand_ratio, stage.kernel, block == 0 ? stage.stride : 1,
                   round_filters(stage.out_channels, width));
      }
    }
    // The head widens to 4x the last stage (1280 for B0).
    return conv_bn(b, x, std::to_string(index), 4 * b.shape(x)[1], 1);
  }

  int variant_;
  Scaling scaling_;
};

auto variant(int index) {
  return [index] { return std::unique_ptr<ModelBuilder>(std::make_unique<EfficientNet>(index)); };
}

TESSERA_REGISTER_FACTORY(ModelBuilder, "efficientnet_b0", variant(0));
TESSERA_REGISTER_FACTORY(ModelBuilder, "efficientnet_b1", variant(1));
TESSERA_REGISTER_FACTORY(ModelBuilder, "efficientnet_b2", variant(2));
TESSERA_REGISTER_FACTORY(ModelBuilder, "efficientnet_b3", variant(3));
TESSERA_REGISTER_FACTORY(ModelBuilder, "efficientnet_b4", variant(4));
TESSERA_REGISTER_FACTORY(ModelBuilder, "efficientnet_b5", variant(5));
TESSERA_REGISTER_FACTORY(ModelBuilder, "efficientnet_b6", variant(6));
TESSERA_REGISTER_FACTORY(ModelBuilder, "efficientnet_b7", variant(7));

}  // namespace
}  // namespace tessera
