// Each op kind's shape inference, loop nest and counts, against values worked out by hand.
#include <gtest/gtest.h>

#include "tessera/core/error.h"
#include "tessera/workload/graph.h"

namespace tessera {
namespace {

class OpsTest : public ::testing::Test {
 protected:
  int in(const std::string& name, Shape shape, DType dtype = DType::fp16, TensorRole role = TensorRole::activation) {
    return g.add_tensor({name, std::move(shape), dtype, role});
  }
  const Op& add(OpKind kind, const std::vector<int>& inputs, Attrs attrs = {}) {
    g.add_op(kind, "op" + std::to_string(g.op_count()), inputs, std::move(attrs));
    return g.ops().back();
  }
  Shape out_shape(const Op& op, int i = 0) { return g.tensor(op.outputs.at(i)).shape; }
  Graph g{"t"};
};

TEST_F(OpsTest, MatmulBroadcastsBatchAndCountsMacs) {
  const Op& op = add(OpKind::matmul, {in("a", {4, 128, 64}), in("w", {64, 32}), in("b", {32})});
  EXPECT_EQ(out_shape(op), (Shape{4, 128, 32}));
  EXPECT_EQ(op.macs, 4 * 128 * 32 * 64);
  EXPECT_EQ(op.vector_flops, 4 * 128 * 32);  // the bias add
  EXPECT_EQ(op.flops(), 2 * op.macs + op.vector_flops);
  EXPECT_EQ(op.loops.dim_size("M"), 128);
  EXPECT_EQ(op.loops.dim_size("K"), 64);
  // The weight is indexed by K and N only: batch and M are its reuse dimensions.
  const Operand& weight = op.loops.operands[1];
  EXPECT_EQ(weight.indexing_dims(), (std::vector<int>{op.loops.dim_index("N"), op.loops.dim_index("K")}));
  EXPECT_EQ(op.bytes_read, 2 * (4 * 128 * 64 + 64 * 32 + 32));
  EXPECT_EQ(op.bytes_written, 2 * 4 * 128 * 32);
}

TEST_F(OpsTest, MatmulTransposesAndRejectsMismatchedK) {
  const Op& op = add(OpKind::matmul, {in("a", {64, 10}), in("b", {20, 64})}, {{"trans_a", int64_t{1}},
                                                                              {"trans_b", int64_t{1}}});
  EXPECT_EQ(out_shape(op), (Shape{10, 20}));
  EXPECT_THROW(add(OpKind::matmul, {in("c", {8, 3}), in("d", {4, 8})}), InputError);
}

TEST_F(OpsTest, ConvOutputSizeAndMacs) {
  // ResNet stem: 224 -> (224 + 6 - 7) / 2 + 1 = 112; MACs = 64 * 112 * 112 * 3 * 7 * 7 = 118,013,952.
  const Op& op = add(OpKind::conv, {in("x", {1, 3, 224, 224}), in("w", {64, 3, 7, 7})},
                     {{"strides", std::vector<int64_t>{2, 2}}, {"pads", std::vector<int64_t>{3, 3, 3, 3}}});
  EXPECT_EQ(out_shape(op), (Shape{1, 64, 112, 112}));
  EXPECT_EQ(op.macs, 118013952);
  // The input row index is P*stride + R*dilation - pad.
  const auto& row = op.loops.operands[0].axes[2];
  ASSERT_EQ(row.size(), 2u);
  EXPECT_EQ(row[0].coefficient, 2);
  EXPECT_EQ(op.loops.dims[row[1].dim].name, "R");
  EXPECT_EQ(op.loops.operands[0].offset(2), -3);
}

TEST_F(OpsTest, DepthwiseConvCountsOneInputChannelPerGroup) {
  const Op& op = add(OpKind::conv, {in("x", {2, 32, 10, 10}), in("w", {32, 1, 3, 3})},
                     {{"pads", std::vector<int64_t>{1, 1, 1, 1}}, {"group", int64_t{32}}});
  EXPECT_EQ(out_shape(op), (Shape{2, 32, 10, 10}));
  EXPECT_EQ(op.macs, 2 * 32 * 10 * 10 * 9);
}

TEST_F(OpsTest, Conv1dAnd3dWithDilation) {
  const Op& c1 = add(OpKind::conv, {in("x1", {1, 4, 50}), in("w1", {8, 4, 3})}, {{"dilations", std::vector<int64_t>{2}}});
  EXPECT_EQ(out_shape(c1), (Shape{1, 8, 46}));  // span 5 over 50
  const Op& c3 = add(OpKind::conv, {in("x3", {1, 2, 8, 8, 8}), in("w3", {4, 2, 3, 3, 3})},
                     {{"strides", std::vector<int64_t>{2, 2, 2}}, {"pads", std::vector<int64_t>{1, 1, 1, 1, 1, 1}}});
  EXPECT_EQ(out_shape(c3), (Shape{1, 4, 4, 4, 4}));
  EXPECT_EQ(c3.macs, 4 * 64 * 2 * 27);
}

TEST_F(OpsTest, ConvTransposeDoublesSpatialSize) {
  const Op& op = add(OpKind::conv_transpose, {in("x", {1, 64, 8, 8, 8}), in("w", {64, 32, 2, 2, 2})},
                     {{"strides", std::vector<int64_t>{2, 2, 2}}});
  EXPECT_EQ(out_shape(op), (Shape{1, 32, 16, 16, 16}));
  EXPECT_EQ(op.macs, int64_t{64} * 32 * 512 * 8);  // every input element scatters a 2x2x2 window of 32 channels
}

TEST_F(OpsTest, CausalAttentionCountsOnlyVisiblePairs) {
  // 2 heads of 4 dims, 3 queries over 3 keys, causal: 1 + 2 + 3 = 6 pairs per head.
  int q = in("q", {1, 3, 8}), k = in("k", {1, 3, 8}), v = in("v", {1, 3, 8});
  const Op& op = add(OpKind::attention, {q, k, v}, {{"heads", int64_t{2}}, {"causal", int64_t{1}}});
  EXPECT_EQ(op.macs, 2 * 2 * 6 * 4);  // two contractions, heads, pairs, head_dim
  EXPECT_EQ(op.transcendentals, 2 * 6);
  EXPECT_EQ(op.bytes_read, 3 * 2 * 24);  // S x S scores never reach memory
}

TEST_F(OpsTest, GroupedQueryAttentionWithKvCache) {
  // 8 query heads share 2 KV heads of 16 dims; one new token attends to 10 cached + itself.
  int q = in("q", {2, 1, 128}), k = in("k", {2, 1, 32}), v = in("v", {2, 1, 32});
  int kc = in("kc", {2, 10, 32}, DType::fp16, TensorRole::kv_cache), vc = in("vc", {2, 10, 32});
  const Op& op = add(OpKind::attention, {q, k, v, kc, vc},
                     {{"heads", int64_t{8}}, {"kv_heads", int64_t{2}}, {"causal", int64_t{1}}});
  EXPECT_EQ(op.loops.dim_size("G"), 2);
  EXPECT_EQ(op.loops.dim_size("R"), 4);
  EXPECT_EQ(op.loops.dim_size("KV"), 11);
  EXPECT_EQ(op.macs, 2 * 2 * 8 * 11 * 16);
  EXPECT_EQ(op.bytes_read, 2 * (2 * 128 + 2 * 2 * 32 + 2 * 2 * 10 * 32));
  EXPECT_EQ(op.bytes_written, 2 * 2 * 128);  // the output; the projections write the new K and V
  EXPECT_THROW(add(OpKind::attention, {q, k, v}, {{"heads", int64_t{8}}, {"kv_heads", int64_t{3}}}), InputError);
}

TEST_F(OpsTest, ElementwiseBroadcastsAndCountsFunctionFlops) {
  const Op& add_op = add(OpKind::elementwise, {in("a", {4, 1, 5}), in("b", {3, 1})}, {{"fn", std::string("add")}});
  EXPECT_EQ(out_shape(add_op), (Shape{4, 3, 5}));
  EXPECT_EQ(add_op.vector_flops, 60);
  const Op& gelu = add(OpKind::elementwise, {in("c", {10})}, {{"fn", std::string("gelu")}});
  EXPECT_EQ(gelu.vector_flops, 50);
  EXPECT_EQ(gelu.transcendentals, 10);
  const Op& cast = add(OpKind::elementwise, {in("d", {10})}, {{"fn", std::string("cast")}, {"to", std::string("int8")}});
  EXPECT_EQ(g.tensor(cast.outputs[0]).dtype, DType::int8);
  EXPECT_THROW(add(OpKind::elementwise, {in("e", {2})}, {{"fn", std::string("frobnicate")}}), InputError);
  EXPECT_THROW(add(OpKind::elementwise, {in("f", {2}), in("h", {3})}, {{"fn", std::string("mul")}}), InputError);
}

TEST_F(OpsTest, NormalizationsAndSoftmax) {
  int x = in("x", {2, 4, 8});
  const Op& ln = add(OpKind::layer_norm, {x, in("g", {8}), in("b", {8})});
  EXPECT_EQ(ln.vector_flops, 64 * 7);
  EXPECT_EQ(ln.transcendentals, 8);  // one rsqrt per row
  const Op& rms = add(OpKind::rms_norm, {x, in("g2", {8})});
  EXPECT_EQ(rms.vector_flops, 64 * 4);
  const Op& sm = add(OpKind::softmax, {x});
  EXPECT_EQ(sm.vector_flops, 64 * 5);
  const Op& bn = add(OpKind::batch_norm, {in("y", {1, 3, 4, 4}), in("bg", {3}), in("bb", {3})});
  EXPECT_EQ(bn.vector_flops, 2 * 48);
  EXPECT_THROW(add(OpKind::layer_norm, {x, in("bad", {4})}), InputError);
}

TEST_F(OpsTest, PoolingAndReduce) {
  const Op& mp = add(OpKind::pool, {in("x", {1, 64, 112, 112})},
                     {{"mode", std::string("max")}, {"kernel", std::vector<int64_t>{3, 3}},
                      {"strides", std::vector<int64_t>{2, 2}}, {"pads", std::vector<int64_t>{1, 1, 1, 1}}});
  EXPECT_EQ(out_shape(mp), (Shape{1, 64, 56, 56}));
  EXPECT_EQ(mp.vector_flops, 64 * 56 * 56 * 9);
  const Op& gp = add(OpKind::pool, {in("y", {2, 8, 7, 7})}, {{"mode", std::string("avg")}, {"global", int64_t{1}}});
  EXPECT_EQ(out_shape(gp), (Shape{2, 8, 1, 1}));
  EXPECT_EQ(gp.vector_flops, 2 * 8 * 49 + 16);
  const Op& rd = add(OpKind::reduce, {in("z", {2, 3, 4})},
                     {{"fn", std::string("mean")}, {"axes", std::vector<int64_t>{-1}}, {"keepdims", int64_t{0}}});
  EXPECT_EQ(out_shape(rd), (Shape{2, 3}));
  EXPECT_EQ(rd.vector_flops, 24 + 6);
}

TEST_F(OpsTest, EmbeddingReadsOnlyTheRowsUsed) {
  int table = in("table", {50000, 64}, DType::fp32, TensorRole::weight);
  const Op& op = add(OpKind::embedding, {table, in("ids", {2, 10}, DType::int8)});
  EXPECT_EQ(out_shape(op), (Shape{2, 10, 64}));
  EXPECT_EQ(op.bytes_read, 20 * 64 * 4 + 20);
  const Op& bag = add(OpKind::embedding, {table, in("bag", {4, 3}, DType::int8)}, {{"mode", std::string("sum")}});
  EXPECT_EQ(out_shape(bag), (Shape{4, 64}));
  EXPECT_EQ(bag.vector_flops, 4 * 2 * 64);
}

TEST_F(OpsTest, DataMovement) {
  int x = in("x", {2, 6});
  const Op& cat = add(OpKind::concat, {x, in("y", {2, 3})}, {{"axis", int64_t{1}}});
  EXPECT_EQ(out_shape(cat), (Shape{2, 9}));
  EXPECT_EQ(cat.loops.operands[1].offset(1), -6);  // the second piece starts after the first's 6 columns
  const Op& split = add(OpKind::split, {x}, {{"axis", int64_t{1}}, {"sizes", std::vector<int64_t>{2, 4}}});
  EXPECT_EQ(out_shape(split, 1), (Shape{2, 4}));
  const Op& tr = add(OpKind::transpose, {x}, {{"perm", std::vector<int64_t>{1, 0}}});
  EXPECT_EQ(out_shape(tr), (Shape{6, 2}));
  EXPECT_EQ(tr.bytes_read, 24);
  const Op& rs = add(OpKind::reshape, {x}, {{"shape", std::vector<int64_t>{3, -1}}});
  EXPECT_EQ(out_shape(rs), (Shape{3, 4}));
  EXPECT_EQ(rs.bytes_read + rs.bytes_written, 0);  // a view: no data moves
  EXPECT_THROW(add(OpKind::reshape, {x}, {{"shape", std::vector<int64_t>{5, -1}}}), InputError);
  EXPECT_THROW(add(OpKind::split, {x}, {{"axis", int64_t{1}}, {"sizes", std::vector<int64_t>{2, 2}}}), InputError);
}

TEST_F(OpsTest, LstmCountsTheGateGemm) {
  const Op& op = add(OpKind::lstm, {in("x", {5, 2, 240}), in("w", {4096, 240}), in("r", {4096, 1024}),
                                     in("b", {8192})});
  EXPECT_EQ(out_shape(op), (Shape{5, 2, 1024}));
  EXPECT_EQ(op.macs, int64_t{5} * 2 * 4096 * (240 + 1024));
  EXPECT_EQ(op.loops.operands[2].offset(1), -240);  // R reads the hidden half of K
  EXPECT_EQ(op.transcendentals, 5 * 2 * 1024 * 5);
}

TEST_F(OpsTest, Collectives) {
  int x = in("x", {8, 16});
  EXPECT_EQ(out_shape(add(OpKind::all_gather, {x}, {{"group", int64_t{4}}})), (Shape{32, 16}));
  EXPECT_EQ(out_shape(add(OpKind::reduce_scatter, {x}, {{"group", int64_t{4}}})), (Shape{2, 16}));
  const Op& ar = add(OpKind::all_reduce, {x}, {{"group", int64_t{4}}});
  EXPECT_EQ(ar.vector_flops, 128 * 3 / 4);
  EXPECT_TRUE(add(OpKind::send, {x}, {{"peer", int64_t{1}}}).outputs.empty());
  const Op& recv = add(OpKind::recv, {}, {{"peer", int64_t{0}}, {"shape", std::vector<int64_t>{4}},
                                          {"dtype", std::string("bf16")}});
  EXPECT_EQ(g.tensor(recv.outputs[0]).dtype, DType::bf16);
  EXPECT_THROW(add(OpKind::reduce_scatter, {x}, {{"group", int64_t{3}}}), InputError);
}

}  // namespace
}  // namespace tessera

namespace tessera {
namespace {

TEST_F(OpsTest, ExpandBroadcastsOnceAndOpaqueCostsNothing) {
  const Op& expand = add(OpKind::elementwise, {in("x", {1, 4})},
                         {{"fn", std::string("identity")}, {"broadcast_to", std::vector<int64_t>{3, 4}}});
  EXPECT_EQ(out_shape(expand), (Shape{3, 4}));
  EXPECT_EQ(expand.bytes_read, 8);
  EXPECT_EQ(expand.bytes_written, 24);
  const Op& opaque = add(OpKind::opaque, {in("y", {5, 6})},
                         {{"op", std::string("onnx:TopK")}, {"outputs", int64_t{2}},
                          {"shape_0", std::vector<int64_t>{5, 2}}, {"dtype_0", std::string("fp16")},
                          {"shape_1", std::vector<int64_t>{5, 2}}, {"dtype_1", std::string("int64")}});
  EXPECT_EQ(opaque.outputs.size(), 2u);
  EXPECT_EQ(g.tensor(opaque.outputs[1]).dtype, DType::int64);
  EXPECT_EQ(opaque.flops() + opaque.bytes_read + opaque.bytes_written, 0);
}

TEST_F(OpsTest, WindowThatDoesNotFitNamesOnlyRealInputs) {
  // A pool has one input: the error must not describe a second one (it once read past the input list).
  EXPECT_THROW(add(OpKind::pool, {in("x", {1, 2, 1, 1})}, {{"mode", std::string("max")},
                                                            {"kernel", std::vector<int64_t>{3, 3}}}),
               InputError);
}

TEST_F(OpsTest, MatmulBiasMustBroadcastToTheOutput) {
  EXPECT_THROW(add(OpKind::matmul, {in("a", {1, 8}), in("w", {8, 4}), in("b", {5, 4})}), InputError);
}

TEST_F(OpsTest, AbsurdShapesAreInputErrorsNotOverflow) {
  int big = in("big", {int64_t{1} << 40, 4});
  EXPECT_THROW(add(OpKind::matmul, {big, in("w", {4, int64_t{1} << 40})}), InputError);
  EXPECT_THROW(in("huge", {int64_t{1} << 40, int64_t{1} << 40}), InputError);
}

}  // namespace
}  // namespace tessera
