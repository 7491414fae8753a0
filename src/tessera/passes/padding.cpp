// The padding pass; the rule and its sources are in padding.h.
#include "tessera/passes/padding.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "tessera/core/registry.h"
#include "tessera/hardware/peaks.h"
#include "tessera/passes/pass.h"

namespace tessera {

int64_t mma_alignment_elements(DType dtype) { return std::max<int64_t>(1, 128 / dtype_bits(dtype)); }

namespace {

struct Granule {
  int dim = -1;
  int64_t multiple = 1;
};

const Operand* find_operand(const LoopNest& loops, int slot, bool is_output) {
  for (const auto& operand : loops.operands) {
    if (operand.slot == slot && operand.is_output == is_output) return &operand;
  }
  return nullptr;
}

// The loop dim indexing an operand's contiguous (last) axis on its own, or -1.
int innermost_dim(const Operand* operand) {
  if (!operand || operand->axes.empty() || operand->axes.back().size() != 1) return -1;
  return operand->axes.back()[0].dim;
}

void add_granule(std::vector<Granule>& granules, int dim, int64_t multiple) {
  if (dim < 0 || multiple <= 1) return;
  for (const auto& g : granules) {
    if (g.dim == dim) return;
  }
  granules.push_back({dim, multiple});
}

std::vector<Granule> mma_granules(const Op& op, const MatrixUnit& unit, DType dtype) {
  std::vector<Granule> granules;
  if (!unit.macs_per_cycle.count(dtype)) return granules;  // no tensor-core path at this dtype
  int64_t align = mma_alignment_elements(dtype);
  const LoopNest& loops = op.loops;
  if (op.kind == OpKind::matmul) {
    add_granule(granules, innermost_dim(find_operand(loops, 0, false)), align);
    add_granule(granules, innermost_dim(find_operand(loops, 1, false)), align);
    add_granule(granules, innermost_dim(find_operand(loops, 0, true)), align);
  } else if (op.kind == OpKind::conv && loops.dim_size("G") == 1) {
    add_granule(granules, loops.dim_index("C"), align);
    add_granule(granules, loops.dim_index("K"), align);
  }
  return granules;
}

std::vector<Granule> systolic_granules(const Op& op, const MatrixUnit& unit) {
  std::vector<Granule> granules;
  if (op.kind != OpKind::matmul) return granules;
  int m = op.loops.dim_index("M"), n = op.loops.dim_index("N"), k = op.loops.dim_index("K");
  Dataflow dataflow = unit.dataflows.empty() ? Dataflow::ws : unit.dataflows.front();
  int row_dim = dataflow == Dataflow::os ? m : k;
  int col_dim = dataflow == Dataflow::is ? m : n;
  add_granule(granules, row_dim, unit.rows);
  add_granule(granules, col_dim, unit.cols);
  return granules;
}

int64_t round_up(int64_t value, int64_t multiple) { return (value + multiple - 1) / multiple * multiple; }

// Elements of a GEMM operand once its axes indexed by padded dims grow.
int64_t padded_elements(const Operand& operand, const Shape& shape, const LoopNest& loops,
                        const std::vector<int64_t>& padded_dims) {
  int64_t elements = 1;
  for (size_t a = 0; a < shape.size(); ++a) {
    int64_t extent = shape[a];
    // The axis grows when one dim of size > 1 indexes it alone (a conv's G term is 0 when G == 1).
    std::vector<IndexTerm> terms;
    if (a < operand.axes.size()) {
      for (const auto& term : operand.axes[a]) {
        int64_t size = loops.dims[term.dim].size;
        if (size > 1 || padded_dims[term.dim] != size) terms.push_back(term);
      }
    }
    if (terms.size() == 1 && terms[0].coefficient == 1 && extent == loops.dims[terms[0].dim].size) {
      extent = padded_dims[terms[0].dim];
    }
    elements *= extent;
  }
  return elements;
}

// Bytes the padded GEMM reads and writes beyond the ragged one, and the pad copies of activation inputs.
struct ExtraBytes {
  int64_t gemm = 0;  // larger operand reads and output write
  int64_t copy = 0;  // pad copies: activation read + padded buffer written
  int64_t read = 0;
  int64_t written = 0;
};

ExtraBytes extra_bytes(const Graph& graph, const Op& op, const std::vector<int64_t>& padded_dims) {
  ExtraBytes extra;
  for (const auto& operand : op.loops.operands) {
    bool gemm_input = !operand.is_output && operand.slot <= 1;
    if (!gemm_input && !(operand.is_output && operand.slot == 0)) continue;
    const auto& ids = operand.is_output ? op.outputs : op.inputs;
    if (operand.slot >= static_cast<int>(ids.size())) continue;
    const Tensor& tensor = graph.tensor(ids[operand.slot]);
    int64_t padded = storage_bytes(padded_elements(operand, tensor.shape, op.loops, padded_dims), tensor.dtype);
    int64_t grown = padded - tensor.bytes();
    if (grown <= 0) continue;
    extra.gemm += grown;
    if (operand.is_output) {
      extra.written += grown;
      continue;
    }
    extra.read += grown;
    if (tensor.role == TensorRole::weight) continue;  // padded offline, once
    extra.copy += tensor.bytes() + padded;
    extra.read += tensor.bytes();
    extra.written += padded;
  }
  return extra;
}

double seconds(double work, double rate) { return rate > 0 ? work / rate : 0.0; }

// Roofline times of the ragged and the padded op; fills plan.ragged_s, plan.padded_s and the extras.
void estimate(const Graph& graph, const Op& op, const DeviceSpec& device, bool systolic, PaddingPlan& plan,
              int64_t padded_macs) {
  DType dtype = graph.tensor(op.inputs.at(0)).dtype;
  double macs_per_s = device_matrix_flops_per_s(device, dtype) / 2.0;
  double bw = device.off_chip.bandwidth_bytes_per_s;
  double bytes = static_cast<double>(op.bytes_read + op.bytes_written);
  ExtraBytes extra = extra_bytes(graph, op, plan.padded_dims);
  // Systolic: a partly filled fold costs a full one, so the ragged op computes like the padded one.
  double ragged_macs = systolic ? static_cast<double>(padded_macs)
                                : static_cast<double>(op.macs) / kMisalignedMmaEfficiency;
  plan.ragged_s = std::max(seconds(ragged_macs, macs_per_s), seconds(bytes, bw));
  plan.padded_s = std::max(seconds(static_cast<double>(padded_macs), macs_per_s),
                           seconds(bytes + static_cast<double>(extra.gemm), bw)) +
                  seconds(static_cast<double>(extra.copy), bw);
  plan.extra_macs = padded_macs - op.macs;
  plan.extra_bytes_read = extra.read;
  plan.extra_bytes_written = extra.written;
}

}  // namespace

bool mma_misaligned(const Graph& graph, const Op& op, const DeviceSpec& device) {
  const auto& matrix = device.cores.matrix;
  if (!matrix || matrix->kind != MatrixUnitKind::mma || op.inputs.empty() || op.macs <= 0) return false;
  for (const auto& g : mma_granules(op, *matrix, graph.tensor(op.inputs[0]).dtype)) {
    if (op.loops.dims[g.dim].size % g.multiple != 0) return true;
  }
  return false;
}

PaddingPlan plan_padding(const Graph& graph, int op_id, const DeviceSpec& device) {
  PaddingPlan plan;
  const Op& op = graph.op(op_id);
  const auto& matrix = device.cores.matrix;
  if (!matrix || op.inputs.empty() || op.macs <= 0) return plan;
  DType dtype = graph.tensor(op.inputs[0]).dtype;
  if (device_matrix_flops_per_s(device, dtype) <= 0) return plan;
  bool systolic = matrix->kind == MatrixUnitKind::systolic;
  std::vector<Granule> granules = systolic ? systolic_granules(op, *matrix) : mma_granules(op, *matrix, dtype);
  plan.padded_dims.clear();
  for (const auto& dim : op.loops.dims) plan.padded_dims.push_back(dim.size);
  int64_t grown = 1, original = 1;
  for (const auto& g : granules) {
    int64_t size = op.loops.dims[g.dim].size;
    int64_t padded = round_up(size, g.multiple);
    if (padded == size) continue;
    plan.padded_dims[g.dim] = padded;
    plan.padded_from += (plan.padded_from.empty() ? "" : ",") + op.loops.dims[g.dim].name + "=" + std::to_string(size);
    grown *= padded;
    original *= size;
  }
  if (plan.padded_from.empty()) return plan;
  plan.candidate = true;
  // MACs are the product of the loop dims (matmul, conv), so they scale exactly with the grown dims.
  int64_t padded_macs = op.macs % original == 0
                            ? op.macs / original * grown
                            : static_cast<int64_t>(static_cast<double>(op.macs) * grown / original);
  estimate(graph, op, device, systolic, plan, padded_macs);
  plan.pad = plan.padded_s < plan.ragged_s;
  return plan;
}

namespace {

std::string percent(int64_t part, int64_t whole) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(3) << (whole > 0 ? 100.0 * part / whole : 0.0) << "%";
  return out.str();
}

class Padding final : public Pass {
 public:
  std::string description() const override {
    return "pad matmul/conv dims to the matrix unit's granularity where a roofline estimate says it beats ragged tiles";
  }

  Graph run(const Graph& graph, const DeviceSpec& device, PassReport& report) const override {
    Graph out = graph;
    int candidates = 0, padded = 0;
    int64_t extra_macs = 0, extra_bytes = 0;
    for (size_t id = 0; id < graph.op_count(); ++id) {
      PaddingPlan plan = plan_padding(graph, static_cast<int>(id), device);
      candidates += plan.candidate ? 1 : 0;
      if (plan.pad) {
        Op op = graph.op(static_cast<int>(id));
        for (size_t d = 0; d < op.loops.dims.size(); ++d) op.loops.dims[d].size = plan.padded_dims[d];
        op.macs += plan.extra_macs;
        op.bytes_read += plan.extra_bytes_read;
        op.bytes_written += plan.extra_bytes_written;
        op.attrs.set("padded_from", plan.padded_from);
        ++padded;
        extra_macs += plan.extra_macs;
        extra_bytes += plan.extra_bytes_read + plan.extra_bytes_written;
        out.replace_derived_op(static_cast<int>(id), std::move(op));
      }
    }
    report.notes.push_back(std::to_string(padded) + " of " + std::to_string(candidates) +
                           " ops with dims off the matrix unit's granularity padded; " + std::to_string(extra_macs) +
                           " extra MACs (+" + percent(extra_macs, graph.macs()) + "), " +
                           std::to_string(extra_bytes) + " extra bytes (pad copies included)");
    return out;
  }
};

TESSERA_REGISTER(Pass, Padding, "padding");

}  // namespace
}  // namespace tessera
