// Embedding gather: table [V, D] (a weight), indices [...] (an integer tensor) -> [..., D] at the table's dtype.
// attrs: mode (gather | sum; sum pools the last index axis as an embedding bag does). Reads only the rows used.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/indexing.h"

namespace tessera {
namespace {

class Embedding final : public OpDefinition {
 public:
  int min_inputs() const override { return 2; }
  int max_inputs() const override { return 2; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    require_rank(inputs, 0, 2, 2);
    require_rank(inputs, 1, 1, 6);
    std::string mode = attrs.get_string("mode", "gather");
    require(mode == "gather" || mode == "sum", {}, "attribute 'mode' must be gather or sum, got '" + mode + "'");
    const Shape& table = inputs[0].shape;
    const Shape& indices = inputs[1].shape;
    int64_t width = table[1];

    OpInference out;
    LoopNest& loops = out.loops;
    std::vector<int> index_dims = add_axis_dims(loops, indices, "I");
    int dd = loops.add_dim("D", width);
    // Which row is read depends on the data: the row axis has no affine index, only the width does.
    loops.operands.push_back({0, false, {{}, {{dd, 1}}}});
    loops.add_simple_operand(1, false, index_dims);
    Shape out_shape = indices;
    std::vector<int> out_dims = index_dims;
    if (mode == "sum") {
      out_shape.pop_back();
      out_dims.pop_back();
    }
    out_shape.push_back(width);
    out_dims.push_back(dd);
    loops.add_simple_operand(0, true, out_dims);
    int64_t lookups = element_count(indices);
    out.outputs = {{out_shape, inputs[0].dtype}};
    out.bytes_read = storage_bytes(lookups * width, inputs[0].dtype) + storage_bytes(lookups, inputs[1].dtype);
    if (mode == "sum") out.vector_flops = (lookups - element_count(out_shape) / width) * width;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, Embedding, "embedding");

}  // namespace
}  // namespace tessera
