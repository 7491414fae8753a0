// One optimizer step on one weight tensor, elementwise: reads the gradient g, the weight w it updates and the
// optimizer's states; writes the new w and states (the graph is in SSA form: the outputs are the next step's values,
// stored where their inputs were). With mixed precision w is the fp32 master copy and attr model_dtype makes the op
// also write the model's low-precision copy of the new weight (Micikevicius et al. 2018), as Apex's fused optimizers
// do. inputs: g, w, states... (sgd none; sgd_momentum: the momentum buffer; adam: m, v), all of w's shape.
// attrs: optimizer (sgd | sgd_momentum | adam), model_dtype (optional). Outputs: w, states..., the model copy.
// FLOPs per element: sgd 2 (w -= lr g); sgd_momentum 4 (b = mu b + g; w -= lr b); adam 14 (Kingma & Ba 2015:
// m 3, v 4, two bias corrections 2, w -= lr m^ / (sqrt(v^) + eps) 5, the sqrt a transcendental).
#include <array>
#include <string_view>

#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/indexing.h"

namespace tessera {
namespace {

struct Rule {
  std::string_view name;
  size_t states;
  int64_t flops;
  int64_t transcendentals;
};

constexpr std::array<Rule, 3> kRules{{{"sgd", 0, 2, 0}, {"sgd_momentum", 1, 4, 0}, {"adam", 2, 14, 1}}};

const Rule& find_rule(const std::string& name) {
  for (const Rule& rule : kRules) {
    if (rule.name == name) return rule;
  }
  throw ShapeError({}, "attribute 'optimizer' must be sgd, sgd_momentum or adam, got '" + name + "'");
}

class OptimizerUpdate final : public OpDefinition {
 public:
  int min_inputs() const override { return 2; }
  int max_inputs() const override { return 4; }

  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    const Rule& rule = find_rule(attrs.get_string("optimizer"));
    require(inputs.size() == 2 + rule.states, {}, std::string(rule.name) + " reads g, w and " +
                                                      std::to_string(rule.states) + " states, got " +
                                                      std::to_string(inputs.size()) + " inputs");
    const Shape& shape = inputs[1].shape;
    for (int i = 0; i < static_cast<int>(inputs.size()); ++i) {
      require(inputs[i].shape == shape, {1, i}, "every operand must have the weight's shape " + shape_string(shape));
    }
    OpInference out;
    std::vector<int> dims = add_axis_dims(out.loops, shape, "D");
    for (int i = 0; i < static_cast<int>(inputs.size()); ++i) out.loops.add_simple_operand(i, false, dims);
    for (size_t i = 1; i < inputs.size(); ++i) out.outputs.push_back(inputs[i]);
    if (attrs.has("model_dtype")) out.outputs.push_back({shape, parse_dtype(attrs.get_string("model_dtype"))});
    for (int i = 0; i < static_cast<int>(out.outputs.size()); ++i) out.loops.add_simple_operand(i, true, dims);
    int64_t elements = element_count(shape);
    out.vector_flops = elements * rule.flops;
    out.transcendentals = elements * rule.transcendentals;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, OptimizerUpdate, "optimizer_update");

}  // namespace
}  // namespace tessera
