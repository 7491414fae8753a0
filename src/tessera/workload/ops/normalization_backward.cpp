// The backward pass of a row normalization, one kernel as Apex and PyTorch run it: reads dY, the saved forward value
// and gamma; writes dx and the affine parameters' gradients (reduced over the rows). attrs: of (layer_norm, rms_norm,
// batch_norm or softmax), axis (layer_norm, rms_norm, softmax: as the forward), beta (0/1: also write dbeta).
// inputs: dY, x (softmax: its output y), gamma? — outputs dx, dgamma? (when gamma is given), dbeta? (when beta).
// FLOPs per element, with x^ = (x - mean) * rstd recomputed from the saved per-row statistics (too small to count):
//   layer_norm, batch_norm  9 (x^ 2, mean(g) 1, mean(g x^) 2, dx = rstd (g - mean(g) - x^ mean(g x^)) 4)
//                           + 3 with gamma (g = dY gamma 1, dgamma += dY x^ 2) + 1 with beta (dbeta += dY)
//   rms_norm                6 (x^ 1, mean(g x^) 2, dx = rstd (g - x^ mean(g x^)) 3) + 3 with gamma
//   softmax                 4 (dY y, its row sum, subtract, multiply by y)
// batch_norm normalizes over N and the spatial axes per channel (training statistics), the others over [axis, rank).
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/axis.h"
#include "tessera/workload/ops/indexing.h"

namespace tessera {
namespace {

class NormalizationBackward final : public OpDefinition {
 public:
  int min_inputs() const override { return 2; }
  int max_inputs() const override { return 3; }

  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    std::string of = attrs.get_string("of");
    require(of == "layer_norm" || of == "rms_norm" || of == "batch_norm" || of == "softmax", {},
            "attribute 'of' must be layer_norm, rms_norm, batch_norm or softmax, got '" + of + "'");
    const Shape& x = inputs[0].shape;
    require(!x.empty() && inputs[1].shape == x, {0, 1}, "the saved forward value must have dY's shape " +
                                                            shape_string(x));
    bool gamma = inputs.size() == 3;
    bool beta = attrs.get_int("beta", 0) != 0;
    require(of != "softmax" || (!gamma && !beta), {}, "softmax has no affine parameters");
    require(of != "rms_norm" || !beta, {}, "rms_norm has no beta");

    std::vector<int> feature_axes;  // the axes gamma indexes
    if (of == "batch_norm") {
      require_rank(inputs, 0, 2, 5);
      feature_axes = {1};
    } else {
      size_t axis = read_axis(attrs, "axis", -1, x.size());
      for (size_t i = axis; i < x.size(); ++i) feature_axes.push_back(static_cast<int>(i));
    }
    Shape feature;
    for (int axis : feature_axes) feature.push_back(x[axis]);
    if (gamma) require(inputs[2].shape == feature, {0, 2}, "gamma must be " + shape_string(feature));

    OpInference out;
    std::vector<int> dims = add_axis_dims(out.loops, x, "D");
    out.loops.add_simple_operand(0, false, dims);
    out.loops.add_simple_operand(1, false, dims);
    if (gamma) out.loops.add_simple_operand(2, false, feature_axes);
    out.loops.add_simple_operand(0, true, dims);
    out.outputs = {inputs[0]};
    for (int slot = 1; slot <= int{gamma} + int{beta}; ++slot) {
      out.loops.add_simple_operand(slot, true, feature_axes);
      out.outputs.push_back({feature, inputs[0].dtype});
    }
    int64_t per_element = of == "softmax" ? 4 : (of == "rms_norm" ? 6 : 9) + 3 * int{gamma} + int{beta};
    out.vector_flops = element_count(x) * per_element;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, NormalizationBackward, "normalization_backward");

}  // namespace
}  // namespace tessera
