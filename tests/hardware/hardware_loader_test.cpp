// The hardware YAML loader: every bad field gives one-line InputError naming file, path, value and expectation;
// random truncations and edits of a real preset never crash.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "tessera/core/error.h"
#include "support/yaml_fuzz.h"
#include "tessera/core/text_file.h"
#include "tessera/hardware/hardware_loader.h"
#include "tessera/hardware/hardware_presets.h"

namespace tessera {
namespace {

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";

std::string preset_text(const std::string& name) { return read_text_file(kDataDir + "/hardware/" + name + ".yaml"); }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Parses `text` expecting an InputError whose one-line message contains every fragment.
void expect_error(const std::string& text, std::initializer_list<std::string> fragments) {
  try {
    parse_hardware_yaml(text, "bad.yaml");
    ADD_FAILURE() << "no error for the edited spec";
  } catch (const InputError& e) {
    std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.rfind("bad.yaml: ", 0), 0u) << message;
    for (const auto& f : fragments) EXPECT_NE(message.find(f), std::string::npos) << message << "\n  lacks: " << f;
  }
}

TEST(HardwareLoader, PresetParsesAndComparesEqualToItself) {
  SystemSpec a = parse_hardware_yaml(preset_text("tpu_v3"), "tpu_v3.yaml");
  SystemSpec b = load_hardware("tpu_v3", kDataDir);
  EXPECT_EQ(a, b);
  ASSERT_TRUE(a.devices[0].cores.matrix.has_value());
  EXPECT_EQ(a.devices[0].cores.matrix->kind, MatrixUnitKind::systolic);
  EXPECT_EQ(a.devices[0].cores.matrix->dataflows, std::vector<Dataflow>{Dataflow::ws});
  b.devices[0].frequency_hz += 1;
  EXPECT_NE(a, b);
}

TEST(HardwareLoader, MissingRequiredField) {
  expect_error(replaced(preset_text("a100_40gb"), "    frequency_hz: 1.41e9", ""),
               {"devices[0].frequency_hz", "missing required field"});
  expect_error(replaced(preset_text("a100_40gb"), "    tdp_w: 400", ""), {"devices[0].tdp_w", "missing"});
}

TEST(HardwareLoader, WrongType) {
  expect_error(replaced(preset_text("a100_40gb"), "frequency_hz: 1.41e9", "frequency_hz: fast"),
               {"devices[0].frequency_hz", "expected a positive number (Hz)", "'fast'"});
  expect_error(replaced(preset_text("a100_40gb"), "count: 108", "count: [1, 2]"),
               {"devices[0].cores.count", "got a list"});
  expect_error(replaced(preset_text("a100_40gb"), "count: 108", "count: 10.5"),
               {"devices[0].cores.count", "whole number", "'10.5'"});
}

TEST(HardwareLoader, MatrixUnitClocksAreOptionalPositiveNumbers) {
  SystemSpec h100 = parse_hardware_yaml(preset_text("h100_sxm"), "h100_sxm.yaml");
  EXPECT_DOUBLE_EQ(h100.devices[0].frequency_hz, 1.98e9);
  EXPECT_DOUBLE_EQ(h100.devices[0].cores.matrix->frequency_hz, 1.83e9);
  EXPECT_DOUBLE_EQ(h100.devices[0].cores.matrix->sustained_frequency_hz, 1.35e9);
  SystemSpec v100 = parse_hardware_yaml(preset_text("v100_sxm2"), "v100_sxm2.yaml");
  EXPECT_EQ(v100.devices[0].cores.matrix->frequency_hz, 0);  // the device clock
  expect_error(replaced(preset_text("a100_40gb"), "sustained_frequency_hz: 1.228e9", "sustained_frequency_hz: -1"),
               {"devices[0].cores.matrix.sustained_frequency_hz", "'-1'"});
  expect_error(replaced(preset_text("h100_sxm"), "frequency_hz: 1.83e9  ", "frequency_hz: slow  "),
               {"devices[0].cores.matrix.frequency_hz", "'slow'"});
}

// mainloop_efficiency: an mma unit's measured share of its peak; a fraction in (0, 1], 1 when absent.
TEST(HardwareLoader, MainloopEfficiencyIsAFractionOfAnMmaUnit) {
  EXPECT_DOUBLE_EQ(parse_hardware_yaml(preset_text("a100_80gb"), "a.yaml").devices[0].cores.matrix->mainloop_efficiency, 0.946);
  EXPECT_DOUBLE_EQ(parse_hardware_yaml(preset_text("h100_sxm"), "h.yaml").devices[0].cores.matrix->mainloop_efficiency, 0.922);
  EXPECT_DOUBLE_EQ(parse_hardware_yaml(preset_text("v100_sxm2"), "v.yaml").devices[0].cores.matrix->mainloop_efficiency, 1.0);
  expect_error(replaced(preset_text("a100_40gb"), "mainloop_efficiency: 0.946", "mainloop_efficiency: 1.5"),
               {"devices[0].cores.matrix.mainloop_efficiency", "at most 1", "'1.5'"});
  expect_error(replaced(preset_text("a100_40gb"), "mainloop_efficiency: 0.946", "mainloop_efficiency: 0"),
               {"devices[0].cores.matrix.mainloop_efficiency", "'0'"});
  expect_error(replaced(preset_text("tpu_v3"), "dataflows:", "mainloop_efficiency: 0.9\n        dataflows:"),
               {"mainloop_efficiency"});
}

TEST(HardwareLoader, NegativeOrZeroSize) {
  expect_error(replaced(preset_text("a100_40gb"), "size_bytes: 41943040", "size_bytes: -4"),
               {"devices[0].shared_memories[0].size_bytes", "positive", "'-4'"});
  expect_error(replaced(preset_text("a100_40gb"), "capacity_bytes: 42949672960", "capacity_bytes: 0"),
               {"devices[0].off_chip.capacity_bytes", "'0'"});
}

TEST(HardwareLoader, UnknownDataflowDtypeKindAndKey) {
  expect_error(replaced(preset_text("tpu_v3"), "dataflows: [ws]", "dataflows: [ws, xs]"),
               {"devices[0].cores.matrix.dataflows[1]", "unknown dataflow 'xs'", "os, ws, is"});
  expect_error(replaced(preset_text("a100_40gb"), "fp16: 256                   # [WP] 256",
                        "fp12: 256                   # [WP] 256"),
               {"devices[0].cores.matrix.macs_per_cycle.fp12", "unknown dtype 'fp12'"});
  expect_error(replaced(preset_text("a100_40gb"), "kind: mma", "kind: tensor"),
               {"devices[0].cores.matrix.kind", "unknown matrix unit kind 'tensor'"});
  expect_error(replaced(preset_text("a100_40gb"), "kind: hbm2 ", "kind: hbm9 "),
               {"devices[0].off_chip.kind", "unknown memory kind 'hbm9'"});
  expect_error(replaced(preset_text("a100_40gb"), "    frequency_hz:", "    frequncy_hz:"),
               {"devices[0].frequncy_hz", "unknown key", "frequency_hz"});
  expect_error(replaced(preset_text("tpu_v3"), "        rows: 128", "        macs_per_cycle: {bf16: 1}\n        rows: 128"),
               {"devices[0].cores.matrix.macs_per_cycle", "unknown key"});
}

TEST(HardwareLoader, StructuralChecks) {
  expect_error(replaced(preset_text("tx8_wafer"), "  rows: 5 ", "  rows: 6 "), {"interconnect", "20 devices"});
  expect_error(replaced(preset_text("tx8_wafer"), "      rows: 4 ", "      rows: 3 "),
               {"devices[0].noc", "cores.count 16"});
  expect_error(replaced(preset_text("tx8_wafer"), "interconnect:", "unused:"), {"unused", "unknown key"});
  expect_error("name: x\ndevices: []\n", {"devices", "at least one device"});
  expect_error("name: [x\n", {"invalid YAML at line"});
  expect_error("", {"expected a mapping"});
}

// Random truncations and byte edits of a real preset: parsing either succeeds or throws InputError, nothing else.
TEST(HardwareLoader, FuzzedPresetsNeverCrash) {
  std::mt19937 rng(12345);
  for (const char* name : {"a100_40gb", "tpu_v3", "tx8_wafer", "simd_multicore"}) {
    testing::expect_yaml_edits_never_crash(preset_text(name), rng, 300,
                                           [](const std::string& text) { parse_hardware_yaml(text, "fuzz.yaml"); });
  }
}

TEST(HardwarePresets, UnknownPresetListsTheKnownOnes) {
  try {
    load_hardware("a200", kDataDir);
    FAIL();
  } catch (const InputError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("unknown hardware 'a200'"), std::string::npos) << message;
    EXPECT_NE(message.find("a100_40gb"), std::string::npos) << message;
  }
  EXPECT_TRUE(is_hardware_path("my.yaml"));
  EXPECT_TRUE(is_hardware_path("dir/spec"));
  EXPECT_FALSE(is_hardware_path("h100_sxm"));
}

}  // namespace
}  // namespace tessera
