#include "tessera/hardware/hardware_names.h"

#include <algorithm>
#include <array>

#include "tessera/core/enum_names.h"

namespace tessera {
namespace {

constexpr std::array<std::string_view, 3> kDataflows{"os", "ws", "is"};
constexpr std::array<std::string_view, 2> kMatrixKinds{"systolic", "mma"};

}  // namespace

std::string_view dataflow_name(Dataflow dataflow) { return kDataflows[static_cast<size_t>(dataflow)]; }

Dataflow parse_dataflow(std::string_view name) { return parse_enum_name<Dataflow>(kDataflows, name, "dataflow"); }

std::string_view matrix_unit_kind_name(MatrixUnitKind kind) { return kMatrixKinds[static_cast<size_t>(kind)]; }

MatrixUnitKind parse_matrix_unit_kind(std::string_view name) {
  return parse_enum_name<MatrixUnitKind>(kMatrixKinds, name, "matrix unit kind");
}

const std::vector<std::string_view>& off_chip_memory_kinds() {
  // host: no memory of its own; data streams from the host over its link (Edge TPU over PCIe/USB).
  static const std::vector<std::string_view> kinds{"hbm",  "hbm2",    "hbm2e",  "hbm3",   "hbm3e", "gddr5",
                                                   "gddr6", "gddr6x", "ddr4",   "ddr5",   "lpddr4", "lpddr4x",
                                                   "lpddr5", "lpddr5x", "sram", "host"};
  return kinds;
}

bool is_off_chip_memory_kind(std::string_view name) {
  const auto& kinds = off_chip_memory_kinds();
  return std::find(kinds.begin(), kinds.end(), name) != kinds.end();
}

}  // namespace tessera
