// tessera models: the zoo with parameters, MACs per sample and op counts.
#include <iostream>

#include "tessera/cli/command.h"
#include "tessera/core/registry.h"
#include "tessera/models/model.h"
#include "tessera/report/model_listing.h"

namespace tessera {
namespace {

class ModelsCommand final : public Command {
 public:
  std::string summary() const override { return "List the model zoo: parameters, MACs per sample, op count"; }
  void configure(CLI::App& app) override {
    app.add_option("--format", format_, "table or json")->check(CLI::IsMember({"table", "json"}));
  }
  void run() override { std::cout << render_model_listing(list_models(), format_); }

 private:
  std::string format_ = "table";
};

TESSERA_REGISTER(Command, ModelsCommand, "models");

}  // namespace
}  // namespace tessera
