#pragma once
// The "auto" cost model: each device is costed by the model built for its kind, named by the hardware spec's
// `cost_model` (gpu for NVIDIA parts, systolic for TPUs; analytic, the mapper, when a spec names none).
#include <string>

#include "tessera/hardware/hardware_spec.h"

namespace tessera {

inline constexpr const char* kAutoCostModel = "auto";

// `name` itself, or for "auto" the model the device names (analytic when it names none).
std::string resolve_cost_model(const std::string& name, const DeviceSpec& device);

}  // namespace tessera
