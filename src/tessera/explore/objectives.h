#pragma once
// Objectives a design space can name. Each reads a design's suite metrics; the search minimises, so maximised
// objectives are negated on the way in (minimised_objective) and back (natural_objective).
#include <string>

#include "tessera/explore/design_metrics.h"

namespace tessera {

bool is_objective_name(const std::string& name);
std::string objective_names_text();  // "perf_per_tdp, throughput, ..." for error messages
bool objective_maximised(const std::string& name);
std::string objective_unit(const std::string& name);
// The objective in its natural unit (samples/s/W, samples/s, s, J/sample, J*s, mm^2, W, USD).
double objective_value(const std::string& name, const DesignMetrics& metrics);
double minimised_objective(const std::string& name, double natural);
double natural_objective(const std::string& name, double minimised);

}  // namespace tessera
