#pragma once
// The derivative of each forward op kind: which inputs a gradient flows into, and the backward ops that compute it
// (rules in contraction_gradients.cpp, vector_gradients.cpp and layout_gradients.cpp).
#include "tessera/workload/training/gradient_context.h"

namespace tessera {

// Whether a gradient flows from `op`'s outputs into its (floating-point) input `slot`. Throws InputError for a kind
// with no gradient rule (lstm, collectives, send/recv, opaque, reduce max/min).
bool propagates_gradient(const Op& op, int slot);

// Emits the backward ops of forward op `op`, whose outputs' gradients are complete.
void emit_gradients(GradientContext& ctx, int op);

// Per kind family; each takes the forward op's id.
void emit_matmul_gradients(GradientContext& ctx, int op);
void emit_conv_gradients(GradientContext& ctx, int op);
void emit_conv_transpose_gradients(GradientContext& ctx, int op);
void emit_attention_gradients(GradientContext& ctx, int op);
void emit_embedding_gradients(GradientContext& ctx, int op);
void emit_elementwise_gradients(GradientContext& ctx, int op);
void emit_normalization_gradients(GradientContext& ctx, int op);
void emit_pool_gradients(GradientContext& ctx, int op);
void emit_reduce_gradients(GradientContext& ctx, int op);
void emit_layout_gradients(GradientContext& ctx, int op);

// Sums `source` (a training-graph tensor) over `axes` into the gradient of forward tensor `target` (a bias, a
// broadcast operand): a reduce, then a free reshape when the kept size-1 axes differ from the target's shape.
void emit_reduction(GradientContext& ctx, int source, const std::vector<int64_t>& axes, int target,
                    const std::string& name);
// The axes of `full` that `part` was broadcast along (numpy rules, right-aligned).
std::vector<int64_t> broadcast_axes(const Shape& full, const Shape& part);

}  // namespace tessera
