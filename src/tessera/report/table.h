#pragma once
// Plain-text tables with aligned columns, for terminal output.
#include <string>
#include <vector>

namespace tessera {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  // Columns listed here are right-aligned (numbers); others are left-aligned.
  void align_right(std::vector<size_t> columns) { right_ = std::move(columns); }
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> right_;
};

// Human-readable quantities: "25.56 M", "4.09 G" (SI prefixes, 3 significant decimals).
std::string si_number(double value);
// "1.234 s", "12.345 ms", "5.20 us".
std::string format_seconds(double s);
// A fraction as "12.3%".
std::string format_percent(double fraction);

}  // namespace tessera
