// Parsing a device's `cores` section: count, matrix unit, vector unit, per-core memories.
#include <algorithm>
#include <type_traits>

#include "tessera/core/error.h"
#include "tessera/hardware/hardware_names.h"
#include "tessera/hardware/spec_parsers.h"
#include "tessera/hardware/yaml_fields.h"

namespace tessera::spec_parsers {
namespace {

// A mapping dtype -> number; `integral` requires whole numbers.
template <class Value>
std::map<DType, Value> parse_dtype_table(const YamlFields& fields, const std::string& key, const std::string& unit) {
  YAML::Node node = fields.required(key);
  std::string path = fields.path_of(key);
  if (!node.IsMap() || node.size() == 0) {
    throw_field_error(fields.file(), path, "expected a mapping dtype -> " + unit + ", got " + describe_node(node));
  }
  std::map<DType, Value> out;
  for (const auto& entry : node) {
    std::string name = entry.first.IsScalar() ? entry.first.Scalar() : describe_node(entry.first);
    DType dtype{};
    try {
      dtype = parse_dtype(name);
    } catch (const InputError& e) {
      throw_field_error(fields.file(), child_path(path, name), e.what());
    }
    std::string value_path = child_path(path, name);
    if constexpr (std::is_same_v<Value, int>) {
      int64_t v = read_integer(entry.second, fields.file(), value_path, unit, false);
      if (v > 1'000'000) throw_field_error(fields.file(), value_path, "expected at most 1000000, got " + describe_node(entry.second));
      out[dtype] = static_cast<int>(v);
    } else {
      out[dtype] = read_number(entry.second, fields.file(), value_path, unit, false);
    }
  }
  return out;
}

int small_int(const YamlFields& fields, const std::string& key, const std::string& unit) {
  int64_t v = fields.integer(key, unit);
  if (v > 100'000'000) fields.fail(key, "expected at most 100000000 (" + unit + "), got " + std::to_string(v));
  return static_cast<int>(v);
}

std::vector<Dataflow> parse_dataflows(const YamlFields& fields) {
  YAML::Node node = fields.required("dataflows");
  std::string path = fields.path_of("dataflows");
  require_list(node, fields.file(), path);
  if (node.size() == 0) throw_field_error(fields.file(), path, "expected at least one dataflow (os, ws, is), got an empty list");
  std::vector<Dataflow> out;
  for (size_t i = 0; i < node.size(); ++i) {
    std::string item_path = index_path(path, i);
    std::string name = read_string(node[i], fields.file(), item_path);
    Dataflow d{};
    try {
      d = parse_dataflow(name);
    } catch (const InputError& e) {
      throw_field_error(fields.file(), item_path, e.what());
    }
    if (std::find(out.begin(), out.end(), d) != out.end()) {
      throw_field_error(fields.file(), item_path, "dataflow '" + name + "' listed twice");
    }
    out.push_back(d);
  }
  return out;
}

MatrixUnit parse_matrix(const YAML::Node& node, const std::string& file, const std::string& path) {
  if (!node.IsMap()) throw_field_error(file, path, "expected a mapping, got " + describe_node(node));
  MatrixUnit unit;
  if (!node["kind"].IsDefined()) throw_field_error(file, child_path(path, "kind"), "missing required field (systolic or mma)");
  std::string kind = read_string(node["kind"], file, child_path(path, "kind"));
  try {
    unit.kind = parse_matrix_unit_kind(kind);
  } catch (const InputError& e) {
    throw_field_error(file, child_path(path, "kind"), e.what());
  }
  if (unit.kind == MatrixUnitKind::systolic) {
    YamlFields f(node, file, path, {"kind", "count", "rows", "cols", "dataflows", "macs_per_pe_per_cycle", "frequency_hz", "sustained_frequency_hz"});
    unit.rows = small_int(f, "rows", "PEs");
    unit.cols = small_int(f, "cols", "PEs");
    unit.dataflows = parse_dataflows(f);
    unit.macs_per_pe_per_cycle = parse_dtype_table<int>(f, "macs_per_pe_per_cycle", "MACs per PE per cycle");
    if (f.has("count")) unit.count = small_int(f, "count", "units per core");
  } else {
    YamlFields f(node, file, path,
                 {"kind", "count", "macs_per_cycle", "frequency_hz", "sustained_frequency_hz", "mainloop_efficiency"});
    unit.macs_per_cycle = parse_dtype_table<double>(f, "macs_per_cycle", "MACs per cycle");
    if (f.has("count")) unit.count = small_int(f, "count", "units per core");
    if (f.has("mainloop_efficiency")) unit.mainloop_efficiency = f.fraction("mainloop_efficiency", "fraction of the peak");
  }
  for (auto [key, field] : {std::pair{"frequency_hz", &unit.frequency_hz},
                             std::pair{"sustained_frequency_hz", &unit.sustained_frequency_hz}}) {
    if (node[key].IsDefined()) *field = read_number(node[key], file, child_path(path, key), "Hz", false);
  }
  return unit;
}

VectorUnit parse_vector(const YAML::Node& node, const std::string& file, const std::string& path) {
  YamlFields f(node, file, path, {"lanes", "ops_per_cycle", "special_ops_per_cycle"});
  VectorUnit unit;
  unit.lanes = small_int(f, "lanes", "lanes");
  unit.ops_per_cycle = parse_dtype_table<double>(f, "ops_per_cycle", "ops per cycle");
  unit.special_ops_per_cycle = f.number("special_ops_per_cycle", "ops per cycle", true);
  return unit;
}

}  // namespace

MemoryLevel parse_memory_level(const YAML::Node& node, const std::string& file, const std::string& path) {
  YamlFields f(node, file, path, {"name", "size_bytes", "bandwidth_bytes_per_s", "energy_j_per_byte"});
  MemoryLevel level;
  level.name = f.string("name");
  level.size_bytes = f.integer("size_bytes", "bytes");
  level.bandwidth_bytes_per_s = f.number("bandwidth_bytes_per_s", "bytes/s");
  level.energy_j_per_byte = f.number("energy_j_per_byte", "J/byte", true);
  return level;
}

std::vector<MemoryLevel> parse_memory_list(const YAML::Node& node, const std::string& file, const std::string& path) {
  require_list(node, file, path);
  std::vector<MemoryLevel> out;
  for (size_t i = 0; i < node.size(); ++i) out.push_back(parse_memory_level(node[i], file, index_path(path, i)));
  return out;
}

MeshNetwork parse_mesh(const YAML::Node& node, const std::string& file, const std::string& path) {
  YamlFields f(node, file, path, {"rows", "cols", "link_bandwidth_bytes_per_s", "link_latency_s"});
  MeshNetwork mesh;
  mesh.rows = small_int(f, "rows", "nodes");
  mesh.cols = small_int(f, "cols", "nodes");
  mesh.link_bandwidth_bytes_per_s = f.number("link_bandwidth_bytes_per_s", "bytes/s");
  mesh.link_latency_s = f.number("link_latency_s", "s", true);
  return mesh;
}

CoreSpec parse_core(const YAML::Node& node, const std::string& file, const std::string& path) {
  YamlFields f(node, file, path, {"count", "matrix", "vector", "memories"});
  CoreSpec core;
  core.count = small_int(f, "count", "cores");
  if (f.has("matrix")) core.matrix = parse_matrix(f.required("matrix"), file, f.path_of("matrix"));
  if (f.has("vector")) core.vector = parse_vector(f.required("vector"), file, f.path_of("vector"));
  if (!core.matrix && !core.vector) throw_field_error(file, path, "expected a matrix or a vector unit (or both), got neither");
  if (f.has("memories")) core.memories = parse_memory_list(f.required("memories"), file, f.path_of("memories"));
  return core;
}

}  // namespace tessera::spec_parsers
