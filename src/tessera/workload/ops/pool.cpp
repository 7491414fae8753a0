// Max/average pooling over the spatial axes of X [N, C, spatial...].
// attrs: mode (max|avg), kernel (one per spatial axis; omit with global=1 to pool the whole extent), strides, pads,
// dilations. Loop dims N, C, output spatial (P, Q), kernel (R, S). FLOPs: one compare/add per window element, plus
// one divide per output for avg.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/window.h"

namespace tessera {
namespace {

class Pool final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 1; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    require_rank(inputs, 0, 3, 5);
    const Shape& x = inputs[0].shape;
    size_t spatial = x.size() - 2;
    std::string mode = attrs.get_string("mode");
    require(mode == "max" || mode == "avg", {}, "attribute 'mode' must be max or avg, got '" + mode + "'");
    bool global = attrs.get_int("global", 0) != 0;
    std::vector<int64_t> kernel = global ? Shape(x.begin() + 2, x.end()) : attrs.get_ints("kernel");
    require(kernel.size() == spatial, {}, "attribute 'kernel' needs " + std::to_string(spatial) + " values");
    for (int64_t k : kernel) require(k >= 1, {}, "kernel sizes must be positive");
    Window window = read_window(global ? Attrs{} : attrs, spatial);

    OpInference out;
    LoopNest& loops = out.loops;
    int dn = loops.add_dim("N", x[0]);
    int dc = loops.add_dim("C", x[1]);
    Shape out_shape{x[0], x[1]};
    std::vector<int> out_dims, kernel_dims;
    auto out_names = output_dim_names(spatial), kernel_names = kernel_dim_names(spatial);
    for (size_t i = 0; i < spatial; ++i) {
      int64_t size = window_output(x[2 + i], kernel[i], window, i, {0});
      out_shape.push_back(size);
      out_dims.push_back(loops.add_dim(out_names[i], size));
    }
    for (size_t i = 0; i < spatial; ++i) kernel_dims.push_back(loops.add_dim(kernel_names[i], kernel[i]));
    Operand input{0, false, {{{dn, 1}}, {{dc, 1}}}, {0, 0}};
    Operand output{0, true, {{{dn, 1}}, {{dc, 1}}}, {}};
    for (size_t i = 0; i < spatial; ++i) {
      input.axes.push_back({{out_dims[i], window.strides[i]}, {kernel_dims[i], window.dilations[i]}});
      input.offsets.push_back(-window.pads_begin[i]);
      output.axes.push_back({{out_dims[i], 1}});
    }
    loops.operands = {input, output};
    out.outputs = {{out_shape, inputs[0].dtype}};
    out.vector_flops = loops.points() + (mode == "avg" ? element_count(out_shape) : 0);
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, Pool, "pool");

}  // namespace
}  // namespace tessera
