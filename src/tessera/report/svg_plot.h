#pragma once
// Minimal SVG charts (no plotting library): a scatter plot with highlighted and reference points, and a step line.
// Axes carry their range and label; enough to read a Pareto front or a convergence curve in any browser.
#include <string>
#include <vector>

namespace tessera {

struct PlotSeries {
  PlotSeries(std::string label_text, std::string color_name) : label(std::move(label_text)), color(std::move(color_name)) {}
  std::string label;
  std::string color;  // any SVG colour
  std::vector<double> x, y;
  double radius = 3;    // scatter marker size
  bool line = false;    // draw as a step line instead of markers
};

struct PlotAxes {
  std::string title, x_label, y_label;
};

std::string svg_plot(const PlotAxes& axes, const std::vector<PlotSeries>& series);

}  // namespace tessera
