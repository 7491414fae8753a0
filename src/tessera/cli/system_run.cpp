#include "tessera/cli/system_run.h"

#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/cost/auto_cost.h"
#include "tessera/hardware/system_presets.h"
#include "tessera/report/output.h"
#include "tessera/report/serving_report.h"
#include "tessera/report/training_report.h"
#include "tessera/sim/serving.h"

namespace tessera {
namespace {

void run_training(const SystemRunOptions& o, const ClusterSpec& system) {
  TrainingRequest request = training_request_for(o.model.model, o.model.config.seq);
  request.dtype = o.model.config.dtype;
  request.plan = parse_parallel_plan(o.parallel, o.model.given.count("--batch") ? o.model.config.batch : 0);
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

void run_inference(const SystemRunOptions& o, ClusterSpec system) {
  ParallelPlan plan = parse_parallel_plan(o.parallel);
  if (plan.ep > 1) {
    throw InputError("--mode inference does not model expert parallelism (ep); serve a mixture-of-experts model with "
                     "tp and pp (its experts' MLPs split tp ways)");
  }
  if (plan.dp > 1 || plan.micro_batches > 1 || plan.zero_stage > 0 || plan.recompute != Recompute::none) {
    throw InputError("--mode inference takes tp and pp in --parallel (serve data-parallel replicas as separate runs)");
  }
  ServingRequest request;
  request.model = o.model.model;
  request.system = std::move(system);
  request.batch = o.model.config.batch;
  if (o.model.config.seq > 0) request.prompt_tokens = o.model.config.seq;
  request.output_tokens = o.output_tokens;
  request.dtype = o.model.config.dtype;
  request.tp = plan.tp;
  request.pp = plan.pp;
  request.offload_weights = o.offload_weights;
  request.allow_oversubscribe = o.allow_oversubscribe;
  request.cost_model = o.cost_model;
  request.passes = o.passes;
  ServingResult result = simulate_serving(request);
  write_output(o.format == "json" ? render_serving_json(result) : render_serving_table(result), o.out);
}

}  // namespace

void run_on_system(const SystemRunOptions& options) {
  ClusterSpec system = load_system(options.system);
  if (options.mode == "training") return run_training(options, system);
  if (!options.trace.empty()) throw InputError("--trace applies to --mode training");
  return run_inference(options, std::move(system));
}

}  // namespace tessera
