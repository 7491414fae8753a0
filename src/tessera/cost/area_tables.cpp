// Area tables. Sources:
//   [H14] M. Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC 2014, area at 45 nm:
//         int8 add 36, int8 mult 282, int32 add 137, int32 mult 3495, fp16 add 1360, fp16 mult 1640, fp32 add 4184,
//         fp32 mult 7700 um^2.
//   [J17] N. Jouppi et al., "In-Datacenter Performance Analysis of a Tensor Processing Unit", ISCA 2017: TPUv1 die
//         < 331 mm^2 at 28 nm (Table 2); floor plan (Fig. 2): Matrix Multiply Unit (65,536 int8 MACs) 24%, Unified
//         Buffer (24 MiB) 29%, Accumulators (4 MiB) 6%; data buffers 37%, compute 30%, I/O 10%, control 2%.
//   [KM20] S. Khan, A. Mann, "AI Chips: What They Are and Why They Matter", CSET 2020: transistor density by node,
//         MTr/mm^2: 65 nm 3.3, 40 nm 7.7, 28 nm 15.3, 20 nm 22.1, 16/14 nm 28.9, 10 nm 52.5, 7 nm 96.3, 5 nm 138.2
//         (also the table of LLMCompass's cost model, PrincetonUniversity/LLMCompass cost_model/supply_chain).
//   [SC]  TSMC high-density 6T SRAM bit cells as published at IEDM/VLSI (65 nm 0.499, 40 nm 0.242, 28 nm 0.127,
//         20 nm 0.081, 16 nm 0.074, 10 nm 0.042, 7 nm 0.027, 5 nm 0.021 um^2); the 5 nm cell is confirmed by TSMC's
//         IEDM 2022 N3E report (same 0.021 um^2 as N5); the others are the commonly cited values, not re-verified here.
//   [LC]  H. Zhang et al., LLMCompass (ISCA 2024), cost_model/cost_model.py: PHY area per channel from die shots, not
//         scaled with the node: HBM2e 10.45 mm^2 per 1024-bit stack, DDR5 1.45 mm^2 per 32 bits, PCIe4 0.48 mm^2
//         per lane.
//   [V08] S. Vangal et al., "An 80-Tile Sub-100-W TeraFLOPS Processor in 65-nm CMOS", JSSC 2008: a 5-port router
//         with 39-bit links in 0.34 mm^2 at 65 nm (as reported; not re-verified here).
#include "tessera/cost/area_tables.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>

#include "tessera/core/error.h"
#include "tessera/cost/energy_tables.h"

namespace tessera {
namespace {

constexpr double kUm2PerMm2 = 1e6;

struct NodeRow {
  double node_nm;
  double logic_mtr_per_mm2;
  double sram_bitcell_um2;
};

// Ascending nodes.
constexpr NodeRow kNodes[] = {
    {5, 138.2, 0.021},  // [KM20], [SC]
    {7, 96.3, 0.027},   // [KM20], [SC]
    {10, 52.5, 0.042},  // [KM20], [SC]
    {12, 34.7, 0.074},  // assumed: 12FFC is a 16FF shrink, TSMC's "up to 20% smaller" -> 28.9 / 0.833; 16 nm cell
    {16, 28.9, 0.074},  // [KM20], [SC]
    {20, 22.1, 0.081},  // [KM20], [SC]
    {28, 15.3, 0.127},  // [KM20], [SC]
    {40, 7.7, 0.242},   // [KM20], [SC]
    {65, 3.3, 0.499},   // [KM20], [SC]
};

// Log-log interpolation of column `value` between the rows around `technology_nm`; nodes below 5 nm use the 5 nm row.
template <typename Column>
double interpolate(double technology_nm, Column value) {
  check_area_node(technology_nm);
  double node = std::max(technology_nm, kNodes[0].node_nm);
  for (std::size_t i = 1; i < std::size(kNodes); ++i) {
    const NodeRow& lo = kNodes[i - 1];
    const NodeRow& hi = kNodes[i];
    if (node <= hi.node_nm) {
      double t = std::log(node / lo.node_nm) / std::log(hi.node_nm / lo.node_nm);
      return value(lo) * std::pow(value(hi) / value(lo), t);
    }
  }
  return value(kNodes[std::size(kNodes) - 1]);
}

// [H14] areas at 45 nm, um^2.
constexpr double kInt8AddUm2 = 36;
constexpr double kInt8MultUm2 = 282;
constexpr double kInt32AddUm2 = 137;
constexpr double kInt32MultUm2 = 3495;
constexpr double kFp16AddUm2 = 1360;
constexpr double kFp16MultUm2 = 1640;
constexpr double kFp32AddUm2 = 4184;
constexpr double kFp32MultUm2 = 7700;

constexpr int kFp16SignificandBits = 11;
constexpr int kInt8Bits = 8;

// Other dtypes follow the energy tables' rules: multipliers quadratic, adders linear in significand (integer) bits.
double add_um2_at_45nm(DType dtype) {
  if (dtype == DType::fp32) return kFp32AddUm2;
  if (dtype == DType::int32) return kInt32AddUm2;
  double bits = multiplier_bits(dtype);
  return is_float_dtype(dtype) ? kFp16AddUm2 * bits / kFp16SignificandBits : kInt8AddUm2 * bits / kInt8Bits;
}

double multiply_um2_at_45nm(DType dtype) {
  if (dtype == DType::fp32) return kFp32MultUm2;
  if (dtype == DType::int32) return kInt32MultUm2;
  double reference_bits = is_float_dtype(dtype) ? kFp16SignificandBits : kInt8Bits;
  double ratio = multiplier_bits(dtype) / reference_bits;
  return (is_float_dtype(dtype) ? kFp16MultUm2 : kInt8MultUm2) * ratio * ratio;
}

// [J17] TPUv1.
constexpr double kTpuV1DieMm2 = 331;  // upper bound ("< 331")
constexpr double kTpuV1NodeNm = 28;
constexpr double kTpuV1MatrixShare = 0.24;
constexpr double kTpuV1Macs = 65536;
constexpr double kTpuV1SramShare = 0.29 + 0.06;                // Unified Buffer + Accumulators
constexpr double kTpuV1SramBits = (24.0 + 4.0) * 1048576 * 8;  // 24 MiB + 4 MiB
constexpr double kTpuV1BitcellUm2 = 0.127;                     // [SC] 28 nm

// Real area at 28 nm per um^2 of [H14] 45 nm arithmetic: one TPUv1 int8 MAC (1212 um^2) over [H14]'s int8 multiply
// plus int32 add (419 um^2) = 2.89. It folds the 45 -> 28 nm shrink and everything a real MAC array holds besides
// the arithmetic.
constexpr double kTpuV1MacUm2 = kTpuV1MatrixShare * kTpuV1DieMm2 * kUm2PerMm2 / kTpuV1Macs;
constexpr double kRealUm2PerH14Um2At28nm = kTpuV1MacUm2 / (kInt8MultUm2 + kInt32AddUm2);

// Bit-cell area over macro area in TPUv1's buffers: 0.26 (periphery, redundancy, wide ports, wiring). Assumed to
// hold at every size and node.
constexpr double kSramArrayEfficiency =
    kTpuV1SramBits * kTpuV1BitcellUm2 / (kTpuV1SramShare * kTpuV1DieMm2 * kUm2PerMm2);

// Logic of [H14] area `um2_at_45nm` built at `technology_nm`, in mm^2.
double logic_mm2(double um2_at_45nm, double technology_nm) {
  double shrink = logic_density_mtr_per_mm2(kTpuV1NodeNm) / logic_density_mtr_per_mm2(technology_nm);
  return um2_at_45nm * kRealUm2PerH14Um2At28nm * shrink / kUm2PerMm2;
}

// [V08]: 0.34 mm^2 over 5 ports x 39 bits at 65 nm; a laid-out router, so no TPUv1 overhead on top.
constexpr double kRouterMm2PerPortBitAt65nm = 0.34 / (5 * 39);
constexpr double kRouterNodeNm = 65;

struct MemoryPhy {
  std::string_view kind;
  double channel_bits;
  double gbps_per_pin;  // nominal data rate of the generation
  double mm2_per_channel;
};

constexpr MemoryPhy kPhys[] = {
    {"hbm", 1024, 1.0, 10.45},     // JESD235 1 Gb/s; area assumed as HBM2e [LC]
    {"hbm2", 1024, 2.0, 10.45},    // JESD235A 2 Gb/s; area assumed as HBM2e [LC]
    {"hbm2e", 1024, 3.2, 10.45},   // 3.2 Gb/s (A100's 2039 GB/s over 5 stacks); [LC]
    {"hbm3", 1024, 6.4, 10.45},    // JESD238 6.4 Gb/s; area assumed as HBM2e [LC]
    {"hbm3e", 1024, 9.6, 10.45},   // vendor 9.6 Gb/s parts; area assumed as HBM2e [LC]
    {"gddr5", 32, 8.0, 2.9},       // assumed: twice a DDR5 32-bit PHY [LC] for single-ended high-speed I/O
    {"gddr6", 32, 16.0, 2.9},      // assumed: as GDDR5
    {"gddr6x", 32, 21.0, 2.9},     // assumed: as GDDR5
    {"ddr4", 64, 3.2, 2.9},        // DDR4-3200 channel; assumed two DDR5 32-bit PHYs [LC]
    {"ddr5", 32, 4.8, 1.45},       // DDR5-4800 sub-channel; [LC]
    {"lpddr4", 16, 4.266, 0.725},  // assumed: half a DDR5 32-bit PHY [LC] per 16-bit channel
    {"lpddr4x", 16, 4.266, 0.725},
    {"lpddr5", 16, 6.4, 0.725},
    {"lpddr5x", 16, 8.533, 0.725},
    {"host", 1, 16.0, 0.48},  // PCIe 4.0 lanes (16 GT/s); [LC] PCIe4 0.48 mm^2 per lane
    {"sram", 1, 1.0, 0.0},    // on-chip: no PHY
};

const MemoryPhy& memory_phy(std::string_view kind) {
  for (const auto& phy : kPhys) {
    if (phy.kind == kind) return phy;
  }
  throw InputError("area model: no PHY data for off-chip memory kind '" + std::string(kind) + "'");
}

}  // namespace

void check_area_node(double technology_nm) {
  if (!(technology_nm >= kMinAreaNodeNm && technology_nm <= kMaxAreaNodeNm)) {
    throw InputError("area model: technology_nm must be within " + std::to_string(kMinAreaNodeNm) + ".." +
                     std::to_string(kMaxAreaNodeNm) + " nm (the tabulated nodes), got " +
                     std::to_string(technology_nm));
  }
}

double logic_density_mtr_per_mm2(double technology_nm) {
  return interpolate(technology_nm, [](const NodeRow& row) { return row.logic_mtr_per_mm2; });
}

double sram_bitcell_um2(double technology_nm) {
  return interpolate(technology_nm, [](const NodeRow& row) { return row.sram_bitcell_um2; });
}

double mac_area_mm2(DType dtype, double technology_nm) {
  return logic_mm2(multiply_um2_at_45nm(dtype) + add_um2_at_45nm(accumulator_dtype(dtype)), technology_nm);
}

double fma_area_mm2(DType dtype, double technology_nm) {
  return logic_mm2(multiply_um2_at_45nm(dtype) + add_um2_at_45nm(dtype), technology_nm);
}

double special_function_area_mm2(double technology_nm) {
  return logic_mm2(2.0 * (kFp32MultUm2 + kFp32AddUm2), technology_nm);
}

double sram_area_mm2(int64_t size_bytes, double technology_nm) {
  double bits = 8.0 * static_cast<double>(size_bytes);
  return bits * sram_bitcell_um2(technology_nm) / kSramArrayEfficiency / kUm2PerMm2;
}

double router_area_mm2(int ports, double flit_bits, double technology_nm) {
  double shrink = logic_density_mtr_per_mm2(kRouterNodeNm) / logic_density_mtr_per_mm2(technology_nm);
  return ports * flit_bits * kRouterMm2PerPortBitAt65nm * shrink;
}

int memory_phy_channels(std::string_view kind, double bandwidth_bytes_per_s) {
  const MemoryPhy& phy = memory_phy(kind);
  if (phy.mm2_per_channel == 0) return 0;
  double channel_bytes_per_s = phy.channel_bits * phy.gbps_per_pin * 1e9 / 8.0;
  // A small tolerance keeps a bandwidth quoted at exactly n channels from rounding up to n + 1.
  return static_cast<int>(std::ceil(bandwidth_bytes_per_s / channel_bytes_per_s - 1e-6));
}

double memory_phy_area_mm2(std::string_view kind, double bandwidth_bytes_per_s) {
  return memory_phy_channels(kind, bandwidth_bytes_per_s) * memory_phy(kind).mm2_per_channel;
}

}  // namespace tessera
