#include "tessera/partition/op_cost_table.h"

#include <map>
#include <tuple>

#include "tessera/partition/resident_store.h"

namespace tessera {
namespace {

using Operands = std::vector<std::tuple<Shape, DType, TensorRole>>;
using OpSignature = std::tuple<OpKind, Phase, std::map<std::string, AttrValue>, Operands, Operands,
                               std::vector<int64_t>>;

OpSignature signature(const Graph& graph, const Op& op) {
  auto operands = [&](const std::vector<int>& tensors) {
    Operands out;
    for (int t : tensors) out.emplace_back(graph.tensor(t).shape, graph.tensor(t).dtype, graph.tensor(t).role);
    return out;
  };
  std::vector<int64_t> counts{op.macs, op.vector_flops, op.transcendentals, op.bytes_read, op.bytes_written};
  for (const auto& dim : op.loops.dims) counts.push_back(dim.size);
  return {op.kind, op.phase, op.attrs.values(), operands(op.inputs), operands(op.outputs), counts};
}

}  // namespace

OpCostTable::OpCostTable(const Graph& graph, const DeviceSpec& device, const CostModel& model, int unit_cores,
                         DramShare dram_share, double resident_share)
    : graph_(graph),
      device_(device),
      model_(model),
      unit_cores_(unit_cores),
      units_(device.cores.count / unit_cores),
      dram_share_(dram_share),
      resident_share_(resident_share),
      sizes_(units_ + 1) {
  find_representatives();
}

void OpCostTable::find_representatives() {
  std::map<OpSignature, int> first;
  for (int id = 0; id < static_cast<int>(graph_.op_count()); ++id) {
    representative_.push_back(first.emplace(signature(graph_, graph_.op(id)), id).first->second);
  }
}

OpCostTable::Sizes& OpCostTable::sizes(int units) {
  std::unique_ptr<Sizes>& entry = sizes_.at(units);
  if (!entry) {
    entry = std::make_unique<Sizes>();
    entry->sub = carve_sub_accelerator(device_, units * unit_cores_, dram_share_);
    entry->resident_backed = resident_backed_device(entry->sub, resident_share_);
    entry->streamed.resize(graph_.op_count());
    entry->resident_s.resize(graph_.op_count());
  }
  return *entry;
}

const OpCost& OpCostTable::streamed(int op, int units) {
  op = representative_[op];
  Sizes& s = sizes(units);
  if (!s.streamed[op]) s.streamed[op] = model_.evaluate(graph_, graph_.op(op), s.sub);
  return *s.streamed[op];
}

double OpCostTable::streamed_dram_bytes(int op, int units) {
  const OpCost& cost = streamed(op, units);
  return cost.traffic.empty() ? 0 : static_cast<double>(cost.traffic.back().bytes);
}

double OpCostTable::resident_s(int op, int units) {
  op = representative_[op];
  Sizes& s = sizes(units);
  if (!s.resident_s[op]) s.resident_s[op] = model_.evaluate(graph_, graph_.op(op), s.resident_backed).latency_s;
  return *s.resident_s[op];
}

const DeviceSpec& OpCostTable::sub_accelerator(int units) { return sizes(units).sub; }

}  // namespace tessera
