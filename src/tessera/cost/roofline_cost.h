#pragma once
// The roofline cost of one op (roofline_cost.cpp): the "roofline" model, and the fallback of models that refine only
// some ops (the analytic model's non-contractions).
#include "tessera/cost/op_cost.h"

namespace tessera {

OpCost roofline_op_cost(const Graph& graph, const Op& op, const DeviceSpec& device);

}  // namespace tessera
