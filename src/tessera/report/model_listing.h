#pragma once
// Rendering the zoo listing (`tessera models`).
#include <string>
#include <vector>

#include "tessera/models/model.h"

namespace tessera {

// format: "table" or "json" (an array of {name, description, params, macs_per_sample, ops}).
std::string render_model_listing(const std::vector<ModelSummary>& models, const std::string& format);

}  // namespace tessera
