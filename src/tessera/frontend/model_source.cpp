#include "tessera/frontend/model_source.h"

#include <filesystem>

#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/core/text_file.h"
#include "tessera/frontend/graph_json.h"
#include "tessera/frontend/hf_config.h"
#include "tessera/frontend/onnx_import.h"
#include "tessera/models/micro_workload.h"
#include "tessera/models/transformer_lookup.h"

namespace tessera {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Throws when the user set an option that `source` cannot honour.
void reject_options(const ModelRequest& request, const std::vector<std::string>& options, const std::string& source) {
  for (const auto& option : options) {
    if (request.given.count(option)) throw InputError(option + " does not apply to " + source);
  }
}

}  // namespace

Graph load_model(const ModelRequest& request) {
  const std::string& model = request.model;
  if (Registry<ModelBuilder>::instance().contains(model)) return build_model(model, request.config);
  if (is_custom_gpt(model)) return build_transformer(find_transformer(model), request.config);
  if (is_micro_workload(model)) {
    reject_options(request, {"--batch", "--seq", "--phase", "--kv"}, model + " (its sizes are given inline)");
    return build_micro_workload(model, request.config.dtype);
  }
  std::error_code error;
  if (!std::filesystem::exists(model, error)) {
    std::string known;
    for (const auto& name : model_names()) known += (known.empty() ? "" : ", ") + name;
    throw InputError("unknown model '" + model + "': not a zoo model (" + known + ") and no such file");
  }
  if (ends_with(model, ".onnx")) {
    reject_options(request, {"--seq", "--dtype", "--phase", "--kv"},
                   model + " (an ONNX model's shapes and types come from the file)");
    OnnxImportOptions options;
    if (request.given.count("--batch")) options.batch = request.config.batch;
    options.allow_unknown_ops = request.allow_unknown_ops;
    return import_onnx(model, options);
  }
  if (ends_with(model, ".json")) {
    std::string text = read_text_file(model);
    if (looks_like_hf_config(text)) return build_hf_model(model, request.config);
    reject_options(request, {"--batch", "--seq", "--dtype", "--phase", "--kv", "--allow-unknown-ops"},
                   model + " (a Tessera graph file is stored fully resolved)");
    return import_graph_json(text, model);
  }
  throw InputError(model + ": unrecognised model file (expected .onnx, a Hugging Face config.json or a Tessera "
                           "graph .json)");
}

Workload load_workload(const ModelRequest& request) {
  Workload workload{load_model(request), request.config.batch, 0};
  auto& zoo = Registry<ModelBuilder>::instance();
  bool from_zoo = zoo.contains(request.model) || is_custom_gpt(request.model);
  bool hf_config = !from_zoo && ends_with(request.model, ".json") &&
                   looks_like_hf_config(read_text_file(request.model));
  const Graph& graph = workload.graph;
  if (is_micro_workload(request.model)) {
    workload.samples = 1;
  } else if (!from_zoo && !hf_config) {
    for (int id = 0; id < static_cast<int>(graph.tensor_count()); ++id) {
      const Tensor& t = graph.tensor(id);
      if (t.role != TensorRole::weight && graph.producer(id) < 0 && !t.shape.empty()) {
        workload.samples = t.shape[0];
        break;
      }
    }
  }
  bool decoder = hf_config || is_custom_gpt(request.model) ||
                 (from_zoo && zoo.create(request.model, "model")->is_decoder());
  auto ids = graph.find_tensor("input_ids");
  if (decoder && ids) workload.tokens = graph.tensor(*ids).elements();
  return workload;
}

}  // namespace tessera
