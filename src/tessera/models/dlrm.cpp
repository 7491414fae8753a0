// DLRM as MLPerf runs it (Training v1-v3, Inference v1-v3: facebookresearch/dlrm, dlrm_s_pytorch.py with
// --data-set=terabyte --max-ind-range=40000000). Per sample: 13 dense features through a bottom MLP 13-512-256-128;
// 26 categorical features, one index each, looked up in 26 tables of width 128; a dot interaction of the 27 vectors
// without self-interaction (27 * 26 / 2 = 351 pairs) concatenated with the dense vector (128 + 351 = 479); a top MLP
// 479-1024-1024-512-256-1 with ReLUs and a final sigmoid.
#include <array>
#include <span>

#include "tessera/core/registry.h"
#include "tessera/models/model.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

// Rows of the 26 tables: Criteo Terabyte's per-feature cardinalities with indices taken modulo 40,000,000 — the
// list facebookresearch/dlrm (the MLPerf reference) uses for --max-ind-range=40000000, the setting of the official
// MLPerf model (mlcommons/inference recommendation/dlrm/pytorch/README.md). 187,767,399 rows in all.
constexpr std::array<int64_t, 26> kTableRows{
    39884406, 39043,  17289, 7420, 20263, 3,        7120,     1543,     63,     38532951, 2953546, 403346, 10,
    2208,     11938,  155,   4,    976,   14,       39979771, 25641295, 39664984, 585935, 12972,   108,    36};
constexpr int64_t kDenseFeatures = 13;
constexpr int64_t kEmbeddingWidth = 128;
constexpr std::array<int64_t, 3> kBottomWidths{512, 256, 128};
constexpr std::array<int64_t, 5> kTopWidths{1024, 1024, 512, 256, 1};

int mlp(GraphBuilder& b, int x, std::span<const int64_t> widths, bool sigmoid_last) {
  for (size_t i = 0; i < widths.size(); ++i) {
    std::string layer = std::to_string(2 * i);  // PyTorch's nn.Sequential numbering: Linear 0, act 1, Linear 2 ...
    x = b.linear(x, layer, widths[i]);
    bool last = i + 1 == widths.size();
    x = b.unary(x, std::to_string(2 * i + 1), last && sigmoid_last ? "sigmoid" : "relu");
  }
  return x;
}

class Dlrm final : public ModelBuilder {
 public:
  std::string description() const override {
    return "DLRM, MLPerf Criteo Terabyte configuration (26 tables x 128, max-ind-range 40M, dot interaction)";
  }

  Graph build(const ModelConfig& config) const override {
    const int64_t batch = config.batch;
    GraphBuilder b("dlrm", config.dtype);
    int dense = b.input("dense_features", {batch, kDenseFeatures});
    int bottom = 0;
    {
      auto scope = b.scope("bot_l");
      bottom = mlp(b, dense, kBottomWidths, false);
    }

    // Z: the bottom MLP output and the 26 pooled embeddings stacked as [B, 27, 128]. The reference uses
    // EmbeddingBag(mode="sum"); MLPerf's Terabyte data has one index per bag, so each bag pools one row.
    std::vector<int> vectors{b.reshape(bottom, "bot_l.unsqueeze", {batch, 1, kEmbeddingWidth})};
    for (size_t t = 0; t < kTableRows.size(); ++t) {
      auto scope = b.scope("emb_l." + std::to_string(t));
      int indices = b.input("indices", {batch, 1}, kIndexDType);
      int table = b.weight("weight", {kTableRows[t], kEmbeddingWidth});
      int pooled = b.op(OpKind::embedding, "bag", {table, indices}, {{"mode", std::string("sum")}});
      vectors.push_back(b.reshape(pooled, "unsqueeze", {batch, 1, kEmbeddingWidth}));
    }
    const auto count = static_cast<int64_t>(vectors.size());  // 27
    int z = b.concat(vectors, "interact.stack", 1);

    // Dot interaction as the reference computes it: the full bmm Z Z^T ([B, 27, 27], 27*27*128 = 93,312 MACs per
    // sample), then a gather of the 351 strictly-lower-triangle entries (li, lj), which would need only
    // 351*128 = 44,928 MACs. We count the full product because that is the work the reference (and a cuBLAS bmm)
    // does; a fused triangular kernel would do about half.
    int gram = b.op(OpKind::matmul, "interact.bmm", {z, z}, {{"trans_b", int64_t{1}}});
    const int64_t pairs = count * (count - 1) / 2;
    // Gathering per-sample entries: view the products as a one-column table [B*27*27, 1] and look up each sample's
    // 351 flat offsets (b*729 + i*27 + j), so only the used entries are read.
    int flat = b.reshape(gram, "interact.flatten", {batch * count * count, 1});
    int offsets = b.input("interact.pair_offsets", {batch, pairs}, kIndexDType);
    int pair_values = b.op(OpKind::embedding, "interact.tril", {flat, offsets});
    pair_values = b.reshape(pair_values, "interact.squeeze", {batch, pairs});
    int top = b.concat({bottom, pair_values}, "interact.cat", 1);  // [B, 479]

    {
      auto scope = b.scope("top_l");
      mlp(b, top, kTopWidths, true);
    }
    return b.finish();
  }
};

TESSERA_REGISTER(ModelBuilder, Dlrm, "dlrm");

}  // namespace
}  // namespace tessera
