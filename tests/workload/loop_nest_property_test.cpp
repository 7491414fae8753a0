// The loop-nest view is what every cost model reads, so it must be well formed for every op of every zoo model:
// each input and output appears exactly once as an operand, with one index per tensor axis, over valid dimensions.
#include <gtest/gtest.h>

#include "tessera/models/model.h"

namespace tessera {
namespace {

void expect_well_formed(const Graph& graph, const Op& op) {
  std::vector<int> seen_inputs(op.inputs.size(), 0), seen_outputs(op.outputs.size(), 0);
  for (const Operand& operand : op.loops.operands) {
    const auto& tensors = operand.is_output ? op.outputs : op.inputs;
    ASSERT_LT(operand.slot, static_cast<int>(tensors.size())) << op.name;
    ++(operand.is_output ? seen_outputs : seen_inputs)[operand.slot];
    const Tensor& tensor = graph.tensor(tensors[operand.slot]);
    // A reshape is a view over the output's axes; its input's axes are not affine in them (div/mod), so only the
    // output is checked. It moves no data, so no cost model reads its input operand.
    bool reshape_input = op.kind == OpKind::reshape && !operand.is_output;
    if (!reshape_input) {
      EXPECT_EQ(operand.axes.size(), tensor.shape.size()) << op.name << " operand " << tensor.name;
    }
    for (const auto& axis : operand.axes) {
      for (const auto& term : axis) {
        EXPECT_GE(term.dim, 0) << op.name;
        EXPECT_LT(term.dim, static_cast<int>(op.loops.dims.size())) << op.name;
        EXPECT_GT(term.coefficient, 0) << op.name;
      }
    }
  }
  for (int count : seen_inputs) EXPECT_EQ(count, 1) << op.name << ": an input is not exactly one operand";
  for (int count : seen_outputs) EXPECT_EQ(count, 1) << op.name << ": an output is not exactly one operand";
  for (const auto& dim : op.loops.dims) EXPECT_GE(dim.size, 1) << op.name << " dim " << dim.name;
}

TEST(LoopNestProperty, EveryOpOfEveryZooModelIsWellFormed) {
  for (const auto& name : model_names()) {
    Graph graph = build_model(name, {});
    for (const Op& op : graph.ops()) expect_well_formed(graph, op);
  }
}

}  // namespace
}  // namespace tessera
