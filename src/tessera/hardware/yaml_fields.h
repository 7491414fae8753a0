#pragma once
// Reading one YAML mapping of a hardware file with strict validation: unknown keys (typos), missing required keys,
// wrong types and out-of-range values each throw one-line InputError "<file>: <path>: <what>, got <value>".
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace tessera {

// "<file>: <path>: <message>" as an InputError.
[[noreturn]] void throw_field_error(const std::string& file, const std::string& path, const std::string& message);
// How a node reads in an error message: 'text' for a scalar, "a mapping", "a list" or "nothing".
std::string describe_node(const YAML::Node& node);
std::string child_path(const std::string& path, const std::string& key);
std::string index_path(const std::string& path, size_t index);

class YamlFields {
 public:
  // Throws unless `node` is a mapping whose keys are all in `allowed`.
  YamlFields(const YAML::Node& node, std::string file, std::string path, std::initializer_list<const char*> allowed);

  bool has(const std::string& key) const;
  const std::string& file() const { return file_; }
  std::string path_of(const std::string& key) const { return child_path(path_, key); }
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  // The key's node; throws when missing.
  YAML::Node required(const std::string& key) const;

  std::string string(const std::string& key) const;
  // Finite number > 0 (or >= 0 with allow_zero); `unit` names it in errors ("Hz", "bytes/s").
  double number(const std::string& key, const std::string& unit, bool allow_zero = false) const;
  // Number in (0, 1]; `what` names it in errors ("fraction of the link bandwidth").
  double fraction(const std::string& key, const std::string& what) const;
  // Whole number >= 1 (or >= 0 with allow_zero).
  int64_t integer(const std::string& key, const std::string& unit, bool allow_zero = false) const;

 private:
  YAML::Node node_;
  std::string file_;
  std::string path_;
};

// Free-standing checks on a single node, for list items and map values.
double read_number(const YAML::Node& node, const std::string& file, const std::string& path, const std::string& unit,
                   bool allow_zero);
int64_t read_integer(const YAML::Node& node, const std::string& file, const std::string& path,
                     const std::string& unit, bool allow_zero);
std::string read_string(const YAML::Node& node, const std::string& file, const std::string& path);
// Throws unless `node` is a list (a missing node is not a list).
void require_list(const YAML::Node& node, const std::string& file, const std::string& path);

YAML::Node load_yaml_document(const std::string& text, const std::string& file);
[[noreturn]] void throw_yaml_conversion_error(const std::string& file, const YAML::Exception& e);

// Parses a whole YAML document and hands its root to `parse`; yaml-cpp's syntax and conversion errors become
// one-line InputErrors naming the file (and line and column where known).
template <class Parse>
auto parse_yaml_document(const std::string& text, const std::string& file, Parse parse) -> decltype(parse(YAML::Node{})) {
  YAML::Node root = load_yaml_document(text, file);
  try {
    return parse(root);
  } catch (const YAML::Exception& e) {  // e.g. an alias or tag yaml-cpp cannot convert
    throw_yaml_conversion_error(file, e);
  }
}

}  // namespace tessera
