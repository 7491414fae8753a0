#include "tessera/cost/loop_order.h"

#include <algorithm>

#include "tessera/cost/tile_footprint.h"

namespace tessera {

std::vector<std::vector<int>> candidate_orders(const MapperProblem& problem) {
  std::vector<std::vector<int>> orders;
  for (const auto& operand : problem.operands) {
    uint64_t mask = indexing_mask(operand);
    std::vector<int> order;
    for (int pass = 0; pass < 2; ++pass) {
      for (int d = 0; d < static_cast<int>(problem.dims.size()); ++d) {
        bool indexes = d < 64 && ((mask >> d) & 1U);
        if (problem.dims[d] > 1 && indexes == (pass == 0)) order.push_back(d);
      }
    }
    if (std::find(orders.begin(), orders.end(), order) == orders.end()) orders.push_back(order);
  }
  if (orders.empty()) orders.emplace_back();
  return orders;
}

}  // namespace tessera
