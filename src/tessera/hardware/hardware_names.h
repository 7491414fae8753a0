#pragma once
// Names of the hardware enums as written in YAML and printed in reports.
#include <string_view>
#include <vector>

#include "tessera/hardware/hardware_spec.h"

namespace tessera {

std::string_view dataflow_name(Dataflow dataflow);
// Throws InputError("unknown dataflow 'x' (expected one of: os, ws, is)").
Dataflow parse_dataflow(std::string_view name);

std::string_view matrix_unit_kind_name(MatrixUnitKind kind);
MatrixUnitKind parse_matrix_unit_kind(std::string_view name);

// The accepted off-chip memory kinds (hbm2, hbm2e, hbm3, gddr6, ddr4, ddr5, lpddr4, lpddr5, host ...).
const std::vector<std::string_view>& off_chip_memory_kinds();
bool is_off_chip_memory_kind(std::string_view name);

}  // namespace tessera
