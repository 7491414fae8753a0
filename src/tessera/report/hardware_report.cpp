#include "tessera/report/hardware_report.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tessera/core/error.h"
#include "tessera/cost/area_power.h"
#include "tessera/hardware/hardware_names.h"
#include "tessera/hardware/peaks.h"
#include "tessera/report/table.h"

namespace tessera {
namespace {

using Json = nlohmann::ordered_json;

double half_precision_peak(const SystemSpec& s) {
  return std::max(system_peak_flops_per_s(s, DType::fp16), system_peak_flops_per_s(s, DType::bf16));
}

std::string fixed(double value, int decimals) { return fmt::format("{:.{}f}", value, decimals); }

template <class Value>
Json dtype_object(const std::map<DType, Value>& table) {
  Json out = Json::object();
  for (const auto& [dtype, value] : table) out[std::string(dtype_name(dtype))] = value;
  return out;
}

Json memory_json(const MemoryLevel& m) {
  return {{"name", m.name}, {"size_bytes", m.size_bytes}, {"bandwidth_bytes_per_s", m.bandwidth_bytes_per_s},
          {"energy_j_per_byte", m.energy_j_per_byte}};
}

Json mesh_json(const MeshNetwork& n) {
  return {{"rows", n.rows}, {"cols", n.cols}, {"link_bandwidth_bytes_per_s", n.link_bandwidth_bytes_per_s},
          {"link_latency_s", n.link_latency_s}};
}

Json core_json(const CoreSpec& core) {
  Json out = {{"count", core.count}};
  if (core.matrix) {
    const MatrixUnit& m = *core.matrix;
    Json matrix = {{"kind", std::string(matrix_unit_kind_name(m.kind))}, {"count", m.count}};
    if (m.frequency_hz > 0) matrix["frequency_hz"] = m.frequency_hz;
    if (m.sustained_frequency_hz > 0) matrix["sustained_frequency_hz"] = m.sustained_frequency_hz;
    if (m.mainloop_efficiency < 1) matrix["mainloop_efficiency"] = m.mainloop_efficiency;
    if (m.kind == MatrixUnitKind::systolic) {
      Json flows = Json::array();
      for (Dataflow d : m.dataflows) flows.push_back(std::string(dataflow_name(d)));
      matrix["rows"] = m.rows;
      matrix["cols"] = m.cols;
      matrix["dataflows"] = flows;
      matrix["macs_per_pe_per_cycle"] = dtype_object(m.macs_per_pe_per_cycle);
    } else {
      matrix["macs_per_cycle"] = dtype_object(m.macs_per_cycle);
    }
    out["matrix"] = matrix;
  }
  if (core.vector) {
    out["vector"] = {{"lanes", core.vector->lanes},
                     {"ops_per_cycle", dtype_object(core.vector->ops_per_cycle)},
                     {"special_ops_per_cycle", core.vector->special_ops_per_cycle}};
  }
  Json memories = Json::array();
  for (const auto& m : core.memories) memories.push_back(memory_json(m));
  out["memories"] = memories;
  return out;
}

Json derived_json(const DeviceSpec& d) {
  Json peak = Json::object(), matrix = Json::object(), vector = Json::object(), ridge = Json::object();
  for (DType t : supported_dtypes(d)) {
    std::string name(dtype_name(t));
    peak[name] = device_peak_flops_per_s(d, t);
    matrix[name] = device_matrix_flops_per_s(d, t);
    vector[name] = device_vector_flops_per_s(d, t);
    ridge[name] = ridge_point_flop_per_byte(d, t);
  }
  Json levels = Json::array();
  for (const auto& m : memory_bandwidths(d)) {
    levels.push_back({{"level", m.level}, {"scope", m.scope}, {"instances", m.instances}, {"size_bytes", m.size_bytes},
                      {"bandwidth_bytes_per_s", m.bandwidth_bytes_per_s},
                      {"total_bandwidth_bytes_per_s", m.total_bandwidth_bytes_per_s}});
  }
  return {{"peak_flops_per_s", peak}, {"matrix_flops_per_s", matrix}, {"vector_flops_per_s", vector},
          {"ridge_point_flop_per_byte", ridge}, {"memory_bandwidths", levels}};
}

// The component model's area and TDP (cost/area_power.h) beside the spec's own figures; empty when the model has no
// data for the device (its node or memory kind), with the reason.
struct Estimate {
  std::optional<AreaBreakdown> area;
  std::optional<PowerBreakdown> power;
  std::string missing;
};

Estimate estimate(const DeviceSpec& d) {
  Estimate e;
  try {
    e.area = estimate_area(d);
    e.power = estimate_tdp(d);
  } catch (const InputError& error) {
    e.missing = error.what();
  }
  return e;
}

Json device_json(const DeviceSpec& d) {
  Json out = {{"name", d.name}, {"count", d.count}, {"frequency_hz", d.frequency_hz}, {"cores", core_json(d.cores)}};
  if (d.noc) out["noc"] = mesh_json(*d.noc);
  Json shared = Json::array();
  for (const auto& m : d.shared_memories) shared.push_back(memory_json(m));
  out["shared_memories"] = shared;
  out["off_chip"] = {{"kind", d.off_chip.kind}, {"capacity_bytes", d.off_chip.capacity_bytes},
                     {"bandwidth_bytes_per_s", d.off_chip.bandwidth_bytes_per_s},
                     {"energy_j_per_byte", d.off_chip.energy_j_per_byte}};
  out["tdp_w"] = d.tdp_w;
  out["area_mm2"] = d.area_mm2;
  out["technology_nm"] = d.technology_nm;
  out["derived"] = derived_json(d);
  Estimate e = estimate(d);
  if (e.area) out["estimated"] = {{"area_mm2", e.area->total_mm2()}, {"tdp_w", e.power->total_w()}};
  return out;
}

std::string spec_json(const SystemSpec& s) {
  Json devices = Json::array();
  for (const auto& d : s.devices) devices.push_back(device_json(d));
  Json out = {{"name", s.name}, {"description", s.description}, {"devices", devices}};
  if (s.interconnect) out["interconnect"] = mesh_json(*s.interconnect);
  Json peak = Json::object();
  for (DType t : supported_dtypes(s)) peak[std::string(dtype_name(t))] = system_peak_flops_per_s(s, t);
  out["totals"] = {{"peak_flops_per_s", peak},
                   {"off_chip_capacity_bytes", system_off_chip_capacity_bytes(s)},
                   {"off_chip_bandwidth_bytes_per_s", system_off_chip_bandwidth_bytes_per_s(s)},
                   {"tdp_w", system_tdp_w(s)}};
  return out.dump(2) + "\n";
}

std::string device_header(const DeviceSpec& d) {
  std::string cores = fmt::format("{} cores", d.cores.count);
  if (d.noc) {
    cores += fmt::format(" (mesh {} x {}, links {} GB/s, {} ns)", d.noc->rows, d.noc->cols,
                         fixed(d.noc->link_bandwidth_bytes_per_s / 1e9, 1), fixed(d.noc->link_latency_s * 1e9, 1));
  }
  Estimate e = estimate(d);
  std::string estimated = e.area ? fmt::format("component model: {} mm^2, {} W", fixed(e.area->total_mm2(), 0),
                                               fixed(e.power->total_w(), 0))
                                 : "component model: n/a (" + e.missing + ")";
  return fmt::format("device {}{}: {} MHz, {}, TDP {} W, {} mm^2, {} nm ({}; docs/area-power.md)\n", d.name,
                     d.count > 1 ? fmt::format(" x {}", d.count) : "", fixed(d.frequency_hz / 1e6, 0), cores,
                     fixed(d.tdp_w, 0), fixed(d.area_mm2, 0), fixed(d.technology_nm, 0), estimated);
}

std::string device_table(const DeviceSpec& d) {
  std::string out = device_header(d);
  TextTable peaks({"dtype", "matrix TFLOP/s", "vector TFLOP/s", "peak TFLOP/s", "ridge FLOP/B"});
  peaks.align_right({1, 2, 3, 4});
  for (DType t : supported_dtypes(d)) {
    peaks.add_row({std::string(dtype_name(t)), fixed(device_matrix_flops_per_s(d, t) / 1e12, 1),
                   fixed(device_vector_flops_per_s(d, t) / 1e12, 1), fixed(device_peak_flops_per_s(d, t) / 1e12, 1),
                   fixed(ridge_point_flop_per_byte(d, t), 1)});
  }
  TextTable memories({"memory", "scope", "size", "GB/s each", "GB/s total"});
  memories.align_right({2, 3, 4});
  for (const auto& m : memory_bandwidths(d)) {
    std::string scope = m.instances > 1 ? fmt::format("{} x {}", m.scope, m.instances) : m.scope;
    memories.add_row({m.level, scope, si_number(static_cast<double>(m.size_bytes)) + "B",
                      fixed(m.bandwidth_bytes_per_s / 1e9, 1), fixed(m.total_bandwidth_bytes_per_s / 1e9, 1)});
  }
  return out + "\n" + peaks.render() + "\n" + memories.render();
}

std::string spec_table(const SystemSpec& s) {
  std::string out = s.name + (s.description.empty() ? "" : ": " + s.description) + "\n\n";
  for (const auto& d : s.devices) out += device_table(d) + "\n";
  if (s.interconnect) {
    out += fmt::format("interconnect: mesh {} x {} devices, links {} GB/s, {} ns\n", s.interconnect->rows,
                       s.interconnect->cols, fixed(s.interconnect->link_bandwidth_bytes_per_s / 1e9, 1),
                       fixed(s.interconnect->link_latency_s * 1e9, 1));
    out += fmt::format("system: peak fp16/bf16 {} TFLOP/s, memory {} GB, {} GB/s, TDP {} W\n",
                       fixed(half_precision_peak(s) / 1e12, 1),
                       fixed(static_cast<double>(system_off_chip_capacity_bytes(s)) / 1e9, 1),
                       fixed(system_off_chip_bandwidth_bytes_per_s(s) / 1e9, 1), fixed(system_tdp_w(s), 0));
  }
  return out;
}

}  // namespace

std::string render_hardware_listing(const std::vector<SystemSpec>& systems, const std::string& format) {
  if (format == "json") {
    Json out = Json::array();
    for (const auto& s : systems) {
      out.push_back({{"name", s.name}, {"description", s.description},
                     {"peak_fp16_flops_per_s", system_peak_flops_per_s(s, DType::fp16)},
                     {"peak_bf16_flops_per_s", system_peak_flops_per_s(s, DType::bf16)},
                     {"off_chip_capacity_bytes", system_off_chip_capacity_bytes(s)},
                     {"off_chip_bandwidth_bytes_per_s", system_off_chip_bandwidth_bytes_per_s(s)},
                     {"tdp_w", system_tdp_w(s)}});
    }
    return out.dump(2) + "\n";
  }
  TextTable table({"hardware", "fp16/bf16 TFLOP/s", "memory GiB", "bandwidth GB/s", "TDP W", "description"});
  table.align_right({1, 2, 3, 4});
  for (const auto& s : systems) {
    double peak = half_precision_peak(s);
    table.add_row({s.name, peak > 0 ? fixed(peak / 1e12, 1) : "-",
                   fixed(static_cast<double>(system_off_chip_capacity_bytes(s)) / (1024.0 * 1024 * 1024), 1),
                   fixed(system_off_chip_bandwidth_bytes_per_s(s) / 1e9, 1), fixed(system_tdp_w(s), 0),
                   s.description});
  }
  return table.render();
}

std::string render_hardware_spec(const SystemSpec& system, const std::string& format) {
  return format == "json" ? spec_json(system) : spec_table(system);
}

}  // namespace tessera
