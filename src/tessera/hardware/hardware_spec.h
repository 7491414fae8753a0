#pragma once
// The hardware spec: plain, comparable data parsed from YAML (docs/hardware.md). No behaviour lives here; derived
// quantities (peak FLOP/s, ridge points) are functions in peaks.h, and cost models read these structs.
//
//   SystemSpec > DeviceSpec (x count) > CoreSpec (x cores) > {MatrixUnit, VectorUnit, MemoryLevel}
//   DeviceSpec also holds the shared memory levels, the off-chip memory and the on-chip network between cores;
//   SystemSpec holds the network between devices.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tessera/core/dtype.h"

namespace tessera {

// Which operand stays in the PEs of a systolic array: output, weight or input stationary (SCALE-Sim's os/ws/is).
enum class Dataflow { os, ws, is };

// systolic: a rows x cols PE array (TPU MXU, Edge TPU); mma: a tensor-core style unit given as MACs/cycle per dtype.
enum class MatrixUnitKind { systolic, mma };

struct MatrixUnit {
  MatrixUnitKind kind = MatrixUnitKind::mma;
  int count = 1;  // identical units per core
  // The clock while the unit computes, when it differs from the device clock (0: the device's). H100 SXM quotes its
  // tensor-core peaks at 1830 MHz and its CUDA-core peaks at the 1980 MHz max boost (whitepaper Table 3).
  double frequency_hz = 0;
  // The clock the unit holds under sustained full load when the device's power limit throttles it (0: no throttling
  // known). Datasheet peaks use frequency_hz; the gpu cost model, which predicts achieved throughput, uses this.
  double sustained_frequency_hz = 0;
  // mma only: the share of the peak at the sustained clock that a large tensor-op GEMM's main loop sustains inside a
  // tile (instruction issue, operand delivery from shared memory, synchronisation); 1 when not measured.
  double mainloop_efficiency = 1;
  // systolic only
  int rows = 0;
  int cols = 0;
  std::vector<Dataflow> dataflows;
  std::map<DType, int> macs_per_pe_per_cycle;  // packing: e.g. int8 2 when a PE does two 8-bit MACs per cycle
  // mma only: MACs per cycle of one unit, per dtype
  std::map<DType, double> macs_per_cycle;

  bool operator==(const MatrixUnit&) const = default;
};

struct VectorUnit {
  int lanes = 0;
  // Elementwise operations per cycle of the whole unit, per dtype; an FMA is one op and two FLOPs.
  std::map<DType, double> ops_per_cycle;
  double special_ops_per_cycle = 0;  // exp, rsqrt, sigmoid ... (SFU) results per cycle

  bool operator==(const VectorUnit&) const = default;
};

// An on-chip memory: per core (registers, scratchpad, L1) or shared by the device's cores (L2, global SRAM).
struct MemoryLevel {
  std::string name;
  int64_t size_bytes = 0;
  double bandwidth_bytes_per_s = 0;  // of one instance (one core's, or the shared level's total)
  double energy_j_per_byte = 0;

  bool operator==(const MemoryLevel&) const = default;
};

struct OffChipMemory {
  std::string kind;  // hbm2, hbm2e, hbm3, gddr6, ddr4, lpddr4, host ... (hardware_names.h)
  int64_t capacity_bytes = 0;
  double bandwidth_bytes_per_s = 0;
  double energy_j_per_byte = 0;

  bool operator==(const OffChipMemory&) const = default;
};

struct CoreSpec {
  int count = 0;  // cores per device
  std::optional<MatrixUnit> matrix;
  std::optional<VectorUnit> vector;
  std::vector<MemoryLevel> memories;  // innermost first

  bool operator==(const CoreSpec&) const = default;
};

// A 2-D mesh of cores (on chip) or of devices (between chips); link figures are per direction of one link.
struct MeshNetwork {
  int rows = 0;
  int cols = 0;
  double link_bandwidth_bytes_per_s = 0;
  double link_latency_s = 0;

  bool operator==(const MeshNetwork&) const = default;
};

struct DeviceSpec {
  std::string name;
  int count = 1;  // identical devices in the system
  double frequency_hz = 0;
  CoreSpec cores;
  std::optional<MeshNetwork> noc;              // absent: cores reach shared memory through an unmodelled crossbar
  std::vector<MemoryLevel> shared_memories;  // innermost first
  OffChipMemory off_chip;
  double tdp_w = 0;
  double area_mm2 = 0;
  double technology_nm = 0;
  std::string cost_model;  // the cost model built for this kind of device, which `--cost auto` uses (empty: none)

  bool operator==(const DeviceSpec&) const = default;
};

struct SystemSpec {
  std::string name;
  std::string description;
  std::vector<DeviceSpec> devices;
  std::optional<MeshNetwork> interconnect;  // between devices; required when the system has more than one

  bool operator==(const SystemSpec&) const = default;
};

}  // namespace tessera
