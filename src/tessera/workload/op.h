#pragma once
// An operator node: what it computes (kind + attributes), which tensors it reads and writes, and the derived
// loop nest and work counts every later stage reads.
//
// Counting conventions (documented in docs/workload-ir.md):
//   macs             multiply-accumulates of the contraction (conv, matmul, attention, LSTM gates).
//   flops            2 * macs + vector_flops. A MAC is always 2 FLOPs.
//   vector_flops     non-MAC arithmetic: one per elementary add/mul/compare/divide per element; a transcendental
//                    (exp, tanh, erf, sigmoid's exp, rsqrt ...) counts one FLOP here and is also counted in
//   transcendentals  so that a special-function unit can be costed separately.
//   bytes_read/      compulsory traffic: every input read once and every output written once at its dtype, except
//   bytes_written    where the op moves less (reshape moves nothing; an embedding gather reads only the rows used).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tessera/workload/attrs.h"
#include "tessera/workload/loop_nest.h"

namespace tessera {

enum class OpKind {
  conv, conv_transpose, matmul, attention, elementwise, softmax, layer_norm, rms_norm, batch_norm, pool, reduce,
  embedding, concat, split, transpose, reshape, lstm, all_reduce, all_gather, reduce_scatter, all_to_all, send, recv,
  opaque,
  // Training (workload/training/): the loss, gradients with no forward kind that computes them, the optimizer step.
  cross_entropy, cross_entropy_backward, conv_backward_weight, attention_backward, elementwise_backward, normalization_backward, pool_backward,
  embedding_backward, optimizer_update
};

enum class Phase { forward, backward_data, backward_weight, optimizer };

std::string_view op_kind_name(OpKind kind);
OpKind parse_op_kind(std::string_view name);  // throws InputError
const std::vector<OpKind>& all_op_kinds();
std::string_view phase_name(Phase phase);
Phase parse_phase(std::string_view name);  // throws InputError

struct Op {
  std::string name;
  OpKind kind = OpKind::elementwise;
  Phase phase = Phase::forward;
  Attrs attrs;
  std::vector<int> inputs;   // tensor ids in the graph
  std::vector<int> outputs;  // tensor ids in the graph

  // Derived on construction from kind, attrs and input types.
  LoopNest loops;
  int64_t macs = 0;
  int64_t vector_flops = 0;
  int64_t transcendentals = 0;
  int64_t bytes_read = 0;
  int64_t bytes_written = 0;

  int64_t flops() const { return 2 * macs + vector_flops; }  // cannot overflow: Graph checks it when adding the op
  bool operator==(const Op&) const = default;
};

}  // namespace tessera
