// tessera hw: list the hardware presets, or show one spec (a preset name or a .yaml path) with derived peaks per
// dtype, bandwidth per memory level and ridge point per dtype.
#include <iostream>
#include <vector>

#include "tessera/cli/command.h"
#include "tessera/core/registry.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/report/hardware_report.h"

namespace tessera {
namespace {

class HwCommand final : public Command {
 public:
  std::string summary() const override { return "List hardware presets, or show one spec with derived peaks"; }
  void configure(CLI::App& app) override {
    app.add_option("name", name_, "preset name (see `tessera hw`) or path to a hardware .yaml file");
    app.add_option("--format", format_, "table or json")->check(CLI::IsMember({"table", "json"}));
  }
  void run() override {
    if (!name_.empty()) {
      std::cout << render_hardware_spec(load_hardware(name_), format_);
      return;
    }
    std::string dir = default_data_dir();
    std::vector<SystemSpec> systems;
    for (const auto& preset : hardware_preset_names(dir)) systems.push_back(load_hardware(preset, dir));
    std::cout << render_hardware_listing(systems, format_);
  }

 private:
  std::string name_;
  std::string format_ = "table";
};

TESSERA_REGISTER(Command, HwCommand, "hw");

}  // namespace
}  // namespace tessera
