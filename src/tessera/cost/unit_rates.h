#pragma once
// A device's throughput per kind of work at one dtype, with the fallbacks a compiler would use: MACs run on the vector
// units when the matrix units lack the dtype; vector work at a dtype the vector units lack runs at their fp32 rate.
// A dtype neither unit supports is an InputError listing the ones the device has.
#include "tessera/cost/op_cost.h"
#include "tessera/hardware/hardware_spec.h"
#include "tessera/hardware/peaks.h"

namespace tessera {

struct UnitRates {
  double matrix_flops_per_s = 0;   // for MACs (2 FLOPs each)
  double vector_flops_per_s = 0;   // for elementwise FLOPs
  double special_ops_per_s = 0;    // transcendentals
};

UnitRates unit_rates(const DeviceSpec& device, DType dtype);

// Sets cost.bound (which of compute_s and memory_s is larger) and cost.utilization (MAC FLOP/s over the matrix rate
// for ops with MACs, else vector FLOP/s over the vector rate) from an already set latency_s; leaves both unset at 0.
void classify_cost(OpCost& cost, const Op& op, const UnitRates& rates);

// Seconds for `work` at `rate`; 0 for no work. Work on a unit with no rate is an InputError naming the unit.
double work_time(double work, double rate);

}  // namespace tessera
