#pragma once
// The --model/--batch/--seq/--dtype/--phase/--kv options every command that loads a workload shares.
#include <string>

#include <CLI/CLI.hpp>

#include "tessera/frontend/model_source.h"

namespace tessera {

class ModelOptions {
 public:
  void add_to(CLI::App& app);
  // Validates the values (InputError on bad ones) and resolves them into a request.
  ModelRequest request() const;

 private:
  std::string model_;
  int64_t batch_ = 1;
  int64_t seq_ = 0;
  int64_t kv_len_ = 0;
  std::string dtype_ = "fp16";
  std::string phase_ = "prefill";
  bool allow_unknown_ops_ = false;
  CLI::App* app_ = nullptr;
};

}  // namespace tessera
