#include "tessera/explore/design_point.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "explore/explore_test_support.h"
#include "support/input_error.h"
#include "tessera/hardware/hardware_loader.h"

namespace tessera {
namespace {

using testing::input_error_of;
using testing::parse_test_space;

const char* const kSpace = R"(
base: tpu_v3
workloads:
  - {model: resnet50, batch: 1, dtype: bf16}
parameters:
  - {field: "devices[0].cores.matrix.rows", values: [64, 128, 256]}
  - {field: "devices[0].cores.memories[0].size_bytes", range: [4194304, 67108864], integer: true, log2: true}
  - {field: "devices[0].off_chip.bandwidth_bytes_per_s", range: [4.5e11, 1.8e12]}
  - {field: "devices[0].cores.count", range: [1, 4], integer: true}
  - {option: passes, values: ["fusion,padding", "fusion"]}
objectives: [throughput]
)";

const std::string kRows = "devices[0].cores.matrix.rows";
const std::string kMemory = "devices[0].cores.memories[0].size_bytes";
const std::string kBandwidth = "devices[0].off_chip.bandwidth_bytes_per_s";
const std::string kCores = "devices[0].cores.count";

class DesignPointTest : public ::testing::Test {
 protected:
  DesignSpace space_ = parse_test_space(kSpace);
};

TEST_F(DesignPointTest, DecodeRoundsAndPicks) {
  // rows index 1.4 -> 1 -> 128; log2 23.6 -> 24 -> 2^24; bandwidth as is (whole number); cores 2.5 -> 3 (half away
  // from zero); passes index 0.7 -> 1 -> "fusion".
  DesignPoint p = decode_point(space_, {1.4, 23.6, 1.0e12, 2.5, 0.7});
  ASSERT_EQ(p.values.size(), 5u);
  EXPECT_EQ(p.values[0].as<int64_t>(), 128);
  EXPECT_EQ(p.values[1].as<int64_t>(), 16777216);
  EXPECT_EQ(p.values[2].as<int64_t>(), 1000000000000);
  EXPECT_EQ(p.values[3].as<int64_t>(), 3);
  EXPECT_EQ(p.values[4].as<std::string>(), "fusion");
  EXPECT_EQ(p.key, kRows + "=128;" + kMemory + "=16777216;" + kBandwidth + "=1000000000000;" + kCores +
                       "=3;passes=fusion");
  nlohmann::json json = nlohmann::json::parse(p.json);
  EXPECT_EQ(json[kRows].get<int64_t>(), 128);
  EXPECT_EQ(json[kMemory].get<int64_t>(), 16777216);
  EXPECT_EQ(json[kBandwidth].get<int64_t>(), 1000000000000);
  EXPECT_EQ(json[kCores].get<int64_t>(), 3);
  EXPECT_EQ(json["passes"].get<std::string>(), "fusion");
  EXPECT_EQ(point_option(space_, p, "passes", "x"), "fusion");
  EXPECT_EQ(point_option(space_, p, "cost", "auto"), "auto");  // not varied: the fallback
}

TEST_F(DesignPointTest, DecodeClampsToTheSpace) {
  DesignPoint low = decode_point(space_, {-5, 3, 1.0, -100, -1});
  EXPECT_EQ(low.values[0].as<int64_t>(), 64);
  EXPECT_EQ(low.values[1].as<int64_t>(), 4194304);  // 2^22
  EXPECT_EQ(low.values[2].as<double>(), 4.5e11);
  EXPECT_EQ(low.values[3].as<int64_t>(), 1);
  EXPECT_EQ(low.values[4].as<std::string>(), "fusion,padding");

  DesignPoint high = decode_point(space_, {9, 40, 1e15, 100, 5});
  EXPECT_EQ(high.values[0].as<int64_t>(), 256);
  EXPECT_EQ(high.values[1].as<int64_t>(), 67108864);  // 2^26
  EXPECT_EQ(high.values[2].as<double>(), 1.8e12);
  EXPECT_EQ(high.values[3].as<int64_t>(), 4);
  EXPECT_EQ(high.values[4].as<std::string>(), "fusion");

  // A short vector takes each missing dimension's low end.
  DesignPoint shorter = decode_point(space_, {2});
  EXPECT_EQ(shorter.values[0].as<int64_t>(), 256);
  EXPECT_EQ(shorter.key, decode_point(space_, {2, 22, 4.5e11, 1, 0}).key);
}

TEST_F(DesignPointTest, Log2IntegerGivesPowersOfTwo) {
  for (int e = 22; e <= 26; ++e) {
    for (double jitter : {-0.49, 0.0, 0.49}) {
      DesignPoint p = decode_point(space_, {0, e + jitter, 4.5e11, 1, 0});
      EXPECT_EQ(p.values[1].as<int64_t>(), int64_t{1} << e) << e << " " << jitter;
    }
  }
}

TEST_F(DesignPointTest, RealValueKeepsItsFraction) {
  DesignPoint p = decode_point(space_, {0, 22, 5.0e11 + 0.5, 1, 0});
  EXPECT_EQ(p.values[2].as<double>(), 5.0e11 + 0.5);
  EXPECT_NE(p.key.find(kBandwidth + "=500000000000.5;"), std::string::npos) << p.key;
}

TEST_F(DesignPointTest, KeyIsCanonical) {
  // Vectors that decode to the same values have the same key; different values, different keys.
  DesignPoint a = decode_point(space_, {1, 24, 9.0e11, 2, 0});
  DesignPoint b = decode_point(space_, {1.2, 23.8, 9.0e11, 1.9, 0.3});
  DesignPoint c = decode_point(space_, {1, 24, 9.0e11, 2, 0});
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.key, c.key);
  EXPECT_EQ(a.json, b.json);
  DesignPoint d = decode_point(space_, {1, 24, 9.0e11, 3, 0});
  EXPECT_NE(a.key, d.key);
  // Choices that are equal values give equal keys even from different indices.
  DesignSpace dup = parse_test_space(
      "base: tpu_v3\nworkloads: [{model: resnet50}]\n"
      "parameters: [{field: \"devices[0].cores.matrix.rows\", values: [128, 64, 128]}]\nobjectives: [throughput]\n");
  EXPECT_EQ(decode_point(dup, {0}).key, decode_point(dup, {2}).key);
  EXPECT_NE(decode_point(dup, {0}).key, decode_point(dup, {1}).key);
}

TEST_F(DesignPointTest, PointFromJsonRoundTripsTheHardware) {
  for (const std::vector<double>& v : std::vector<std::vector<double>>{
           {0, 22, 4.5e11, 1, 0}, {2, 26, 1.8e12, 4, 1}, {1, 23, 7.0e11 + 0.25, 3, 1}}) {
    DesignPoint p = decode_point(space_, v);
    DesignPoint q = point_from_json(space_, p.json);
    ASSERT_EQ(q.values.size(), p.values.size());
    YAML::Node from_decode = point_hardware_yaml(space_, p);
    YAML::Node from_json = point_hardware_yaml(space_, q);
    EXPECT_EQ(YAML::Dump(from_decode), YAML::Dump(from_json));
    SystemSpec a = parse_hardware_node(from_decode, "decoded");
    SystemSpec b = parse_hardware_node(from_json, "from json");
    ASSERT_EQ(a.devices.size(), 1u);
    EXPECT_TRUE(a.devices[0] == b.devices[0]);
    EXPECT_EQ(point_option(space_, q, "passes", ""), point_option(space_, p, "passes", ""));
  }
  // The values land in the hardware spec.
  DesignPoint p = decode_point(space_, {2, 23, 7.0e11 + 0.25, 3, 1});
  DeviceSpec d = parse_hardware_node(point_hardware_yaml(space_, point_from_json(space_, p.json)), "x").devices[0];
  EXPECT_EQ(d.cores.matrix->rows, 256);
  EXPECT_EQ(d.cores.matrix->cols, 128);  // the base's, untouched
  EXPECT_EQ(d.cores.memories[0].size_bytes, 8388608);
  EXPECT_EQ(d.off_chip.bandwidth_bytes_per_s, 7.0e11 + 0.25);
  EXPECT_EQ(d.cores.count, 3);
}

TEST_F(DesignPointTest, PointFromJsonNeedsEveryParameter) {
  EXPECT_NE(input_error_of([&] { point_from_json(space_, "{\"passes\": \"fusion\"}"); }).find("no '" + kRows + "'"),
            std::string::npos);
  EXPECT_NE(input_error_of([&] { point_from_json(space_, "not json"); }).find("not JSON"), std::string::npos);
}

}  // namespace
}  // namespace tessera
