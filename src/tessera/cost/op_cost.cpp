#include "tessera/cost/op_cost.h"

#include <array>

namespace tessera {

std::string_view bound_name(Bound bound) {
  static constexpr std::array<std::string_view, 3> kNames{"compute", "memory", "none"};
  return kNames[static_cast<size_t>(bound)];
}

DType op_compute_dtype(const Graph& graph, const Op& op) {
  if (!op.inputs.empty()) return graph.tensor(op.inputs[0]).dtype;
  if (!op.outputs.empty()) return graph.tensor(op.outputs[0]).dtype;
  return DType::fp32;
}

}  // namespace tessera
