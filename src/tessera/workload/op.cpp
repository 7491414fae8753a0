#include "tessera/workload/op.h"

#include <array>

#include "tessera/core/enum_names.h"

namespace tessera {
namespace {

constexpr std::array<std::string_view, 33> kKindNames{
    "conv", "conv_transpose", "matmul", "attention", "elementwise", "softmax", "layer_norm", "rms_norm",
    "batch_norm", "pool", "reduce", "embedding", "concat", "split", "transpose", "reshape", "lstm",
    "all_reduce", "all_gather", "reduce_scatter", "all_to_all", "send", "recv", "opaque",
    "cross_entropy", "cross_entropy_backward", "conv_backward_weight", "attention_backward", "elementwise_backward",
    "normalization_backward", "pool_backward", "embedding_backward", "optimizer_update"};

constexpr std::array<std::string_view, 4> kPhaseNames{"forward", "backward_data", "backward_weight", "optimizer"};

}  // namespace

std::string_view op_kind_name(OpKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

OpKind parse_op_kind(std::string_view name) { return parse_enum_name<OpKind>(kKindNames, name, "op kind"); }

const std::vector<OpKind>& all_op_kinds() {
  static const std::vector<OpKind> kinds = [] {
    std::vector<OpKind> out;
    for (size_t i = 0; i < kKindNames.size(); ++i) out.push_back(static_cast<OpKind>(i));
    return out;
  }();
  return kinds;
}

std::string_view phase_name(Phase phase) { return kPhaseNames[static_cast<size_t>(phase)]; }

Phase parse_phase(std::string_view name) { return parse_enum_name<Phase>(kPhaseNames, name, "phase"); }

}  // namespace tessera
