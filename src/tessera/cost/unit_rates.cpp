#include "tessera/cost/unit_rates.h"

#include "tessera/core/error.h"

namespace tessera {

UnitRates unit_rates(const DeviceSpec& device, DType dtype) {
  UnitRates rates;
  rates.matrix_flops_per_s = device_matrix_flops_per_s(device, dtype);
  if (rates.matrix_flops_per_s == 0) rates.matrix_flops_per_s = device_vector_flops_per_s(device, dtype);
  if (rates.matrix_flops_per_s == 0) {
    std::string supported;
    for (DType d : supported_dtypes(device)) supported += (supported.empty() ? "" : ", ") + std::string(dtype_name(d));
    throw InputError(device.name + " cannot compute in " + std::string(dtype_name(dtype)) + " (it supports " +
                     supported + "; choose one with --dtype)");
  }
  rates.vector_flops_per_s = device_vector_flops_per_s(device, dtype);
  if (rates.vector_flops_per_s == 0) rates.vector_flops_per_s = device_vector_flops_per_s(device, DType::fp32);
  double special_per_cycle = device.cores.vector ? device.cores.vector->special_ops_per_cycle : 0;
  rates.special_ops_per_s = special_per_cycle * device.cores.count * device.frequency_hz;
  // Without a special-function unit, a transcendental costs about as much as a vector op (a polynomial would cost
  // more; this keeps the bound optimistic, as a roofline should be).
  if (rates.special_ops_per_s == 0) rates.special_ops_per_s = rates.vector_flops_per_s;
  return rates;
}

void classify_cost(OpCost& cost, const Op& op, const UnitRates& rates) {
  if (cost.latency_s <= 0) return;
  cost.bound = cost.compute_s >= cost.memory_s ? Bound::compute : Bound::memory;
  cost.utilization = op.macs > 0 ? 2.0 * static_cast<double>(op.macs) / cost.latency_s / rates.matrix_flops_per_s
                                 : static_cast<double>(op.vector_flops) / cost.latency_s / rates.vector_flops_per_s;
}

double work_time(double work, double rate) {
  if (work == 0) return 0;
  if (rate <= 0) throw InputError("the hardware has no unit that can run this work (zero throughput)");
  return work / rate;
}

}  // namespace tessera
