#include "tessera/report/model_listing.h"

#include <nlohmann/json.hpp>

#include "tessera/report/table.h"

namespace tessera {

std::string render_model_listing(const std::vector<ModelSummary>& models, const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& m : models) {
      out.push_back({{"name", m.name}, {"description", m.description}, {"params", m.params},
                     {"macs_per_sample", m.macs_per_sample}, {"ops", m.ops}});
    }
    return out.dump(2) + "\n";
  }
  TextTable table({"model", "params", "MACs/sample", "ops", "description"});
  table.align_right({1, 2, 3});
  for (const auto& m : models) {
    table.add_row({m.name, si_number(static_cast<double>(m.params)), si_number(static_cast<double>(m.macs_per_sample)),
                   std::to_string(m.ops), m.description});
  }
  return table.render();
}

}  // namespace tessera
