// Batched matrix multiply Y = op(A) x op(B) [+ bias], with numpy broadcasting of the batch dimensions.
// attrs: trans_a, trans_b (0/1). Loop dims: B0.. (batch), M, N, K.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/indexing.h"

namespace tessera {
namespace {

class Matmul final : public OpDefinition {
 public:
  int min_inputs() const override { return 2; }
  int max_inputs() const override { return 3; }

  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    require_rank(inputs, 0, 2, 8);
    require_rank(inputs, 1, 2, 8);
    const Shape& a = inputs[0].shape;
    const Shape& b = inputs[1].shape;
    bool trans_a = attrs.get_int("trans_a", 0) != 0;
    bool trans_b = attrs.get_int("trans_b", 0) != 0;
    int64_t m = a[a.size() - (trans_a ? 1 : 2)];
    int64_t k = a[a.size() - (trans_a ? 2 : 1)];
    int64_t kb = b[b.size() - (trans_b ? 1 : 2)];
    int64_t n = b[b.size() - (trans_b ? 2 : 1)];
    require(k == kb, {0, 1}, "contraction sizes differ: A " + shape_string(a) + " has K=" + std::to_string(k) +
                                 ", B " + shape_string(b) + " has K=" + std::to_string(kb));
    Shape batch = broadcast_shapes(Shape(a.begin(), a.end() - 2), Shape(b.begin(), b.end() - 2), 0, 1);
    Shape out_shape = batch;
    out_shape.push_back(m);
    out_shape.push_back(n);

    OpInference out;
    out.outputs = {{out_shape, inputs[0].dtype}};
    LoopNest& loops = out.loops;
    std::vector<int> batch_dims = add_axis_dims(loops, batch, "B");
    int dm = loops.add_dim("M", m), dn = loops.add_dim("N", n), dk = loops.add_dim("K", k);
    add_matrix_operand(loops, 0, a, batch_dims, trans_a ? dk : dm, trans_a ? dm : dk);
    add_matrix_operand(loops, 1, b, batch_dims, trans_b ? dn : dk, trans_b ? dk : dn);
    std::vector<int> out_dims = batch_dims;
    out_dims.push_back(dm);
    out_dims.push_back(dn);
    if (inputs.size() == 3) {
      require(broadcast_shapes(out_shape, inputs[2].shape, 0, 2) == out_shape, {2},
              "bias " + shape_string(inputs[2].shape) + " does not broadcast to the output " + shape_string(out_shape));
      add_broadcast_operand(loops, 2, false, inputs[2].shape, out_dims);
      out.vector_flops = element_count(out_shape);
    }
    loops.add_simple_operand(0, true, out_dims);
    out.macs = loops.points();
    return out;
  }

 private:
  static void add_matrix_operand(LoopNest& loops, int slot, const Shape& shape, const std::vector<int>& batch_dims,
                                 int row_dim, int col_dim) {
    std::vector<int> dims = batch_dims;
    dims.push_back(row_dim);
    dims.push_back(col_dim);
    add_broadcast_operand(loops, slot, false, shape, dims);
  }
};

TESSERA_REGISTER(OpDefinition, Matmul, "matmul");

}  // namespace
}  // namespace tessera
