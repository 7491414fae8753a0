#include "tessera/cli/model_options.h"

#include "tessera/core/error.h"

namespace tessera {

void ModelOptions::add_to(CLI::App& app) {
  app_ = &app;
  app.add_option("--model", model_, "zoo model name, .onnx file, Hugging Face config.json or Tessera graph .json")
      ->required();
  app.add_option("--batch", batch_, "samples per batch (default 1)");
  app.add_option("--seq", seq_, "sequence length (default: the model's)");
  app.add_option("--dtype", dtype_, "numeric format of weights and activations (default fp16)");
  app.add_option("--phase", phase_, "decoder LLMs: prefill or decode")->check(CLI::IsMember({"prefill", "decode"}));
  app.add_option("--kv", kv_len_, "decode: tokens already in the KV cache (default: --seq)");
  app.add_flag("--allow-unknown-ops", allow_unknown_ops_, "ONNX: count unsupported ops as zero-cost ops");
}

ModelRequest ModelOptions::request() const {
  ModelRequest request;
  request.model = model_;
  request.config.batch = batch_;
  request.config.seq = seq_;
  request.config.kv_len = kv_len_;
  request.config.dtype = parse_dtype(dtype_);
  request.config.phase = phase_ == "decode" ? LlmPhase::decode : LlmPhase::prefill;
  validate_model_config(request.config);
  for (const char* name : {"--batch", "--seq", "--dtype", "--phase", "--kv", "--allow-unknown-ops"}) {
    if (app_->count(name) > 0) request.given.insert(name);
  }
  if (request.given.count("--kv") && request.config.phase != LlmPhase::decode) {
    throw InputError("--kv applies only with --phase decode");
  }
  request.allow_unknown_ops = allow_unknown_ops_;
  return request;
}

}  // namespace tessera
