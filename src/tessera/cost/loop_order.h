#pragma once
// The loop orders the mapper tries (docs/cost-models.md, "analytic (mapper)"; the reuse rule that makes an order
// matter is stated in mapping_evaluator.h).
#include <vector>

#include "tessera/cost/mapper.h"

namespace tessera {

// Candidate loop orders (outermost first): per operand, the dims that index it outside and its reuse dims inside,
// each group in dim order; duplicates dropped. Dims of size 1 are left out.
std::vector<std::vector<int>> candidate_orders(const MapperProblem& problem);

}  // namespace tessera
