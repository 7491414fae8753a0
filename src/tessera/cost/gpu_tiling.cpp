#include "tessera/cost/gpu_tiling.h"
#include "tessera/core/checked_math.h"

#include <algorithm>
#include <cmath>

#include "tessera/cost/unit_rates.h"
#include "tessera/hardware/peaks.h"

namespace tessera {

GpuMachine gpu_machine(const DeviceSpec& device, DType dtype) {
  GpuMachine machine;
  machine.sms = std::max(1, device.cores.count);
  UnitRates rates = unit_rates(device, dtype);
  // Achieved, not datasheet: tensor cores at the clock the power limit lets them hold.
  double throttle = matrix_frequency_hz(device) > 0 ? sustained_matrix_frequency_hz(device) / matrix_frequency_hz(device) : 1.0;
  // Inside a tile the main loop sustains the measured share of that rate; the CUDA-core fallback is not derated.
  bool on_matrix_unit = device_matrix_flops_per_s(device, dtype) > 0;
  double mainloop = on_matrix_unit ? device.cores.matrix->mainloop_efficiency : 1.0;
  machine.sm_macs_per_s = rates.matrix_flops_per_s / 2.0 / machine.sms * throttle * mainloop;
  machine.clock_headroom = throttle > 0 ? 1.0 / throttle : 1.0;
  machine.sm_vector_flops_per_s = rates.vector_flops_per_s / machine.sms;
  machine.sm_special_ops_per_s = rates.special_ops_per_s / machine.sms;
  for (const auto& level : device.cores.memories) {
    if (level.size_bytes < machine.smem_bytes_per_sm) continue;
    machine.smem_bytes_per_sm = level.size_bytes;
    machine.smem_bytes_per_s = level.bandwidth_bytes_per_s * machine.sms;
  }
  if (!device.shared_memories.empty()) {
    machine.l2_bytes = device.shared_memories.back().size_bytes;
    machine.l2_bytes_per_s = device.shared_memories.back().bandwidth_bytes_per_s;
  }
  machine.hbm_bytes_per_s = device.off_chip.bandwidth_bytes_per_s * kHbmEfficiency;
  return machine;
}

double active_sm_share(const TiledKernel& kernel, const GpuMachine& machine) {
  int64_t per_wave = static_cast<int64_t>(machine.sms) * kernel.blocks_per_sm;
  if (kernel.tiles <= 0 || per_wave <= 0) return 1.0;
  int64_t full = kernel.tiles / per_wave, rest = kernel.tiles % per_wave;
  double last = std::min(1.0, static_cast<double>(rest) / machine.sms);
  return (static_cast<double>(full) + last) / static_cast<double>(full + (rest > 0 ? 1 : 0));
}

namespace {

double transfer_time(double bytes, double bandwidth) { return bytes > 0 && bandwidth > 0 ? bytes / bandwidth : 0; }

}  // namespace

// Waves of W = SMs x blocks-per-SM tiles. In a wave of n tiles the busiest SM runs ceil(n / SMs) of them one after
// another (blocks sharing an SM share its tensor cores), and the wave moves n / tiles of the kernel's traffic.
WaveTiming time_waves(const TiledKernel& kernel, const GpuMachine& machine) {
  WaveTiming timing;
  if (kernel.tiles <= 0) return timing;
  int64_t per_wave = static_cast<int64_t>(machine.sms) * kernel.blocks_per_sm;
  timing.waves = ceil_div(kernel.tiles, per_wave);
  timing.smem_s = transfer_time(kernel.smem_bytes, machine.smem_bytes_per_s);
  timing.l2_s = transfer_time(kernel.l2_bytes, machine.l2_bytes_per_s);
  timing.hbm_s = transfer_time(kernel.hbm_bytes, machine.hbm_bytes_per_s);
  auto wave = [&](int64_t tiles, double* compute_s) {
    double share = static_cast<double>(tiles) / static_cast<double>(kernel.tiles);
    *compute_s = static_cast<double>(ceil_div(tiles, machine.sms)) * kernel.tile_compute_s;
    return std::max({*compute_s, share * timing.smem_s, share * timing.l2_s, share * timing.hbm_s});
  };
  int64_t full = kernel.tiles / per_wave, rest = kernel.tiles % per_wave;
  double compute_s = 0;
  timing.latency_s = static_cast<double>(full) * wave(per_wave, &compute_s);
  timing.compute_s = static_cast<double>(full) * compute_s;
  if (rest > 0) {
    timing.latency_s += wave(rest, &compute_s);
    timing.compute_s += compute_s;
  }
  return timing;
}

// Thread-block tiles of the CUTLASS 2.x tensor-op GEMMs for Ampere (the CUTLASS profiler's sm80 kernels, e.g.
// cutlass_tensorop_h16816gemm_256x128_32x3_nn, 128x256_32x3, 128x128_32x3, 128x64_32x3, 64x128_32x3, 64x64_32x3;
// CUTLASS docs "Efficient GEMM in CUDA": threadblock tile, warp tile, multistage pipeline). Three stages throughout.
const std::vector<TileShape>& gemm_tile_shapes() {
  static const std::vector<TileShape> kTiles{
      {256, 128, 32, 3}, {128, 256, 32, 3}, {128, 128, 32, 3}, {128, 64, 32, 3}, {64, 128, 32, 3}, {64, 64, 32, 3}};
  return kTiles;
}

// Shared memory holds `stages` copies of the A and B k-slices; registers hold the fp32 accumulators, which take about
// half of a tensor-op kernel's registers (assumed), so a block needs 2 x 4 x tile m x tile n register bytes.
int blocks_per_sm(double smem_per_block, double register_bytes, const GpuMachine& machine) {
  double by_smem = machine.smem_bytes_per_sm > 0 ? std::floor(machine.smem_bytes_per_sm / smem_per_block) : 1;
  double by_registers = std::floor(kRegisterFileBytes / register_bytes);
  return static_cast<int>(std::clamp(std::min(by_smem, by_registers), 1.0, 16.0));
}

// Work: every tile does tile.m x tile.n x K-rounded-up-to-tile.k MACs (ragged edges included), then its share of the
// epilogue. Traffic: every tile reads its A panel (tile.m x K) and B panel (K x tile.n) from L2 through shared memory
// (ragged edges predicated off, so actual rows), and the output is written once. HBM: the compulsory bytes when one
// batch entry's A and B fit in L2 (every panel is fetched once and re-read from L2) or one wave covers the whole
// grid; otherwise each wave fetches the panels its tiles touch, the wave taken as a near-square block of
// wm x wn tiles (CUTLASS's threadblock swizzle rasterises the grid in such blocks), and nothing survives in L2 from
// one wave to the next.
TiledKernel gemm_kernel(const GemmProblem& p, const TileShape& tile, const GpuMachine& machine) {
  int64_t tiles_m = ceil_div(p.m, tile.m), tiles_n = ceil_div(p.n, tile.n);
  double k_padded = static_cast<double>(ceil_div(p.k, tile.k) * tile.k);
  TiledKernel kernel;
  kernel.tiles = p.batch * tiles_m * tiles_n;
  double tiles = static_cast<double>(kernel.tiles);
  kernel.blocks_per_sm = blocks_per_sm(tile.stages * (tile.m + tile.n) * tile.k * p.element_bytes,
                                       2.0 * 4.0 * tile.m * tile.n, machine);
  double vector_s = static_cast<double>(p.epilogue_vector_flops) / tiles / machine.sm_vector_flops_per_s;
  double special_s = static_cast<double>(p.epilogue_transcendentals) / tiles / machine.sm_special_ops_per_s;
  kernel.tile_compute_s = static_cast<double>(tile.m) * tile.n * k_padded / machine.sm_macs_per_s +
                          (p.epilogue_vector_flops > 0 ? vector_s : 0) + (p.epilogue_transcendentals > 0 ? special_s : 0);

  double batch = static_cast<double>(p.batch);
  double a_item = static_cast<double>(p.m) * p.k * p.element_bytes;
  double b_item = static_cast<double>(p.k) * p.n * p.element_bytes;
  double compulsory = static_cast<double>(p.compulsory_bytes);
  double panels = batch * (tiles_n * a_item + tiles_m * b_item);
  kernel.l2_bytes = std::max(compulsory, panels + static_cast<double>(p.output_bytes));
  kernel.smem_bytes = kernel.l2_bytes;
  kernel.hbm_bytes = compulsory;
  int64_t per_wave = static_cast<int64_t>(machine.sms) * kernel.blocks_per_sm;
  int64_t tiles_item = tiles_m * tiles_n;
  if (a_item + b_item > static_cast<double>(machine.l2_bytes) && tiles_item > per_wave) {
    int64_t wm = std::min(tiles_m, static_cast<int64_t>(std::ceil(std::sqrt(static_cast<double>(per_wave)))));
    int64_t wn = std::min(tiles_n, ceil_div(per_wave, wm));
    double rows = static_cast<double>(std::min(wm * tile.m, p.m)), cols = static_cast<double>(std::min(wn * tile.n, p.n));
    double wave_bytes = (rows + cols) * static_cast<double>(p.k) * p.element_bytes;
    double reads_item = static_cast<double>(ceil_div(tiles_item, per_wave)) * wave_bytes;
    kernel.hbm_bytes += batch * std::max(0.0, reads_item - a_item - b_item);
  }
  return kernel;
}

GemmChoice best_gemm_tiling(const GemmProblem& problem, const GpuMachine& machine) {
  GemmChoice best;
  bool first = true;
  for (const TileShape& tile : gemm_tile_shapes()) {
    TiledKernel kernel = gemm_kernel(problem, tile, machine);
    WaveTiming timing = time_waves(kernel, machine);
    if (first || timing.latency_s < best.timing.latency_s) best = {tile, kernel, timing};
    first = false;
  }
  return best;
}

}  // namespace tessera
