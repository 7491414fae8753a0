// Softmax along one axis (attr axis, default -1). Per element: max, subtract, exp, sum, divide = 5 FLOPs, 1 exp.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/axis.h"
#include "tessera/workload/ops/indexing.h"

namespace tessera {
namespace {

class Softmax final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 1; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    require_rank(inputs, 0, 1, 8);
    read_axis(attrs, "axis", -1, inputs[0].shape.size());
    OpInference out;
    out.outputs = {inputs[0]};
    std::vector<int> dims = add_axis_dims(out.loops, inputs[0].shape, "D");
    out.loops.add_simple_operand(0, false, dims);
    out.loops.add_simple_operand(0, true, dims);
    int64_t elements = element_count(inputs[0].shape);
    out.vector_flops = 5 * elements;
    out.transcendentals = elements;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, Softmax, "softmax");

}  // namespace
}  // namespace tessera
