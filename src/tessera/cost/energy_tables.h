#pragma once
// Energy per arithmetic operation and per byte of memory access, as functions of dtype, technology node and memory
// kind. The tables and their sources are in energy_tables.cpp and docs/cost-models.md ("energy"); in short:
//   - add and multiply energies for int8, fp16 and fp32 at 45 nm (Horowitz, ISSCC 2014) and at 7 nm (Jouppi et al.,
//     ISCA 2021, Table 2), with a power law in the node through the two anchors for every other node;
//   - other dtypes derived from those anchors: multiplier energy quadratic in significand (or integer) bits, adder
//     energy linear in them;
//   - SRAM access energy by size (Horowitz's 8 KB / 32 KB / 1 MB figures) and off-chip energy per bit by memory kind.
// All energies are in joules.
#include <cstdint>
#include <string_view>

#include "tessera/core/dtype.h"

namespace tessera {

// The nodes at which the arithmetic tables are anchored.
inline constexpr double kReferenceNodeNm = 45.0;  // Horowitz ISSCC 2014 (0.9 V)
inline constexpr double kModernNodeNm = 7.0;      // Jouppi et al. ISCA 2021

// Bits of the multiplier operand: the significand with its implicit bit for floats (fp32 24, tf32 and fp16 11,
// bf16 8, fp8_e4m3 4, fp8_e5m2 3), the storage width for integers (binary 1).
int multiplier_bits(DType dtype);
bool is_float_dtype(DType dtype);
// The dtype a MAC accumulates in: fp32 for floats, int32 for integers up to 32 bits, int64 for int64.
DType accumulator_dtype(DType dtype);

// One elementary operation at `dtype` on a chip of `technology_nm`.
double add_energy_j(DType dtype, double technology_nm);
double multiply_energy_j(DType dtype, double technology_nm);
// One multiply-accumulate: a multiply at `dtype` plus an add at accumulator_dtype(dtype).
double mac_energy_j(DType dtype, double technology_nm);
// One vector-unit FLOP: the mean of an add and a multiply at `dtype` (assumed an even mix of the two).
double vector_op_energy_j(DType dtype, double technology_nm);
// One transcendental (exp, rsqrt, ...) on a quadratic-interpolation special-function unit: two fp32 multiplies and
// two fp32 adds after a table lookup (Oberman & Siu, ARITH 2005).
double special_op_energy_j(double technology_nm);

// Read or write energy per byte of an SRAM of `size_bytes` at `technology_nm` (for levels whose spec gives 0).
double sram_energy_j_per_byte(int64_t size_bytes, double technology_nm);
// Energy per byte of an off-chip memory of `kind` (off_chip_memory_kinds()); `capacity_bytes` sizes kind "sram".
// Throws InputError for an unknown kind.
double off_chip_energy_j_per_byte(std::string_view kind, int64_t capacity_bytes, double technology_nm);

}  // namespace tessera
