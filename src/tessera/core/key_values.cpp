#include "tessera/core/key_values.h"

#include "tessera/core/error.h"

namespace tessera {

KeyValues::KeyValues(const std::string& text, std::string what) : what_(std::move(what)) {
  size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) throw InputError(what_ + ": expected key=value, got '" + item + "'");
    std::string key = item.substr(0, eq);
    if (!values_.emplace(key, item.substr(eq + 1)).second) throw InputError(what_ + ": '" + key + "' given twice");
    start = end + 1;
  }
}

int64_t KeyValues::integer(const std::string& key, int64_t fallback, int64_t minimum, int64_t maximum) {
  known_.insert(key);
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  size_t used = 0;
  int64_t value = 0;
  try {
    value = std::stoll(it->second, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != it->second.size() || value < minimum || value > maximum) {
    std::string range = maximum == std::numeric_limits<int64_t>::max()
                            ? ">= " + std::to_string(minimum)
                            : "in " + std::to_string(minimum) + ".." + std::to_string(maximum);
    throw InputError(what_ + ": " + key + "=" + it->second + " must be a whole number " + range);
  }
  return value;
}

std::string KeyValues::text(const std::string& key, const std::string& fallback) {
  known_.insert(key);
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

void KeyValues::reject_unknown() const {
  for (const auto& [key, value] : values_) {
    if (known_.count(key)) continue;
    std::string known;
    for (const auto& k : known_) known += (known.empty() ? "" : ", ") + k;
    throw InputError(what_ + ": unknown key '" + key + "' (known: " + known + ")");
  }
}

}  // namespace tessera
