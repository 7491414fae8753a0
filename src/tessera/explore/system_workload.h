#pragma once
// A design-space workload trained on a multi-device system under a parallel plan: every device of the system is the
// design point's device, the iteration is simulated (analytic fidelity: the closed-form pipeline, fast enough to
// search) and reported per device, so that Perf/TDP stays comparable with single-device workloads.
#include <string>

#include "tessera/cost/op_cost.h"
#include "tessera/explore/design_metrics.h"
#include "tessera/explore/design_space.h"
#include "tessera/hardware/system_spec.h"

namespace tessera {

struct SystemWorkload {
  ClusterSpec cluster;
  DType dtype = DType::fp16;
};

// Throws InputError naming the workload when its system, model or plan cannot be read.
SystemWorkload prepare_system_workload(const DesignWorkload& workload, DType dtype, const std::string& data_dir);

// One training iteration with `device` in every slot of the system: throughput in samples/s per device, latency the
// iteration time, energy per sample at every device's TDP for the iteration (a training step keeps them busy).
// Throws InputError when the plan does not fit the system or its memory.
WorkloadMetrics evaluate_system_workload(const DesignWorkload& workload, const SystemWorkload& prepared,
                                         const DeviceSpec& device, double device_tdp_w, const CostModel& model,
                                         const std::string& passes, const std::string& parallel);

}  // namespace tessera
