#pragma once
// A CLI subcommand: one file each in cli/, registered by name. main() adds every registered command to the parser.
#include <string>

#include <CLI/CLI.hpp>

namespace tessera {

class Command {
 public:
  virtual ~Command() = default;
  virtual std::string summary() const = 0;
  // Declares options on this command's CLI11 subcommand.
  virtual void configure(CLI::App& app) = 0;
  // Runs after a successful parse; throws InputError for bad input.
  virtual void run() = 0;
};

}  // namespace tessera
