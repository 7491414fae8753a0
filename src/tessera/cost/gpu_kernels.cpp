#include "tessera/cost/gpu_kernels.h"

#include <algorithm>
#include <cmath>

#include "tessera/cost/op_cost.h"

namespace tessera {
namespace {

int64_t size_of(const LoopNest& loops, const char* name) { return loops.dim_size(name); }

int64_t product_of(const LoopNest& loops, std::initializer_list<const char*> names) {
  int64_t product = 1;
  for (const char* name : names) product *= loops.dim_size(name);
  return product;
}

// The batch dims of a matmul (every dim but M, N, K) and whether operand B (input slot 1) is indexed by any of them.
GemmProblem matmul_problem(const LoopNest& loops) {
  GemmProblem p;
  p.m = size_of(loops, "M");
  p.n = size_of(loops, "N");
  p.k = size_of(loops, "K");
  std::vector<int> batch_dims;
  for (int d = 0; d < static_cast<int>(loops.dims.size()); ++d) {
    const std::string& name = loops.dims[d].name;
    if (name != "M" && name != "N" && name != "K") {
      batch_dims.push_back(d);
      p.batch *= loops.dims[d].size;
    }
  }
  bool b_batched = false;
  for (const Operand& operand : loops.operands) {
    if (operand.is_output || operand.slot != 1) continue;
    for (int d : operand.indexing_dims()) {
      b_batched = b_batched || std::find(batch_dims.begin(), batch_dims.end(), d) != batch_dims.end();
    }
  }
  if (!b_batched) {
    p.m *= p.batch;
    p.batch = 1;
  }
  return p;
}

}  // namespace

std::optional<GemmProblem> gemm_problem(const Graph& graph, const Op& op) {
  const LoopNest& loops = op.loops;
  GemmProblem p;
  switch (op.kind) {
    case OpKind::matmul:
      p = matmul_problem(loops);
      break;
    case OpKind::conv:
      p.batch = size_of(loops, "G");
      p.m = size_of(loops, "N") * product_of(loops, {"O", "P", "Q"});
      p.n = size_of(loops, "K");
      p.k = size_of(loops, "C") * product_of(loops, {"T", "R", "S"});
      break;
    case OpKind::conv_transpose:
      p.batch = size_of(loops, "G");
      p.m = size_of(loops, "N") * product_of(loops, {"O", "P", "Q"});
      p.n = size_of(loops, "K") * product_of(loops, {"T", "R", "S"});
      p.k = size_of(loops, "C");
      break;
    case OpKind::lstm:
      p.batch = size_of(loops, "T");
      p.m = size_of(loops, "B");
      p.n = size_of(loops, "G") * size_of(loops, "H");
      p.k = size_of(loops, "K");
      break;
    default:
      return std::nullopt;
  }
  p.element_bytes = dtype_bits(op_compute_dtype(graph, op)) / 8.0;
  p.compulsory_bytes = op.bytes_read + op.bytes_written;
  p.output_bytes = op.bytes_written;
  p.epilogue_vector_flops = op.vector_flops;
  p.epilogue_transcendentals = op.transcendentals;
  return p;
}

TiledKernel attention_kernel(const Graph& graph, const Op& op, const GpuMachine& machine) {
  const LoopNest& loops = op.loops;
  int64_t heads = size_of(loops, "G") * size_of(loops, "R");
  int64_t queries = size_of(loops, "Q"), keys = size_of(loops, "KV"), head_dim = size_of(loops, "D");
  bool causal = op.attrs.get_int("causal", 0) != 0;
  int64_t br = std::min<int64_t>(128, ceil_div(queries, 16) * 16), bc = head_dim <= 64 ? 128 : 64;
  int64_t query_blocks = ceil_div(queries, br);
  double key_blocks = 0;  // summed over query blocks: the key blocks each one visits (the causal mask skips some)
  for (int64_t j = 0; j < query_blocks; ++j) {
    int64_t visible = causal ? std::min(keys, keys - queries + (j + 1) * br) : keys;
    key_blocks += static_cast<double>(ceil_div(std::max<int64_t>(visible, 1), bc));
  }
  int64_t blocks = size_of(loops, "B") * heads * query_blocks;
  double keys_per_block = key_blocks / static_cast<double>(query_blocks);  // in blocks of bc keys
  int64_t splits = std::clamp<int64_t>(machine.sms / std::max<int64_t>(blocks, 1), 1,
                                       static_cast<int64_t>(std::ceil(keys_per_block)));
  double keys_per_tile = keys_per_block * static_cast<double>(bc) / static_cast<double>(splits);
  double scores = static_cast<double>(br) * keys_per_tile;
  double element_bytes = dtype_bits(op_compute_dtype(graph, op)) / 8.0;

  TiledKernel kernel;
  kernel.tiles = blocks * splits;
  kernel.blocks_per_sm =
      blocks_per_sm(static_cast<double>(br + 2 * 2 * bc) * head_dim * element_bytes,
                    2.0 * 4.0 * static_cast<double>(br) * static_cast<double>(head_dim + bc), machine);
  double mma_s = 2.0 * scores * static_cast<double>(head_dim) / machine.sm_macs_per_s;
  double softmax_s = std::max(6.0 * scores / machine.sm_vector_flops_per_s, scores / machine.sm_special_ops_per_s);
  kernel.tile_compute_s = mma_s + softmax_s;
  double compulsory = static_cast<double>(op.bytes_read + op.bytes_written);
  double tile_reads = (static_cast<double>(br) + 2.0 * keys_per_tile) * static_cast<double>(head_dim) * element_bytes;
  kernel.l2_bytes = std::max(compulsory, static_cast<double>(kernel.tiles) * tile_reads +
                                             static_cast<double>(op.bytes_written));
  kernel.smem_bytes = kernel.l2_bytes;
  kernel.hbm_bytes = compulsory;
  return kernel;
}

TiledKernel streaming_kernel(const Op& op, const GpuMachine& machine, bool macs_on_vector) {
  TiledKernel kernel;
  kernel.tiles = machine.sms;
  double vector_s = static_cast<double>(op.vector_flops) / machine.sm_vector_flops_per_s / machine.sms;
  double special_s = static_cast<double>(op.transcendentals) / machine.sm_special_ops_per_s / machine.sms;
  // MACs run on the CUDA cores for a direct convolution, else on the tensor cores: an op the tile models do not shape
  // (attention's backward) still pays for every MAC it does.
  double macs = static_cast<double>(op.macs);
  double mac_s = macs_on_vector ? 2.0 * macs / machine.sm_vector_flops_per_s / machine.sms
                                : macs / machine.sm_macs_per_s / machine.sms;
  kernel.tile_compute_s = std::max({op.vector_flops > 0 ? vector_s : 0, op.transcendentals > 0 ? special_s : 0,
                                    op.macs > 0 ? mac_s : 0});
  double bytes = static_cast<double>(op.bytes_read + op.bytes_written);
  kernel.smem_bytes = kernel.l2_bytes = kernel.hbm_bytes = bytes;
  return kernel;
}

}  // namespace tessera
