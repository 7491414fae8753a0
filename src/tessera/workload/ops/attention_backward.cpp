// The backward pass of fused attention, as FlashAttention-2 (Dao 2023, Algorithm 2) runs it: one kernel that reads
// q, k, v, the forward output o and dO, recomputes S = Q K^T and P block by block (the S x S scores never reach
// memory in either pass), and writes dq, dk, dv. Five contractions per kept (query, key) pair and head dimension —
// S again, dV = P^T dO, dP = dO V^T, dQ = dS K, dK = dS^T Q — against the forward's two: 2.5x its MACs.
// Vector FLOPs: per kept score 5 (scale, subtract the saved log-sum-exp, exp, then dS = P * (dP - D)); per query
// element 2 for D = rowsum(dO * o). One exp per kept score. The per-row log-sum-exp the forward saves (B x H x Sq
// floats) is too small to count. inputs: q, k, v, o, dO; attrs: the forward's heads, kv_heads, causal.
// Outputs dq, dk, dv; the loop nest is the forward's (B, G, R, Q, KV, D).
#include "tessera/core/checked_math.h"
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"

namespace tessera {
namespace {

class AttentionBackward final : public OpDefinition {
 public:
  int min_inputs() const override { return 5; }
  int max_inputs() const override { return 5; }

  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    OpInference forward = op_definition(OpKind::attention).infer({inputs[0], inputs[1], inputs[2]}, attrs);
    const Shape& q = inputs[0].shape;
    require(inputs[3].shape == q, {0, 3}, "the forward output o must be " + shape_string(q));
    require(inputs[4].shape == q, {0, 4}, "dO must be " + shape_string(q));

    OpInference out;
    out.outputs = {inputs[0], inputs[1], inputs[2]};
    out.loops.dims = forward.loops.dims;
    const std::vector<Operand>& reads = forward.loops.operands;  // q, k, v, then the output (indexed like q)
    Operand like_q = reads[0];
    for (int slot = 0; slot < 3; ++slot) out.loops.operands.push_back(reads[slot]);
    for (int slot : {3, 4}) {
      like_q.slot = slot;
      out.loops.operands.push_back(like_q);
    }
    for (int slot = 0; slot < 3; ++slot) {
      Operand gradient = reads[slot];
      gradient.is_output = true;
      out.loops.operands.push_back(gradient);
    }
    const char* what = "attention backward work";
    int64_t scores = forward.transcendentals;  // one exp per kept score in the forward
    out.macs = checked_multiply(forward.macs / 2, 5, what);
    out.vector_flops = checked_add(checked_multiply(5, scores, what), 2 * element_count(q), what);
    out.transcendentals = scores;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, AttentionBackward, "attention_backward");

}  // namespace
}  // namespace tessera
