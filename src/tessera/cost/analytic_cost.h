#pragma once
// The "analytic" cost model (analytic_cost.cpp): contractions (ops with MACs) through the mapper on the device's
// memory hierarchy, everything else as the roofline does it.
#include "tessera/cost/mapper.h"
#include "tessera/cost/op_cost.h"

namespace tessera {

// The device as the mapper sees it: the per-core memories, then the shared memories, then the off-chip memory
// (memory_bandwidths() order and names), the cores, and the matrix units' MAC rate at `dtype` (unit_rates()).
MapperArch device_mapper_arch(const DeviceSpec& device, DType dtype);

// `objective`: what the mapper minimises per op ("analytic" maps for latency, "analytic_energy" for energy).
OpCost analytic_op_cost(const Graph& graph, const Op& op, const DeviceSpec& device,
                        MapperObjective objective = MapperObjective::latency);

}  // namespace tessera
