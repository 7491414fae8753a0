#include "tessera/frontend/scalesim_topology.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <sstream>

#include "tessera/core/checked_math.h"
#include "tessera/core/error.h"
#include "tessera/core/text_file.h"

namespace tessera {
namespace {

constexpr std::array<const char*, 9> kConvColumns = {"Layer name",   "IFMAP Height", "IFMAP Width",
                                                     "Filter Height", "Filter Width", "Channels",
                                                     "Num Filter",   "Strides",      "Stride Width"};
constexpr std::array<const char*, 4> kGemmColumns = {"Layer name", "M", "N", "K"};

std::string trim(std::string_view s) {
  size_t begin = 0, end = s.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(s[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
  return std::string(s.substr(begin, end - begin));
}

// Comma-separated fields, trimmed; the empty field after a trailing comma is dropped (SCALE-Sim drops the last field).
std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  std::string field;
  while (std::getline(in, field, ',')) fields.push_back(trim(field));
  if (!fields.empty() && fields.back().empty()) fields.pop_back();
  return fields;
}

bool is_gemm_header(const std::vector<std::string>& header) {
  auto is = [](const std::string& s, char c) { return s.size() == 1 && std::toupper(static_cast<unsigned char>(s[0])) == c; };
  return header.size() >= 4 && is(header[1], 'M') && is(header[2], 'N') && is(header[3], 'K');
}

class RowReader {
 public:
  RowReader(const std::string& path, int line) : where_(path + ":" + std::to_string(line) + ": ") {}

  int64_t positive(const std::vector<std::string>& fields, size_t index, const char* column) const {
    const std::string& text = fields[index];
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value <= 0)
      throw InputError(where_ + "column " + std::to_string(index + 1) + " (" + column +
                       "): expected a positive integer, got '" + text + "'");
    return value;
  }

  [[noreturn]] void fail(const std::string& message) const { throw InputError(where_ + message); }

 private:
  std::string where_;
};

ScaleSimLayer parse_gemm_row(const std::vector<std::string>& f, const RowReader& row) {
  if (f.size() != kGemmColumns.size())
    row.fail("expected 4 columns (Layer name, M, N, K), got " + std::to_string(f.size()));
  int64_t m = row.positive(f, 1, "M"), n = row.positive(f, 2, "N"), k = row.positive(f, 3, "K");
  // topology_utils.py load_arrays_gemm: [M, K, 1, K, 1, N, 1, 1].
  return ScaleSimLayer{f[0], m, k, 1, k, 1, n, 1, 1};
}

ScaleSimLayer parse_conv_row(const std::vector<std::string>& f, const RowReader& row) {
  if (f.size() != 8 && f.size() != 9)
    row.fail("expected 8 columns (Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, "
             "Num Filter, Strides) or 9 with a separate stride width, got " + std::to_string(f.size()));
  ScaleSimLayer layer;
  layer.name = f[0];
  int64_t* targets[] = {&layer.ifmap_h,  &layer.ifmap_w,     &layer.filter_h, &layer.filter_w,
                        &layer.channels, &layer.num_filters, &layer.stride_h, &layer.stride_w};
  for (size_t i = 1; i < f.size(); ++i) *targets[i - 1] = row.positive(f, i, kConvColumns[i]);
  if (f.size() == 8) layer.stride_w = layer.stride_h;
  if (layer.filter_h > layer.ifmap_h) row.fail("Filter Height cannot be larger than IFMAP Height");
  if (layer.filter_w > layer.ifmap_w) row.fail("Filter Width cannot be larger than IFMAP Width");
  return layer;
}

void append_layer(ScaleSimLayer layer, ScaleSimTopologyFormat format, std::vector<ScaleSimLayer>& layers) {
  if (format == ScaleSimTopologyFormat::kConv && layer.name.find("DP") != std::string::npos) {
    // Depthwise (topology_utils.py load_arrays_conv): one single-channel layer per channel.
    int64_t channels = layer.channels;
    std::string base = layer.name;
    layer.channels = 1;
    for (int64_t c = 0; c < channels; ++c) {
      layer.name = base + "Channel_" + std::to_string(c);
      layers.push_back(layer);
    }
    return;
  }
  layers.push_back(std::move(layer));
}

std::string topology_name(const std::string& path) {
  std::string file = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  size_t dot = file.find_last_of('.');
  return dot == std::string::npos ? file : file.substr(0, dot);
}

}  // namespace

int64_t ScaleSimLayer::ofmap_h() const { return (ifmap_h - filter_h + stride_h - 1) / stride_h + 1; }
int64_t ScaleSimLayer::ofmap_w() const { return (ifmap_w - filter_w + stride_w - 1) / stride_w + 1; }
int64_t ScaleSimLayer::ofmap_pixels() const { return checked_multiply(ofmap_h(), ofmap_w(), name + " ofmap pixels"); }
int64_t ScaleSimLayer::window_size() const {
  return checked_multiply(checked_multiply(filter_h, filter_w, name + " window"), channels, name + " window");
}
int64_t ScaleSimLayer::macs() const {
  return checked_multiply(checked_multiply(ofmap_pixels(), window_size(), name + " MACs"), num_filters, name + " MACs");
}

ScaleSimTopology parse_scalesim_topology(const std::string& text, const std::string& path,
                                         std::optional<ScaleSimTopologyFormat> format) {
  ScaleSimTopology topology;
  topology.name = topology_name(path);
  std::istringstream in(text);
  std::string raw;
  int line = 0;
  bool header_seen = false;
  while (std::getline(in, raw)) {
    ++line;
    std::string s = trim(raw);
    if (!header_seen) {
      header_seen = true;
      if (!format) format = is_gemm_header(split_fields(s)) ? ScaleSimTopologyFormat::kGemm : ScaleSimTopologyFormat::kConv;
      continue;
    }
    if (s.empty()) continue;
    RowReader row(path, line);
    std::vector<std::string> fields = split_fields(s);
    ScaleSimLayer layer = *format == ScaleSimTopologyFormat::kGemm ? parse_gemm_row(fields, row) : parse_conv_row(fields, row);
    if (layer.name.empty()) row.fail("column 1 (Layer name): expected a layer name, got ''");
    layer.macs();  // rejects layers whose counts overflow
    append_layer(std::move(layer), *format, topology.layers);
  }
  if (!header_seen) throw InputError(path + ": empty file; expected a header line and one line per layer");
  if (topology.layers.empty()) throw InputError(path + ": no layers; expected one line per layer after the header");
  topology.format = *format;
  return topology;
}

ScaleSimTopology load_scalesim_topology(const std::string& path, std::optional<ScaleSimTopologyFormat> format) {
  return parse_scalesim_topology(read_text_file(path), path, format);
}

}  // namespace tessera
