// tessera validate: every published measurement in data/validation/ against Tessera's prediction; exit 1 when a
// case misses its tolerance.
#include <fmt/format.h>

#include <iostream>

#include "tessera/cli/command.h"
#include "tessera/cli/cost_option.h"
#include "tessera/cost/auto_cost.h"
#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/sim/validation.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/report/output.h"
#include "tessera/report/table.h"

namespace tessera {
namespace {

class ValidateCommand final : public Command {
 public:
  std::string summary() const override { return "Compare predictions with published measurements (data/validation)"; }
  void configure(CLI::App& app) override {
    add_cost_option(app, cost_model_);
    passes_option_ = app.add_option("--passes", passes_,
                                    "graph passes before costing, for every case (default: the case's own passes where it "
                                    "names them, else fusion,padding; none to disable)");
    app.add_option("--filter", filter_, "only cases whose id contains this text");
    app.add_option("--data", data_dir_, "data directory (default: the installed data/)");
  }
  void run() override {
    auto model = Registry<CostModel>::instance().create(cost_model_, "cost model");
    std::string data_dir = data_dir_.empty() ? default_data_dir() : data_dir_;
    TextTable table({"case", "hardware", "metric", "published", "predicted", "error", "tol", "result"});
    table.align_right({3, 4, 5, 6});
    int failed = 0, passed = 0, skipped = 0;
    for (const auto& c : load_validation_cases(data_dir + "/validation")) {
      if (c.id.find(filter_) == std::string::npos) continue;
      if (!c.skip.empty()) {
        table.add_row({c.id, c.hardware, c.metric, fmt::format("{:.4g}", c.value), "-", "-", "-", "skip: " + c.skip});
        ++skipped;
        continue;
      }
      bool case_passes = !c.passes.empty() && passes_option_->count() == 0;
      ValidationResult r = run_validation_case(c, *model, case_passes ? c.passes : passes_, data_dir);
      table.add_row({c.id, c.hardware, c.metric, fmt::format("{:.4g}", c.value), fmt::format("{:.4g}", r.predicted),
                     fmt::format("{:+.1f}%", r.error_pct), fmt::format("{:.0f}%", c.tolerance_pct),
                     r.pass ? "pass" : "FAIL"});
      ++(r.pass ? passed : failed);
    }
    std::cout << table.render() << fmt::format("\nvalidation with the {} cost model: {} within tolerance, {} outside, {} "
                                               "skipped\n", cost_model_, passed, failed, skipped);
    if (failed > 0) throw InputError(std::to_string(failed) + " validation case(s) outside their tolerance");
  }

 private:
  std::string cost_model_ = kAutoCostModel;
  std::string passes_ = "fusion,padding";
  CLI::Option* passes_option_ = nullptr;
  std::string filter_;
  std::string data_dir_;
};

TESSERA_REGISTER(Command, ValidateCommand, "validate");

}  // namespace
}  // namespace tessera
