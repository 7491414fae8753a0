// RNN-T as MLPerf Inference runs it (mlcommons/inference speech_recognition/rnnt: model_separable_rnnt.py with
// configs/rnnt.toml), a greedy-decoded character transducer of 45.3 M parameters:
//   input     80 log-mel filterbanks every 10 ms, three frames spliced -> 240 features every 30 ms
//   encoder   pre-network 2 LSTM x 1024, stack time x2 (-> 2048 features every 60 ms), post-network 3 LSTM x 1024
//   predictor embedding of the 28 non-blank characters (vocab 29 = 28 + blank; blank has no row) -> 2 LSTM x 320
//   joint     enc 1024->512 + pred 320->512, ReLU, 512->29. The inference reference applies one Linear(1344, 512)
//             to the concatenation; mlcommons/training's rnn_speech_recognition model splits it by columns into
//             joint_enc and joint_pred (same product, one extra 512 bias), which lets each half run once per frame
//             or step. (Training's own configs differ: a 512-wide predictor, later 1023 word pieces.)
// ModelConfig::seq is T, the spliced 30 ms frames per utterance.
#include <algorithm>

#include "tessera/core/registry.h"
#include "tessera/models/model.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

constexpr int64_t kFeatures = 80 * 3;  // 80 filterbanks x frame splicing 3
constexpr int64_t kEncoderHidden = 1024;
constexpr int64_t kPreLayers = 2;
constexpr int64_t kStackTime = 2;
constexpr int64_t kPostLayers = 3;
constexpr int64_t kPredHidden = 320;
constexpr int64_t kPredLayers = 2;
constexpr int64_t kJointHidden = 512;
constexpr int64_t kVocab = 29;  // 28 characters (space, a-z, apostrophe) + blank
// Default T: LibriSpeech dev-clean (the MLPerf inference data set) averages 5.4 h / 2703 utterances = 7.2 s,
// i.e. 240 frames of 30 ms (MLPerf drops the utterances over 15 s, so its mean is a little lower).
constexpr int64_t kDefaultFrames = 240;
// Characters emitted per 30 ms frame: about 15 characters per second of read English (~2.7 words/s at ~5.5
// characters a word with its space). An estimate, not a measured figure; it only sets the decoder's step count.
constexpr int64_t kCharsPerThousandFrames = 450;

// A stack of PyTorch nn.LSTM layers over [T, B, I] (weight_ih [4H, I], weight_hh [4H, H], bias_ih + bias_hh [8H]).
int lstm_stack(GraphBuilder& b, int x, int64_t hidden, int64_t layers) {
  auto scope = b.scope("lstm");
  for (int64_t l = 0; l < layers; ++l) {
    std::string suffix = "_l" + std::to_string(l);
    int64_t in = b.shape(x).back();
    int w = b.weight("weight_ih" + suffix, {4 * hidden, in});
    int r = b.weight("weight_hh" + suffix, {4 * hidden, hidden});
    int bias = b.weight("bias" + suffix, {8 * hidden});
    x = b.op(OpKind::lstm, "layer" + suffix, {x, w, r, bias});
  }
  return x;
}

// StackTime: frames 2t and 2t+1 of each sample become one frame of twice the width. Time-major [T, B, H] keeps a
// sample's frames apart, so the reference goes through [B, T, H]; an odd T is padded with a zero frame.
int stack_time(GraphBuilder& b, int x) {
  auto scope = b.scope("stack_time");
  const Shape& s = b.shape(x);
  const int64_t frames = s[0], batch = s[1], width = s[2];
  int y = b.transpose(x, "to_batch_major", {1, 0, 2});
  if (frames % kStackTime != 0) {
    int pad = b.input("zero_frames", {batch, kStackTime - frames % kStackTime, width});
    y = b.concat({y, pad}, "pad", 1);
  }
  const int64_t stacked = (frames + kStackTime - 1) / kStackTime;
  y = b.reshape(y, "stack", {batch, stacked, kStackTime * width});
  return b.transpose(y, "to_time_major", {1, 0, 2});
}

class Rnnt final : public ModelBuilder {
 public:
  std::string description() const override {
    return "RNN-T, MLPerf LibriSpeech character model (LSTM encoder 5x1024, predictor 2x320), greedy decode";
  }
  int64_t default_seq() const override { return kDefaultFrames; }

  // Greedy decoding, as the reference ScriptGreedyDecoder does it: at each frame the joint runs, emits a character
  // and runs again until it emits blank, so an utterance costs N = T' + U joint evaluations (T' encoder frames, U
  // characters; the reference's cap of 30 symbols per frame does not bind at about one character per frame). The
  // prediction network's output changes only when a character is emitted, so it runs U + 1 steps (start of
  // sequence, then each character); the Python reference recomputes it after every blank too, which optimized
  // decoders cache. The graph runs the predictor over its U + 1 steps and then the joint over all N steps as batched
  // ops: the work is the decode's, but the step-by-step dependency of predictor on joint is not modelled.
  Graph build(const ModelConfig& config) const override {
    const int64_t batch = config.batch;
    const int64_t frames = config.seq;
    const int64_t encoder_frames = (frames + kStackTime - 1) / kStackTime;
    const int64_t chars = std::max<int64_t>(1, (frames * kCharsPerThousandFrames + 500) / 1000);
    const int64_t pred_steps = chars + 1;
    const int64_t joint_steps = encoder_frames + chars;
    GraphBuilder b("rnnt", config.dtype);

    int enc = b.input("features", {frames, batch, kFeatures});
    {
      auto scope = b.scope("encoder");
      {
        auto pre = b.scope("pre_rnn");
        enc = lstm_stack(b, enc, kEncoderHidden, kPreLayers);
      }
      enc = stack_time(b, enc);
      auto post = b.scope("post_rnn");
      enc = lstm_stack(b, enc, kEncoderHidden, kPostLayers);  // [T', B, 1024]
    }

    int pred = 0;
    {
      auto scope = b.scope("prediction");
      int tokens = b.input("tokens", {pred_steps, batch}, kIndexDType);
      pred = b.embedding(tokens, "embed", kVocab - 1, kPredHidden);
      auto rnn = b.scope("dec_rnn");
      pred = lstm_stack(b, pred, kPredHidden, kPredLayers);  // [U + 1, B, 320]
    }

    auto scope = b.scope("joint");
    // The two halves of the first joint layer run once per encoder frame and once per predictor step, as plain
    // GEMMs over the flattened (step, sample) rows.
    int enc_flat = b.reshape(enc, "enc_flat", {encoder_frames * batch, kEncoderHidden});
    int pred_flat = b.reshape(pred, "pred_flat", {pred_steps * batch, kPredHidden});
    int enc_proj = b.linear(enc_flat, "joint_enc", kJointHidden);
    int pred_proj = b.linear(pred_flat, "joint_pred", kJointHidden);
    // Decode step n of sample b reads encoder frame t(n) and predictor step u(n): row gathers from the projections.
    int enc_index = b.input("enc_index", {joint_steps * batch}, kIndexDType);
    int pred_index = b.input("pred_index", {joint_steps * batch}, kIndexDType);
    int f = b.op(OpKind::embedding, "gather_enc", {enc_proj, enc_index});
    int g = b.op(OpKind::embedding, "gather_pred", {pred_proj, pred_index});
    int hidden = b.unary(b.binary(f, g, "add", "add"), "relu", "relu");  // [N * B, 512]
    int logits = b.linear(hidden, "joint_net.2", kVocab);
    // Greedy pick: argmax over the vocabulary, costed as a max reduction.
    b.op(OpKind::reduce, "argmax", {logits}, {{"fn", std::string("max")}, {"axes", std::vector<int64_t>{-1}}});
    return b.finish();
  }
};

TESSERA_REGISTER(ModelBuilder, Rnnt, "rnnt");

}  // namespace
}  // namespace tessera
