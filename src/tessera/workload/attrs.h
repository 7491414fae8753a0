#pragma once
// Operator attributes: a small, ordered, serialisable key -> value map (ints, floats, strings, int lists).
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace tessera {

using AttrValue = std::variant<int64_t, double, std::string, std::vector<int64_t>>;

class Attrs {
 public:
  Attrs() = default;
  Attrs(std::initializer_list<std::pair<const std::string, AttrValue>> values) : values_(values) {}

  Attrs& set(const std::string& key, AttrValue value) {
    values_[key] = std::move(value);
    return *this;
  }
  bool has(const std::string& key) const { return values_.count(key) > 0; }

  // Typed getters; a missing key or a value of the wrong type throws InputError naming the key.
  int64_t get_int(const std::string& key) const;
  int64_t get_int(const std::string& key, int64_t fallback) const;
  double get_float(const std::string& key, double fallback) const;
  std::string get_string(const std::string& key) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  std::vector<int64_t> get_ints(const std::string& key) const;
  std::vector<int64_t> get_ints(const std::string& key, const std::vector<int64_t>& fallback) const;

  const std::map<std::string, AttrValue>& values() const { return values_; }
  bool operator==(const Attrs&) const = default;

 private:
  std::map<std::string, AttrValue> values_;
};

}  // namespace tessera
