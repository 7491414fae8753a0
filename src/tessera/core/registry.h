#pragma once
// Self-registering factories: each implementation registers itself by name from its own .cpp, so adding a model,
// cost model or pass never edits a central switch.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tessera/core/error.h"

namespace tessera {

template <class Interface>
class Registry {
 public:
  using Factory = std::function<std::unique_ptr<Interface>()>;

  static Registry& instance() {
    static Registry registry;
    return registry;
  }

  bool add(const std::string& name, Factory factory) {
    factories_[name] = std::move(factory);
    return true;
  }

  bool contains(const std::string& name) const { return factories_.count(name) > 0; }

  // Throws InputError naming the unknown key and the registered ones.
  std::unique_ptr<Interface> create(const std::string& name, const std::string& what) const {
    auto it = factories_.find(name);
    if (it == factories_.end()) {
      std::string known;
      for (const auto& [key, factory] : factories_) known += (known.empty() ? "" : ", ") + key;
      throw InputError("unknown " + what + " '" + name + "' (known: " + known + ")");
    }
    return it->second();
  }

  // Registered names in sorted order.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [key, factory] : factories_) out.push_back(key);
    return out;
  }

 private:
  std::map<std::string, Factory> factories_;
};

#define TESSERA_CONCAT_INNER(a, b) a##b
#define TESSERA_CONCAT(a, b) TESSERA_CONCAT_INNER(a, b)

// Registers `factory_expr` (a callable returning std::unique_ptr<Interface>) under `key` at static-init time.
#define TESSERA_REGISTER_FACTORY(Interface, key, factory_expr)                                     \
  static const bool TESSERA_CONCAT(tessera_registered_, __COUNTER__) [[maybe_unused]] = \
      ::tessera::Registry<Interface>::instance().add(key, factory_expr)

// Registers a default-constructible implementation under `key`.
#define TESSERA_REGISTER(Interface, Impl, key) \
  TESSERA_REGISTER_FACTORY(Interface, key, [] { return std::unique_ptr<Interface>(std::make_unique<Impl>()); })

}  // namespace tessera
