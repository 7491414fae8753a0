#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

std::vector<int64_t> repeat(int64_t value, size_t count) { return std::vector<int64_t>(count, value); }

}  // namespace

GraphBuilder::ScopeGuard::ScopeGuard(GraphBuilder& builder, const std::string& name)
    : builder_(builder), previous_length_(builder.prefix_.size()) {
  builder_.prefix_ = builder_.qualified(name);
}

GraphBuilder::ScopeGuard::~ScopeGuard() { builder_.prefix_.resize(previous_length_); }

int GraphBuilder::input(const std::string& name, const Shape& shape) { return input(name, shape, dtype_); }

int GraphBuilder::input(const std::string& name, const Shape& shape, DType dtype) {
  return graph_.add_tensor({qualified(name), shape, dtype, TensorRole::activation});
}

int GraphBuilder::weight(const std::string& name, const Shape& shape) {
  return graph_.add_tensor({qualified(name), shape, dtype_, TensorRole::weight});
}

int GraphBuilder::kv_cache(const std::string& name, const Shape& shape) {
  return graph_.add_tensor({qualified(name), shape, dtype_, TensorRole::kv_cache});
}

int GraphBuilder::op(OpKind kind, const std::string& name, const std::vector<int>& inputs, Attrs attrs) {
  return op_outputs(kind, name, inputs, std::move(attrs)).at(0);
}

std::vector<int> GraphBuilder::op_outputs(OpKind kind, const std::string& name, const std::vector<int>& inputs,
                                          Attrs attrs) {
  return graph_.add_op(kind, qualified(name), inputs, std::move(attrs));
}

int GraphBuilder::conv(int x, const std::string& name, int64_t out_channels, int64_t kernel, int64_t stride,
                       int64_t pad, int64_t groups, bool bias, int64_t dilation) {
  const Shape& in = shape(x);
  size_t spatial = in.size() - 2;
  Shape w{out_channels, in[1] / groups};
  for (size_t i = 0; i < spatial; ++i) w.push_back(kernel);
  std::vector<int> inputs{x, weight(name + ".weight", w)};
  if (bias) inputs.push_back(weight(name + ".bias", {out_channels}));
  return op(OpKind::conv, name, inputs,
            {{"strides", repeat(stride, spatial)}, {"pads", repeat(pad, 2 * spatial)},
             {"dilations", repeat(dilation, spatial)}, {"group", groups}});
}

int GraphBuilder::conv_transpose(int x, const std::string& name, int64_t out_channels, int64_t kernel,
                                 int64_t stride, bool bias) {
  const Shape& in = shape(x);
  size_t spatial = in.size() - 2;
  Shape w{in[1], out_channels};
  for (size_t i = 0; i < spatial; ++i) w.push_back(kernel);
  std::vector<int> inputs{x, weight(name + ".weight", w)};
  if (bias) inputs.push_back(weight(name + ".bias", {out_channels}));
  return op(OpKind::conv_transpose, name, inputs, {{"strides", repeat(stride, spatial)}});
}

int GraphBuilder::linear(int x, const std::string& name, int64_t out_features, bool bias) {
  std::vector<int> inputs{x, weight(name + ".weight", {shape(x).back(), out_features})};
  if (bias) inputs.push_back(weight(name + ".bias", {out_features}));
  return op(OpKind::matmul, name, inputs);
}

int GraphBuilder::batch_norm(int x, const std::string& name) {
  int64_t channels = shape(x).at(1);
  return op(OpKind::batch_norm, name,
            {x, weight(name + ".weight", {channels}), weight(name + ".bias", {channels})});
}

int GraphBuilder::layer_norm(int x, const std::string& name, bool bias) {
  int64_t width = shape(x).back();
  std::vector<int> inputs{x, weight(name + ".weight", {width})};
  if (bias) inputs.push_back(weight(name + ".bias", {width}));
  return op(OpKind::layer_norm, name, inputs);
}

int GraphBuilder::rms_norm(int x, const std::string& name) {
  return op(OpKind::rms_norm, name, {x, weight(name + ".weight", {shape(x).back()})});
}

int GraphBuilder::unary(int x, const std::string& name, const std::string& fn) {
  return op(OpKind::elementwise, name, {x}, {{"fn", fn}});
}

int GraphBuilder::binary(int a, int b, const std::string& name, const std::string& fn) {
  return op(OpKind::elementwise, name, {a, b}, {{"fn", fn}});
}

int GraphBuilder::pool(int x, const std::string& name, const std::string& mode, int64_t kernel, int64_t stride,
                       int64_t pad) {
  size_t spatial = shape(x).size() - 2;
  return op(OpKind::pool, name, {x},
            {{"mode", mode}, {"kernel", repeat(kernel, spatial)}, {"strides", repeat(stride, spatial)},
             {"pads", repeat(pad, 2 * spatial)}});
}

int GraphBuilder::global_avg_pool(int x, const std::string& name) {
  return op(OpKind::pool, name, {x}, {{"mode", std::string("avg")}, {"global", int64_t{1}}});
}

int GraphBuilder::softmax(int x, const std::string& name, int64_t axis) {
  return op(OpKind::softmax, name, {x}, {{"axis", axis}});
}

int GraphBuilder::reshape(int x, const std::string& name, const Shape& target) {
  return op(OpKind::reshape, name, {x}, {{"shape", target}});
}

int GraphBuilder::transpose(int x, const std::string& name, const std::vector<int64_t>& perm) {
  return op(OpKind::transpose, name, {x}, {{"perm", perm}});
}

int GraphBuilder::concat(const std::vector<int>& xs, const std::string& name, int64_t axis) {
  return op(OpKind::concat, name, xs, {{"axis", axis}});
}

int GraphBuilder::embedding(int indices, const std::string& name, int64_t rows, int64_t width) {
  return op(OpKind::embedding, name, {weight(name + ".weight", {rows, width}), indices});
}

}  // namespace tessera
