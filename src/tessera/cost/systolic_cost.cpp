// `--cost systolic`: contraction ops on the device's systolic arrays (SCALE-Sim v2 folds, the best supported
// dataflow, buffer-aware traffic and bandwidth stalls; systolic_cost.h), everything else on the vector unit as the
// roofline costs it (roofline_op_cost is called, not copied); a grouped or depthwise conv takes the
// faster of the arrays and a direct kernel on the vector unit. A device without a systolic matrix unit is an
// InputError naming it.
#include <algorithm>

#include "tessera/core/registry.h"
#include "tessera/cost/roofline_cost.h"
#include "tessera/cost/systolic_cost.h"
#include "tessera/cost/unit_rates.h"

namespace tessera {
namespace {

class SystolicArrayCost final : public CostModel {
 public:
  std::string description() const override {
    return "systolic: SCALE-Sim folds on the best dataflow, buffer-aware SRAM/DRAM traffic and bandwidth stalls";
  }

  OpCost evaluate(const Graph& graph, const Op& op, const DeviceSpec& device) const override {
    DType dtype = op_compute_dtype(graph, op);
    SystolicMachine machine = systolic_machine(device, dtype);
    std::optional<SystolicWork> work = systolic_work(graph, op);
    // Not a contraction, or the arrays lack the dtype (its MACs then run on the vector unit, as unit_rates says).
    if (!work || machine.macs_per_pe_per_cycle == 0) return roofline_op_cost(graph, op, device);

    SystolicPlan plan = best_systolic_plan(*work, machine, op.bytes_read + op.bytes_written);
    UnitRates rates = unit_rates(device, dtype);
    OpCost cost;
    // The epilogue (bias, activation, attention's softmax, LSTM gate math) runs on the vector unit beside the arrays.
    cost.compute_s = std::max({plan.compute_s,
                               work_time(static_cast<double>(op.vector_flops), rates.vector_flops_per_s),
                               work_time(static_cast<double>(op.transcendentals), rates.special_ops_per_s)});
    cost.traffic = plan.traffic;
    cost.memory_s = plan.memory_s;
    finish(cost, op, rates);
    if (op.kind == OpKind::conv && op.loops.dim_size("G") > 1 && rates.vector_flops_per_s > 0) {
      OpCost direct = direct_on_vector(graph, op, device, rates);
      if (direct.latency_s < cost.latency_s) return direct;
    }
    return cost;
  }

 private:
  static void finish(OpCost& cost, const Op& op, const UnitRates& rates) {
    cost.latency_s = std::max(cost.compute_s, cost.memory_s);  // double-buffered: loads overlap compute
    classify_cost(cost, op, rates);
  }

  // A grouped or depthwise conv may run directly on the vector unit (few MACs per output feed the array badly):
  // its MACs and epilogue at the vector rate, the compulsory bytes at every level (the roofline's traffic).
  static OpCost direct_on_vector(const Graph& graph, const Op& op, const DeviceSpec& device, const UnitRates& rates) {
    OpCost cost = roofline_op_cost(graph, op, device);
    cost.compute_s = std::max(
        work_time(2.0 * static_cast<double>(op.macs) + static_cast<double>(op.vector_flops), rates.vector_flops_per_s),
        work_time(static_cast<double>(op.transcendentals), rates.special_ops_per_s));
    finish(cost, op, rates);
    return cost;
  }
};

TESSERA_REGISTER(CostModel, SystolicArrayCost, "systolic");

}  // namespace
}  // namespace tessera
