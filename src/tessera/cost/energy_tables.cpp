// Energy tables. Sources:
//   [H14] M. Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC 2014, 45 nm at 0.9 V:
//         int8 add 0.03 pJ, int8 mult 0.2 pJ, int32 add 0.1 pJ, int32 mult 3.1 pJ, fp16 add 0.4 pJ, fp16 mult 1.1 pJ,
//         fp32 add 0.9 pJ, fp32 mult 3.7 pJ; 64-bit SRAM read 10 pJ (8 KB), 20 pJ (32 KB), 100 pJ (1 MB);
//         DRAM 1.3-2.6 nJ per 64 bits.
//   [J21] N. Jouppi et al., "Ten Lessons From Three Generations Shaped Google's TPUv4i", ISCA 2021, Table 2: the same
//         operations at 7 nm: int8 add 0.007, int8 mult 0.07, fp16 add 0.16, fp16 mult 0.34, fp32 add 0.38,
//         fp32 mult 1.31 pJ (also reproduced in Wang et al., "BitNet", arXiv:2310.11453, Table 2).
//   [O17] M. O'Connor et al., "Fine-Grained DRAM", MICRO 2017: HBM2 about 3.9 pJ/bit.
//   [OS05] S. Oberman, M. Siu, "A high-performance area-efficient multifunction interpolator", ARITH 2005 (the
//         special-function unit of NVIDIA GPUs: table lookup plus quadratic interpolation).
// Node scaling: E(node) = E45 * (node / 45)^a with a = ln(E7 / E45) / ln(7 / 45), a power law through the two measured
// anchors of each operation (a = 0.46 .. 0.78), extrapolated outside 7-45 nm. Classical or PTM-based scaling
// (Stillmaker & Baas, Integration 2017) predicts 10-17x less energy from 45 to 7 nm; [J21]'s measured 2.4-4.3x is
// used instead because logic energy stopped scaling with Vdd near 0.7-0.8 V, which is [J21]'s lesson 1.
#include "tessera/cost/energy_tables.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "tessera/core/error.h"

namespace tessera {
namespace {

constexpr double kPico = 1e-12;

// One operation's energy at the two anchor nodes, in pJ.
struct Anchor {
  double at_45nm_pj;
  double at_7nm_pj;
};

constexpr Anchor kInt8Add{0.03, 0.007};   // [H14], [J21]
constexpr Anchor kInt8Mult{0.2, 0.07};    // [H14], [J21]
constexpr Anchor kFp16Add{0.4, 0.16};     // [H14], [J21]
constexpr Anchor kFp16Mult{1.1, 0.34};    // [H14], [J21]
constexpr Anchor kFp32Add{0.9, 0.38};     // [H14], [J21]
constexpr Anchor kFp32Mult{3.7, 1.31};    // [H14], [J21]

void check_node(double technology_nm) {
  if (!(technology_nm > 0)) {
    throw InputError("energy model: technology_nm must be > 0, got " + std::to_string(technology_nm));
  }
}

double node_exponent(const Anchor& anchor) {
  return std::log(anchor.at_7nm_pj / anchor.at_45nm_pj) / std::log(kModernNodeNm / kReferenceNodeNm);
}

// pJ at `technology_nm` on the power law through the anchor's two points.
double scaled_pj(const Anchor& anchor, double technology_nm) {
  check_node(technology_nm);
  return anchor.at_45nm_pj * std::pow(technology_nm / kReferenceNodeNm, node_exponent(anchor));
}

constexpr int kFp16SignificandBits = 11;
constexpr int kInt8Bits = 8;

// Off-chip energy in pJ per bit by memory kind.
struct OffChipEnergy {
  std::string_view kind;
  double pj_per_bit;
};

constexpr OffChipEnergy kOffChip[] = {
    {"hbm", 3.9},      // assumed: as HBM2 [O17]
    {"hbm2", 3.9},     // [O17]
    {"hbm2e", 3.9},    // assumed: as HBM2 [O17] (same interface, faster pins)
    {"hbm3", 3.9},     // assumed: as HBM2 [O17]; vendors claim modest per-bit gains not modelled
    {"hbm3e", 3.9},    // assumed: as HBM2 [O17]
    {"gddr5", 14.0},   // assumed: off-package I/O at about 3.5x HBM2's energy per bit
    {"gddr6", 7.5},    // assumed: about twice HBM2 per bit (matches the a10g preset)
    {"gddr6x", 7.5},   // assumed: as GDDR6 (PAM4 saves pins, not much energy per bit)
    {"ddr4", 15.0},    // assumed: DIMM including I/O; [H14]'s DDR3-era 20-40 pJ/bit less a node of improvement
    {"ddr5", 12.0},    // assumed: DDR4 less its lower 1.1 V supply
    {"lpddr4", 6.0},   // assumed: low-swing I/O, short board traces
    {"lpddr4x", 5.5},  // assumed: LPDDR4 with 0.6 V I/O
    {"lpddr5", 5.0},   // assumed (matches the simd_multicore preset)
    {"lpddr5x", 4.5},  // assumed: LPDDR5 with lower I/O voltage
    {"host", 12.5},    // assumed: PCIe link plus host DRAM (matches the edge_tpu preset)
};

}  // namespace

bool is_float_dtype(DType dtype) {
  switch (dtype) {
    case DType::fp32:
    case DType::tf32:
    case DType::bf16:
    case DType::fp16:
    case DType::fp8_e4m3:
    case DType::fp8_e5m2:
      return true;
    default:
      return false;
  }
}

int multiplier_bits(DType dtype) {
  switch (dtype) {
    case DType::fp32: return 24;
    case DType::tf32: return 11;
    case DType::fp16: return 11;
    case DType::bf16: return 8;
    case DType::fp8_e4m3: return 4;
    case DType::fp8_e5m2: return 3;
    default: return dtype_bits(dtype);  // integers; binary is 1
  }
}

DType accumulator_dtype(DType dtype) {
  if (is_float_dtype(dtype)) return DType::fp32;
  return dtype == DType::int64 ? DType::int64 : DType::int32;
}

// Floats other than fp16/fp32 scale fp16's adder linearly in significand bits (alignment shifter and significand
// adder; the exponent logic is ignored); integers scale int8's adder linearly in width ([H14]: int32 add 0.1 pJ,
// the rule gives 0.12).
double add_energy_j(DType dtype, double technology_nm) {
  if (dtype == DType::fp32) return scaled_pj(kFp32Add, technology_nm) * kPico;
  double bits = multiplier_bits(dtype);
  if (is_float_dtype(dtype)) return scaled_pj(kFp16Add, technology_nm) * bits / kFp16SignificandBits * kPico;
  return scaled_pj(kInt8Add, technology_nm) * bits / kInt8Bits * kPico;
}

// Array multipliers grow with the square of the operand width: floats other than fp32 scale fp16's multiplier by
// (significand bits / 11)^2, integers scale int8's by (bits / 8)^2 ([H14]: int32 mult 3.1 pJ, the rule gives 3.2).
double multiply_energy_j(DType dtype, double technology_nm) {
  if (dtype == DType::fp32) return scaled_pj(kFp32Mult, technology_nm) * kPico;
  double bits = multiplier_bits(dtype);
  if (is_float_dtype(dtype)) {
    double ratio = bits / kFp16SignificandBits;
    return scaled_pj(kFp16Mult, technology_nm) * ratio * ratio * kPico;
  }
  double ratio = bits / kInt8Bits;
  return scaled_pj(kInt8Mult, technology_nm) * ratio * ratio * kPico;
}

double mac_energy_j(DType dtype, double technology_nm) {
  return multiply_energy_j(dtype, technology_nm) + add_energy_j(accumulator_dtype(dtype), technology_nm);
}

double vector_op_energy_j(DType dtype, double technology_nm) {
  return 0.5 * (add_energy_j(dtype, technology_nm) + multiply_energy_j(dtype, technology_nm));
}

double special_op_energy_j(double technology_nm) {
  return 2.0 * (multiply_energy_j(DType::fp32, technology_nm) + add_energy_j(DType::fp32, technology_nm));
}

// [H14] at 45 nm, per byte of a 64-bit access: 1.25 pJ (8 KB), 2.5 pJ (32 KB), 12.5 pJ (1 MB); log-log interpolation
// between the points, the first segment's slope below 8 KB. Larger arrays are assumed banked in 1 MB banks, so the
// 1 MB figure holds above it (the wires to a far bank are not modelled). Node scaling: assumed like the fp32 adder
// (bit-line and wire capacitance at a Vdd that no longer scales), i.e. 0.42x from 45 to 7 nm.
double sram_energy_j_per_byte(int64_t size_bytes, double technology_nm) {
  constexpr double kSizes[] = {8192.0, 32768.0, 1048576.0};
  constexpr double kPjPerByte[] = {1.25, 2.5, 12.5};
  double size = std::max<double>(1.0, static_cast<double>(size_bytes));
  double pj;
  if (size >= kSizes[2]) {
    pj = kPjPerByte[2];
  } else {
    int seg = size < kSizes[1] ? 0 : 1;
    double slope = std::log(kPjPerByte[seg + 1] / kPjPerByte[seg]) / std::log(kSizes[seg + 1] / kSizes[seg]);
    pj = kPjPerByte[seg] * std::pow(size / kSizes[seg], slope);
  }
  check_node(technology_nm);
  double node_scale = std::pow(technology_nm / kReferenceNodeNm, node_exponent(kFp32Add));
  return pj * node_scale * kPico;
}

double off_chip_energy_j_per_byte(std::string_view kind, int64_t capacity_bytes, double technology_nm) {
  if (kind == "sram") return sram_energy_j_per_byte(capacity_bytes, technology_nm);
  for (const auto& entry : kOffChip) {
    if (entry.kind == kind) return entry.pj_per_bit * 8.0 * kPico;
  }
  throw InputError("energy model: no default energy per byte for off-chip memory kind '" + std::string(kind) + "'");
}

}  // namespace tessera
