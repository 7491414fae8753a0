// The loop-nest view is what every cost model reads, so it must be well formed for every op of every zoo model:
// each input and output appears exactly once as an operand, with one index per tensor axis, over valid dimensions,
// reaching the whole tensor.
#include <gtest/gtest.h>

#include "tessera/models/model.h"

namespace tessera {
namespace {

// The range of loop points an axis index takes: [offset, offset + sum of coefficient * (size - 1)].
std::pair<int64_t, int64_t> index_range(const LoopNest& loops, const Operand& operand, size_t axis) {
  int64_t lo = operand.offset(axis), hi = lo;
  for (const auto& term : operand.axes[axis]) hi += term.coefficient * (loops.dims[term.dim].size - 1);
  return {lo, hi};
}

bool data_dependent(const Op& op, const Operand& operand, size_t axis) {
  return op.kind == OpKind::opaque || (op.kind == OpKind::embedding && !operand.is_output && operand.slot == 0 &&
                                       axis == 0);
}

bool collective(OpKind kind) {
  return kind == OpKind::all_gather || kind == OpKind::reduce_scatter || kind == OpKind::all_reduce ||
         kind == OpKind::all_to_all;
}

// Each axis index must reach the whole tensor: from at most 0 to at least extent - 1. Exceptions, each by design:
// an all_gather output (this device writes only its own piece), a reshape input (not affine in the output axes), and
// data-dependent axes (embedding rows, opaque ops).
void expect_axis_covers_tensor(const Op& op, const Operand& operand, const Tensor& tensor, size_t axis) {
  if (data_dependent(op, operand, axis) || (collective(op.kind) && operand.is_output)) return;
  auto [lo, hi] = index_range(op.loops, operand, axis);
  int64_t extent = tensor.shape[axis];
  if (operand.axes[axis].empty()) {
    EXPECT_EQ(extent, 1) << op.name << ": broadcast axis " << axis << " of " << tensor.name;
    return;
  }
  EXPECT_LE(lo, 0) << op.name << ": axis " << axis << " of " << tensor.name;
  // A strided window may skip the last rows (224 rows, 1x1 kernel, stride 2 reads row 222 last).
  bool window = operand.axes[axis].size() > 1;
  if (!window) {
    EXPECT_GE(hi, extent - 1) << op.name << ": axis " << axis << " of " << tensor.name;
  }
  EXPECT_GE(hi, lo) << op.name;
}

void expect_well_formed(const Graph& graph, const Op& op) {
  std::vector<int> seen_inputs(op.inputs.size(), 0), seen_outputs(op.outputs.size(), 0);
  for (const Operand& operand : op.loops.operands) {
    const auto& tensors = operand.is_output ? op.outputs : op.inputs;
    ASSERT_LT(operand.slot, static_cast<int>(tensors.size())) << op.name;
    ++(operand.is_output ? seen_outputs : seen_inputs)[operand.slot];
    const Tensor& tensor = graph.tensor(tensors[operand.slot]);
    for (const auto& axis : operand.axes) {
      for (const auto& term : axis) {
        ASSERT_GE(term.dim, 0) << op.name;
        ASSERT_LT(term.dim, static_cast<int>(op.loops.dims.size())) << op.name;
        EXPECT_GT(term.coefficient, 0) << op.name;
      }
    }
    EXPECT_TRUE(operand.offsets.empty() || operand.offsets.size() == operand.axes.size()) << op.name;
    // A reshape is a view over the output's axes; its input's axes are not affine in them (div/mod), so only the
    // output is checked. It moves no data, so no cost model reads its input operand.
    if (op.kind == OpKind::reshape && !operand.is_output) continue;
    ASSERT_EQ(operand.axes.size(), tensor.shape.size()) << op.name << " operand " << tensor.name;
    for (size_t axis = 0; axis < operand.axes.size(); ++axis) expect_axis_covers_tensor(op, operand, tensor, axis);
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
