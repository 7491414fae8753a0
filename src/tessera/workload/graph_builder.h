#pragma once
// A convenience layer for building graphs the way model code reads: named scopes and PyTorch-like layers that create
// their own weights ("<scope>.<layer>.weight", ".bias"). Every call goes through Graph, so shapes are checked.
#include <string>
#include <vector>

#include "tessera/workload/graph.h"

namespace tessera {

class GraphBuilder {
 public:
  GraphBuilder(std::string graph_name, DType dtype) : graph_(std::move(graph_name)), dtype_(dtype) {}

  Graph& graph() { return graph_; }
  Graph finish() { return std::move(graph_); }
  DType dtype() const { return dtype_; }
  const Shape& shape(int tensor) const { return graph_.tensor(tensor).shape; }

  // Names created inside a scope are prefixed "<scope>."; scopes nest. Use the RAII guard.
  class ScopeGuard {
   public:
    ScopeGuard(GraphBuilder& builder, const std::string& name);
    ~ScopeGuard();
    ScopeGuard(const ScopeGuard&) = delete;
    ScopeGuard& operator=(const ScopeGuard&) = delete;

   private:
    GraphBuilder& builder_;
    size_t previous_length_;
  };
  ScopeGuard scope(const std::string& name) { return ScopeGuard(*this, name); }
  std::string qualified(const std::string& name) const { return prefix_.empty() ? name : prefix_ + "." + name; }

  int input(const std::string& name, const Shape& shape);             // activation at the builder's dtype
  int input(const std::string& name, const Shape& shape, DType dtype);
  int weight(const std::string& name, const Shape& shape);            // weight at the builder's dtype
  int kv_cache(const std::string& name, const Shape& shape);          // LLM KV cache at the builder's dtype
  int op(OpKind kind, const std::string& name, const std::vector<int>& inputs, Attrs attrs = {});
  std::vector<int> op_outputs(OpKind kind, const std::string& name, const std::vector<int>& inputs, Attrs attrs = {});

  // Layers. Convolutions pad symmetrically; `kernel`, `stride`, `pad`, `dilation` apply to every spatial axis.
  int conv(int x, const std::string& name, int64_t out_channels, int64_t kernel, int64_t stride = 1, int64_t pad = 0,
           int64_t groups = 1, bool bias = false, int64_t dilation = 1);
  int conv_transpose(int x, const std::string& name, int64_t out_channels, int64_t kernel, int64_t stride,
                     bool bias = true);
  int linear(int x, const std::string& name, int64_t out_features, bool bias = true);  // weight [in, out]
  int batch_norm(int x, const std::string& name);
  int layer_norm(int x, const std::string& name, bool bias = true);
  int rms_norm(int x, const std::string& name);
  int unary(int x, const std::string& name, const std::string& fn);
  int binary(int a, int b, const std::string& name, const std::string& fn);
  int pool(int x, const std::string& name, const std::string& mode, int64_t kernel, int64_t stride, int64_t pad = 0);
  int global_avg_pool(int x, const std::string& name);
  int softmax(int x, const std::string& name, int64_t axis = -1);
  int reshape(int x, const std::string& name, const Shape& shape);
  int transpose(int x, const std::string& name, const std::vector<int64_t>& perm);
  int concat(const std::vector<int>& xs, const std::string& name, int64_t axis);
  int embedding(int indices, const std::string& name, int64_t rows, int64_t width);

 private:
  Graph graph_;
  DType dtype_;
  std::string prefix_;
};

}  // namespace tessera
