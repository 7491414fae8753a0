// Reduction over a set of axes. attrs: fn (sum|mean|max|min), axes (negative allowed), keepdims (0/1, default 1).
// FLOPs: one per input element (plus one divide per output for mean).
#include <algorithm>

#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/indexing.h"
#include "tessera/workload/shape.h"

namespace tessera {
namespace {

class Reduce final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 1; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    const Shape& x = inputs[0].shape;
    std::string fn = attrs.get_string("fn");
    require(fn == "sum" || fn == "mean" || fn == "max" || fn == "min", {},
            "attribute 'fn' must be sum, mean, max or min, got '" + fn + "'");
    std::vector<bool> reduced(x.size(), false);
    for (int64_t axis : attrs.get_ints("axes")) {
      reduced[normalize_axis(axis, x.size(), "axis")] = true;
    }
    bool keepdims = attrs.get_int("keepdims", 1) != 0;

    OpInference out;
    std::vector<int> dims = add_axis_dims(out.loops, x, "D");
    out.loops.add_simple_operand(0, false, dims);
    Shape out_shape;
    std::vector<int> out_dims;
    Operand output{0, true, {}};
    for (size_t i = 0; i < x.size(); ++i) {
      if (!reduced[i]) {
        out_shape.push_back(x[i]);
        output.axes.push_back({{dims[i], 1}});
      } else if (keepdims) {
        out_shape.push_back(1);
        output.axes.push_back({});
      }
    }
    out.loops.operands.push_back(output);
    out.outputs = {{out_shape, inputs[0].dtype}};
    out.vector_flops = element_count(x) + (fn == "mean" ? element_count(out_shape) : 0);
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, Reduce, "reduce");

}  // namespace
}  // namespace tessera
