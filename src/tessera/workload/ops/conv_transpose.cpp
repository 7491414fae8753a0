// N-d transposed (fractionally strided) convolution, ONNX layout: X [N, C, spatial...], W [C, M/group, kernel...],
// optional bias [M]. attrs: strides, pads, dilations, group, output_padding. Each input element scatters a kernel
// window into the output: loop dims N, G, C (input channels per group), K (output channels per group), input spatial
// (P, Q for 2-D) and kernel (R, S); output position = P*stride + R*dilation - pad.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/window.h"

namespace tessera {
namespace {

class ConvTranspose final : public OpDefinition {
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
    require(w[0] == x[1] && x[1] % groups == 0, {0, 1},
            "weight has " + std::to_string(w[0]) + " input channels, input has " + std::to_string(x[1]));
    int64_t per_group_in = x[1] / groups, per_group_out = w[1];
    int64_t filters = per_group_out * groups;
    if (inputs.size() == 3) {
      require(inputs[2].shape == Shape{filters}, {2}, "bias must be [" + std::to_string(filters) + "]");
    }
    Window window = read_window(attrs, spatial);
    std::vector<int64_t> output_padding = attrs.get_ints("output_padding", std::vector<int64_t>(spatial, 0));
    require(output_padding.size() == spatial, {}, "attribute 'output_padding' needs one value per spatial axis");

    OpInference out;
    LoopNest& loops = out.loops;
    int dn = loops.add_dim("N", x[0]);
    int dg = loops.add_dim("G", groups);
    int dc = loops.add_dim("C", per_group_in);
    int dk = loops.add_dim("K", per_group_out);
    Shape out_shape{x[0], filters};
    std::vector<int> in_dims, kernel_dims;
    auto in_names = output_dim_names(spatial), kernel_names = kernel_dim_names(spatial);
    for (size_t i = 0; i < spatial; ++i) in_dims.push_back(loops.add_dim(in_names[i], x[2 + i]));
    for (size_t i = 0; i < spatial; ++i) {
      kernel_dims.push_back(loops.add_dim(kernel_names[i], w[2 + i]));
      int64_t size = (x[2 + i] - 1) * window.strides[i] - window.pads_begin[i] - window.pads_end[i] +
                     window.dilations[i] * (w[2 + i] - 1) + output_padding[i] + 1;
      require(size >= 1, {0, 1}, "output spatial axis " + std::to_string(i) + " would be empty");
      out_shape.push_back(size);
    }
    Operand input{0, false, {{{dn, 1}}, {{dg, per_group_in}, {dc, 1}}}};
    for (int d : in_dims) input.axes.push_back({{d, 1}});
    Operand weight{1, false, {{{dg, per_group_in}, {dc, 1}}, {{dk, 1}}}};
    for (int d : kernel_dims) weight.axes.push_back({{d, 1}});
    Operand output{0, true, {{{dn, 1}}, {{dg, per_group_out}, {dk, 1}}}, {0, 0}};
    for (size_t i = 0; i < spatial; ++i) {
      output.axes.push_back({{in_dims[i], window.strides[i]}, {kernel_dims[i], window.dilations[i]}});
      output.offsets.push_back(-window.pads_begin[i]);
    }
    loops.operands = {input, weight};
    if (inputs.size() == 3) {
      loops.operands.push_back({2, false, {{{dg, per_group_out}, {dk, 1}}}});
      out.vector_flops = element_count(out_shape);
    }
    loops.operands.push_back(output);
    out.outputs = {{out_shape, inputs[0].dtype}};
    out.macs = loops.points();
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, ConvTranspose, "conv_transpose");

}  // namespace
}  // namespace tessera
