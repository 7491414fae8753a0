#include "tessera/report/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "tessera/report/table.h"

namespace tessera {
namespace {

constexpr double kWidth = 640, kHeight = 440, kLeft = 80, kRight = 20, kTop = 40, kBottom = 60;

struct Scale {
  double low = 0, high = 1;
  double pixel_low = 0, pixel_high = 1;
  double map(double v) const {
    double t = high > low ? (v - low) / (high - low) : 0.5;
    return pixel_low + t * (pixel_high - pixel_low);
  }
};

Scale fit(const std::vector<PlotSeries>& series, bool use_x, double pixel_low, double pixel_high) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& s : series) {
    for (double v : use_x ? s.x : s.y) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!std::isfinite(lo)) lo = hi = 1;
  if (lo == hi) {
    lo -= 1;
    hi += 1;
  }
  return {lo, hi, pixel_low, pixel_high};
}

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

}  // namespace

std::string svg_plot(const PlotAxes& axes, const std::vector<PlotSeries>& series) {
  Scale x = fit(series, true, kLeft, kWidth - kRight);
  Scale y = fit(series, false, kHeight - kBottom, kTop);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
      kWidth, kHeight);
  svg += fmt::format("<text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{}</text>\n", kWidth / 2,
                     escape(axes.title));
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#444\"/>\n", kLeft, kTop,
                     kWidth - kLeft - kRight, kHeight - kTop - kBottom);
  svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", kLeft, kHeight - kBottom + 16, si_number(x.low));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", kWidth - kRight, kHeight - kBottom + 16,
                     si_number(x.high));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", kLeft - 4, kHeight - kBottom,
                     si_number(y.low));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", kLeft - 4, kTop + 10, si_number(y.high));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", (kLeft + kWidth - kRight) / 2,
                     kHeight - kBottom + 34, escape(axes.x_label));
  svg += fmt::format("<text transform=\"translate(16,{}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
                     (kTop + kHeight - kBottom) / 2, escape(axes.y_label));
  double legend_y = kHeight - 12;
  double legend_x = kLeft;
  for (const auto& s : series) {
    if (s.line) {
      std::string path;
      for (size_t i = 0; i < s.x.size(); ++i) {
        double px = x.map(s.x[i]), py = y.map(s.y[i]);
        path += i == 0 ? fmt::format("M{:.1f},{:.1f}", px, py)
                       : fmt::format(" H{:.1f} V{:.1f}", px, py);
      }
      svg += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n", path, s.color);
    } else {
      for (size_t i = 0; i < s.x.size(); ++i) {
        if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\" fill-opacity=\"0.75\"/>\n",
                           x.map(s.x[i]), y.map(s.y[i]), s.radius, s.color);
      }
    }
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>\n",
                       legend_x, legend_y - 9, s.color, legend_x + 14, legend_y, escape(s.label));
    legend_x += 24 + 7.0 * static_cast<double>(s.label.size());
  }
  return svg + "</svg>\n";
}

}  // namespace tessera
