#include <gtest/gtest.h>

#include <functional>

#include "support/input_error.h"
#include "tessera/core/error.h"
#include "tessera/workload/graph_builder.h"
#include "tessera/workload/op_definition.h"

namespace tessera {
namespace {

using testing::input_error_of;

TEST(Graph, ShapeMismatchNamesTheOpAndTheProducers) {
  GraphBuilder b("g", DType::fp16);
  int x = b.input("x", {4, 32});
  int h = b.linear(x, "fc1", 64);
  int other = b.linear(x, "fc2", 48);
  std::string message = input_error_of([&] { b.binary(h, other, "sum", "add"); });
  EXPECT_NE(message.find("op 'sum' (elementwise)"), std::string::npos) << message;
  EXPECT_NE(message.find("from op 'fc1' (matmul)"), std::string::npos) << message;
  EXPECT_NE(message.find("from op 'fc2' (matmul)"), std::string::npos) << message;
}

TEST(Graph, RejectsDuplicatesAndNonPositiveDims) {
  Graph g("g");
  g.add_tensor({"x", {2, 3}, DType::fp32, TensorRole::activation});
  EXPECT_NE(input_error_of([&] { g.add_tensor({"x", {1}, DType::fp32, TensorRole::activation}); }).find("duplicate"),
            std::string::npos);
  EXPECT_NE(input_error_of([&] { g.add_tensor({"z", {2, 0}, DType::fp32, TensorRole::activation}); }).find("[2, 0]"),
            std::string::npos);
  EXPECT_FALSE(input_error_of([&] { g.add_tensor({"n", {-1}, DType::fp32, TensorRole::activation}); }).empty());
  g.add_op(OpKind::elementwise, "relu", {0}, {{"fn", std::string("relu")}});
  EXPECT_NE(input_error_of([&] { g.add_op(OpKind::elementwise, "relu", {0}, {{"fn", std::string("relu")}}); })
                .find("duplicate op"),
            std::string::npos);
  EXPECT_FALSE(input_error_of([&] { g.add_op(OpKind::matmul, "mm", {0}); }).empty());  // too few inputs
}

TEST(Graph, DetectsACycleAndNamesAnOpOnIt) {
  Graph g("loop");
  int a = g.add_tensor({"a", {4}, DType::fp32, TensorRole::activation});
  int b = g.add_tensor({"b", {4}, DType::fp32, TensorRole::activation});
  int c = g.add_tensor({"c", {4}, DType::fp32, TensorRole::activation});
  g.add_op_into(OpKind::elementwise, "first", {a}, {b}, {{"fn", std::string("relu")}});
  g.add_op_into(OpKind::elementwise, "second", {b}, {a}, {{"fn", std::string("relu")}});
  g.add_op_into(OpKind::elementwise, "after", {b}, {c}, {{"fn", std::string("relu")}});
  std::string message = input_error_of([&] { g.topological_order(); });
  EXPECT_NE(message.find("cycle"), std::string::npos);
  EXPECT_TRUE(message.find("'first'") != std::string::npos || message.find("'second'") != std::string::npos)
      << message;
}

TEST(Graph, TopologicalOrderPutsProducersFirst) {
  Graph g("g");
  int x = g.add_tensor({"x", {4}, DType::fp32, TensorRole::activation});
  int y = g.add_tensor({"y", {4}, DType::fp32, TensorRole::activation});
  int z = g.add_tensor({"z", {4}, DType::fp32, TensorRole::activation});
  g.add_op_into(OpKind::elementwise, "late", {y}, {z}, {{"fn", std::string("relu")}});  // consumes y before it exists
  g.add_op_into(OpKind::elementwise, "early", {x}, {y}, {{"fn", std::string("relu")}});
  EXPECT_EQ(g.topological_order(), (std::vector<int>{1, 0}));
}

TEST(Graph, EveryOpKindHasADefinitionAndANameThatRoundTrips) {
  for (OpKind kind : all_op_kinds()) {
    EXPECT_EQ(parse_op_kind(op_kind_name(kind)), kind);
    EXPECT_GE(op_definition(kind).max_inputs(), op_definition(kind).min_inputs()) << op_kind_name(kind);
  }
}

TEST(Graph, DeclaredOutputMustMatchInference) {
  Graph g("g");
  int x = g.add_tensor({"x", {4}, DType::fp32, TensorRole::activation});
  int y = g.add_tensor({"y", {5}, DType::fp32, TensorRole::activation});
  EXPECT_NE(input_error_of([&] { g.add_op_into(OpKind::elementwise, "r", {x}, {y}, {{"fn", std::string("relu")}}); })
                .find("declared [5]"),
            std::string::npos);
}

TEST(GraphBuilder, ScopesPrefixNamesAndLayersCreateWeights) {
  GraphBuilder b("g", DType::bf16);
  int x = b.input("x", {2, 16});
  {
    auto outer = b.scope("encoder");
    auto inner = b.scope("0");
    b.linear(x, "fc", 8);
  }
  Graph g = b.finish();
  EXPECT_TRUE(g.find_tensor("encoder.0.fc.weight").has_value());
  EXPECT_TRUE(g.find_tensor("encoder.0.fc.bias").has_value());
  EXPECT_EQ(g.params(), 16 * 8 + 8);
  EXPECT_EQ(g.tensor(*g.find_tensor("encoder.0.fc")).dtype, DType::bf16);
}

}  // namespace
}  // namespace tessera
