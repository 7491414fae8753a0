// Layout ops. concat (attr axis) and split (attrs axis, sizes) copy data; transpose (attr perm) copies data;
// reshape (attr shape, one -1 allowed) is a view and moves no bytes; its loop nest runs over the output axes and the
// input operand, whose axes are not affine in them, is listed with the output's indexing.
#include <algorithm>
#include <numeric>

#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/axis.h"
#include "tessera/workload/ops/indexing.h"

namespace tessera {
namespace {

// A copy whose loop nest runs over the output's elements; every input is read whole.
OpInference copy_over(const std::vector<TensorType>& inputs, const std::vector<TensorType>& outputs,
                      const Shape& space) {
  OpInference out;
  out.outputs = outputs;
  std::vector<int> dims = add_axis_dims(out.loops, space, "D");
  for (int i = 0; i < static_cast<int>(inputs.size()); ++i) out.loops.add_simple_operand(i, false, dims);
  for (int i = 0; i < static_cast<int>(outputs.size()); ++i) out.loops.add_simple_operand(i, true, dims);
  return out;
}

// The pieces of a concat (inputs) or split (outputs) sit side by side along `axis` of the loop space: piece i is
// indexed at an offset of minus the extents of the pieces before it.
void offset_pieces(OpInference& out, bool outputs, const std::vector<TensorType>& pieces, size_t axis) {
  int64_t start = 0;
  for (Operand& operand : out.loops.operands) {
    if (operand.is_output != outputs) continue;
    operand.offsets.assign(operand.axes.size(), 0);
    operand.offsets[axis] = -start;
    start += pieces[operand.slot].shape[axis];
  }
}

class Concat final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 1024; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    Shape shape = inputs[0].shape;
    size_t axis = read_axis(attrs, "axis", 0, shape.size());
    for (int i = 1; i < static_cast<int>(inputs.size()); ++i) {
      Shape other = inputs[i].shape;
      require(other.size() == shape.size(), {0, i}, "ranks differ");
      other[axis] = shape[axis];
      require(other == shape, {0, i}, "shapes differ outside axis " + std::to_string(axis));
      shape[axis] += inputs[i].shape[axis];
    }
    OpInference out = copy_over(inputs, {{shape, inputs[0].dtype}}, shape);
    offset_pieces(out, false, inputs, axis);
    return out;
  }
};

class Split final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 1; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    const Shape& shape = inputs[0].shape;
    size_t axis = read_axis(attrs, "axis", 0, shape.size());
    std::vector<int64_t> sizes = attrs.get_ints("sizes");
    int64_t total = 0;
    std::vector<TensorType> outputs;
    for (int64_t size : sizes) {
      require(size >= 1, {}, "split sizes must be positive");
      total += size;
      Shape piece = shape;
      piece[axis] = size;
      outputs.push_back({piece, inputs[0].dtype});
    }
    require(total == shape[axis], {0}, "split sizes sum to " + std::to_string(total) + ", axis " +
                                           std::to_string(axis) + " has " + std::to_string(shape[axis]));
    OpInference out = copy_over(inputs, outputs, shape);
    offset_pieces(out, true, outputs, axis);
    return out;
  }
};

class Transpose final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 1; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    const Shape& shape = inputs[0].shape;
    std::vector<int64_t> perm = attrs.get_ints("perm");
    std::vector<int64_t> sorted = perm;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int64_t> identity(shape.size());
    std::iota(identity.begin(), identity.end(), 0);
    require(sorted == identity, {0}, "attribute 'perm' is not a permutation of the " +
                                         std::to_string(shape.size()) + " axes");
    Shape out_shape;
    for (int64_t p : perm) out_shape.push_back(shape[p]);
    OpInference out;
    out.outputs = {{out_shape, inputs[0].dtype}};
    std::vector<int> dims = add_axis_dims(out.loops, shape, "D");
    out.loops.add_simple_operand(0, false, dims);
    std::vector<int> permuted;
    for (int64_t p : perm) permuted.push_back(dims[p]);
    out.loops.add_simple_operand(0, true, permuted);
    return out;
  }
};

class Reshape final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 1; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    Shape target = resolve_reshape(attrs.get_ints("shape"), element_count(inputs[0].shape));
    OpInference out = copy_over(inputs, {{target, inputs[0].dtype}}, target);
    out.bytes_read = 0;
    out.bytes_written = 0;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, Concat, "concat");
TESSERA_REGISTER(OpDefinition, Split, "split");
TESSERA_REGISTER(OpDefinition, Transpose, "transpose");
TESSERA_REGISTER(OpDefinition, Reshape, "reshape");

}  // namespace
}  // namespace tessera
