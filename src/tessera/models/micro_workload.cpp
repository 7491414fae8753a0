#include "tessera/models/micro_workload.h"

#include <map>

#include "tessera/core/error.h"
#include "tessera/workload/graph_builder.h"

namespace tessera {
namespace {

// The key=value list after "<kind>:", with defaults and validation.
class Params {
 public:
  Params(const std::string& spec, std::map<std::string, std::string> defaults)
      : spec_(spec), values_(std::move(defaults)) {
    std::string list = spec.substr(spec.find(':') + 1);
    size_t start = 0;
    while (start < list.size()) {
      size_t end = list.find(',', start);
      if (end == std::string::npos) end = list.size();
      std::string item = list.substr(start, end - start);
      size_t eq = item.find('=');
      if (eq == std::string::npos) fail("'" + item + "' is not key=value");
      std::string key = item.substr(0, eq);
      if (!values_.count(key)) fail("unknown key '" + key + "' (expected " + known() + ")");
      values_[key] = item.substr(eq + 1);
      start = end + 1;
    }
    for (const auto& [key, value] : values_) {
      if (value.empty()) fail("missing " + key);
    }
  }

  int64_t positive(const std::string& key) const { return integer(key, 1, "a positive integer"); }
  int64_t non_negative(const std::string& key) const { return integer(key, 0, "a non-negative integer"); }
  const std::string& text(const std::string& key) const { return values_.at(key); }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw InputError("workload '" + spec_ + "': " + what); }

  int64_t integer(const std::string& key, int64_t minimum, const std::string& expected) const {
    const std::string& text = values_.at(key);
    size_t used = 0;
    int64_t value = 0;
    try {
      value = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || value < minimum) fail(key + "=" + text + " must be " + expected);
    return value;
  }
  std::string known() const {
    std::string out;
    for (const auto& [key, value] : values_) out += (out.empty() ? "" : ", ") + key;
    return out;
  }

  std::string spec_;
  std::map<std::string, std::string> values_;  // "" = required
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
  const std::string& fn = p.text("fn");
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
