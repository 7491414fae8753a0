#pragma once
// The --cost option the evaluating commands share: any registered cost model, auto (the device's own) by default.
#include <string>

#include <CLI/CLI.hpp>

#include "tessera/core/registry.h"
#include "tessera/cost/op_cost.h"

namespace tessera {

inline void add_cost_option(CLI::App& app, std::string& cost_model) {
  std::string names;
  for (const auto& name : Registry<CostModel>::instance().names()) names += (names.empty() ? "" : ", ") + name;
  app.add_option("--cost", cost_model, "cost model: " + names + " (default auto: the one the hardware spec names, e.g. gpu for NVIDIA GPUs, systolic for TPUs)");
}

}  // namespace tessera
