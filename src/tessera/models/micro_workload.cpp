#include "tessera/models/micro_workload.h"

#include <map>

#include "tessera/core/error.h"
#include "tessera/core/key_values.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

// The key=value list after "<kind>:" (core/key_values.h), with the kind's keys and defaults ("" = required).
class Params {
 public:
  Params(const std::string& spec, std::map<std::string, std::string> defaults)
      : spec_(spec), defaults_(std::move(defaults)), given_(spec.substr(spec.find(':') + 1), "workload '" + spec + "'") {
    for (const auto& [key, fallback] : defaults_) given_.text(key, fallback);  // declares the known keys
    given_.reject_unknown();
    for (const auto& [key, fallback] : defaults_) {
      if (fallback.empty() && !given_.has(key)) throw InputError("workload '" + spec_ + "': missing " + key);
    }
  }

  int64_t positive(const std::string& key) const { return given_.integer(key, fallback(key), 1); }
  int64_t non_negative(const std::string& key) const { return given_.integer(key, fallback(key), 0); }
  std::string text(const std::string& key) const { return given_.text(key, defaults_.at(key)); }

 private:
  // A required key is present by construction, so its empty default is never read.
  int64_t fallback(const std::string& key) const {
    const std::string& value = defaults_.at(key);
    return value.empty() ? 0 : std::stoll(value);
  }

  std::string spec_;
  std::map<std::string, std::string> defaults_;
  mutable KeyValues given_;  // reading a key records it as known
};

Graph gemm(const Params& p, GraphBuilder& b) {
  int a = b.input("a", {p.positive("B"), p.positive("M"), p.positive("K")});
  b.op(OpKind::matmul, "gemm", {a, b.weight("b", {p.positive("K"), p.positive("N")})});
  return b.finish();
}

Graph conv2d(const Params& p, GraphBuilder& b) {
  int x = b.input("x", {p.positive("N"), p.positive("C"), p.positive("H"), p.positive("W")});
  if (p.positive("R") != p.positive("S")) throw InputError("workload conv2d: R and S must be equal (square kernels)");
  b.conv(x, "conv", p.positive("K"), p.positive("R"), p.positive("stride"), p.non_negative("pad"));
  return b.finish();
}

Graph attention(const Params& p, GraphBuilder& b) {
  int64_t batch = p.positive("B"), heads = p.positive("H"), dim = p.positive("D");
  int64_t kv_heads = p.non_negative("KV_H") > 0 ? p.non_negative("KV_H") : heads;
  int q = b.input("q", {batch, p.positive("Sq"), heads * dim});
  int k = b.input("k", {batch, p.positive("Skv"), kv_heads * dim});
  int v = b.input("v", {batch, p.positive("Skv"), kv_heads * dim});
  b.op(OpKind::attention, "attention", {q, k, v},
       {{"heads", heads}, {"kv_heads", kv_heads}, {"causal", p.non_negative("causal")}});
  return b.finish();
}

Graph elementwise(const Params& p, GraphBuilder& b) {
  int x = b.input("x", {p.positive("N")});
  std::string fn = p.text("fn");
  bool binary = fn == "add" || fn == "sub" || fn == "mul" || fn == "div" || fn == "max" || fn == "min";
  if (binary) {
    b.binary(x, b.input("y", {p.positive("N")}), "elementwise", fn);
  } else {
    b.unary(x, "elementwise", fn);
  }
  return b.finish();
}

struct MicroKind {
  std::map<std::string, std::string> defaults;  // "" = required
  Graph (*build)(const Params&, GraphBuilder&);
};

const std::map<std::string, MicroKind>& kinds() {
  static const std::map<std::string, MicroKind> table{
      {"gemm", {{{"M", ""}, {"N", ""}, {"K", ""}, {"B", "1"}}, gemm}},
      {"conv2d", {{{"N", "1"}, {"C", ""}, {"H", ""}, {"W", ""}, {"K", ""}, {"R", "3"}, {"S", "3"}, {"stride", "1"},
                   {"pad", "1"}}, conv2d}},
      {"attention", {{{"B", "1"}, {"H", ""}, {"KV_H", "0"}, {"Sq", ""}, {"Skv", ""}, {"D", "128"}, {"causal", "0"}},
                     attention}},
      {"elementwise", {{{"N", ""}, {"fn", "add"}}, elementwise}},
  };
  return table;
}

}  // namespace

bool is_micro_workload(const std::string& spec) {
  size_t colon = spec.find(':');
  return colon != std::string::npos && kinds().count(spec.substr(0, colon)) > 0;
}

Graph build_micro_workload(const std::string& spec, DType dtype) {
  const MicroKind& kind = kinds().at(spec.substr(0, spec.find(':')));
  Params params(spec, kind.defaults);
  GraphBuilder b(spec.substr(0, spec.find(':')), dtype);
  return kind.build(params, b);
}

}  // namespace tessera
