// The gradient of one input of an elementwise function: dx = dY * f'(...), reduced over the axes the input was
// broadcast along. inputs: dY, then the forward values elementwise_derivative() lists for (fn, wrt), each
// broadcasting to dY. attrs: fn, wrt (the input slot), shape (that input's shape), to (optional: the gradient's dtype
// when it differs from dY's, for cast). FLOPs: the derivative's per element of dY, plus one add per element folded
// into the reduction of a broadcast input. The loop nest runs over dY; the gradient's broadcast axes are indexed by
// nothing (a reduction).
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/elementwise_derivative.h"
#include "tessera/workload/ops/indexing.h"
#include "tessera/workload/shape.h"

namespace tessera {
namespace {

class ElementwiseBackward final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 3; }

  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    std::string fn = attrs.get_string("fn");
    int64_t wrt = attrs.get_int("wrt");
    std::optional<ElementwiseDerivative> derivative = elementwise_derivative(fn, static_cast<int>(wrt));
    require(derivative.has_value(), {}, "no gradient flows into input " + std::to_string(wrt) + " of '" + fn + "'");
    int count = static_cast<int>(inputs.size());
    require(count == 1 + static_cast<int>(derivative->reads.size()), {},
            "the gradient of '" + fn + "' input " + std::to_string(wrt) + " reads dY and " +
                std::to_string(derivative->reads.size()) + " forward values, got " + std::to_string(count) +
                " inputs");
    const Shape& dy = inputs[0].shape;
    for (int i = 1; i < count; ++i) {
      require(broadcast_shapes(dy, inputs[i].shape, 0, i) == dy, {0, i},
              "forward value " + shape_string(inputs[i].shape) + " does not broadcast to dY " + shape_string(dy));
    }
    Shape gradient = attrs.get_ints("shape");
    require(broadcast_shapes(dy, gradient, 0, 0) == dy, {0},
            "gradient shape " + shape_string(gradient) + " does not broadcast to dY " + shape_string(dy));
    DType dtype = attrs.has("to") ? parse_dtype(attrs.get_string("to")) : inputs[0].dtype;

    OpInference out;
    out.outputs = {{gradient, dtype}};
    std::vector<int> dims = add_axis_dims(out.loops, dy, "D");
    for (int i = 0; i < count; ++i) add_broadcast_operand(out.loops, i, false, inputs[i].shape, dims);
    add_broadcast_operand(out.loops, 0, true, gradient, dims);
    int64_t elements = element_count(dy);
    out.vector_flops = elements * derivative->flops + (elements - element_count(gradient));
    out.transcendentals = elements * derivative->transcendentals;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, ElementwiseBackward, "elementwise_backward");

}  // namespace
}  // namespace tessera
