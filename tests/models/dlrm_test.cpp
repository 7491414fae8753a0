#include <gtest/gtest.h>

#include "models/tensor_lookup.h"
#include "tessera/models/model.h"

namespace tessera {
namespace {

using testing::tensor_named;

// Parameters, by hand:
//   tables   187,767,399 rows x 128 = 24,034,227,072. The rows are the 26 Criteo Terabyte counts at
//            max-ind-range 40M from facebookresearch/dlrm (its max_ind_range == 40000000 branch), the setting
//            of the official MLPerf model (mlcommons/inference recommendation/dlrm/pytorch/README.md).
//   bottom   13*512+512 + 512*256+256 + 256*128+128                               =   171,392
//   top      479*1024+1024 + 1024*1024+1024 + 1024*512+512 + 512*256+256 + 256+1  = 2,197,505
//   total    24,036,595,969. Cross-check: mlcommons/inference's README lists the fp32 checkpoint tb00_40M.pt
//            at 90GB (du), and 24.04e9 x 4 B = 96.1e9 B = 89.5 GiB.
TEST(Dlrm, ParamsMatchMlperfTerabyteConfiguration) {
  Graph g = build_model("dlrm", {});
  EXPECT_EQ(g.params(), 24036595969);
  EXPECT_NEAR(static_cast<double>(g.params()), 24036595969.0, 0.005 * 24036595969.0);
}

// MACs per sample, by hand:
//   bottom MLP   13*512 + 512*256 + 256*128                                 =   170,496
//   interaction  the full Z Z^T the reference's bmm computes: 27*27*128       =    93,312
//                (only the 351 lower-triangle pairs are used: 351*128 = 44,928)
//   top MLP      479*1024 + 1024*1024 + 1024*512 + 512*256 + 256*1          = 2,194,688
//   total                                                                   = 2,458,496
// Embedding bags of one index and the pair gather are lookups, not MACs.
TEST(Dlrm, MacsPerSampleMatchHandDerivation) {
  Graph g = build_model("dlrm", {});
  EXPECT_NEAR(static_cast<double>(g.macs()), 2458496.0, 0.005 * 2458496.0);
}

TEST(Dlrm, MacsScaleWithBatch) {
  ModelConfig config;
  config.batch = 2048;
  EXPECT_EQ(build_model("dlrm", config).macs(), 2048 * build_model("dlrm", {}).macs());
}

// 27 vectors of 128 (bottom MLP + 26 tables) -> 27 x 27 products -> 351 pairs, + 128 dense = 479 into the top MLP.
TEST(Dlrm, DotInteractionShapes) {
  ModelConfig config;
  config.batch = 4;
  Graph g = build_model("dlrm", config);
  EXPECT_EQ(tensor_named(g, "interact.stack").shape, (Shape{4, 27, 128}));
  EXPECT_EQ(tensor_named(g, "interact.bmm").shape, (Shape{4, 27, 27}));
  EXPECT_EQ(tensor_named(g, "interact.squeeze").shape, (Shape{4, 351}));
  EXPECT_EQ(tensor_named(g, "interact.cat").shape, (Shape{4, 479}));
  EXPECT_EQ(tensor_named(g, "top_l.9").shape, (Shape{4, 1}));
  int tables = 0;
  for (const Op& op : g.ops()) {
    if (op.kind == OpKind::embedding && op.attrs.get_string("mode", "gather") == "sum") ++tables;
  }
  EXPECT_EQ(tables, 26);
  EXPECT_EQ(tensor_named(g, "emb_l.0.weight").shape, (Shape{39884406, 128}));
}

}  // namespace
}  // namespace tessera
