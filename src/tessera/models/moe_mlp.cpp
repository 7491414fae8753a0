// Mixture-of-experts MLP (Shazeer et al. 2017; Lepikhin et al. 2021, GShard; Mixtral, Jiang et al. 2024) on one
// rank, as Hugging Face's MixtralSparseMoeBlock computes it:
//   router    logits = x W_r (W_r [hidden, experts], no bias): tokens x hidden x experts MACs; softmax over experts.
//   top-k     the k largest probabilities of each token, renormalised to sum to 1 (a sum and a divide). The split
//             stands for the selection: which experts is data-dependent, like an embedding's rows; its compares
//             (about k x experts per token, against hidden x experts MACs of the router) are not counted.
//   dispatch  each token's hidden state gathered once per chosen expert into [local experts, capacity, hidden]: an
//             embedding gather over the [tokens, hidden] rows (its backward scatter-adds, as the token permutation's).
//   experts   the config's MLP as batched GEMMs, one batch entry per local expert: weights [local experts, in, out].
//   combine   the expert outputs gathered back to [batch, seq, k, hidden], scaled by the gate weights, summed over k.
// Routing is assumed uniform: every expert receives tokens x k / experts tokens. Under expert parallelism
// (expert_parallel = ep) a rank holds experts / ep experts and computes the tokens all ep ranks of its group route to
// them: ep x tokens x k / experts per local expert, tokens x k rows in all, as many as without it. The capacity is
// ceil(tokens x k / local experts) rows (GShard's expert capacity at capacity factor 1), so when tokens x k is not a
// multiple of the local experts the last rows are padding; a decode step of fewer than experts / k tokens runs, and
// reads the weights of, every expert although its tokens reach only some.
#include "tessera/core/checked_math.h"
#include "tessera/models/transformer_layer.h"

namespace tessera {
namespace {

// y_e = x_e W_e for every local expert e: x [local, capacity, in], W [local, in, out].
int expert_linear(GraphBuilder& b, int x, const std::string& name, int64_t out_features) {
  const Shape& in = b.shape(x);
  return b.op(OpKind::matmul, name, {x, b.weight(name + ".weight", {in[0], in[2], out_features})});
}

int expert_ffn(GraphBuilder& b, const TransformerConfig& c, int x) {
  auto scope = b.scope("experts");
  if (c.ffn == FfnKind::swiglu) {
    int gate = b.unary(expert_linear(b, x, "gate_proj", c.local_ffn_width()), "silu", "silu");
    int up = expert_linear(b, x, "up_proj", c.local_ffn_width());
    return expert_linear(b, b.binary(gate, up, "gate_mul", "mul"), "down_proj", c.hidden);
  }
  int h = b.unary(expert_linear(b, x, "fc_in", c.local_ffn_width()), "gelu", "gelu");
  return expert_linear(b, h, "fc_out", c.hidden);
}

// [batch, seq, experts] probabilities -> the k gate weights per token, summing to 1.
int gate_weights(GraphBuilder& b, const TransformerConfig& c, int probs) {
  int64_t k = c.experts_per_token;
  int gates = probs;
  if (k < c.experts) {
    gates = b.op_outputs(OpKind::split, "router_topk", {probs},
                         {{"axis", int64_t{2}}, {"sizes", std::vector<int64_t>{k, c.experts - k}}})[0];
  }
  int total = b.op(OpKind::reduce, "gate_sum", {gates},
                   {{"fn", std::string("sum")}, {"axes", std::vector<int64_t>{2}}});
  return b.binary(gates, total, "gate_normalize", "div");
}

}  // namespace

int moe_mlp(GraphBuilder& b, const TransformerConfig& c, int x) {
  auto scope = b.scope("mlp");
  const Shape shape = b.shape(x);  // [batch, seq, hidden]
  const int64_t batch = shape[0], seq = shape[1], tokens = batch * seq, k = c.experts_per_token;
  const int64_t local = c.local_experts(), capacity = ceil_div(tokens * k, local);
  int gates = gate_weights(b, c, b.softmax(b.linear(x, "router", c.experts, false), "router_softmax"));

  int token_rows = b.reshape(x, "token_rows", {tokens, c.hidden});
  int dispatch_index = b.input("dispatch_index", {local, capacity}, kIndexDType);
  int routed = b.op(OpKind::embedding, "dispatch", {token_rows, dispatch_index});
  int expert_out = b.reshape(expert_ffn(b, c, routed), "expert_rows", {local * capacity, c.hidden});

  int combine_index = b.input("combine_index", {batch, seq, k}, kIndexDType);
  int gathered = b.op(OpKind::embedding, "gather_back", {expert_out, combine_index});
  int scaled = b.binary(gathered, b.reshape(gates, "gate_columns", {batch, seq, k, 1}), "combine_scale", "mul");
  return b.op(OpKind::reduce, "combine", {scaled},
              {{"fn", std::string("sum")}, {"axes", std::vector<int64_t>{2}}, {"keepdims", int64_t{0}}});
}

}  // namespace tessera
