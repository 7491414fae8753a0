#pragma once
// Rendering hardware specs (`tessera hw`): the preset listing and one spec with its derived peaks per dtype,
// bandwidth per memory level and ridge point per dtype.
#include <string>
#include <vector>

#include "tessera/hardware/hardware_spec.h"

namespace tessera {

// format "table" or "json" (an array of {name, description, peak_fp16_flops_per_s, peak_bf16_flops_per_s,
// off_chip_capacity_bytes, off_chip_bandwidth_bytes_per_s, tdp_w}; whole-system figures).
std::string render_hardware_listing(const std::vector<SystemSpec>& systems, const std::string& format);

// format "table" or "json" (the spec's fields as in the YAML plus "derived" per device and system "totals").
std::string render_hardware_spec(const SystemSpec& system, const std::string& format);

}  // namespace tessera
