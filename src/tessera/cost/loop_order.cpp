#include "tessera/cost/loop_order.h"

#include <algorithm>

#include "tessera/cost/tile_footprint.h"

namespace tessera {

double refetch_factor(uint64_t mask, const std::vector<LoopStage>& stages, const TileCounts& counts, int level) {
  double factor = 1;
  bool refetching = false;
  for (int k = level + 1; k < static_cast<int>(stages.size()); ++k) {
    for (int d : stages[k].dims_inner_first) {
      if (counts[k - 1][d] <= counts[k][d]) continue;  // the loop does not iterate
      if (d < 64 && ((mask >> d) & 1U)) {
        // An indexing loop: new data, counted in the distinct tiles. The cores' loops are not in any one core's
        // sequence of tiles, so they leave the run alone.
        if (!stages[k].spatial) refetching = true;
      } else if (refetching || stages[k].spatial) {
        factor *= static_cast<double>(counts[k - 1][d]) / static_cast<double>(counts[k][d]);
      }
    }
  }
  return factor;
}

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
