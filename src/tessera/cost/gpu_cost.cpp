// GPU cost model ("gpu"): each op is one kernel of thread blocks (gpu_tiling.h, gpu_kernels.h). GEMM-like ops
// (matmul, conv as implicit GEMM, conv_transpose, lstm) take the fastest of a few CUTLASS-like tile shapes, paying
// tile and wave quantization, with L2/HBM traffic from the tiling; attention runs as FlashAttention-2 style tiles;
// every other op streams its compulsory bytes at the achievable HBM bandwidth (or computes at the vector rate when that
// is slower). A GEMM off the tensor cores' 16-byte alignment runs at kMisalignedMmaEfficiency (passes/padding.h). Each wave takes max(compute, shared-memory, L2, HBM time); the waves add up; every kernel pays a launch
// overhead; reshape launches nothing. Formulas, parameters and sources: docs/cost-models.md, section gpu.
#include <algorithm>
#include <cmath>

#include "tessera/core/registry.h"
#include "tessera/cost/gpu_kernels.h"
#include "tessera/cost/op_cost.h"
#include "tessera/cost/unit_rates.h"
#include "tessera/hardware/peaks.h"
#include "tessera/passes/padding.h"

namespace tessera {
namespace {

// Assumed: the gap between back-to-back kernels in one stream. Empty-kernel launch rates of a few hundred thousand per
// second (a few microseconds each) are the common measurement (e.g. M. Boyer, "CUDA kernel overhead", U. Virginia);
// CUDA graphs, as inference servers use, get below that. 2 us sits at the low end.
constexpr double kKernelLaunchS = 2e-6;

// The clock a kernel's tensor cores hold under the power limit. Assumed scaling: dynamic power ~ busy SMs x f^3 (the
// voltage tracks the clock across the DVFS range), so a kernel that keeps a share `a` of the SMs busy meets the limit
// at the sustained clock x a^(-1/3), capped at the peak clock. A full-machine GEMM on an H100 held 1350 MHz at 700 W
// while short or partial launches ran at 1650-1980 MHz (data/validation/measured/h100_sxm_kernels_2026-11-22.json).
double power_limited_boost(const TiledKernel& kernel, const GpuMachine& machine) {
  double share = active_sm_share(kernel, machine);
  return share > 0 ? std::min(machine.clock_headroom, std::cbrt(1.0 / share)) : 1.0;
}

struct Kernel {
  TiledKernel tiled;
  WaveTiming timing;
};

// The kernel a GEMM-like op runs: the best tiling; a grouped convolution may instead run a direct kernel on the CUDA
// cores (as cuDNN's depthwise kernels do), whichever is faster.
Kernel gemm_like_kernel(const Op& op, const GemmProblem& problem, const GpuMachine& machine) {
  GemmChoice choice = best_gemm_tiling(problem, machine);
  Kernel best{choice.kernel, choice.timing};
  bool grouped = (op.kind == OpKind::conv || op.kind == OpKind::conv_transpose) && problem.batch > 1;
  if (grouped) {
    TiledKernel direct = streaming_kernel(op, machine, true);
    WaveTiming timing = time_waves(direct, machine);
    if (timing.latency_s < best.timing.latency_s) best = {direct, timing};
  }
  return best;
}

Kernel op_kernel(const Graph& graph, const Op& op, const GpuMachine& machine) {
  TiledKernel tiled;
  if (op.kind == OpKind::attention) {
    tiled = attention_kernel(graph, op, machine);
  } else if (auto problem = gemm_problem(graph, op)) {
    return gemm_like_kernel(op, *problem, machine);
  } else {
    tiled = streaming_kernel(op, machine);
  }
  return {tiled, time_waves(tiled, machine)};
}

// Bytes per level from the kernel: per-core levels see the shared-memory traffic, shared levels the L2 traffic, the
// off-chip memory the HBM traffic (its time at the achievable bandwidth).
void fill_traffic(const DeviceSpec& device, const Kernel& kernel, OpCost& cost) {
  for (const auto& level : memory_bandwidths(device)) {
    double bytes = level.scope == "core" ? kernel.tiled.smem_bytes
                   : level.scope == "device" ? kernel.tiled.l2_bytes
                                             : kernel.tiled.hbm_bytes;
    double bandwidth = level.scope == "off-chip" ? level.total_bandwidth_bytes_per_s * kHbmEfficiency
                                                 : level.total_bandwidth_bytes_per_s;
    double time_s = bytes > 0 && bandwidth > 0 ? bytes / bandwidth : 0;
    cost.traffic.push_back({level.level, std::llround(bytes), time_s});
    cost.memory_s = std::max(cost.memory_s, time_s);
  }
}

class GpuCost final : public CostModel {
 public:
  std::string description() const override {
    return "gpu: thread-block tiles in waves over the SMs (tile and wave quantization), L2/HBM traffic from the "
           "tiling, bandwidth-bound kernels, launch overhead";
  }

  OpCost evaluate(const Graph& graph, const Op& op, const DeviceSpec& device) const override {
    OpCost cost;
    int64_t bytes = op.bytes_read + op.bytes_written;
    if (op.kind == OpKind::reshape || (op.flops() == 0 && op.transcendentals == 0 && bytes == 0)) return cost;
    DType dtype = op_compute_dtype(graph, op);
    UnitRates rates = unit_rates(device, dtype);
    // The same errors as the roofline for work no unit can run.
    work_time(2.0 * static_cast<double>(op.macs), rates.matrix_flops_per_s);
    work_time(static_cast<double>(op.vector_flops), rates.vector_flops_per_s);
    work_time(static_cast<double>(op.transcendentals), rates.special_ops_per_s);

    GpuMachine machine = gpu_machine(device, dtype);
    if (mma_misaligned(graph, op, device)) machine.sm_macs_per_s *= kMisalignedMmaEfficiency;
    Kernel kernel = op_kernel(graph, op, machine);
    if (op.macs > 0) {
      double boost = power_limited_boost(kernel.tiled, machine);
      if (boost > 1.0) {
        machine.sm_macs_per_s *= boost;
        kernel = op_kernel(graph, op, machine);
      }
    }
    fill_traffic(device, kernel, cost);
    cost.compute_s = kernel.timing.compute_s;
    cost.latency_s = kernel.timing.latency_s + kKernelLaunchS;
    classify_cost(cost, op, rates);
    return cost;
  }
};

TESSERA_REGISTER(CostModel, GpuCost, "gpu");

}  // namespace
}  // namespace tessera
