#include "tessera/explore/system_workload.h"

#include "tessera/core/error.h"
#include "tessera/hardware/system_presets.h"
#include "tessera/sim/parallel_plan.h"
#include "tessera/sim/training_sim.h"

namespace tessera {

SystemWorkload prepare_system_workload(const DesignWorkload& workload, DType dtype, const std::string& data_dir) {
  try {
    SystemWorkload prepared{load_system(workload.system, data_dir), dtype};
    parse_parallel_plan(workload.parallel, workload.batch);
    return prepared;
  } catch (const InputError& e) {
    throw InputError("workload '" + workload.model + "' on system '" + workload.system + "': " + e.what());
  }
}

WorkloadMetrics evaluate_system_workload(const DesignWorkload& workload, const SystemWorkload& prepared,
                                         const DeviceSpec& device, double device_tdp_w, const CostModel& model,
                                         const std::string& passes, const std::string& parallel) {
  TrainingRequest request = training_request_for(workload.model, workload.seq);
  request.dtype = prepared.dtype;
  request.plan = parse_parallel_plan(parallel.empty() ? workload.parallel : parallel, workload.batch);
  request.system = prepared.cluster;
  request.system.device = device;
  request.cost_model = &model;
  request.passes = passes;
  request.fidelity = Fidelity::analytic;
  TrainingResult r = simulate_training(request);
  double devices = static_cast<double>(request.plan.devices());
  double batch = static_cast<double>(workload.batch);
  return {workload.model, r.iteration_s, r.samples_per_s / devices, device_tdp_w * devices * r.iteration_s / batch};
}

}  // namespace tessera
