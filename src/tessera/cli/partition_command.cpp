// tessera partition: map consecutive layer groups of a model to disjoint sub-accelerators of one device (spatial,
// pipelined across batches) versus the whole device running every layer in turn (sequential), and hybrids; per
// batch size, the latency / throughput Pareto front and whether hybrids dominate both pure strategies.
#include "tessera/cli/command.h"
#include "tessera/cli/cost_option.h"
#include "tessera/cli/model_options.h"
#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/cost/auto_cost.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/passes/pass.h"
#include "tessera/report/output.h"
#include "tessera/report/partition_report.h"

namespace tessera {
namespace {

class PartitionCommand final : public Command {
 public:
  std::string summary() const override {
    return "Spatial / sequential / hybrid partitions of a model over sub-accelerators: latency-throughput Pareto";
  }
  void configure(CLI::App& app) override {
    model_.add_to(app);
    // One workload per batch size: replace the shared single --batch with a list.
    app.remove_option(app.get_option("--batch"));
    app.add_option("--batch", batches_, "comma-separated batch sizes, one Pareto front each (default 1)")
        ->delimiter(',');
    app.add_option("--hw", hardware_, "hardware preset name or spec .yaml (one device)")->required();
    add_cost_option(app, cost_model_);
    app.add_option("--passes", passes_, "graph passes before costing, comma-separated (fusion,padding by default; "
                   "none to disable)");
    max_groups_option_ = app.add_option("--max-groups", max_groups_, "at most this many sub-accelerators per plan "
                                        "(default: one per block)");
    app.add_option("--dram-share", dram_share_, "how concurrent sub-accelerators share DRAM bandwidth: demand "
                   "(default; the period carries all stages' bytes) or cores (a static split by cores)");
    app.add_option("--resident-share", options_.resident_share, "share of on-chip memory that may hold resident "
                   "weights and activations (default 0.5)");
    app.add_option("--format", format_, "table, json or csv");
    app.add_option("--out", out_, "write to this file instead of stdout");
  }
  void run() override {
    check_options();
    ModelRequest request = model_.request();
    PartitionReport report;
    report.hardware = hardware_;
    report.device = load_hardware(hardware_).devices.at(0);
    report.cost_model = resolve_cost_model(cost_model_, report.device);
    report.dtype = request.config.dtype;
    report.options = options_;
    auto model = Registry<CostModel>::instance().create(report.cost_model, "cost model");
    request.config.batch = batches_.front();
    Workload first = load_workload(request);
    report.model = first.graph.name();
    // Sources that take a batch (zoo, config.json, ONNX) hold `batch` samples and are rebuilt per micro-batch; a
    // fixed graph file runs whole.
    bool rebatchable = first.samples == request.config.batch;
    auto source = [&](int64_t samples) {
      ModelRequest micro = request;
      micro.config.batch = samples;
      if (samples != request.config.batch) micro.given.insert("--batch");
      std::vector<PassReport> pass_reports;
      return run_passes(load_workload(micro).graph, passes_, report.device, pass_reports);
    };
    MicroBatchModels models(source, report.device, *model, options_.dram_share, options_.resident_share);
    for (int64_t batch : batches_) {
      int64_t samples = rebatchable ? batch : first.samples;
      std::vector<int64_t> micro_batches = rebatchable ? micro_batch_sizes(samples) : std::vector{samples};
      report.batches.push_back({batch, partition_batch(models, samples, micro_batches, options_)});
    }
    write_output(render_partition(report, format_), out_);
  }

 private:
  // Checked here rather than by CLI11 so that every bad value is one line.
  void check_options() {
    if (format_ != "table" && format_ != "json" && format_ != "csv") {
      throw InputError("--format must be table, json or csv, got '" + format_ + "'");
    }
    if (max_groups_option_->count() > 0 && max_groups_ < 1) {
      throw InputError("--max-groups must be at least 1, got " + std::to_string(max_groups_));
    }
    options_.max_groups = max_groups_;
    options_.dram_share = parse_dram_share(dram_share_);
    validate_partition_options(options_);
    for (int64_t batch : batches_) {
      if (batch < 1) throw InputError("--batch values must be at least 1, got " + std::to_string(batch));
    }
  }

  ModelOptions model_;
  std::vector<int64_t> batches_{1};
  std::string hardware_;
  std::string cost_model_ = kAutoCostModel;
  std::string passes_ = "fusion,padding";
  int max_groups_ = 0;
  CLI::Option* max_groups_option_ = nullptr;
  std::string dram_share_ = "demand";
  PartitionOptions options_;
  std::string format_ = "table";
  std::string out_;
};

TESSERA_REGISTER(Command, PartitionCommand, "partition");

}  // namespace
}  // namespace tessera
