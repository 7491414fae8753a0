#include "tessera/report/table.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace tessera {

std::string TextTable::render() const {
  std::vector<size_t> widths(headers_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (size_t i = 0; i < widths.size(); ++i) {
      std::string cell = i < row.size() ? row[i] : "";
      bool right = std::find(right_.begin(), right_.end(), i) != right_.end();
      out += right ? fmt::format("{:>{}}", cell, widths[i]) : fmt::format("{:<{}}", cell, widths[i]);
      if (i + 1 < widths.size()) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(headers_);
  size_t total = 0;
  for (size_t w : widths) total += w + 2;
  out += std::string(total > 2 ? total - 2 : 0, '-') + "\n";
  for (const auto& row : rows_) out += line(row);
  return out;
}

std::string si_number(double value) {
  static const char* prefixes[] = {"", "K", "M", "G", "T", "P", "E"};
  int index = 0;
  double magnitude = std::fabs(value);
  while (magnitude >= 1000.0 && index < 6) {
    magnitude /= 1000.0;
    value /= 1000.0;
    ++index;
  }
  return index == 0 ? fmt::format("{:.0f}", value) : fmt::format("{:.2f} {}", value, prefixes[index]);
}

std::string format_seconds(double s) {
  if (s >= 1) return fmt::format("{:.3f} s", s);
  if (s >= 1e-3) return fmt::format("{:.3f} ms", s * 1e3);
  return fmt::format("{:.2f} us", s * 1e6);
}

std::string format_percent(double fraction) { return fmt::format("{:.1f}%", 100 * fraction); }

}  // namespace tessera
