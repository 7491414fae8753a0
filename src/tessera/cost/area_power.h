#pragma once
// Die area and TDP of a device spec from per-component models (docs/area-power.md). The per-component tables are in
// area_tables.h (area) and energy_tables.h (energy); both read DeviceSpec::technology_nm, which must lie within
// kMinAreaNodeNm..kMaxAreaNodeNm (else InputError).
//
// Area: each matrix and vector unit is one datapath built for its costliest dtype per operation (the others pack into
// it), so its area is MACs/cycle x area per MAC at that dtype (ties: the larger product); SRAM is bits x bit cell /
// array efficiency; routers per mesh node; memory PHYs per channel; everything else (control, register files, I/O,
// white space) is the fixed share kOtherAreaShare of the die.
//
// TDP: the power the energy model (energy_model.h) charges with every unit at its peak rate: the costlier of the
// matrix unit (peak MACs/s x energy per MAC, at the most power-hungry dtype) and the vector unit (peak ops/s x energy
// per op plus special functions), since peaks.h does not run both at full rate at once; plus every memory level's
// bandwidth x its energy per byte; plus every mesh link's bandwidth x one router hop; static power is
// kStaticPowerShareOfTdp of the total. Instruction fetch, scheduling and register files are not charged.
#include "tessera/hardware/hardware_spec.h"

namespace tessera {

struct AreaBreakdown {
  double matrix_mm2 = 0;
  double vector_mm2 = 0;  // vector ALUs and special-function units
  double sram_mm2 = 0;    // every on-chip memory level (and an off-chip memory of kind "sram")
  double noc_mm2 = 0;     // mesh routers
  double memory_phy_mm2 = 0;
  double io_and_other_mm2 = 0;
  double total_mm2() const { return matrix_mm2 + vector_mm2 + sram_mm2 + noc_mm2 + memory_phy_mm2 + io_and_other_mm2; }
};

struct PowerBreakdown {  // at full load: a TDP-like figure
  double compute_w = 0;
  double sram_w = 0;
  double noc_w = 0;
  double memory_w = 0;  // off-chip
  double static_w = 0;
  double total_w() const { return compute_w + sram_w + noc_w + memory_w + static_w; }
};

AreaBreakdown estimate_area(const DeviceSpec& device);
PowerBreakdown estimate_tdp(const DeviceSpec& device);

}  // namespace tessera
