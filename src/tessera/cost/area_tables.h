#pragma once
// Silicon area per component as a function of dtype, technology node and memory kind. Tables and sources are in
// area_tables.cpp and docs/area-power.md; in short:
//   - logic: Horowitz's (ISSCC 2014) 45 nm adder and multiplier areas give the relative cost of each dtype; the
//     absolute scale is TPUv1's matrix unit (Jouppi et al., ISCA 2017: 24% of a < 331 mm^2, 28 nm die for 65,536
//     int8 MACs), which carries what a real MAC array has beyond the arithmetic (pipeline and weight registers, wires);
//   - node scaling: logic area inversely proportional to transistor density (Khan & Mann, CSET 2020); SRAM by the
//     published high-density 6T bit cell, at TPUv1's measured array efficiency;
//   - memory PHYs per channel (LLMCompass's die-shot figures; PHYs do not shrink with the node).
// Nodes from 4 to 65 nm are accepted; anything else throws InputError. 4 nm-class processes (TSMC N4, NVIDIA 4N) are
// N5 derivatives and use the 5 nm row.
#include <cstdint>
#include <string_view>

#include "tessera/core/dtype.h"

namespace tessera {

inline constexpr double kMinAreaNodeNm = 4.0;
inline constexpr double kMaxAreaNodeNm = 65.0;

// Share of a die outside the modelled blocks (control, I/O other than memory PHYs, clocking, white space): TPUv1's
// floor plan is 37% data buffers and 30% compute (Jouppi et al., ISCA 2017, Fig. 2), so 33% is everything else.
inline constexpr double kOtherAreaShare = 0.33;

// Throws InputError unless kMinAreaNodeNm <= technology_nm <= kMaxAreaNodeNm.
void check_area_node(double technology_nm);

// Million transistors per mm^2 of logic and the high-density SRAM bit cell at a node: log-log interpolation between
// the tabulated nodes.
double logic_density_mtr_per_mm2(double technology_nm);
double sram_bitcell_um2(double technology_nm);

// One multiply-accumulate (a multiply at `dtype` plus an add at accumulator_dtype(dtype)), one vector FMA (multiply
// and add at `dtype`) and one special-function unit (two fp32 multiplies and two fp32 adds, as in energy_tables.h).
double mac_area_mm2(DType dtype, double technology_nm);
double fma_area_mm2(DType dtype, double technology_nm);
double special_function_area_mm2(double technology_nm);

// An SRAM of `size_bytes`: bits x bit cell / array efficiency.
double sram_area_mm2(int64_t size_bytes, double technology_nm);

// One mesh router with `ports` ports of `flit_bits` each (area linear in ports x width).
double router_area_mm2(int ports, double flit_bits, double technology_nm);

// PHY channels an off-chip memory of `kind` needs for `bandwidth_bytes_per_s` (ceil of bandwidth over one channel's
// nominal rate) and their area. Kind "sram" has no PHY (0). Throws InputError for an unknown kind.
int memory_phy_channels(std::string_view kind, double bandwidth_bytes_per_s);
double memory_phy_area_mm2(std::string_view kind, double bandwidth_bytes_per_s);

}  // namespace tessera
