#include "tessera/frontend/onnx_import.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/temp_path.h"
#include "tessera/core/error.h"
#include "tessera/frontend/onnx_import_context.h"
#include "tessera/models/model.h"
#include "tessera/models/transformer.h"
#include "tessera_onnx/onnx.pb.h"

namespace tessera {
namespace {

std::string data_path(const std::string& file) { return std::string(TESSERA_SOURCE_DIR) + "/tests/data/onnx/" + file; }

std::string write_temp(const std::string& file, const std::string& bytes) {
  std::string path = testing::temp_path(file);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The InputError message of importing `path`, or "" when it imports.
std::string import_error(const std::string& path, const OnnxImportOptions& options = {}) {
  try {
    import_onnx(path, options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

void set_shape(onnx::ValueInfoProto* info, const std::string& name, const std::vector<int64_t>& dims) {
  info->set_name(name);
  auto* type = info->mutable_type()->mutable_tensor_type();
  type->set_elem_type(onnx::TensorProto::FLOAT);
  auto* shape = type->mutable_shape();
  for (int64_t d : dims) shape->add_dim()->set_dim_value(d);
}

onnx::NodeProto* add_node(onnx::GraphProto* graph, const std::string& op, const std::vector<std::string>& inputs,
                          const std::string& output) {
  auto* node = graph->add_node();
  node->set_op_type(op);
  node->set_name(output);
  for (const auto& in : inputs) node->add_input(in);
  node->add_output(output);
  return node;
}

// x [1, 3, 8, 8] -> Conv (w [4, 3, 3, 3], embedded raw_data) -> y [1, 4, 6, 6].
onnx::ModelProto conv_model() {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(13);
  auto* graph = model.mutable_graph();
  graph->set_name("small");
  set_shape(graph->add_input(), "x", {1, 3, 8, 8});
  auto* w = graph->add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : {4, 3, 3, 3}) w->add_dims(d);
  w->set_raw_data(std::string(4 * 108, '\0'));
  add_node(graph, "Conv", {"x", "w"}, "y");
  set_shape(graph->add_output(), "y", {1, 4, 6, 6});
  return model;
}

constexpr int64_t kConvMacs = 4 * 6 * 6 * 3 * 3 * 3;

// conv_model followed by three Foo (same shape) and one Bar ([1, 4, 6, 6] -> [1, 10]).
onnx::ModelProto unknown_ops_model(bool with_value_info) {
  onnx::ModelProto model = conv_model();
  auto* graph = model.mutable_graph();
  graph->clear_output();
  std::string last = "y";
  for (int i = 0; i < 3; ++i) {
    std::string out = "foo" + std::to_string(i);
    add_node(graph, "Foo", {last}, out);
    if (with_value_info) set_shape(graph->add_value_info(), out, {1, 4, 6, 6});
    last = out;
  }
  add_node(graph, "Bar", {last}, "bar");
  set_shape(graph->add_output(), "bar", {1, 10});
  return model;
}

std::string save(const std::string& file, const onnx::ModelProto& model) {
  return write_temp(file, model.SerializeAsString());
}

// torchvision resnet50 written by scripts/make_test_onnx.py: BatchNormalization kept, Flatten + Gemm(transB) head.
TEST(OnnxImport, ResNet50MatchesZoo) {
  Graph onnx_graph = import_onnx(data_path("resnet50.onnx"));
  Graph zoo = build_model("resnet50", {});
  EXPECT_EQ(onnx_graph.params(), 25557032);
  EXPECT_EQ(onnx_graph.params(), zoo.params());
  EXPECT_EQ(onnx_graph.macs(), zoo.macs());
  EXPECT_EQ(onnx_graph.op_count(), zoo.op_count());
}

// The same encoder built by the zoo's transformer builder (BERT's architecture without token types and pooler).
TEST(OnnxImport, TransformerMatchesTheZooBuilderOfTheSameShape) {
  TransformerConfig c = bert_architecture();
  c.name = "onnx_equivalent";
  c.vocab = 1000;
  c.max_positions = 512;
  c.hidden = 256;
  c.layers = 2;
  c.heads = 4;
  c.ffn_hidden = 1024;
  c.token_types = 0;
  c.pooler = false;
  c.default_seq = 128;
  Graph zoo = build_transformer(c, {});
  Graph onnx_graph = import_onnx(data_path("transformer.onnx"));
  EXPECT_EQ(onnx_graph.params(), zoo.params());
  EXPECT_EQ(onnx_graph.macs(), zoo.macs());
}

TEST(OnnxImport, BatchOverrideReplacesTheSymbolicBatch) {
  OnnxImportOptions options;
  options.batch = 8;
  Graph g = import_onnx(data_path("resnet50.onnx"), options);
  EXPECT_EQ(g.tensor(*g.find_tensor("input")).shape, (Shape{8, 3, 224, 224}));
  EXPECT_EQ(g.macs(), 8 * build_model("resnet50", {}).macs());
}

// 2 layers, hidden H=256, 4 heads, FFN F=1024, sequence S=128, vocabulary 1000, 512 positions.
// Params: word 1000*256 + position 512*256 + embedding norm 2*256 = 387,584;
//   per layer 4 * (256*256 + 256) attention + (256*1024 + 1024) + (1024*256 + 256) FFN + 2 * 512 norms = 789,760;
//   total 387,584 + 2 * 789,760 = 1,967,104 (the Gelu's 0.5 is a scalar initializer: a literal, not a parameter).
// MACs per sample: per layer S * (4*H*H + 2*S*H + 2*H*F) = 128 * (262,144 + 65,536 + 524,288) = 109,051,904; x2.
TEST(OnnxImport, TransformerMatchesHandDerivation) {
  Graph g = import_onnx(data_path("transformer.onnx"));
  EXPECT_EQ(g.params(), 1967104);
  EXPECT_EQ(g.macs(), 218103808);
  int embeddings = 0, layer_norms = 0, softmaxes = 0, reductions = 0;
  for (const Op& op : g.ops()) {
    embeddings += op.kind == OpKind::embedding;
    layer_norms += op.kind == OpKind::layer_norm;
    softmaxes += op.kind == OpKind::softmax;
    reductions += op.kind == OpKind::reduce;
  }
  EXPECT_EQ(embeddings, 2);
  EXPECT_EQ(layer_norms, 3);  // embeddings and layer 0; layer 1's norms are decomposed (2 ReduceMean each)
  EXPECT_EQ(softmaxes, 2);
  EXPECT_EQ(reductions, 4);
  OnnxImportOptions options;
  options.batch = 4;
  EXPECT_EQ(import_onnx(data_path("transformer.onnx"), options).macs(), 4 * 218103808);
}

TEST(OnnxImport, EmbeddedRawDataInitializersAreWeights) {
  Graph g = import_onnx(data_path("transformer.onnx"));  // biases and norms carry raw_data; matrices are external
  const Tensor& bias = g.tensor(*g.find_tensor("layer0.attention.query.bias"));
  EXPECT_EQ(bias.shape, Shape{256});
  EXPECT_EQ(bias.role, TensorRole::weight);
  EXPECT_EQ(g.tensor(*g.find_tensor("embeddings.word")).role, TensorRole::weight);

  Graph conv = import_onnx(save("raw.onnx", conv_model()));
  EXPECT_EQ(conv.params(), 108);
  EXPECT_EQ(conv.macs(), kConvMacs);
}

TEST(OnnxImport, RawDataOfTheWrongSizeIsAnError) {
  onnx::ModelProto model = conv_model();
  model.mutable_graph()->mutable_initializer(0)->set_raw_data(std::string(10, '\0'));
  std::string path = save("bad_raw.onnx", model);
  std::string error = import_error(path);
  EXPECT_NE(error.find(path), std::string::npos) << error;
  EXPECT_NE(error.find("initializer 'w'"), std::string::npos) << error;
}

TEST(OnnxImport, UnsupportedOpsAreListedWithCounts) {
  std::string path = save("unknown.onnx", unknown_ops_model(true));
  std::string error = import_error(path);
  EXPECT_EQ(error.find(path), 0u) << error;
  EXPECT_NE(error.find("unsupported ONNX ops: Foo x3, Bar x1"), std::string::npos) << error;
  EXPECT_NE(error.find("--allow-unknown-ops"), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos);
}

TEST(OnnxImport, AllowUnknownOpsImportsOneZeroCostOpaqueOpPerNode) {
  OnnxImportOptions options;
  options.allow_unknown_ops = true;
  Graph g = import_onnx(save("unknown.onnx", unknown_ops_model(true)), options);
  EXPECT_EQ(g.macs(), kConvMacs);
  EXPECT_EQ(g.op_count(), 5u);  // the conv and one op per unknown node
  int foo = 0, bar = 0;
  for (const Op& op : g.ops()) {
    if (op.kind == OpKind::conv) continue;
    ASSERT_EQ(op.kind, OpKind::opaque) << op.name;
    foo += op.attrs.get_string("op") == "onnx:Foo";
    bar += op.attrs.get_string("op") == "onnx:Bar";
    EXPECT_EQ(op.flops(), 0) << op.name;
    EXPECT_EQ(op.bytes_read, 0) << op.name;
    EXPECT_EQ(op.bytes_written, 0) << op.name;
    EXPECT_EQ(op.inputs.size(), 1u) << op.name;
  }
  EXPECT_EQ(foo, 3);
  EXPECT_EQ(bar, 1);
  const Op& last = g.ops().back();
  EXPECT_EQ(last.name, "bar");
  ASSERT_EQ(last.outputs.size(), 1u);
  EXPECT_EQ(g.tensor(last.outputs[0]).shape, (Shape{1, 10}));
  EXPECT_EQ(g.tensor(last.outputs[0]).dtype, DType::fp32);

  onnx::ModelProto growing = unknown_ops_model(true);
  growing.mutable_graph()->mutable_output(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(1)
      ->set_dim_value(1000);
  Graph grown = import_onnx(save("unknown_grow.onnx", growing), options);
  EXPECT_EQ(grown.op_count(), 5u);
  EXPECT_EQ(grown.tensor(grown.ops().back().outputs[0]).shape, (Shape{1, 1000}));
  EXPECT_EQ(grown.flops(), g.flops());
  EXPECT_EQ(grown.ops().back().bytes_written, 0);
}

// An unknown op outside the default domain, with a constant (shape-like) input, two present outputs of declared
// element types and an absent one between them.
TEST(OnnxImport, OpaqueOpKeepsDomainOutputsAndDeclaredTypes) {
  onnx::ModelProto model = conv_model();
  auto* graph = model.mutable_graph();
  graph->clear_output();
  auto* k = graph->add_initializer();
  k->set_name("k");
  k->set_data_type(onnx::TensorProto::INT64);
  k->add_dims(1);
  k->add_int64_data(5);
  auto* node = add_node(graph, "TopK", {"y", "k"}, "values");
  node->set_domain("com.example");
  node->add_output("");
  node->add_output("indices");
  set_shape(graph->add_output(), "values", {1, 4, 6, 5});
  set_shape(graph->add_output(), "indices", {1, 4, 6, 5});
  graph->mutable_output(1)->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::INT64);

  std::string path = save("opaque_domain.onnx", model);
  std::string error = import_error(path);
  EXPECT_NE(error.find("unsupported ONNX ops: com.example.TopK x1"), std::string::npos) << error;
  OnnxImportOptions options;
  options.allow_unknown_ops = true;
  Graph g = import_onnx(path, options);
  const Op& op = g.ops().back();
  EXPECT_EQ(op.kind, OpKind::opaque);
  EXPECT_EQ(op.attrs.get_string("op"), "onnx:com.example.TopK");
  EXPECT_EQ(op.inputs, std::vector<int>{*g.find_tensor("y")});  // k is a constant known at import time
  ASSERT_EQ(op.outputs.size(), 2u);
  EXPECT_EQ(g.tensor(op.outputs[0]).dtype, DType::fp32);
  EXPECT_EQ(g.tensor(op.outputs[1]).dtype, DType::int64);
  EXPECT_EQ(g.tensor(op.outputs[1]).shape, (Shape{1, 4, 6, 5}));
  EXPECT_EQ(op.flops() + op.bytes_read + op.bytes_written, 0);
}

TEST(OnnxImport, UnknownOpWithoutValueInfoIsAnError) {
  OnnxImportOptions options;
  options.allow_unknown_ops = true;
  std::string error = import_error(save("unknown_no_info.onnx", unknown_ops_model(false)), options);
  EXPECT_NE(error.find("(Foo)"), std::string::npos) << error;
  EXPECT_NE(error.find("value_info"), std::string::npos) << error;
}

// x [2, 1, 3] -> Expand to [4, 2, 5, 3]: one elementwise identity that reads x once and writes the output once.
TEST(OnnxImport, ExpandIsOneBroadcastingIdentity) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(13);
  auto* graph = model.mutable_graph();
  set_shape(graph->add_input(), "x", {2, 1, 3});
  auto* target = graph->add_initializer();
  target->set_name("target");
  target->set_data_type(onnx::TensorProto::INT64);
  target->add_dims(4);
  for (int64_t d : {4, 2, 5, 3}) target->add_int64_data(d);
  add_node(graph, "Expand", {"x", "target"}, "e");
  set_shape(graph->add_output(), "e", {4, 2, 5, 3});
  Graph g = import_onnx(save("expand.onnx", model));
  ASSERT_EQ(g.op_count(), 1u);
  const Op& op = g.ops()[0];
  EXPECT_EQ(op.kind, OpKind::elementwise);
  EXPECT_EQ(op.attrs.get_string("fn"), "identity");
  EXPECT_EQ(op.attrs.get_ints("broadcast_to"), (std::vector<int64_t>{4, 2, 5, 3}));
  EXPECT_EQ(g.tensor(op.outputs[0]).shape, (Shape{4, 2, 5, 3}));
  EXPECT_EQ(op.flops(), 0);
  EXPECT_EQ(op.bytes_read, 2 * 3 * 4);
  EXPECT_EQ(op.bytes_written, 4 * 2 * 5 * 3 * 4);

  target->clear_int64_data();
  for (int64_t d : {4, 2, 5, 2}) target->add_int64_data(d);
  std::string path = save("expand_bad.onnx", model);
  std::string error = import_error(path);
  EXPECT_EQ(error.find(path + ": node 'e' (Expand): "), 0u) << error;
  EXPECT_NE(error.find("do not broadcast"), std::string::npos) << error;
}

// Errors from the IR's shape utilities (normalize_axis, resolve_reshape, broadcast_shapes) keep the one-line form:
// the file path, then the node.
TEST(OnnxImport, ShapeUtilityErrorsNameTheFileAndNode) {
  auto model_with = [](const std::string& op, std::vector<int64_t> ints, const std::string& second) {
    onnx::ModelProto model;
    model.set_ir_version(8);
    model.add_opset_import()->set_version(13);
    auto* graph = model.mutable_graph();
    set_shape(graph->add_input(), "x", {2, 1, 3});
    set_shape(graph->add_input(), "z", {4});
    auto* c = graph->add_initializer();
    c->set_name("c");
    c->set_data_type(onnx::TensorProto::INT64);
    c->add_dims(static_cast<int64_t>(ints.size()));
    for (int64_t v : ints) c->add_int64_data(v);
    add_node(graph, op, {"x", second}, "n");
    return model;
  };
  struct Case {
    std::string op;
    std::vector<int64_t> ints;
    std::string second, expect;
  };
  for (const Case& c : {Case{"Squeeze", {5}, "c", "outside rank 3"}, Case{"Unsqueeze", {-5}, "c", "outside rank 4"},
                        Case{"Reshape", {-1, 4}, "c", "cannot infer -1"}, Case{"Reshape", {-1, -1}, "c", "invalid"},
                        Case{"Add", {1}, "z", "do not broadcast"}}) {
    std::string path = save("shape_error.onnx", model_with(c.op, c.ints, c.second));
    std::string error = import_error(path);
    EXPECT_EQ(error.find(path + ": node 'n' (" + c.op + "): "), 0u) << error;
    EXPECT_NE(error.find(c.expect), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
  // ONNX's 0 (copy the input's dimension) is resolved before the IR's -1.
  Graph g = import_onnx(save("reshape_zero.onnx", model_with("Reshape", {0, -1}, "c")));
  EXPECT_EQ(g.tensor(g.ops().back().outputs[0]).shape, (Shape{2, 3}));
}

// define_tensor's element type is the inverse of onnx_dtype: integer graph tensors stay integer.
TEST(OnnxImport, ElementTypesRoundTripThroughDTypes) {
  using onnx::TensorProto;
  for (int type : {TensorProto::FLOAT, TensorProto::FLOAT16, TensorProto::BFLOAT16, TensorProto::INT8,
                   TensorProto::INT16, TensorProto::INT32, TensorProto::INT64}) {
    EXPECT_EQ(onnx_import::onnx_elem_type(onnx_import::onnx_dtype(type, "t")), type) << type;
  }
  EXPECT_EQ(onnx_import::onnx_elem_type(onnx_import::onnx_dtype(TensorProto::UINT16, "t")), TensorProto::INT16);
  EXPECT_THROW(onnx_import::onnx_elem_type(DType::fp8_e4m3), InputError);

  onnx::ModelProto model = conv_model();
  onnx_import::ImportContext ctx("m.onnx", model.graph(), 13, {});
  for (DType dtype : {DType::int16, DType::int32, DType::int64}) {
    std::string name = "ids_" + std::string(dtype_name(dtype));
    int id = ctx.graph.add_tensor({name, {4}, dtype, TensorRole::activation});
    ctx.define_tensor(name, id);
    EXPECT_EQ(ctx.value(name).elem_type, onnx_import::onnx_elem_type(dtype)) << name;
    EXPECT_TRUE(onnx_import::is_integer_type(ctx.value(name).elem_type)) << name;
  }
}

TEST(OnnxImport, TruncatedFileIsAnInputError) {
  std::string bytes = read_file(data_path("resnet50.onnx"));
  ASSERT_GT(bytes.size(), 1000u);
  std::string path = write_temp("truncated.onnx", bytes.substr(0, bytes.size() / 2));
  std::string error = import_error(path);
  EXPECT_EQ(error.find(path), 0u) << error;
  EXPECT_NE(error.find("not a valid ONNX model"), std::string::npos) << error;
}

TEST(OnnxImport, GarbageBytesAreAnInputError) {
  std::string path = write_temp("garbage.onnx", "this is not a protobuf \xff\xfe\x00\x01 at all");
  EXPECT_EQ(import_error(path).find(path + ": not a valid ONNX model"), 0u) << import_error(path);
  std::string empty = write_temp("empty.onnx", "");
  EXPECT_EQ(import_error(empty).find(empty + ": not a valid ONNX model"), 0u) << import_error(empty);
}

TEST(OnnxImport, MissingFileIsAnInputError) {
  std::string path = data_path("does_not_exist.onnx");
  EXPECT_EQ(import_error(path), path + ": cannot open the file (expected an ONNX model)");
}

TEST(OnnxImport, ZeroDimensionsAreAnInputError) {
  onnx::ModelProto model = conv_model();
  model.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(2)
      ->set_dim_value(0);
  std::string path = save("zero_input.onnx", model);
  std::string error = import_error(path);
  EXPECT_EQ(error.find(path), 0u) << error;
  EXPECT_NE(error.find("graph input 'x' dimension 2 is 0"), std::string::npos) << error;

  model = conv_model();
  model.mutable_graph()->mutable_initializer(0)->set_dims(0, 0);
  error = import_error(save("zero_weight.onnx", model));
  EXPECT_NE(error.find("tensor 'w' has shape [0, 3, 3, 3]"), std::string::npos) << error;
}

TEST(OnnxImport, SymbolicNonBatchDimensionIsAnInputError) {
  onnx::ModelProto model = conv_model();
  model.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(3)
      ->set_dim_param("width");
  std::string error = import_error(save("symbolic.onnx", model));
  EXPECT_NE(error.find("dimension 3 is symbolic ('width')"), std::string::npos) << error;
}

TEST(OnnxImport, UndefinedTensorIsAnInputError) {
  onnx::ModelProto model = conv_model();
  add_node(model.mutable_graph(), "Relu", {"nowhere"}, "r");
  std::string path = save("undefined.onnx", model);
  std::string error = import_error(path);
  EXPECT_EQ(error.find(path), 0u) << error;
  EXPECT_NE(error.find("node 'r' (Relu): tensor 'nowhere' is not a graph input"), std::string::npos) << error;
}

TEST(OnnxImport, ShapeMismatchNamesTheFileAndNode) {
  onnx::ModelProto model = conv_model();
  model.mutable_graph()->mutable_initializer(0)->set_dims(1, 5);
  model.mutable_graph()->mutable_initializer(0)->clear_raw_data();
  std::string error = import_error(save("mismatch.onnx", model));
  EXPECT_NE(error.find("node 'y' (Conv)"), std::string::npos) << error;
}

}  // namespace
}  // namespace tessera
