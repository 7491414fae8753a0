#include "tessera/report/scalesim_report.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "tessera/core/checked_math.h"
#include "tessera/hardware/hardware_names.h"
#include "tessera/report/table.h"

namespace tessera {
namespace {

ScaleSimLayerReport evaluate_layer(const ScaleSimLayer& layer, const SystolicArrayDims& array, Dataflow dataflow) {
  ScaleSimLayerReport out;
  out.name = layer.name;
  // operand_matrix.py: ifmap (ofmap pixels x window), filter (window x filters), ofmap (ofmap pixels x filters).
  GemmDims gemm{layer.ofmap_pixels(), layer.num_filters, layer.window_size()};
  out.view = operand_view(dataflow, gemm);
  out.folds = systolic_folds(array, dataflow, out.view);
  out.macs = layer.macs();
  out.total_cycles = out.folds.total_cycles;
  out.stall_cycles = 0;
  // single_layer_sim.py calc_report_data: (num_compute * 100) / (total_cycles * num_mac_unit). SCALE-Sim divides by
  // zero when a layer takes a single cycle (total_cycles 0); report 0 there.
  int64_t pe_cycles = checked_multiply(out.total_cycles, checked_multiply(array.rows, array.cols, "PEs"), "PE cycles");
  out.overall_util_pct = pe_cycles == 0 ? 0.0
                                        : static_cast<double>(checked_multiply(out.macs, 100, "MACs")) /
                                              static_cast<double>(pe_cycles);
  out.mapping_eff_pct = out.folds.mapping_efficiency * 100;
  out.compute_util_pct = out.folds.compute_utilization * 100;
  return out;
}

std::string fixed_notation(const std::string& digits, int decimal_point) {
  int n = static_cast<int>(digits.size());
  if (decimal_point <= 0) return "0." + std::string(-decimal_point, '0') + digits;
  if (decimal_point >= n) return digits + std::string(decimal_point - n, '0') + ".0";
  return digits.substr(0, decimal_point) + "." + digits.substr(decimal_point);
}

}  // namespace

ScaleSimReport run_scalesim(const ScaleSimConfig& config, const ScaleSimTopology& topology) {
  ScaleSimReport report;
  report.run_name = config.run_name;
  report.array = {config.array_rows, config.array_cols};
  report.dataflow = config.dataflow;
  report.user_bandwidth = config.user_bandwidth;
  report.layers.reserve(topology.layers.size());
  for (const ScaleSimLayer& layer : topology.layers) report.layers.push_back(evaluate_layer(layer, report.array, report.dataflow));
  return report;
}

std::string python_float_str(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  if (value == 0.0) return std::signbit(value) ? "-0.0" : "0.0";
  // Shortest round-trip digits, as Python's repr: "d.ddde+XX" -> digits and decimal exponent.
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value), std::chars_format::scientific);
  std::string text(buffer, result.ptr);
  size_t e = text.find('e');
  std::string digits = text.substr(0, 1) + (e > 2 ? text.substr(2, e - 2) : "");
  int exponent = std::atoi(text.c_str() + e + 1);
  std::string sign = value < 0 ? "-" : "";
  // float_repr_style 'short', mode 'r': positional when -4 <= exponent < 16, else scientific with 2+ exponent digits.
  if (exponent >= -4 && exponent < 16) return sign + fixed_notation(digits, exponent + 1);
  std::string mantissa = digits.size() > 1 ? digits.substr(0, 1) + "." + digits.substr(1) : digits;
  return sign + mantissa + fmt::format("e{}{:02d}", exponent < 0 ? '-' : '+', std::abs(exponent));
}

std::string render_compute_report_csv(const ScaleSimReport& report) {
  // simulator.py generate_reports: header, then str(layer id) + ', ' + ', '.join(str(x)) + ',\n' per layer.
  std::string out = "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\n";
  for (size_t i = 0; i < report.layers.size(); ++i) {
    const ScaleSimLayerReport& l = report.layers[i];
    out += fmt::format("{}, {}, {}, {}, {}, {},\n", i, l.total_cycles, l.stall_cycles, python_float_str(l.overall_util_pct),
                       python_float_str(l.mapping_eff_pct), python_float_str(l.compute_util_pct));
  }
  return out;
}

std::string render_scalesim_table(const ScaleSimReport& report) {
  TextTable table({"id", "layer", "Sr", "Sc", "T", "folds", "total cycles", "stall", "overall util %", "mapping eff %",
                   "compute util %"});
  table.align_right({0, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  int64_t total = 0;
  for (size_t i = 0; i < report.layers.size(); ++i) {
    const ScaleSimLayerReport& l = report.layers[i];
    total = checked_add(total, l.total_cycles, "total cycles");
    table.add_row({std::to_string(i), l.name, std::to_string(l.view.sr), std::to_string(l.view.sc),
                   std::to_string(l.view.t), std::to_string(l.folds.folds), std::to_string(l.total_cycles),
                   std::to_string(l.stall_cycles), fmt::format("{:.2f}", l.overall_util_pct),
                   fmt::format("{:.2f}", l.mapping_eff_pct), fmt::format("{:.2f}", l.compute_util_pct)});
  }
  std::string out = fmt::format("SCALE-Sim v2 compute report: {}, {}x{} array, {} dataflow, stall-free\n",
                                report.run_name, report.array.rows, report.array.cols, dataflow_name(report.dataflow));
  out += table.render();
  out += fmt::format("total cycles: {} over {} layers\n", total, report.layers.size());
  return out;
}

}  // namespace tessera
