#pragma once
// SCALE-Sim v2 topology CSVs (scalesim/topology_utils.py). The first line is a header; each further non-empty line
// is a layer, its fields separated by commas, usually with a trailing comma.
//   conv: Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides[, Stride W]
//         (a layer whose name contains "DP" is depthwise: SCALE-Sim splits it into Channels layers of one channel)
//   gemm: Layer name, M, N, K      -- stored as the conv layer ifmap M x K, filter 1 x K, 1 channel, N filters, stride 1
// SCALE-Sim picks the format with its `-i gemm|conv` flag; here a header whose columns 2-4 are M, N, K means gemm.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tessera {

enum class ScaleSimTopologyFormat { kConv, kGemm };

struct ScaleSimLayer {
  std::string name;
  int64_t ifmap_h = 0;
  int64_t ifmap_w = 0;
  int64_t filter_h = 0;
  int64_t filter_w = 0;
  int64_t channels = 0;
  int64_t num_filters = 0;
  int64_t stride_h = 1;
  int64_t stride_w = 1;

  // ceil((ifmap - filter + stride) / stride), topology_utils.py topo_calc_hyperparams.
  int64_t ofmap_h() const;
  int64_t ofmap_w() const;
  int64_t ofmap_pixels() const;  // ofmap_h * ofmap_w, per filter: the GEMM's M
  int64_t window_size() const;   // filter_h * filter_w * channels: the GEMM's K
  int64_t macs() const;          // ofmap_pixels * window_size * num_filters

  bool operator==(const ScaleSimLayer&) const = default;
};

struct ScaleSimTopology {
  std::string name;  // file name without directory and extension, as SCALE-Sim names it
  ScaleSimTopologyFormat format = ScaleSimTopologyFormat::kConv;
  std::vector<ScaleSimLayer> layers;
};

// `format` forces conv or gemm; nullopt detects it from the header. Throws InputError naming the file, line, column
// and what was expected (wrong column count, non-numeric or non-positive value, filter larger than the ifmap).
ScaleSimTopology parse_scalesim_topology(const std::string& text, const std::string& path,
                                         std::optional<ScaleSimTopologyFormat> format = std::nullopt);
ScaleSimTopology load_scalesim_topology(const std::string& path,
                                        std::optional<ScaleSimTopologyFormat> format = std::nullopt);

}  // namespace tessera
