// tessera scalesim: SCALE-Sim v2 config + topology in, COMPUTE_REPORT.csv (SCALE-Sim's columns and semantics) out.
#include <filesystem>
#include <iostream>
#include <optional>

#include "tessera/cli/command.h"
#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/report/output.h"
#include "tessera/report/scalesim_report.h"

namespace tessera {
namespace {

class ScaleSimCommand final : public Command {
 public:
  std::string summary() const override {
    return "Run a SCALE-Sim v2 config and topology; write its COMPUTE_REPORT.csv (stall-free cycles)";
  }
  void configure(CLI::App& app) override {
    app.add_option("--config", config_, "SCALE-Sim .cfg file ([general], [architecture_presets], [run_presets])")
        ->required();
    app.add_option("--topology", topology_, "SCALE-Sim topology CSV (conv or M,N,K gemm format)")->required();
    app.add_option("--out", out_dir_, "directory to write COMPUTE_REPORT.csv into (created if missing)");
    app.add_option("--input-type", input_type_, "topology format: auto (from the header), conv or gemm")
        ->check(CLI::IsMember({"auto", "conv", "gemm"}));
    app.add_option("--format", format_, "stdout: table, or csv (the COMPUTE_REPORT.csv text)")
        ->check(CLI::IsMember({"table", "csv"}));
  }
  void run() override {
    ScaleSimConfig config = load_scalesim_config(config_);
    std::optional<ScaleSimTopologyFormat> forced;
    if (input_type_ == "conv") forced = ScaleSimTopologyFormat::kConv;
    if (input_type_ == "gemm") forced = ScaleSimTopologyFormat::kGemm;
    ScaleSimTopology topology = load_scalesim_topology(topology_, forced);
    ScaleSimReport report = run_scalesim(config, topology);
    std::string csv = render_compute_report_csv(report);
    if (!out_dir_.empty()) {
      std::error_code error;
      std::filesystem::create_directories(out_dir_, error);
      if (error) throw InputError(out_dir_ + ": cannot create directory (" + error.message() + ")");
      write_output(csv, (std::filesystem::path(out_dir_) / "COMPUTE_REPORT.csv").string());
    }
    if (report.user_bandwidth)
      std::cerr << "note: " << config_ << ": InterfaceBandwidth USER; DRAM bandwidth stalls are not modelled yet, "
                << "cycles are stall-free\n";
    write_output(format_ == "csv" ? csv : render_scalesim_table(report), "");
  }

 private:
  std::string config_;
  std::string topology_;
  std::string out_dir_;
  std::string input_type_ = "auto";
  std::string format_ = "table";
};

TESSERA_REGISTER(Command, ScaleSimCommand, "scalesim");

}  // namespace
}  // namespace tessera
