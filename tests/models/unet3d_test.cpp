#include <gtest/gtest.h>

#include "tessera/models/model.h"

namespace tessera {
namespace {

// No published count exists for the MLPerf reference model (mlcommons/training image_segmentation/pytorch,
// Unet3D(1, 3, "instancenorm", "relu")), so the expected values are derived by hand from model/unet3d.py and
// model/layers.py. A 3x3x3 conv block has 27*Cin*Cout weights (bias=False under a norm) + 2*Cout instance-norm
// affine params; the 2x2x2 transposed conv has 8*Cin*Cout + Cout (bias, no norm); the 1x1x1 output conv 32*3 + 3.
// MACs: conv = out_voxels * Cout * Cin * 27 (padded positions); transposed conv = out_voxels * Cin * Cout.
//   block                          params            MACs
//   input_block   1->32  @128^3     28,640   59,793,997,824
//   downsample.0  32->64  @64^3    166,144   43,486,543,872
//   downsample.1  64->128 @32^3    664,064   21,743,271,936
//   downsample.2 128->256 @16^3  2,655,232   10,871,635,968
//   downsample.3 256->320  @8^3  4,977,920    2,548,039,680
//   bottleneck   320->320  @4^3  5,530,880      353,894,400
//   upsample.0   320->320  @8^3  9,115,200    4,299,161,600
//   upsample.1   320->256 @16^3  5,965,056   22,078,816,256
//   upsample.2   256->128 @32^3  1,589,888   44,560,285,696
//   upsample.3   128->64  @64^3    397,632   89,120,571,392
//   upsample.4    64->32 @128^3     99,488  178,241,142,784
//   output        32->3  @128^3         99      201,326,592
//   total                       31,190,243  477,298,688,000
// e.g. upsample.0: 8*320*320+320 + 27*640*320+640 + 27*320*320+640 = 9,115,200 params, and
// 8^3 * (320*320 + 27*320*640 + 27*320*320) = 4,299,161,600 MACs.
// (Element-wise work — instance norm, ReLU — is not counted as MACs.)
TEST(UNet3D, ParamsAndMacsMatchHandDerivation) {
  Graph g = build_model("unet3d", {});
  EXPECT_EQ(g.params(), 31190243);
  EXPECT_NEAR(static_cast<double>(g.macs()), 477298688000.0, 0.005 * 477298688000.0);
}

TEST(UNet3D, MacsScaleWithBatch) {
  ModelConfig config;
  config.batch = 2;
  EXPECT_EQ(build_model("unet3d", config).macs(), 2 * build_model("unet3d", {}).macs());
}

// 22 conv blocks (two per encoder level, bottleneck and decoder level), each with an instance norm (statistics over
// D x H x W per sample and channel); 5 transposed-conv upsamplings, each concatenated with a skip; and per-voxel
// logits at the input resolution.
TEST(UNet3D, EncoderDecoderStructure) {
  Graph g = build_model("unet3d", {});
  int norms = 0, upsamplings = 0, concats = 0;
  for (const Op& op : g.ops()) {
    if (op.kind == OpKind::layer_norm) {
      ++norms;
      EXPECT_EQ(op.attrs.get_int("axis"), 2);
    }
    if (op.kind == OpKind::conv_transpose) ++upsamplings;
    if (op.kind == OpKind::concat) ++concats;
  }
  EXPECT_EQ(norms, 22);
  EXPECT_EQ(upsamplings, 5);
  EXPECT_EQ(concats, 5);
  EXPECT_EQ(g.tensor(g.ops().back().outputs.at(0)).shape, (Shape{1, 3, 128, 128, 128}));
  // Instance norm's affine: 2 params per channel, as InstanceNorm3d(32, affine=True).
  EXPECT_EQ(g.tensor(*g.find_tensor("input_block.conv1.1.weight")).elements(), 32);
}

}  // namespace
}  // namespace tessera
