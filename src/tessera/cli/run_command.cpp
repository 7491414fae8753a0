// tessera run: evaluate a workload on one device — per-op costs and totals.
#include "tessera/cli/command.h"
#include "tessera/cli/cost_option.h"
#include "tessera/cost/auto_cost.h"
#include "tessera/cli/model_options.h"
#include "tessera/cli/system_run.h"
#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/report/output.h"
#include "tessera/report/run_report.h"
#include "tessera/workload/training/training_graph.h"

namespace tessera {
namespace {

class RunCommand final : public Command {
 public:
  std::string summary() const override { return "Evaluate a workload on a device: per-op latency and totals"; }
  void configure(CLI::App& app) override {
    model_.add_to(app);
    app.add_option("--hw", hardware_, "hardware preset name or spec .yaml (one device)");
    app.add_option("--system", system_.system, "system preset (e.g. dgx_a100:nodes=4, tx8_wafer) or .yaml: run on many devices");
    app.add_option("--mode", system_.mode, "training (forward, backward and Adam step; with --system under --parallel) or inference (default)")
        ->check(CLI::IsMember({"training", "inference"}));
    app.add_option("--parallel", system_.parallel, "with --system: dp=..,tp=..,pp=..,mbs=..,micro=..,schedule=1f1b|gpipe|interleaved,chunks=..,zero=..,"
                   "recompute=none|selective|full,partition=even|balanced|a/b/..");
    app.add_option("--fidelity", system_.fidelity, "with --system: event (simulate every micro-batch and transfer) or analytic")
        ->check(CLI::IsMember({"event", "analytic"}));
    app.add_option("--trace", system_.trace, "with --system: write a Chrome trace-event JSON (opens in Perfetto)");
    app.add_option("--output-tokens", system_.output_tokens, "with --system, inference: tokens generated per sequence "
                   "after the --seq prompt (default 128)")->check(CLI::PositiveNumber);
    app.add_flag("--offload-weights", system_.offload_weights, "with --system, inference: layer weights in host "
                 "memory, streamed over the host link every forward pass");
    add_cost_option(app, cost_model_);
    app.add_option("--passes", passes_, "graph passes before costing, comma-separated (fusion,padding by default; none to disable)");
    app.add_option("--format", format_, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
    app.add_option("--top", top_, "table: show the N slowest ops (0 = all; default 15)");
    app.add_flag("--by-kind", by_kind_, "table: one row per op kind");
    app.add_flag("--allow-oversubscribe", allow_oversubscribe_, "evaluate even when the model does not fit memory");
    app.add_option("--out", out_, "write to this file instead of stdout");
  }
  void run() override {
    if (hardware_.empty() == system_.system.empty()) throw InputError("give exactly one of --hw and --system");
    if (!system_.system.empty()) {
      system_.model = model_.request();
      system_.cost_model = cost_model_;
      system_.passes = passes_;
      system_.format = format_;
      system_.out = out_;
      system_.allow_oversubscribe = allow_oversubscribe_;
      return run_on_system(system_);
    }
    if (!system_.parallel.empty() || !system_.trace.empty()) throw InputError("--parallel and --trace need --system");
    SystemSpec system = load_hardware(hardware_);
    const DeviceSpec& device = system.devices.at(0);
    std::string cost_model = resolve_cost_model(cost_model_, device);
    auto model = Registry<CostModel>::instance().create(cost_model, "cost model");
    Workload workload = load_workload(model_.request());
    if (system_.mode == "training") workload.graph = derive_training_graph(workload.graph, TrainingOptions{});
    std::vector<PassReport> pass_reports;
    workload.graph = run_passes(workload.graph, passes_, device, pass_reports);
    GraphCost cost = evaluate_graph(workload.graph, device, *model);
    if (!allow_oversubscribe_) check_fits(workload.graph, cost, device, hardware_);
    RunReport report{workload, cost, device, hardware_, cost_model, pass_reports};
    std::string text = format_ == "json"  ? render_run_json(report)
                       : format_ == "csv" ? render_run_csv(report)
                                          : render_run_table(report, top_, by_kind_);
    write_output(text, out_);
  }

 private:
  ModelOptions model_;
  std::string hardware_;
  SystemRunOptions system_;
  std::string cost_model_ = kAutoCostModel;
  std::string passes_ = "fusion,padding";
  std::string format_ = "table";
  int top_ = 15;
  bool by_kind_ = false;
  bool allow_oversubscribe_ = false;
  std::string out_;
};

TESSERA_REGISTER(Command, RunCommand, "run");

}  // namespace
}  // namespace tessera
