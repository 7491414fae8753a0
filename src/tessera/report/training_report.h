#pragma once
// Reports of a simulated training iteration (sim/training_sim.h): a table or JSON (keys in docs/training.md), and the
// Chrome trace of the event simulation.
#include <string>

#include "tessera/sim/training_sim.h"

namespace tessera {

struct TrainingReport {
  std::string model;
  std::string system;
  std::string plan;  // the --parallel text
  std::string cost_model;
  std::string fidelity;
  const TrainingResult& result;
};

std::string render_training_table(const TrainingReport& report);
std::string render_training_json(const TrainingReport& report);
// The event simulation's timeline (one row per stage device, then per link that carried data) as Chrome trace JSON.
std::string render_training_trace(const TrainingResult& result);

}  // namespace tessera
