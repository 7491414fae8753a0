// The gradient of pooling: each output's dY goes back to its window — to the window's maximum for max pooling (found
// again by comparing the saved input, as cuDNN does), spread evenly for average pooling. inputs: dY, and for max
// pooling the forward input x. attrs: the forward's (mode, kernel, strides, pads, dilations, global) and shape (the
// forward input's shape). The loop nest is the forward's with dx written where x was read; FLOPs are the forward's
// (a compare, or an add, per window element; one divide per output for avg).
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"

namespace tessera {
namespace {

class PoolBackward final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 2; }

  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    TensorType x{attrs.get_ints("shape"), inputs[0].dtype};
    for (int64_t d : x.shape) require(d >= 1, {}, "attribute 'shape' has a dimension < 1");
    OpInference forward = op_definition(OpKind::pool).infer({x}, attrs);
    bool max = attrs.get_string("mode") == "max";
    require(inputs.size() == (max ? 2u : 1u), {}, max ? "max pooling's gradient reads dY and the forward input"
                                                      : "average pooling's gradient reads dY only");
    require(inputs[0].shape == forward.outputs[0].shape, {0},
            "dY must be the forward output's shape " + shape_string(forward.outputs[0].shape));
    if (max) require(inputs[1].shape == x.shape, {1}, "the forward input must be " + shape_string(x.shape));

    // The forward's operands are {x read, y written}: dY is read like y, x (max) read as before, dx written like x.
    Operand input = forward.loops.operands[0];
    Operand output = forward.loops.operands[1];
    OpInference out;
    out.loops.dims = forward.loops.dims;
    out.loops.operands.push_back({0, false, output.axes, output.offsets});
    if (max) out.loops.operands.push_back({1, false, input.axes, input.offsets});
    out.loops.operands.push_back({0, true, input.axes, input.offsets});
    out.outputs = {x};
    out.vector_flops = forward.vector_flops;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, PoolBackward, "pool_backward");

}  // namespace
}  // namespace tessera
