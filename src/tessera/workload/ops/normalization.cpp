// Normalizations. layer_norm: x, [gamma, [beta]] normalized over axes [axis, rank) (attr axis, default -1).
// rms_norm: x, [gamma] over [axis, rank). batch_norm (inference): x [N, C, ...], gamma [C], beta [C]; the running
// statistics are folded into the affine, so it costs one multiply-add per element.
// FLOPs per element: layer_norm 5 (mean, subtract, square, variance sum, scale) + 1 per affine parameter;
// rms_norm 3 (square, sum, scale) + 1 for gamma; one rsqrt per normalized row is the transcendental.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/axis.h"
#include "tessera/workload/ops/indexing.h"

namespace tessera {
namespace {

OpInference elementwise_like(const std::vector<TensorType>& inputs) {
  OpInference out;
  out.outputs = {inputs[0]};
  std::vector<int> dims = add_axis_dims(out.loops, inputs[0].shape, "D");
  out.loops.add_simple_operand(0, false, dims);
  return out;
}

// Normalization over the trailing axes [axis, rank) with per-feature affine parameters.
OpInference trailing_norm(const std::vector<TensorType>& inputs, const Attrs& attrs, int64_t base_flops) {
  const Shape& x = inputs[0].shape;
  require(!x.empty(), {0}, "input must have at least one axis");
  size_t axis = read_axis(attrs, "axis", -1, x.size());
  Shape feature(x.begin() + static_cast<long>(axis), x.end());
  OpInference out = elementwise_like(inputs);
  std::vector<int> feature_dims;
  for (size_t i = axis; i < x.size(); ++i) feature_dims.push_back(static_cast<int>(i));
  for (int slot = 1; slot < static_cast<int>(inputs.size()); ++slot) {
    require(inputs[slot].shape == feature, {0, slot}, "affine parameter must be " + shape_string(feature));
    out.loops.add_simple_operand(slot, false, feature_dims);
  }
  std::vector<int> all(x.size());
  for (size_t i = 0; i < x.size(); ++i) all[i] = static_cast<int>(i);
  out.loops.add_simple_operand(0, true, all);
  int64_t elements = element_count(x);
  out.vector_flops = elements * (base_flops + static_cast<int64_t>(inputs.size()) - 1);
  out.transcendentals = elements / element_count(feature);
  return out;
}

class LayerNorm final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 3; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    return trailing_norm(inputs, attrs, 5);
  }
};

class RmsNorm final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 2; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    return trailing_norm(inputs, attrs, 3);
  }
};

class BatchNorm final : public OpDefinition {
 public:
  int min_inputs() const override { return 3; }
  int max_inputs() const override { return 3; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs&) const override {
    require_rank(inputs, 0, 2, 5);
    const Shape& x = inputs[0].shape;
    Shape channels{x[1]};
    require(inputs[1].shape == channels && inputs[2].shape == channels, {0, 1, 2},
            "gamma and beta must be " + shape_string(channels));
    OpInference out = elementwise_like(inputs);
    out.loops.add_simple_operand(1, false, {1});
    out.loops.add_simple_operand(2, false, {1});
    std::vector<int> all(x.size());
    for (size_t i = 0; i < x.size(); ++i) all[i] = static_cast<int>(i);
    out.loops.add_simple_operand(0, true, all);
    out.vector_flops = 2 * element_count(x);
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, LayerNorm, "layer_norm");
TESSERA_REGISTER(OpDefinition, RmsNorm, "rms_norm");
TESSERA_REGISTER(OpDefinition, BatchNorm, "batch_norm");

}  // namespace
}  // namespace tessera
