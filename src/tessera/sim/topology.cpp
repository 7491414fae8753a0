// Validation of a NetworkSpec and the topology built from it.
#include "tessera/sim/topology.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "tessera/core/error.h"
#include "tessera/hardware/system_names.h"
#include "tessera/sim/topology_level.h"

namespace tessera {
namespace {

constexpr int64_t kMaxEndpoints = int64_t{1} << 24;

std::string_view dims_meaning(TopologyKind kind) {
  switch (kind) {
    case TopologyKind::mesh2d:
    case TopologyKind::torus2d: return "{rows, cols}";
    case TopologyKind::torus3d: return "{x, y, z}";
    case TopologyKind::ring:
    case TopologyKind::switched: return "{n}";
  }
  throw std::logic_error("unknown TopologyKind");
}

void validate_tier(const NetworkTier& tier, size_t index) {
  std::string what = "network tier " + std::to_string(index) + " ('" + tier.name + "')";
  std::string_view kind = topology_kind_name(tier.topology);
  if (tier.dims.empty()) {
    throw InputError(fmt::format("{}: dims is empty ({} takes {})", what, kind, dims_meaning(tier.topology)));
  }
  if (tier.dims.size() != topology_dims_count(tier.topology)) {
    throw InputError(fmt::format("{}: {} takes {} dims {}, got {}", what, kind, topology_dims_count(tier.topology),
                                 dims_meaning(tier.topology), tier.dims.size()));
  }
  for (size_t d = 0; d < tier.dims.size(); ++d) {
    if (tier.dims[d] < 1) {
      throw InputError(what + ": dims[" + std::to_string(d) + "] = " + std::to_string(tier.dims[d]) +
                       " (must be >= 1)");
    }
  }
  if (!(tier.link_bandwidth_bytes_per_s > 0) || !std::isfinite(tier.link_bandwidth_bytes_per_s)) {
    throw InputError(fmt::format("{}: link_bandwidth_bytes_per_s = {} (must be finite and > 0)", what,
                                 tier.link_bandwidth_bytes_per_s));
  }
  if (!(tier.achievable_fraction > 0 && tier.achievable_fraction <= 1)) {
    throw InputError(fmt::format("{}: achievable_fraction = {} (must be in (0, 1])", what, tier.achievable_fraction));
  }
  if (!(tier.link_latency_s >= 0) || !std::isfinite(tier.link_latency_s)) {
    throw InputError(fmt::format("{}: link_latency_s = {} (must be finite and >= 0)", what, tier.link_latency_s));
  }
}

}  // namespace

std::unique_ptr<Topology> make_topology(const NetworkSpec& spec) {
  if (spec.tiers.empty()) throw InputError("network: tiers is empty (need at least one tier)");
  int64_t endpoints = 1;
  for (size_t t = 0; t < spec.tiers.size(); ++t) {
    validate_tier(spec.tiers[t], t);
    for (int d : spec.tiers[t].dims) {
      endpoints *= d;
      if (endpoints > kMaxEndpoints) {
        throw InputError("network: more than " + std::to_string(kMaxEndpoints) + " endpoints (tier " +
                         std::to_string(t) + " '" + spec.tiers[t].name + "'); too large to simulate");
      }
    }
  }
  return make_tiered_topology(spec);
}

}  // namespace tessera
