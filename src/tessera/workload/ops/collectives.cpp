// Collective communication as graph ops, per participating device. attrs: group (devices, >= 1), axis (for
// all_gather / reduce_scatter, default 0), peer (send/recv), and for recv the received tensor's shape and dtype.
// Work: a reduction adds (group-1)/group of the local elements per device (the reduce-scatter half of a ring);
// bytes are the local input read and output written — what crosses links is for the system simulator.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/axis.h"
#include "tessera/workload/ops/indexing.h"

namespace tessera {
namespace {

// Loop dims over the local input's axes (the received tensor's for recv); all_gather and reduce_scatter outputs are
// indexed by the same dims with a larger or smaller extent on the gathered axis.
OpInference over_elements(const std::vector<TensorType>& inputs, std::vector<TensorType> outputs) {
  OpInference out;
  const Shape& space = inputs.empty() ? outputs[0].shape : inputs[0].shape;
  std::vector<int> dims = add_axis_dims(out.loops, space, "D");
  for (int i = 0; i < static_cast<int>(inputs.size()); ++i) out.loops.add_simple_operand(i, false, dims);
  for (int i = 0; i < static_cast<int>(outputs.size()); ++i) out.loops.add_simple_operand(i, true, dims);
  out.outputs = std::move(outputs);
  return out;
}

// all_reduce, all_gather, reduce_scatter and all_to_all: one input, one output.
class GroupCollective : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 1; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    int64_t group = positive_attr(attrs, "group", 1);
    Shape shape = output_shape(inputs[0].shape, attrs, group);
    OpInference out = over_elements(inputs, {{shape, inputs[0].dtype}});
    if (reduces()) out.vector_flops = element_count(inputs[0].shape) * (group - 1) / group;
    return out;
  }

 protected:
  virtual Shape output_shape(const Shape& input, const Attrs& attrs, int64_t group) const = 0;
  virtual bool reduces() const { return false; }
};

class AllReduce final : public GroupCollective {
  Shape output_shape(const Shape& input, const Attrs&, int64_t) const override { return input; }
  bool reduces() const override { return true; }
};

class AllToAll final : public GroupCollective {
  Shape output_shape(const Shape& input, const Attrs&, int64_t) const override { return input; }
};

class AllGather final : public GroupCollective {
  Shape output_shape(const Shape& input, const Attrs& attrs, int64_t group) const override {
    Shape out = input;
    out[read_axis(attrs, "axis", 0, input.size())] *= group;
    return out;
  }
};

class ReduceScatter final : public GroupCollective {
  Shape output_shape(const Shape& input, const Attrs& attrs, int64_t group) const override {
    Shape out = input;
    size_t axis = read_axis(attrs, "axis", 0, input.size());
    require(out[axis] % group == 0, {0}, "axis " + std::to_string(axis) + " of size " + std::to_string(out[axis]) +
                                             " does not divide into group " + std::to_string(group));
    out[axis] /= group;
    return out;
  }
  bool reduces() const override { return true; }
};

class Send final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 1; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    attrs.get_int("peer");
    return over_elements(inputs, {});
  }
};

class Recv final : public OpDefinition {
 public:
  int min_inputs() const override { return 0; }
  int max_inputs() const override { return 0; }
  OpInference infer(const std::vector<TensorType>&, const Attrs& attrs) const override {
    attrs.get_int("peer");
    Shape shape = attrs.get_ints("shape");
    for (int64_t d : shape) require(d >= 1, {}, "attribute 'shape' " + shape_string(shape) + " has a dimension < 1");
    return over_elements({}, {{shape, parse_dtype(attrs.get_string("dtype"))}});
  }
};

TESSERA_REGISTER(OpDefinition, AllReduce, "all_reduce");
TESSERA_REGISTER(OpDefinition, AllGather, "all_gather");
TESSERA_REGISTER(OpDefinition, ReduceScatter, "reduce_scatter");
TESSERA_REGISTER(OpDefinition, AllToAll, "all_to_all");
TESSERA_REGISTER(OpDefinition, Send, "send");
TESSERA_REGISTER(OpDefinition, Recv, "recv");

}  // namespace
}  // namespace tessera
