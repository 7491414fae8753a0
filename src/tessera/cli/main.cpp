// tessera: the command-line front end. Thin: parse, call the library, print.
// Exit codes: 0 ok, 1 bad input (one-line message on stderr), 2 internal error.
#include <iostream>
#include <memory>
#include <vector>

#include "tessera/cli/command.h"
#include "tessera/core/error.h"
#include "tessera/core/registry.h"

int main(int argc, char** argv) {
  CLI::App app{"Tessera: performance simulation and design-space exploration for deep-learning hardware"};
  app.set_version_flag("--version", std::string("tessera ") + TESSERA_VERSION);
  app.require_subcommand(1);
  auto& registry = tessera::Registry<tessera::Command>::instance();
  std::vector<std::pair<CLI::App*, std::unique_ptr<tessera::Command>>> commands;
  for (const auto& name : registry.names()) {
    auto command = registry.create(name, "command");
    CLI::App* sub = app.add_subcommand(name, command->summary());
    command->configure(*sub);
    commands.emplace_back(sub, std::move(command));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  try {
    for (auto& [sub, command] : commands) {
      if (sub->parsed()) command->run();
    }
  } catch (const tessera::InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
