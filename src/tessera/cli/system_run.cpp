#include "tessera/cli/system_run.h"

#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/cost/auto_cost.h"
#include "tessera/hardware/system_presets.h"
#include "tessera/models/transformer_lookup.h"
#include "tessera/report/output.h"
#include "tessera/report/training_report.h"

namespace tessera {
namespace {

void run_training(const SystemRunOptions& o, const ClusterSpec& system) {
  TrainingRequest request;
  if (names_transformer(o.model.model)) {
    request.model = find_transformer(o.model.model);
    request.seq = o.model.config.seq > 0 ? o.model.config.seq : request.model.max_positions;
  } else {
    request.whole_model = o.model.model;
    request.seq = o.model.config.seq;
  }
  request.dtype = o.model.config.dtype;
  request.plan = parse_parallel_plan(o.parallel, o.model.config.batch);
  request.system = system;
  std::string cost_name = resolve_cost_model(o.cost_model, system.device);
  auto cost_model = Registry<CostModel>::instance().create(cost_name, "cost model");
  request.cost_model = cost_model.get();
  request.passes = o.passes;
  request.fidelity = parse_fidelity(o.fidelity);
  request.trace = !o.trace.empty();
  request.allow_oversubscribe = o.allow_oversubscribe;
  if (request.trace && request.fidelity != Fidelity::event) throw InputError("--trace needs --fidelity event");
  TrainingResult result = simulate_training(request);
  TrainingReport report{o.model.model, o.system, o.parallel, cost_name, o.fidelity, result};
  write_output(o.format == "json" ? render_training_json(report) : render_training_table(report), o.out);
  if (request.trace) write_output(render_training_trace(result), o.trace);
}

}  // namespace

void run_on_system(const SystemRunOptions& options) {
  ClusterSpec system = load_system(options.system);
  if (options.mode == "training") return run_training(options, system);
  throw InputError("--mode " + options.mode + " on a system: expected training or inference");
}

}  // namespace tessera
