#include "tessera/workload/attrs.h"

#include "tessera/core/error.h"

namespace tessera {
namespace {

template <class T>
const T& typed(const std::map<std::string, AttrValue>& values, const std::string& key, const char* type_name) {
  auto it = values.find(key);
  if (it == values.end()) throw InputError("missing attribute '" + key + "'");
  if (const T* value = std::get_if<T>(&it->second)) return *value;
  throw InputError("attribute '" + key + "' must be " + type_name);
}

}  // namespace

int64_t Attrs::get_int(const std::string& key) const { return typed<int64_t>(values_, key, "an integer"); }

int64_t Attrs::get_int(const std::string& key, int64_t fallback) const {
  return has(key) ? get_int(key) : fallback;
}

double Attrs::get_float(const std::string& key, double fallback) const {
  if (!has(key)) return fallback;
  if (const int64_t* value = std::get_if<int64_t>(&values_.at(key))) return static_cast<double>(*value);
  return typed<double>(values_, key, "a number");
}

std::string Attrs::get_string(const std::string& key) const {
  return typed<std::string>(values_, key, "a string");
}

std::string Attrs::get_string(const std::string& key, const std::string& fallback) const {
  return has(key) ? get_string(key) : fallback;
}

std::vector<int64_t> Attrs::get_ints(const std::string& key) const {
  return typed<std::vector<int64_t>>(values_, key, "a list of integers");
}

std::vector<int64_t> Attrs::get_ints(const std::string& key, const std::vector<int64_t>& fallback) const {
  return has(key) ? get_ints(key) : fallback;
}

}  // namespace tessera
