#pragma once
// The thread-block view of a GPU kernel behind the "gpu" cost model (docs/cost-models.md, section gpu): a kernel is a
// grid of identical thread blocks ("tiles") that run in waves of SMs x blocks-per-SM; each wave takes the longest of
// its compute and its share of the shared-memory, L2 and HBM traffic. GEMM-like ops pick the fastest of a small set of
// CUTLASS-like tile shapes, paying tile quantization (ragged edge tiles do the full work) and wave quantization.
#include <cstdint>
#include "tessera/core/checked_math.h"
#include <vector>

#include "tessera/core/dtype.h"
#include "tessera/hardware/hardware_spec.h"

namespace tessera {

// Achievable fraction of the off-chip peak: a tuned read kernel reaches 1.80 of 2.04 TB/s (88%) on an A100 80GB
// (NVIDIA developer forums, "Trouble to reach peak bandwidth of A100", 2025; NCU agrees; NVIDIA's GTC talk cited there
// shows ~90% as the best any kernel reached). Used for every GPU.
inline constexpr double kHbmEfficiency = 0.88;
// Registers per SM: 65536 x 32-bit on A100 and H100 (their whitepapers' SM tables); bounds blocks per SM.
inline constexpr double kRegisterFileBytes = 65536.0 * 4;

// The figures of one GPU that the tiling model reads; rates are per SM at the op's dtype (unit_rates fallbacks apply:
// MACs run on the CUDA cores when the tensor cores lack the dtype, e.g. fp32).
struct GpuMachine {
  int sms = 1;
  double sm_macs_per_s = 0;
  double sm_vector_flops_per_s = 0;
  double sm_special_ops_per_s = 0;
  int64_t smem_bytes_per_sm = 0;  // the largest per-core memory (shared memory / L1); 0 when none
  double smem_bytes_per_s = 0;    // all SMs together; 0 when no per-core memory
  int64_t l2_bytes = 0;           // the outermost shared on-chip level; 0 when none
  double l2_bytes_per_s = 0;
  double hbm_bytes_per_s = 0;     // achievable: peak x kHbmEfficiency
  double clock_headroom = 1;      // the matrix unit's peak clock over its sustained (power-limited) clock
};
GpuMachine gpu_machine(const DeviceSpec& device, DType dtype);

// The share of the SMs a kernel keeps busy, averaged over its waves (the last wave may be partial).
double active_sm_share(const struct TiledKernel& kernel, const GpuMachine& machine);

// A kernel as a grid of identical thread blocks.
struct TiledKernel {
  int64_t tiles = 0;
  int blocks_per_sm = 1;
  double tile_compute_s = 0;  // one tile alone on one SM
  double smem_bytes = 0;      // totals over the grid
  double l2_bytes = 0;
  double hbm_bytes = 0;
};

struct WaveTiming {
  int64_t waves = 0;
  double compute_s = 0;  // summed over waves
  double smem_s = 0;     // total bytes / bandwidth, per level
  double l2_s = 0;
  double hbm_s = 0;
  double latency_s = 0;  // sum over waves of max(compute, each level's share of its traffic); no launch overhead
};
WaveTiming time_waves(const TiledKernel& kernel, const GpuMachine& machine);

// C[batch][m][n] = A[batch][m][k] x B[batch][k][n]; operands of element_bytes (fractional for sub-byte dtypes).
struct GemmProblem {
  int64_t batch = 1;
  int64_t m = 1;
  int64_t n = 1;
  int64_t k = 1;
  double element_bytes = 2;
  int64_t compulsory_bytes = 0;  // the op's bytes_read + bytes_written (bias and output included)
  int64_t output_bytes = 0;
  int64_t epilogue_vector_flops = 0;  // bias, activation, LSTM gate math: run per tile after the main loop
  int64_t epilogue_transcendentals = 0;
};

// A thread-block tile of a tensor-op GEMM and its software-pipeline depth (shared-memory stages).
struct TileShape {
  int m = 128;
  int n = 128;
  int k = 32;
  int stages = 3;
};
// The candidate tiles, largest first (ties go to the earlier one); see gpu_tiling.cpp for the source.
const std::vector<TileShape>& gemm_tile_shapes();

// Blocks of `smem_per_block` bytes of shared memory and `register_bytes` of registers that fit on one SM, 1 to 16.
int blocks_per_sm(double smem_per_block, double register_bytes, const GpuMachine& machine);

TiledKernel gemm_kernel(const GemmProblem& problem, const TileShape& tile, const GpuMachine& machine);

struct GemmChoice {
  TileShape tile;
  TiledKernel kernel;
  WaveTiming timing;
};
// The tile shape with the lowest latency.
GemmChoice best_gemm_tiling(const GemmProblem& problem, const GpuMachine& machine);

}  // namespace tessera
