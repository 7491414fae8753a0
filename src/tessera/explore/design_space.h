#pragma once
// A design space (docs/explore.md): a base hardware spec, the parameters that vary (any field of the hardware YAML,
// the cost model standing for the schedule knobs, the compiler passes), the workloads with their weights, the
// constraints and the objectives, the search to run, and optional ROI figures. Read from YAML with strict validation:
// every problem is a one-line InputError naming the file, the field path and what was expected.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "tessera/explore/search_algorithm.h"

namespace tessera {

// One dimension of the space. A `field` parameter sets a value at a path of the hardware YAML
// ("devices[0].cores.matrix.rows"); an `option` parameter sets an evaluation option: `passes` (the graph passes,
// e.g. "fusion,padding"), `cost` (the cost model; "analytic_energy" maps for energy, the mapper-objective knob) or
// `parallel` (the plan of the workloads trained on a system).
struct DesignParameter {
  std::string name;  // the field path or option name: the point's key uses it
  bool is_option = false;
  std::vector<YAML::Node> values;  // a list of choices (any YAML value); empty for a range
  double low = 0, high = 0;        // a numeric range
  bool integer = false;            // the range takes whole numbers (step 1, or powers of two with log2)
  bool log2 = false;               // the range is searched over log2 of the value (powers of two when integer)
};

struct DesignWorkload {
  std::string model;
  int64_t batch = 0;  // 0: not given (1 for zoo models; micro-workloads and files carry their own)
  int64_t seq = 0;    // 0: the model's default
  std::string dtype;  // empty: the base hardware's preferred dtype for the model
  double weight = 1;  // in the suite's weighted geometric mean
  std::string system;    // non-empty: trained on this system (e.g. "dgx_a100:nodes=2"), every device the point's
  std::string parallel;  // the plan on the system (--parallel text); a `parallel` option overrides it
};

// Upper bounds; a value of "baseline" in the file means the base spec's own (modelled) figure.
struct DesignConstraints {
  std::optional<double> max_area_mm2;
  std::optional<double> max_tdp_w;
};

struct RoiInputs {
  double deployment_units = 0;     // chips deployed
  double nre_usd = 0;              // design and mask cost of the new chip
  double baseline_unit_usd = 0;    // price of one baseline device
  double cost_per_mm2_usd = 0;     // unit cost of the new chip per mm^2 of die (wafer, yield, package amortised)
  double energy_usd_per_kwh = 0;
  double lifetime_years = 0;
  double utilization = 1;          // share of the lifetime spent serving
};

struct DesignSpace {
  std::string file;              // where it was read from (error messages)
  std::string data_dir;          // presets (hardware, systems) come from here
  std::string name;
  std::string base;              // hardware preset name or YAML path
  YAML::Node base_yaml;          // the base spec's document
  std::string cost = "auto";     // the cost model unless a `cost` option varies it
  std::string passes = "fusion,padding";
  std::vector<DesignParameter> parameters;
  std::vector<DesignWorkload> workloads;
  DesignConstraints constraints;
  std::vector<std::string> objectives;  // names from objective_names(); every one is minimised or maximised as named
  std::string algorithm;  // default: nsga2 for several objectives, cmaes for one
  SearchOptions search;
  std::optional<RoiInputs> roi;

  // The space as the search algorithms see it: one dimension per parameter (a choice list is an integer index).
  SearchSpace search_space() const;
  // A stable text identifying the space, workloads, constraints and objectives: stores refuse other fingerprints.
  std::string fingerprint() const;
};

// Reads a design space; the base hardware is resolved against `data_dir` (default_data_dir() when empty).
DesignSpace parse_design_space(const std::string& text, const std::string& file, const std::string& data_dir = "");
DesignSpace load_design_space(const std::string& path, const std::string& data_dir = "");

}  // namespace tessera
