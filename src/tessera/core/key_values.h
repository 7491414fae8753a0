#pragma once
// "key=value,key=value" option lists (--parallel dp=2,tp=8, model parameters): parsed once, read by key with
// validation, and every key the reader did not ask for is an error naming it and the known keys.
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>

namespace tessera {

class KeyValues {
 public:
  // `what` prefixes every error, e.g. "--parallel 'dp=2,tp=x'". Throws InputError on an item without '=' or a
  // repeated key.
  KeyValues(const std::string& text, std::string what);

  bool has(const std::string& key) const { return values_.count(key) > 0; }
  // The value, or `fallback` when absent; throws unless it is a whole number in [minimum, maximum].
  int64_t integer(const std::string& key, int64_t fallback, int64_t minimum,
                  int64_t maximum = std::numeric_limits<int64_t>::max());
  std::string text(const std::string& key, const std::string& fallback);
  // Throws InputError naming the first key no reader asked for, and the keys that were asked for.
  void reject_unknown() const;

 private:
  std::string what_;
  std::map<std::string, std::string> values_;
  std::set<std::string> known_;
};

}  // namespace tessera
