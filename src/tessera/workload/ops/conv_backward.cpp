// The weight gradient of an N-d grouped convolution: dW[g*K + k, c, r...] = sum over n and output positions of
// X[n, g*C + c, p*stride + r*dilation - pad] * dY[n, g*K + k, p...]. (The data gradient is a conv_transpose of dY with
// the same weights, an existing kind.) inputs: X [N, C, spatial...] (the forward input), dY [N, M, out spatial...];
// attrs: the forward's strides, pads, dilations, group, and kernel (the weight's spatial extent, which the shapes
// alone do not pin down). Output: dW [M, C/group, kernel...]. The loop nest is the forward's (N, G, K, C, P, Q, R, S)
// with the weight as the output, so it counts exactly the forward's MACs.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/window.h"

namespace tessera {
namespace {

class ConvBackwardWeight final : public OpDefinition {
 public:
  int min_inputs() const override { return 2; }
  int max_inputs() const override { return 2; }

  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    require_rank(inputs, 0, 3, 5);
    const Shape& x = inputs[0].shape;
    const Shape& dy = inputs[1].shape;
    require(dy.size() == x.size() && dy[0] == x[0], {0, 1},
            "dY " + shape_string(dy) + " does not match the input " + shape_string(x) + " in rank and batch");
    size_t spatial = x.size() - 2;
    int64_t groups = positive_attr(attrs, "group", 1);
    int64_t channels = x[1], filters = dy[1];
    require(channels % groups == 0 && filters % groups == 0, {0, 1},
            "group " + std::to_string(groups) + " does not divide channels " + std::to_string(channels) +
                " and filters " + std::to_string(filters));
    std::vector<int64_t> kernel = attrs.get_ints("kernel");
    require(kernel.size() == spatial, {}, "attribute 'kernel' needs " + std::to_string(spatial) + " values");
    Window window = read_window(attrs, spatial);

    OpInference out;
    LoopNest& loops = out.loops;
    Shape weight_shape{filters, channels / groups};
    std::vector<int64_t> out_sizes;
    for (size_t i = 0; i < spatial; ++i) {
      require(kernel[i] >= 1, {}, "kernel sizes must be positive");
      int64_t size = window_output(x[2 + i], kernel[i], window, i, {0, 1});
      require(size == dy[2 + i], {0, 1}, "dY spatial axis " + std::to_string(i) + " is " + std::to_string(dy[2 + i]) +
                                             ", the forward produces " + std::to_string(size));
      out_sizes.push_back(size);
      weight_shape.push_back(kernel[i]);
    }
    ConvNest nest = add_conv_nest(loops, x[0], groups, filters, channels, out_sizes, kernel, window);
    int dn = nest.n, dg = nest.g, dk = nest.k, dc = nest.c;
    Operand output_grad{1, false, {{{dn, 1}}, {{dg, filters / groups}, {dk, 1}}}};
    Operand weight_grad{0, true, {{{dg, filters / groups}, {dk, 1}}, {{dc, 1}}}};
    for (size_t i = 0; i < spatial; ++i) {
      output_grad.axes.push_back({{nest.out_dims[i], 1}});
      weight_grad.axes.push_back({{nest.kernel_dims[i], 1}});
    }
    loops.operands = {nest.input, output_grad, weight_grad};
    out.outputs = {{weight_shape, inputs[1].dtype}};
    out.macs = loops.points();
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, ConvBackwardWeight, "conv_backward_weight");

}  // namespace
}  // namespace tessera
