#include "tessera/hardware/yaml_fields.h"

#include <charconv>
#include <cmath>

#include "tessera/core/error.h"

namespace tessera {

void throw_field_error(const std::string& file, const std::string& path, const std::string& message) {
  throw InputError(file + ": " + (path.empty() ? "" : path + ": ") + message);
}

std::string describe_node(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  std::string text = node.Scalar();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return "'" + text + "'";
}

std::string child_path(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

std::string index_path(const std::string& path, size_t index) { return path + "[" + std::to_string(index) + "]"; }

YamlFields::YamlFields(const YAML::Node& node, std::string file, std::string path,
                       std::initializer_list<const char*> allowed)
    : node_(node), file_(std::move(file)), path_(std::move(path)) {
  if (!node_.IsMap()) throw_field_error(file_, path_, "expected a mapping, got " + describe_node(node_));
  for (const auto& entry : node_) {
    std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (known) continue;
    std::string expected;
    for (const char* a : allowed) expected += (expected.empty() ? "" : ", ") + std::string(a);
    throw_field_error(file_, child_path(path_, key.empty() ? describe_node(entry.first) : key),
                      "unknown key (expected one of: " + expected + ")");
  }
}

bool YamlFields::has(const std::string& key) const {
  YAML::Node child = node_[key];
  return child.IsDefined() && !child.IsNull();
}

void YamlFields::fail(const std::string& key, const std::string& message) const {
  throw_field_error(file_, path_of(key), message);
}

YAML::Node YamlFields::required(const std::string& key) const {
  if (!has(key)) fail(key, "missing required field");
  return node_[key];
}

std::string YamlFields::string(const std::string& key) const { return read_string(required(key), file_, path_of(key)); }

double YamlFields::number(const std::string& key, const std::string& unit, bool allow_zero) const {
  return read_number(required(key), file_, path_of(key), unit, allow_zero);
}

double YamlFields::fraction(const std::string& key, const std::string& what) const {
  double value = number(key, what);
  if (value > 1) fail(key, "expected at most 1, got " + describe_node(required(key)));
  return value;
}

int64_t YamlFields::integer(const std::string& key, const std::string& unit, bool allow_zero) const {
  return read_integer(required(key), file_, path_of(key), unit, allow_zero);
}

std::string read_string(const YAML::Node& node, const std::string& file, const std::string& path) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    throw_field_error(file, path, "expected a non-empty string, got " + describe_node(node));
  }
  return node.Scalar();
}

double read_number(const YAML::Node& node, const std::string& file, const std::string& path, const std::string& unit,
                   bool allow_zero) {
  std::string expected = std::string("expected a ") + (allow_zero ? "non-negative" : "positive") + " number (" + unit +
                         "), got " + describe_node(node);
  if (!node.IsScalar()) throw_field_error(file, path, expected);
  const std::string& text = node.Scalar();
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    throw_field_error(file, path, expected);
  }
  if (value < 0 || (value == 0 && !allow_zero)) throw_field_error(file, path, expected);
  return value;
}

int64_t read_integer(const YAML::Node& node, const std::string& file, const std::string& path,
                     const std::string& unit, bool allow_zero) {
  double value = read_number(node, file, path, unit, allow_zero);
  if (value != std::floor(value) || value > 9.0e15) {
    throw_field_error(file, path,
                      "expected a whole number (" + unit + ") below 9e15, got " + describe_node(node));
  }
  return static_cast<int64_t>(value);
}

void require_list(const YAML::Node& node, const std::string& file, const std::string& path) {
  if (!node.IsSequence()) throw_field_error(file, path, "expected a list, got " + describe_node(node));
}

namespace {

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace

YAML::Node load_yaml_document(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    std::string where = e.mark.is_null() ? std::string("invalid YAML")
                                         : "invalid YAML at line " + std::to_string(e.mark.line + 1) + ", column " +
                                               std::to_string(e.mark.column + 1);
    throw_field_error(file, "", where + ": " + one_line(e.msg));
  }
}

void throw_yaml_conversion_error(const std::string& file, const YAML::Exception& e) {
  throw_field_error(file, "", "malformed YAML: " + one_line(e.what()));
}

}  // namespace tessera
