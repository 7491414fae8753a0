#pragma once
// Names of the system-spec enums as written in data/systems/*.yaml and printed in reports.
#include <array>
#include <string_view>

#include "tessera/hardware/network_spec.h"

namespace tessera {

// In TopologyKind order.
inline constexpr std::array<std::string_view, 5> kTopologyKindNames = {"ring", "mesh2d", "torus2d", "torus3d",
                                                                       "switched"};

std::string_view topology_kind_name(TopologyKind kind);
// Throws InputError("unknown topology 'x' (expected one of: ring, mesh2d, torus2d, torus3d, switched)").
TopologyKind parse_topology_kind(std::string_view name);
// How many dims a tier of this topology has: 1 (ring, switched), 2 (mesh2d, torus2d) or 3 (torus3d).
size_t topology_dims_count(TopologyKind kind);

}  // namespace tessera
