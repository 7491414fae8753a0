// The derived training step: backward work, optimizer work, phases and structure, on graphs whose counts can be
// derived by hand and on zoo models.
#include <gtest/gtest.h>

#include "support/input_error.h"
#include "workload/training_fixtures.h"
#include "tessera/models/model.h"
#include "tessera/workload/graph_builder.h"
#include "tessera/workload/training/training_graph.h"

namespace tessera {
namespace {

using testing::input_error_of;

struct PhaseTotals {
  int64_t ops = 0, macs = 0, flops = 0, bytes_read = 0, bytes_written = 0;
};

PhaseTotals totals(const Graph& g, Phase phase) {
  PhaseTotals t;
  for (const Op& op : g.ops()) {
    if (op.phase != phase || op.name.starts_with("recompute/")) continue;
    ++t.ops;
    t.macs += op.macs;
    t.flops += op.flops();
    t.bytes_read += op.bytes_read;
    t.bytes_written += op.bytes_written;
  }
  return t;
}

using testing::embedded_mlp;

const Op& op_named(const Graph& g, const std::string& name) {
  for (const Op& op : g.ops()) {
    if (op.name == name) return op;
  }
  throw std::runtime_error("no op " + name);
}

// Every op again through Graph's shape checks reproduces the graph exactly.
Graph rebuilt(const Graph& g) {
  Graph copy(g.name());
  for (const Tensor& t : g.tensors()) copy.add_tensor(t);
  for (const Op& op : g.ops()) copy.add_op_into(op.kind, op.name, op.inputs, op.outputs, op.attrs, op.phase);
  return copy;
}

TEST(Training, MlpBackwardMacsAreTwiceTheForward) {
  Graph forward = embedded_mlp(DType::fp16);
  Graph train = derive_training_graph(forward, {});
  const int64_t fwd = 32 * 16 * 32 + 32 * 32 * 16;  // tokens x in x out, per layer
  ASSERT_EQ(forward.macs(), fwd);
  EXPECT_EQ(totals(train, Phase::backward_data).macs, fwd);    // dX = dY W^T per layer
  EXPECT_EQ(totals(train, Phase::backward_weight).macs, fwd);  // dW = X^T dY per layer
  EXPECT_EQ(train.macs(), 3 * fwd);
  // dW of fc1 is one [16, 32] GEMM over the 32 flattened tokens, not 4 batched ones plus a sum.
  const Op& dw = op_named(train, "layers.0.fc.backward.1");
  EXPECT_EQ(dw.kind, OpKind::matmul);
  EXPECT_EQ(train.tensor(dw.outputs[0]).name, "layers.0.fc.weight.grad");
  EXPECT_EQ(train.tensor(dw.outputs[0]).role, TensorRole::gradient);
  EXPECT_EQ(train.tensor(dw.outputs[0]).shape, (Shape{16, 32}));
  EXPECT_EQ(train.tensor(dw.outputs[0]).dtype, DType::fp16);
  EXPECT_EQ(dw.macs, 32 * 16 * 32);
}

TEST(Training, NoGradientFlowsIntoGraphInputs) {
  GraphBuilder b("mlp", DType::fp32);
  int x = b.input("x", {4, 16});
  b.linear(b.unary(b.linear(x, "fc1", 32), "relu", "relu"), "fc2", 8);
  Graph train = derive_training_graph(b.finish(), {});
  EXPECT_FALSE(train.find_tensor("x.grad").has_value());
  // fc1 has only its weight and bias gradients; fc2 both.
  EXPECT_EQ(totals(train, Phase::backward_data).macs, 4 * 32 * 8);
  EXPECT_EQ(totals(train, Phase::backward_weight).macs, 4 * 16 * 32 + 4 * 32 * 8);
}

// The loss reads the graph output [4, 8] fp32 (fc2's): cross-entropy against int32 labels [4]. Forward: reads
// 4 x 8 x 4 + 4 x 4 = 144 B, writes the 4 fp32 losses (16 B), 4 FLOPs and one exp per logit. Its backward reads the
// logits, labels and per-row values (128 + 16 + 16 B) and writes the logits' gradient (128 B), 3 FLOPs and one exp
// per logit; it is the first backward op, and fc2's backward reads its output.
TEST(Training, TheLossIsCrossEntropyOnTheGraphOutput) {
  GraphBuilder b("mlp", DType::fp32);
  int x = b.input("x", {4, 16});
  b.linear(b.unary(b.linear(x, "fc1", 32), "relu", "relu"), "fc2", 8);
  Graph forward = b.finish();
  Graph train = derive_training_graph(forward, {});
  const Tensor& logits = forward.tensor(forward.op(forward.op_count() - 1).outputs[0]);
  const Op& loss = op_named(train, logits.name + ".loss");
  EXPECT_EQ(loss.kind, OpKind::cross_entropy);
  EXPECT_EQ(loss.phase, Phase::forward);
  EXPECT_EQ(train.tensor(loss.inputs[1]).shape, (Shape{4}));
  EXPECT_EQ(train.tensor(loss.inputs[1]).dtype, kIndexDType);
  EXPECT_EQ(loss.bytes_read, 144);
  EXPECT_EQ(loss.bytes_written, 16);
  EXPECT_EQ(loss.vector_flops, 4 * 32);
  EXPECT_EQ(loss.transcendentals, 32);
  const Op& grad = op_named(train, logits.name + ".loss.backward");
  EXPECT_EQ(grad.kind, OpKind::cross_entropy_backward);
  EXPECT_EQ(grad.phase, Phase::backward_data);
  EXPECT_EQ(grad.bytes_read, 128 + 16 + 16);
  EXPECT_EQ(grad.bytes_written, 128);
  EXPECT_EQ(grad.vector_flops, 3 * 32);
  EXPECT_EQ(train.tensor(grad.outputs[0]).name, logits.name + ".grad");
  int first_backward = -1;
  for (size_t i = 0; i < train.op_count() && first_backward < 0; ++i) {
    if (train.op(static_cast<int>(i)).phase != Phase::forward) first_backward = static_cast<int>(i);
  }
  EXPECT_EQ(train.op(first_backward).name, grad.name);
  EXPECT_EQ(train.op(first_backward + 1).inputs.front(), grad.outputs[0]);  // fc2's backward reads the gradient
  EXPECT_EQ(totals(train, Phase::forward).ops, static_cast<int64_t>(forward.op_count()) + 1);

  // A scalar output is the loss itself: its gradient is an input, and no loss op is added.
  GraphBuilder s("scalar", DType::fp32);
  s.op(OpKind::reduce, "total", {s.linear(s.input("x", {4, 16}), "fc", 8)}, {{"fn", std::string("sum")},
       {"axes", std::vector<int64_t>{0, 1}}, {"keepdims", int64_t{0}}});
  Graph scalar = derive_training_graph(s.finish(), {});
  EXPECT_TRUE(scalar.find_tensor("total.grad").has_value());
  for (const Op& op : scalar.ops()) EXPECT_NE(op.kind, OpKind::cross_entropy) << op.name;
}

// Several micro-batches per step: each weight's gradient is added into the running sum, one elementwise add per
// weight (reads this micro-batch's gradient and the sum, writes the sum: 3 x 2 bytes per fp16 parameter) in the
// weight-gradient phase, and the optimizer reads the total. fc1 [16, 32] + bias [32] and fc2 [32, 8] + bias [8].
TEST(Training, AccumulatingMicroBatchesAddsEachWeightGradientIntoTheSum) {
  GraphBuilder b("mlp", DType::fp16);
  int x = b.input("x", {4, 16});
  b.linear(b.unary(b.linear(x, "fc1", 32), "relu", "relu"), "fc2", 8);
  Graph forward = b.finish();
  TrainingOptions accumulating;
  accumulating.accumulate_gradients = true;
  Graph once = derive_training_graph(forward, {}), train = derive_training_graph(forward, accumulating);
  const int64_t params = 16 * 32 + 32 + 32 * 8 + 8;
  PhaseTotals added = totals(train, Phase::backward_weight), plain = totals(once, Phase::backward_weight);
  EXPECT_EQ(added.ops - plain.ops, 4);
  EXPECT_EQ(added.bytes_read - plain.bytes_read, 2 * 2 * params);
  EXPECT_EQ(added.bytes_written - plain.bytes_written, 2 * params);
  EXPECT_EQ(added.flops - plain.flops, params);
  const Op& sum = op_named(train, "fc1.weight.grad.accumulate");
  EXPECT_EQ(sum.kind, OpKind::elementwise);
  const Op& update = op_named(train, "fc1.weight.update");
  EXPECT_EQ(train.tensor(update.inputs[0]).name, "fc1.weight.grad.total");
  EXPECT_EQ(totals(train, Phase::optimizer).bytes_read, totals(once, Phase::optimizer).bytes_read);
}

// Mixed-precision Adam per parameter: reads g (2) + master w, m, v (12) = 14 bytes, writes master w, m, v (12) +
// the fp16 model copy (2) = 14 bytes, 14 FLOPs.
TEST(Training, MixedPrecisionAdamBytesAndFlops) {
  Graph forward = embedded_mlp(DType::fp16);
  const int64_t params = 100 * 16 + (16 * 32 + 32) + (32 * 16 + 16);
  ASSERT_EQ(forward.params(), params);
  PhaseTotals adam = totals(derive_training_graph(forward, {}), Phase::optimizer);
  EXPECT_EQ(adam.ops, 5);  // one update per weight tensor
  EXPECT_EQ(adam.bytes_read, 14 * params);
  EXPECT_EQ(adam.bytes_written, 14 * params);
  EXPECT_EQ(adam.flops, 14 * params);
}

// fp32 weights need no master copy. SGD reads w, g (8) and writes w (4), 2 FLOPs; momentum adds a 4-byte buffer
// read and written and 2 FLOPs.
TEST(Training, Fp32SgdAndMomentumBytes) {
  Graph forward = embedded_mlp(DType::fp32);
  const int64_t params = forward.params();
  PhaseTotals sgd = totals(derive_training_graph(forward, {Optimizer::sgd}), Phase::optimizer);
  EXPECT_EQ(sgd.bytes_read, 8 * params);
  EXPECT_EQ(sgd.bytes_written, 4 * params);
  EXPECT_EQ(sgd.flops, 2 * params);
  PhaseTotals momentum = totals(derive_training_graph(forward, {Optimizer::sgd_momentum}), Phase::optimizer);
  EXPECT_EQ(momentum.bytes_read, 12 * params);
  EXPECT_EQ(momentum.bytes_written, 8 * params);
  EXPECT_EQ(momentum.flops, 4 * params);
}

// GPT-2 124M, one 1024-token sequence. Every matmul gets dX and dW at its own MACs (2x); fused attention's backward
// is FlashAttention-2's 2.5x. So training MACs = 3 x forward + attention / 2, exactly. Against the textbook count
// (Kaplan et al. 2020; Narayanan et al. 2021): 6 N T for the N = 12 L d^2 weights, plus attention 3.5 x its
// forward 2 L S (S + 1) d FLOPs (causal: (S + 1) / 2 keys per query, Q K^T and P V), plus the tied LM head's 6 d V
// on the last token. Vector FLOPs (norms, GELU, softmax, Adam) make up the rest: under 1%.
TEST(Training, Gpt2FlopsMatchSixNT) {
  Graph forward = build_model("gpt2_124m", {});
  Graph train = derive_training_graph(forward, {});
  int64_t attention = 0;
  for (const Op& op : forward.ops()) attention += op.kind == OpKind::attention ? op.macs : 0;
  EXPECT_EQ(train.macs(), 3 * forward.macs() + attention / 2);
  const double layers = 12, d = 768, seq = 1024, vocab = 50257;
  const double n = 12 * layers * d * d;
  double expected = 6 * n * seq + 3.5 * 2 * layers * seq * (seq + 1) * d + 6 * d * vocab;
  EXPECT_NEAR(static_cast<double>(train.flops()), expected, 0.01 * expected);
  EXPECT_EQ(totals(train, Phase::optimizer).ops, 16 * 12 + 2 + 2);  // 16 per layer; wte, wpe; ln_f weight and bias
}

TEST(Training, TiedEmbeddingSumsBothGradients) {
  Graph train = derive_training_graph(build_model("gpt2_124m", {}), {});
  int grad = *train.find_tensor("embed_tokens.weight.grad");
  const Op& sum = train.op(train.producer(grad));
  EXPECT_EQ(sum.kind, OpKind::elementwise);
  EXPECT_EQ(sum.phase, Phase::backward_weight);
  EXPECT_EQ(train.op(train.producer(sum.inputs[0])).kind, OpKind::matmul);  // the LM head's dW comes first
  EXPECT_EQ(train.op(train.producer(sum.inputs[1])).kind, OpKind::embedding_backward);
}

TEST(Training, ResNet50TrainingGraphIsACompleteDag) {
  Graph forward = build_model("resnet50", {});
  Graph train = derive_training_graph(forward, {Optimizer::sgd_momentum});
  EXPECT_EQ(train.topological_order().size(), train.op_count());
  for (size_t i = 0; i < forward.op_count(); ++i) {
    const Op& op = forward.op(static_cast<int>(i));
    EXPECT_EQ(train.op(static_cast<int>(i)), op);
    bool has_backward = false;
    for (const Op& other : train.ops()) has_backward = has_backward || other.name.starts_with(op.name + ".backward");
    EXPECT_TRUE(has_backward) << op.name;
  }
  // Only conv1's input (the image) gets no gradient.
  EXPECT_EQ(train.macs(), 3 * forward.macs() - op_named(forward, "conv1").macs);
  EXPECT_EQ(totals(train, Phase::optimizer).ops, 161);  // 53 convs, 53 batch norms x 2, fc weight and bias
  EXPECT_EQ(rebuilt(train), train);
}

TEST(Training, DerivedGraphsPassTheShapeChecks) {
  for (const char* model : {"gpt2_124m", "bert_base", "vit_b16", "llama2_7b", "mobilenet_v2", "efficientnet_b0",
                            "unet3d", "dlrm"}) {
    SCOPED_TRACE(model);
    ModelConfig config;
    std::string name = model;
    if (name == "gpt2_124m" || name == "bert_base" || name == "llama2_7b") config.seq = 128;
    for (Recompute recompute : {Recompute::none, Recompute::full}) {
      Graph train = derive_training_graph(build_model(model, config), {Optimizer::adam, recompute});
      EXPECT_EQ(rebuilt(train), train);
      EXPECT_EQ(train.topological_order().size(), train.op_count());
    }
  }
}

TEST(Training, ConvGradientsKeepTheForwardMacsAndShapes) {
  GraphBuilder b("cnn", DType::fp32);
  int x = b.input("x", {2, 8, 16, 16});
  x = b.unary(b.conv(x, "stem", 16, 3, 1, 1, 1, true), "relu", "relu");  // gives the next conv's input a gradient
  int y = b.conv(x, "down", 32, 3, 2, 0, 4);  // grouped; stride 2 skips the last row: output_padding 1
  b.pool(y, "pool", "max", 2, 2);
  Graph forward = b.finish();
  Graph train = derive_training_graph(forward, {});
  const Op& down = op_named(forward, "down");
  const Op& dx = op_named(train, "down.backward.0");
  const Op& dw = op_named(train, "down.backward.1");
  EXPECT_EQ(dx.kind, OpKind::conv_transpose);
  EXPECT_EQ(dw.kind, OpKind::conv_backward_weight);
  EXPECT_EQ(dx.macs, down.macs);
  EXPECT_EQ(dw.macs, down.macs);
  EXPECT_EQ(dx.attrs.get_ints("output_padding"), (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(train.tensor(dx.outputs[0]).shape, (Shape{2, 16, 16, 16}));
  EXPECT_EQ(train.tensor(dw.outputs[0]).shape, (Shape{32, 4, 3, 3}));
  // Summed with keepdims, then viewed as [16].
  EXPECT_EQ(train.tensor(op_named(train, "stem.backward.2").outputs[0]).shape, (Shape{1, 16, 1, 1}));
  EXPECT_EQ(train.tensor(*train.find_tensor("stem.bias.grad")).shape, (Shape{16}));
}

TEST(Training, RejectsWhatItCannotDifferentiate) {
  ModelConfig decode;
  decode.phase = LlmPhase::decode;
  decode.kv_len = 16;
  EXPECT_NE(input_error_of([&] { derive_training_graph(build_model("gpt2_124m", decode), {}); }).find("KV cache"),
            std::string::npos);
  EXPECT_NE(input_error_of([&] { derive_training_graph(build_model("rnnt", {}), {}); }).find("no gradient rule"),
            std::string::npos);
  TrainingOptions negative;
  negative.checkpoint_ops = -1;
  negative.recompute = Recompute::full;
  EXPECT_NE(input_error_of([&] { derive_training_graph(embedded_mlp(DType::fp32), negative); }).find("checkpoint_ops"),
            std::string::npos);
}

}  // namespace
}  // namespace tessera
