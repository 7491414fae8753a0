#include <gtest/gtest.h>

#include "models/tensor_lookup.h"
#include "tessera/models/model.h"

namespace tessera {
namespace {

using testing::tensor_named;

// mlcommons/inference speech_recognition/rnnt/README.md: "The model has 45.3 million parameters".
// By hand (an LSTM layer is 4H(I + H) weights + 8H biases, PyTorch's two bias vectors):
//   encoder pre   4096*(240+1024) + 8192 = 5,185,536;  4096*(1024+1024) + 8192 = 8,396,800
//   encoder post  4096*(2048+1024) + 8192 = 12,591,104; then 8,396,800 twice      -> encoder 42,967,040
//   predictor     embedding 28*320 = 8,960; 2 x (1280*(320+320) + 2560) = 1,643,520
//   joint         1024*512+512 + 320*512+512 = 689,152; 512*29+29 = 14,877
//   total         45,323,549 (the inference reference's single Linear(1344, 512) has one bias fewer: 45,323,037)
TEST(Rnnt, ParamsMatchMlperfReference) {
  Graph g = build_model("rnnt", {});
  EXPECT_EQ(g.params(), 45323549);
  EXPECT_NEAR(static_cast<double>(g.params()), 45.3e6, 0.005 * 45.3e6);
}

// MACs per sample at the default T = 240 spliced frames (7.2 s): T' = 120 encoder frames, U = 108 characters,
// U + 1 = 109 predictor steps, N = T' + U = 228 joint evaluations. An LSTM step costs 4H(I + H) MACs.
//   encoder pre   240 * 4096 * 1264 = 1,242,562,560;  240 * 4096 * 2048 = 2,013,265,920
//   encoder post  120 * 4096 * 3072 = 1,509,949,440;  2 * 120 * 4096 * 2048 = 2,013,265,920
//   predictor     109 * 2 * 1280 * 640 = 178,585,600
//   joint         120 * 1024*512 = 62,914,560;  109 * 320*512 = 17,858,560;  228 * 512*29 = 3,385,344
//   total         7,041,787,904
TEST(Rnnt, MacsPerSampleMatchHandDerivation) {
  Graph g = build_model("rnnt", {});
  EXPECT_NEAR(static_cast<double>(g.macs()), 7041787904.0, 0.005 * 7041787904.0);
}

TEST(Rnnt, MacsScaleWithBatch) {
  ModelConfig config;
  config.batch = 16;
  EXPECT_EQ(build_model("rnnt", config).macs(), 16 * build_model("rnnt", {}).macs());
}

TEST(Rnnt, StackTimeHalvesFramesAndDecodeStepsFollowSeq) {
  ModelConfig config;
  config.batch = 2;
  config.seq = 241;  // odd: stack time pads one zero frame
  Graph g = build_model("rnnt", config);
  EXPECT_EQ(tensor_named(g, "encoder.pre_rnn.lstm.layer_l1").shape, (Shape{241, 2, 1024}));
  EXPECT_EQ(tensor_named(g, "encoder.stack_time.to_time_major").shape, (Shape{121, 2, 2048}));
  EXPECT_EQ(tensor_named(g, "encoder.post_rnn.lstm.layer_l2").shape, (Shape{121, 2, 1024}));
  EXPECT_EQ(tensor_named(g, "prediction.embed.weight").shape, (Shape{28, 320}));  // no row for blank
  // U = round(0.45 * 241) = 108 characters: 109 predictor steps, 121 + 108 = 229 joint evaluations.
  EXPECT_EQ(tensor_named(g, "prediction.dec_rnn.lstm.layer_l1").shape, (Shape{109, 2, 320}));
  EXPECT_EQ(tensor_named(g, "joint.joint_net.2").shape, (Shape{229 * 2, 29}));
}

}  // namespace
}  // namespace tessera
