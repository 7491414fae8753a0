// 3D U-Net of the MLPerf Training image segmentation benchmark (KiTS19), as in the reference implementation
// (mlcommons/training image_segmentation/pytorch/model/unet3d.py and layers.py, built as Unet3D(1, 3,
// "instancenorm", "relu")). Input: one CT channel, a 128^3 voxel patch; output: 3 class logits per voxel.
// Encoder levels of [32, 64, 128, 256, 320] filters plus a 320-filter bottleneck; every 3x3x3 conv is followed by
// instance norm and ReLU and has no bias; downsampling is a stride-2 conv, upsampling a 2x2x2 stride-2 transposed
// conv (with bias, no norm) whose output is concatenated with the encoder's skip tensor.
#include <string>
#include <vector>

#include "tessera/core/registry.h"
#include "tessera/models/model.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

constexpr int64_t kPatchVoxelsPerAxis = 128;
constexpr int64_t kClasses = 3;

// InstanceNorm3d(affine=True): statistics per (sample, channel) over D x H x W, then a learned per-channel scale and
// shift (2 parameters per channel, as PyTorch counts them). The statistics are a layer_norm over the trailing
// spatial axes without its own affine (whose parameters would be per voxel); the affine is a broadcast mul + add
// whose weights are [C, 1, 1, 1] — PyTorch's [C] with unit axes so that they broadcast over space. (An inference
// batch_norm would be only the affine: it has no per-sample statistics.)
int instance_norm(GraphBuilder& b, int x, const std::string& name) {
  auto scope = b.scope(name);
  int64_t channels = b.shape(x)[1];
  int y = b.op(OpKind::layer_norm, "normalize", {x}, {{"axis", int64_t{2}}});
  y = b.op(OpKind::elementwise, "scale", {y, b.weight("weight", {channels, 1, 1, 1})}, {{"fn", std::string("mul")}});
  return b.op(OpKind::elementwise, "shift", {y, b.weight("bias", {channels, 1, 1, 1})}, {{"fn", std::string("add")}});
}

// The reference's conv_block_factory: conv ("0"), instance norm ("1"), ReLU ("2"); padding 1 keeps the size.
int conv_block(GraphBuilder& b, int x, const std::string& name, int64_t out_channels, int64_t stride = 1) {
  auto scope = b.scope(name);
  x = instance_norm(b, b.conv(x, "0", out_channels, 3, stride, 1), "1");
  return b.unary(x, "2", "relu");
}

// InputBlock, DownsampleBlock (first conv strided) and the bottleneck: two conv blocks.
int double_conv(GraphBuilder& b, int x, const std::string& name, int64_t out_channels, int64_t first_stride) {
  auto scope = b.scope(name);
  x = conv_block(b, x, "conv1", out_channels, first_stride);
  return conv_block(b, x, "conv2", out_channels);
}

int upsample_block(GraphBuilder& b, int x, int skip, const std::string& name, int64_t out_channels) {
  auto scope = b.scope(name);
  x = b.conv_transpose(x, "upsample_conv.0", out_channels, 2, 2, true);  // doubles D, H, W
  x = b.concat({x, skip}, "cat", 1);
  x = conv_block(b, x, "conv1", out_channels);
  return conv_block(b, x, "conv2", out_channels);
}

class UNet3D final : public ModelBuilder {
 public:
  std::string description() const override {
    return "3D U-Net (MLPerf Training, KiTS19), 1x128^3 patch, 3-class segmentation";
  }

  Graph build(const ModelConfig& config) const override {
    GraphBuilder b("unet3d", config.dtype);
    const int64_t side = kPatchVoxelsPerAxis;
    int x = b.input("volume", {config.batch, 1, side, side, side});
    const std::vector<int64_t> filters = {32, 64, 128, 256, 320};
    x = double_conv(b, x, "input_block", filters[0], 1);
    std::vector<int> skips = {x};
    for (size_t level = 1; level < filters.size(); ++level) {
      x = double_conv(b, x, "downsample." + std::to_string(level - 1), filters[level], 2);
      skips.push_back(x);
    }
    x = double_conv(b, x, "bottleneck", filters.back(), 2);  // 320 filters at 4^3
    // Decoder: the first block stays at 320 filters, then each mirrors an encoder level back down to 32.
    for (size_t i = 0; i < skips.size(); ++i) {
      int skip = skips[skips.size() - 1 - i];
      x = upsample_block(b, x, skip, "upsample." + std::to_string(i), b.shape(skip)[1]);
    }
    b.conv(x, "output.conv.0", kClasses, 1, 1, 0, 1, true);
    return b.finish();
  }
};

TESSERA_REGISTER(ModelBuilder, UNet3D, "unet3d");

}  // namespace
}  // namespace tessera
