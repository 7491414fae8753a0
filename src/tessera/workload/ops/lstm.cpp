// LSTM over a sequence (an LSTM cell is the case T = 1), PyTorch/ONNX gate layout.
// inputs: x [T, B, I], W [4H, I], R [4H, H], optional bias [8H] (input and recurrent biases, as PyTorch keeps both)
// or [4H]. Output: h for every step, [T, B, H]. The gate GEMM runs on [x_t; h_{t-1}] against [W R]: loop dims
// T, B, G (4 gates), H, K (= I + H): x and W index K in [0, I), R indexes K in [I, I + H) (offset -I). Per (t, b, h) the gate math costs 19 FLOPs and 5 transcendentals: bias adds (4),
// three sigmoids (3 each), two tanh (1 each), c = f*c + i*g (3), h = o*tanh(c) (1), 3 exp + 2 tanh.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"

namespace tessera {
namespace {

class Lstm final : public OpDefinition {
 public:
  int min_inputs() const override { return 3; }
  int max_inputs() const override { return 4; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs&) const override {
    require_rank(inputs, 0, 3, 3);
    require_rank(inputs, 1, 2, 2);
    require_rank(inputs, 2, 2, 2);
    const Shape& x = inputs[0].shape;
    const Shape& w = inputs[1].shape;
    const Shape& r = inputs[2].shape;
    require(w[0] % 4 == 0, {1}, "W must have 4*hidden rows");
    int64_t hidden = w[0] / 4;
    require(w[1] == x[2], {0, 1}, "W expects input width " + std::to_string(w[1]) + ", x has " + std::to_string(x[2]));
    require(r == Shape{4 * hidden, hidden}, {1, 2}, "R must be [" + std::to_string(4 * hidden) + ", " +
                                                        std::to_string(hidden) + "]");
    if (inputs.size() == 4) {
      const Shape& b = inputs[3].shape;
      require(b == Shape{8 * hidden} || b == Shape{4 * hidden}, {3}, "bias must be [8*hidden] or [4*hidden]");
    }
    OpInference out;
    LoopNest& loops = out.loops;
    int dt = loops.add_dim("T", x[0]);
    int db = loops.add_dim("B", x[1]);
    int dg = loops.add_dim("G", 4);
    int dh = loops.add_dim("H", hidden);
    int dk = loops.add_dim("K", x[2] + hidden);
    loops.operands.push_back({0, false, {{{dt, 1}}, {{db, 1}}, {{dk, 1}}}});
    loops.operands.push_back({1, false, {{{dg, hidden}, {dh, 1}}, {{dk, 1}}}});
    loops.operands.push_back({2, false, {{{dg, hidden}, {dh, 1}}, {{dk, 1}}}, {0, -x[2]}});  // R covers K in [I, I+H)
    if (inputs.size() == 4) loops.operands.push_back({3, false, {{{dg, hidden}, {dh, 1}}}});
    loops.operands.push_back({0, true, {{{dt, 1}}, {{db, 1}}, {{dh, 1}}}});
    out.outputs = {{{x[0], x[1], hidden}, inputs[0].dtype}};
    out.macs = loops.points();
    int64_t cells = x[0] * x[1] * hidden;
    out.vector_flops = 19 * cells;
    out.transcendentals = 5 * cells;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, Lstm, "lstm");

}  // namespace
}  // namespace tessera
