// N-d grouped convolution, ONNX layout: X [N, C, spatial...], W [M, C/group, kernel...], optional bias [M].
// attrs: strides, pads, dilations, group. Loop dims: N, G, K (output channels per group), C (input channels per
// group), output spatial (P, Q for 2-D) and kernel (R, S for 2-D). MACs count padded positions, as torchvision does.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/window.h"

namespace tessera {
namespace {

class Conv final : public OpDefinition {
 public:
  int min_inputs() const override { return 2; }
  int max_inputs() const override { return 3; }

  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    require_rank(inputs, 0, 3, 5);
    const Shape& x = inputs[0].shape;
    const Shape& w = inputs[1].shape;
    require(w.size() == x.size(), {0, 1}, "weight rank " + std::to_string(w.size()) + " != input rank " +
                                              std::to_string(x.size()));
    size_t spatial = x.size() - 2;
    int64_t groups = positive_attr(attrs, "group", 1);
    int64_t channels = x[1], filters = w[0];
    require(channels % groups == 0 && filters % groups == 0, {0, 1},
            "group " + std::to_string(groups) + " does not divide channels " + std::to_string(channels) +
                " and filters " + std::to_string(filters));
    require(w[1] == channels / groups, {0, 1},
            "weight has " + std::to_string(w[1]) + " input channels per group, input gives " +
                std::to_string(channels / groups));
    if (inputs.size() == 3) {
      require(inputs[2].shape == Shape{filters}, {2}, "bias must be [" + std::to_string(filters) + "]");
    }
    Window window = read_window(attrs, spatial);

    OpInference out;
    LoopNest& loops = out.loops;
    Shape out_shape{x[0], filters};
    std::vector<int64_t> kernel_sizes;
    for (size_t i = 0; i < spatial; ++i) {
      out_shape.push_back(window_output(x[2 + i], w[2 + i], window, i, {0, 1}));
      kernel_sizes.push_back(w[2 + i]);
    }
    ConvNest nest = add_conv_nest(loops, x[0], groups, filters, channels,
                                  std::vector<int64_t>(out_shape.begin() + 2, out_shape.end()), kernel_sizes, window);
    Operand weight{1, false, {{{nest.g, filters / groups}, {nest.k, 1}}, {{nest.c, 1}}}};
    for (int d : nest.kernel_dims) weight.axes.push_back({{d, 1}});
    Operand output{0, true, {{{nest.n, 1}}, {{nest.g, filters / groups}, {nest.k, 1}}}};
    for (int d : nest.out_dims) output.axes.push_back({{d, 1}});
    loops.operands = {nest.input, weight};
    if (inputs.size() == 3) {
      loops.operands.push_back({2, false, {{{nest.g, filters / groups}, {nest.k, 1}}}});
      out.vector_flops = element_count(out_shape);
    }
    loops.operands.push_back(output);
    out.outputs = {{out_shape, inputs[0].dtype}};
    out.macs = loops.points();
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, Conv, "conv");

}  // namespace
}  // namespace tessera
