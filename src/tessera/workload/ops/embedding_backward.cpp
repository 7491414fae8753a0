// The gradient of an embedding table: a scatter-add of dY's rows into the rows the forward gathered (PyTorch's
// embedding_dense_backward). inputs: dY, indices; attrs: the forward's mode (gather | sum) and rows (the table's
// row count). Output: dW [rows, D]. Bytes: dY and the indices read once; only the rows touched written, at most
// min(lookups, rows) (the indices' values are unknown, so every lookup is taken to touch its own row). FLOPs: one add
// per looked-up element.
#include <algorithm>

#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"

namespace tessera {
namespace {

class EmbeddingBackward final : public OpDefinition {
 public:
  int min_inputs() const override { return 2; }
  int max_inputs() const override { return 2; }

  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    require_rank(inputs, 0, 1, 7);
    const Shape& dy = inputs[0].shape;
    int64_t rows = positive_attr(attrs, "rows", 1);
    TensorType table{{rows, dy.back()}, inputs[0].dtype};
    OpInference forward = op_definition(OpKind::embedding).infer({table, inputs[1]}, attrs);
    require(forward.outputs[0].shape == dy, {0, 1},
            "dY must be the forward output's shape " + shape_string(forward.outputs[0].shape));

    // The forward's operands are {table, indices, output}: dY is read like the output, dW written like the table.
    const std::vector<Operand>& operands = forward.loops.operands;
    OpInference out;
    out.loops.dims = forward.loops.dims;
    out.loops.operands = {{0, false, operands[2].axes}, {1, false, operands[1].axes}, {0, true, operands[0].axes}};
    out.outputs = {table};
    int64_t lookups = element_count(inputs[1].shape);
    int64_t width = dy.back();
    out.bytes_read = storage_bytes(element_count(dy), inputs[0].dtype) + storage_bytes(lookups, inputs[1].dtype);
    out.bytes_written = storage_bytes(std::min(lookups, rows) * width, inputs[0].dtype);
    out.vector_flops = lookups * width;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, EmbeddingBackward, "embedding_backward");

}  // namespace
}  // namespace tessera
