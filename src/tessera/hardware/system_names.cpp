#include "tessera/hardware/system_names.h"

#include "tessera/core/enum_names.h"

namespace tessera {

std::string_view topology_kind_name(TopologyKind kind) { return kTopologyKindNames.at(static_cast<size_t>(kind)); }

TopologyKind parse_topology_kind(std::string_view name) {
  return parse_enum_name<TopologyKind>(kTopologyKindNames, name, "topology");
}

size_t topology_dims_count(TopologyKind kind) {
  switch (kind) {
    case TopologyKind::ring:
    case TopologyKind::switched:
      return 1;
    case TopologyKind::mesh2d:
    case TopologyKind::torus2d:
      return 2;
    case TopologyKind::torus3d:
      return 3;
  }
  return 0;
}

}  // namespace tessera
