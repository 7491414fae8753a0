// tessera compare: one workload on several devices, side by side, with speedup and Perf/TDP relative to the first
// and the time per op kind on each.
#include "tessera/cli/command.h"
#include "tessera/cli/cost_option.h"
#include "tessera/cost/auto_cost.h"
#include "tessera/cli/model_options.h"
#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/passes/pass.h"
#include "tessera/report/compare_report.h"
#include "tessera/report/output.h"

namespace tessera {
namespace {

class CompareCommand final : public Command {
 public:
  std::string summary() const override { return "Compare one workload across devices (ratios to the first)"; }
  void configure(CLI::App& app) override {
    model_.add_to(app);
    app.add_option("--hw", hardware_, "comma-separated presets or spec files; the first is the baseline")
        ->required()
        ->delimiter(',');
    add_cost_option(app, cost_model_);
    app.add_option("--passes", passes_, "graph passes before costing, comma-separated (fusion,padding by default; none to disable)");
    app.add_option("--format", format_, "table or json")->check(CLI::IsMember({"table", "json"}));
    app.add_flag("--allow-oversubscribe", allow_oversubscribe_, "compare even where the model does not fit memory");
    app.add_option("--out", out_, "write to this file instead of stdout");
  }
  void run() override {
    if (hardware_.size() < 2) throw InputError("--hw needs at least two devices to compare, got " +
                                               std::to_string(hardware_.size()));
    auto model = Registry<CostModel>::instance().create(cost_model_, "cost model");
    Workload workload = load_workload(model_.request());
    std::vector<ComparedHardware> rows;
    for (const auto& name : hardware_) {
      DeviceSpec device = load_hardware(name).devices.at(0);
      std::vector<PassReport> reports;
      Graph graph = run_passes(workload.graph, passes_, device, reports);
      GraphCost cost = evaluate_graph(graph, device, *model);
      if (!allow_oversubscribe_) check_fits(graph, cost, device, name);
      rows.push_back({name, std::move(device), std::move(graph), std::move(cost)});
    }
    write_output(render_comparison(workload, rows, format_), out_);
  }

 private:
  ModelOptions model_;
  std::vector<std::string> hardware_;
  std::string cost_model_ = kAutoCostModel;
  std::string passes_ = "fusion,padding";
  std::string format_ = "table";
  bool allow_oversubscribe_ = false;
  std::string out_;
};

TESSERA_REGISTER(Command, CompareCommand, "compare");

}  // namespace
}  // namespace tessera
