#include "tessera/explore/design_space.h"

#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "tessera/core/dtype.h"
#include "tessera/core/registry.h"
#include "tessera/cost/auto_cost.h"
#include "tessera/cost/op_cost.h"
#include "tessera/passes/pass.h"
#include "tessera/sim/parallel_plan.h"
#include "tessera/core/error.h"
#include "tessera/core/text_file.h"
#include "tessera/explore/objectives.h"
#include "tessera/explore/system_workload.h"
#include "tessera/explore/yaml_path.h"
#include "tessera/hardware/hardware_loader.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/hardware/yaml_fields.h"

namespace tessera {
namespace {

const char* const kOptions[] = {"passes", "cost", "parallel"};
constexpr int64_t kMaxSearchBatch = 1 << 20;

// Throws InputError naming the known cost models ("auto" included) for an unknown one.
void check_cost_model_name(const std::string& name) {
  if (name != kAutoCostModel) Registry<CostModel>::instance().create(name, "cost model");
}

bool is_option_name(const std::string& name) {
  for (const char* option : kOptions) {
    if (name == option) return true;
  }
  return false;
}

DesignParameter parse_parameter(const YAML::Node& node, const std::string& file, const std::string& path) {
  YamlFields f(node, file, path, {"field", "option", "values", "range", "integer", "log2"});
  DesignParameter p;
  if (f.has("field") == f.has("option")) f.fail("field", "give exactly one of 'field' (a hardware YAML path) or 'option'");
  p.is_option = f.has("option");
  p.name = f.string(p.is_option ? "option" : "field");
  if (p.is_option && !is_option_name(p.name)) f.fail("option", "unknown option '" + p.name + "' (expected passes, cost or parallel)");
  if (f.has("values") == f.has("range")) f.fail("values", "give exactly one of 'values' (a list) or 'range' ([low, high])");
  if (f.has("values")) {
    YAML::Node values = f.required("values");
    require_list(values, file, f.path_of("values"));
    if (values.size() == 0) f.fail("values", "expected at least one value");
    for (const auto& v : values) p.values.push_back(YAML::Clone(v));
    if (f.has("integer") || f.has("log2")) f.fail("values", "'integer' and 'log2' apply to a range only");
    if (p.is_option) {
      for (size_t i = 0; i < p.values.size(); ++i) {
        if (!p.values[i].IsScalar()) throw_field_error(file, index_path(f.path_of("values"), i), "expected text");
      }
    }
    return p;
  }
  if (p.is_option) f.fail("range", "an option takes a list of values, not a range");
  YAML::Node range = f.required("range");
  require_list(range, file, f.path_of("range"));
  if (range.size() != 2) f.fail("range", fmt::format("expected [low, high], got {} items", range.size()));
  p.low = read_number(range[0], file, index_path(f.path_of("range"), 0), "", true);
  p.high = read_number(range[1], file, index_path(f.path_of("range"), 1), "", true);
  if (p.low > p.high) f.fail("range", "low must not exceed high");
  auto flag = [&](const char* key) {
    if (!f.has(key)) return false;
    YAML::Node n = f.required(key);
    if (!n.IsScalar() || (n.Scalar() != "true" && n.Scalar() != "false")) f.fail(key, "expected true or false");
    return n.Scalar() == "true";
  };
  p.integer = flag("integer");
  p.log2 = flag("log2");
  if (p.log2 && p.low <= 0) f.fail("range", "a log2 range needs low > 0");
  if (p.integer && (p.low != std::floor(p.low) || p.high != std::floor(p.high))) {
    f.fail("range", "an integer range needs whole-number bounds");
  }
  if (p.integer && p.log2 && (std::exp2(std::round(std::log2(p.low))) != p.low ||
                              std::exp2(std::round(std::log2(p.high))) != p.high)) {
    f.fail("range", "an integer log2 range takes powers of two: its bounds must be powers of two");
  }
  return p;
}

DesignWorkload parse_workload(const YAML::Node& node, const std::string& file, const std::string& path,
                              const std::string& data_dir) {
  YamlFields f(node, file, path, {"model", "batch", "seq", "dtype", "weight", "system", "parallel"});
  DesignWorkload w;
  w.model = f.string("model");
  if (f.has("batch")) w.batch = f.integer("batch", "samples");
  if (f.has("seq")) w.seq = f.integer("seq", "tokens");
  if (f.has("dtype")) {
    w.dtype = f.string("dtype");
    try {
      parse_dtype(w.dtype);
    } catch (const InputError& e) {
      f.fail("dtype", e.what());
    }
  }
  if (f.has("weight")) w.weight = f.number("weight", "");
  if (f.has("parallel") && !f.has("system")) f.fail("parallel", "a plan needs a 'system' to run on");
  if (f.has("system")) {
    w.system = f.string("system");
    w.parallel = f.has("parallel") ? f.string("parallel") : "dp=1";
    if (w.batch == 0) f.fail("batch", "a workload trained on a system needs its global batch");
    try {
      prepare_system_workload(w, DType::fp16, data_dir);
    } catch (const InputError& e) {
      f.fail("system", e.what());
    }
  }
  return w;
}

// A bound that is a number or the word "baseline" (the base spec's modelled figure, resolved by the evaluator).
std::optional<double> parse_bound(const YamlFields& f, const char* key, const std::string& unit) {
  if (!f.has(key)) return std::nullopt;
  YAML::Node n = f.required(key);
  if (n.IsScalar() && n.Scalar() == "baseline") return -1.0;  // resolved later
  return f.number(key, unit);
}

RoiInputs parse_roi(const YAML::Node& node, const std::string& file, const std::string& path) {
  YamlFields f(node, file, path, {"deployment_units", "nre_usd", "baseline_unit_usd", "cost_per_mm2_usd",
                                  "energy_usd_per_kwh", "lifetime_years", "utilization"});
  RoiInputs r;
  r.deployment_units = f.number("deployment_units", "units");
  r.nre_usd = f.number("nre_usd", "USD", true);
  r.baseline_unit_usd = f.number("baseline_unit_usd", "USD");
  r.cost_per_mm2_usd = f.number("cost_per_mm2_usd", "USD/mm^2");
  r.energy_usd_per_kwh = f.number("energy_usd_per_kwh", "USD/kWh", true);
  r.lifetime_years = f.number("lifetime_years", "years");
  if (f.has("utilization")) {
    r.utilization = f.number("utilization", "");
    if (r.utilization > 1) f.fail("utilization", "expected a share in (0, 1]");
  }
  return r;
}

// Every parameter's first and last value must land on a real path of the base spec and load as valid hardware.
void check_parameters_apply(const DesignSpace& space) {
  for (size_t i = 0; i < space.parameters.size(); ++i) {
    const DesignParameter& p = space.parameters[i];
    if (p.is_option) continue;
    std::string where = fmt::format("{}: parameters[{}]", space.file, i);
    std::vector<YAML::Node> probes = p.values;
    if (probes.empty()) {
      probes = {YAML::Node(p.low), YAML::Node(p.high)};
    }
    for (const YAML::Node& value : probes) {
      YAML::Node doc = YAML::Clone(space.base_yaml);
      try {
        set_yaml_path(doc, p.name, value);
      } catch (const InputError& e) {
        throw InputError(where + ": field: " + e.what());
      }
      try {
        parse_hardware_node(doc, space.base);
      } catch (const InputError& e) {
        throw InputError(where + ": value " + yaml_flow_text(value) + " makes the base hardware invalid: " + e.what());
      }
    }
  }
}

// The cost model and passes, and every value of an option, must be usable: a known cost model, known passes, a plan
// every system workload can take.
void check_options(const DesignSpace& space, const YamlFields& f) {
  try {
    check_cost_model_name(space.cost);
  } catch (const InputError& e) {
    f.fail("cost", e.what());
  }
  try {
    pass_list(space.passes);
  } catch (const InputError& e) {
    f.fail("passes", e.what());
  }
  bool any_system = false;
  for (const auto& w : space.workloads) any_system |= !w.system.empty();
  for (size_t i = 0; i < space.parameters.size(); ++i) {
    const DesignParameter& p = space.parameters[i];
    if (!p.is_option) continue;
    for (size_t j = 0; j < p.values.size(); ++j) {
      std::string value = p.values[j].Scalar();
      try {
        if (p.name == "cost") check_cost_model_name(value);
        if (p.name == "passes") pass_list(value);
        if (p.name == "parallel" && !any_system) {
          throw InputError("no workload runs on a system (give a workload 'system:')");
        }
        for (const auto& w : space.workloads) {
          if (p.name == "parallel" && !w.system.empty()) parse_parallel_plan(value, w.batch);
        }
      } catch (const InputError& e) {
        throw_field_error(space.file, index_path(index_path("parameters", i) + ".values", j), e.what());
      }
    }
  }
}

DesignSpace parse_space(const YAML::Node& root, const std::string& file, const std::string& data_dir) {
  YamlFields f(root, file, "", {"name", "base", "cost", "passes", "workloads", "parameters", "constraints",
                                "objectives", "search", "roi"});
  DesignSpace space;
  space.file = file;
  space.data_dir = data_dir;
  space.name = f.has("name") ? f.string("name") : "exploration";
  space.base = f.string("base");
  try {
    std::string base_path = hardware_file_path(space.base, data_dir);
    space.base_yaml = load_yaml_document(read_text_file(base_path), base_path);
    parse_hardware_node(space.base_yaml, base_path);
  } catch (const InputError& e) {
    f.fail("base", e.what());
  }
  if (f.has("cost")) space.cost = f.string("cost");
  if (f.has("passes")) space.passes = f.string("passes");

  YAML::Node workloads = f.required("workloads");
  require_list(workloads, file, "workloads");
  if (workloads.size() == 0) f.fail("workloads", "expected at least one workload");
  for (size_t i = 0; i < workloads.size(); ++i) {
    space.workloads.push_back(parse_workload(workloads[i], file, index_path("workloads", i), data_dir));
  }

  YAML::Node parameters = f.required("parameters");
  require_list(parameters, file, "parameters");
  if (parameters.size() == 0) f.fail("parameters", "expected at least one parameter");
  for (size_t i = 0; i < parameters.size(); ++i) {
    space.parameters.push_back(parse_parameter(parameters[i], file, index_path("parameters", i)));
    for (size_t j = 0; j < i; ++j) {
      if (space.parameters[j].name == space.parameters[i].name) {
        throw_field_error(file, index_path("parameters", i), "'" + space.parameters[i].name + "' is already a parameter");
      }
    }
  }

  check_options(space, f);

  if (f.has("constraints")) {
    YamlFields c(f.required("constraints"), file, "constraints", {"max_area_mm2", "max_tdp_w"});
    space.constraints.max_area_mm2 = parse_bound(c, "max_area_mm2", "mm^2");
    space.constraints.max_tdp_w = parse_bound(c, "max_tdp_w", "W");
  }

  YAML::Node objectives = f.required("objectives");
  require_list(objectives, file, "objectives");
  if (objectives.size() == 0) f.fail("objectives", "expected at least one objective");
  for (size_t i = 0; i < objectives.size(); ++i) {
    std::string name = read_string(objectives[i], file, index_path("objectives", i));
    if (!is_objective_name(name)) {
      throw_field_error(file, index_path("objectives", i), "unknown objective '" + name + "' (expected " +
                                                              objective_names_text() + ")");
    }
    space.objectives.push_back(name);
  }

  if (f.has("search")) {
    YamlFields s(f.required("search"), file, "search", {"algorithm", "budget", "batch", "seed"});
    if (s.has("algorithm")) space.algorithm = s.string("algorithm");
    if (s.has("budget")) space.search.budget = s.integer("budget", "points");
    if (s.has("batch")) {
      int64_t batch = s.integer("batch", "points");
      if (batch > kMaxSearchBatch) s.fail("batch", fmt::format("at most {} points per batch", kMaxSearchBatch));
      space.search.batch = static_cast<int>(batch);
    }
    if (s.has("seed")) space.search.seed = static_cast<uint64_t>(s.integer("seed", "", true));
  }
  if (f.has("roi")) space.roi = parse_roi(f.required("roi"), file, "roi");
  for (const auto& name : space.objectives) {
    if (name == "cost_per_inference" && !space.roi) f.fail("objectives", "cost_per_inference needs a 'roi' section");
  }
  check_parameters_apply(space);
  if (space.algorithm.empty()) space.algorithm = space.objectives.size() > 1 ? "nsga2" : "cmaes";
  try {  // the algorithm exists and can search this space (e.g. cmaes needs one objective)
    make_search_algorithm(space.algorithm)->start(space.search_space(), space.search);
  } catch (const InputError& e) {
    f.fail("search", e.what());
  }
  return space;
}

std::string number_text(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

}  // namespace

SearchSpace DesignSpace::search_space() const {
  SearchSpace s;
  s.objectives = static_cast<int>(objectives.size());
  for (const auto& p : parameters) {
    if (!p.values.empty()) {
      s.dims.push_back({0, static_cast<double>(p.values.size() - 1), true});
    } else if (p.log2) {
      s.dims.push_back({std::log2(p.low), std::log2(p.high), p.integer});
    } else {
      s.dims.push_back({p.low, p.high, p.integer});
    }
  }
  return s;
}

std::string DesignSpace::fingerprint() const {
  std::string text = "cost=" + cost + ";passes=" + passes + ";base_yaml=" + YAML::Dump(base_yaml);
  for (const auto& p : parameters) {
    text += ";param=" + p.name + (p.is_option ? "(option)" : "");
    for (const auto& v : p.values) text += fmt::format("|{}", YAML::Dump(v));
    if (p.values.empty()) {
      text += fmt::format("|{}..{}{}{}", number_text(p.low), number_text(p.high), p.integer ? "i" : "", p.log2 ? "l" : "");
    }
  }
  for (const auto& w : workloads) {
    text += fmt::format(";workload={}/{}/{}/{}/{}/{}/{}", w.model, w.batch, w.seq, w.dtype, number_text(w.weight),
                        w.system, w.parallel);
  }
  text += ";area<=" + (constraints.max_area_mm2 ? number_text(*constraints.max_area_mm2) : "-");
  text += ";tdp<=" + (constraints.max_tdp_w ? number_text(*constraints.max_tdp_w) : "-");
  for (const auto& o : objectives) text += ";objective=" + o;
  if (roi) {
    text += fmt::format(";roi={},{},{},{},{},{},{}", number_text(roi->deployment_units), number_text(roi->nre_usd),
                        number_text(roi->baseline_unit_usd), number_text(roi->cost_per_mm2_usd),
                        number_text(roi->energy_usd_per_kwh), number_text(roi->lifetime_years),
                        number_text(roi->utilization));
  }
  // FNV-1a, 64-bit: stable across compilers and runs, unlike std::hash, since stores outlive the program.
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  std::ostringstream hex;
  hex << std::hex << hash << "-" << std::dec << text.size();
  return hex.str();
}

DesignSpace parse_design_space(const std::string& text, const std::string& file, const std::string& data_dir) {
  return parse_yaml_document(text, file, [&](const YAML::Node& root) { return parse_space(root, file, data_dir); });
}

DesignSpace load_design_space(const std::string& path, const std::string& data_dir) {
  return parse_design_space(read_text_file(path), path, data_dir);
}

}  // namespace tessera
