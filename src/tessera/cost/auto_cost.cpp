#include "tessera/cost/auto_cost.h"

#include <map>
#include <memory>

#include "tessera/core/registry.h"
#include "tessera/cost/op_cost.h"

namespace tessera {

std::string resolve_cost_model(const std::string& name, const DeviceSpec& device) {
  if (name != kAutoCostModel) return name;
  return device.cost_model.empty() ? "analytic" : device.cost_model;
}

namespace {

class AutoCost final : public CostModel {
 public:
  std::string description() const override {
    return "auto: the model the hardware spec names for its device (gpu, systolic ...; analytic when none)";
  }

  OpCost evaluate(const Graph& graph, const Op& op, const DeviceSpec& device) const override {
    return model_for(device).evaluate(graph, op, device);
  }

 private:
  const CostModel& model_for(const DeviceSpec& device) const {
    std::string name = resolve_cost_model(kAutoCostModel, device);
    if (name == kAutoCostModel) throw InputError("device '" + device.name + "': cost_model 'auto' names itself");
    auto it = models_.find(name);
    if (it == models_.end()) {
      it = models_.emplace(name, Registry<CostModel>::instance().create(name, "cost model (device '" + device.name +
                                                                                  "' cost_model)")).first;
    }
    return *it->second;
  }

  mutable std::map<std::string, std::unique_ptr<CostModel>> models_;  // created on first use, one per name
};

TESSERA_REGISTER(CostModel, AutoCost, "auto");

}  // namespace
}  // namespace tessera
