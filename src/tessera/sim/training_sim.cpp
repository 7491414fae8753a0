#include "tessera/sim/training_sim.h"

#include <algorithm>
#include <fmt/format.h>

#include "tessera/core/error.h"
#include "tessera/hardware/peaks.h"
#include "tessera/models/transformer_lookup.h"
#include "tessera/sim/network_sim.h"
#include "tessera/sim/pipeline_schedule.h"
#include "tessera/sim/serving_network.h"

namespace tessera {

Fidelity parse_fidelity(const std::string& name) {
  if (name == "analytic") return Fidelity::analytic;
  if (name == "event") return Fidelity::event;
  throw InputError("unknown fidelity '" + name + "' (known: analytic, event)");
}

namespace {

// Bytes per parameter on a rank (Rajbhandari et al. 2020): weights and gradients at the model dtype, and Adam's m and
// v in fp32 plus, when the model is narrower than fp32, an fp32 master copy (16 bytes in mixed precision, 16 in
// fp32); ZeRO stage 1 shards the optimizer bytes over the `replicas` holding the parameter (dp; dp / ep for expert
// weights), stage 2 also the gradients, 3 also the weights.
double state_bytes_per_param(const ParallelPlan& plan, int64_t replicas, double dtype_bytes) {
  double dp = static_cast<double>(replicas);
  double weights = dtype_bytes, gradients = dtype_bytes, optimizer = dtype_bytes < 4 ? 12 : 8;
  if (plan.zero_stage >= 1) optimizer /= dp;
  if (plan.zero_stage >= 2) gradients /= dp;
  if (plan.zero_stage >= 3) weights /= dp;
  return weights + gradients + optimizer;
}

// Passes of one chunk whose activations a device holds at once (the peak of its schedule).
int64_t passes_in_flight(const ParallelPlan& plan, int64_t stage) {
  int64_t total = plan.micro_batches * plan.chunks;
  switch (plan.schedule) {
    case PipelineSchedule::gpipe: return total;
    case PipelineSchedule::one_f_one_b: return std::min(plan.pp - stage, total);
    case PipelineSchedule::interleaved:
      return std::min((plan.pp - stage - 1) * 2 + (plan.chunks - 1) * plan.pp + 1, total);
  }
  return total;
}

// Layers of each virtual stage (chunk x pp + stage); the first holds the embeddings, the last the LM head.
struct Layout {
  std::vector<int64_t> layers;
  int64_t virtual_stages() const { return static_cast<int64_t>(layers.size()); }
  int64_t at(const ParallelPlan& plan, int64_t stage, int64_t chunk) const {
    return layers[static_cast<size_t>(virtual_stage(plan, stage, chunk))];
  }
};

bool holds_first(const Layout&, const ParallelPlan& plan, int64_t stage, int64_t chunk) {
  return virtual_stage(plan, stage, chunk) == 0;
}
bool holds_last(const Layout& l, const ParallelPlan& plan, int64_t stage, int64_t chunk) {
  return virtual_stage(plan, stage, chunk) == l.virtual_stages() - 1;
}

// Virtual stage `v` of `virtual_stages` holding `layers` layers, timed by `time` (a pass's share of a piece): its
// layers, plus the embeddings on the first and the LM head on the last.
template <class Time>
double virtual_stage_s(const TransformerStepCost& step, int64_t v, int64_t virtual_stages, int64_t layers, Time time) {
  return static_cast<double>(layers) * time(step.layer) + (v == 0 ? time(step.first) : 0) +
         (v == virtual_stages - 1 ? time(step.last) : 0);
}

// The layer counts of the plan's partition (parallel_plan.h). Balanced: every virtual stage starts with one layer and
// each further layer goes where it lengthens the slowest virtual stage least (greedy, which is optimal for identical
// layers; ties to the earlier stage).
Layout make_layout(const TrainingRequest& r, const TransformerStepCost& step) {
  const ParallelPlan& plan = r.plan;
  int64_t stages = plan.pp * plan.chunks, layers = r.whole_model.empty() ? r.model.layers : 0;
  Layout l;
  if (!r.whole_model.empty()) {
    l.layers.assign(static_cast<size_t>(stages), 0);
    return l;
  }
  if (layers < stages) throw InputError(fmt::format("{} layers are fewer than pp x chunks = {}", layers, stages));
  switch (plan.partition) {
    case StagePartition::explicit_counts: {
      int64_t total = 0;
      for (int64_t n : plan.stage_layers) total += n;
      if (total != layers) {
        throw InputError(fmt::format("partition gives {} layers in all, {} has {}", total, r.model.name, layers));
      }
      l.layers = plan.stage_layers;
      break;
    }
    case StagePartition::even:
      if (layers % stages != 0) {
        throw InputError(fmt::format("{} layers do not split evenly over pp x chunks = {} (give partition=balanced "
                                     "or the counts, partition=a/b/..., in --parallel)", layers, stages));
      }
      l.layers.assign(static_cast<size_t>(stages), layers / stages);
      break;
    case StagePartition::balanced: {
      l.layers.assign(static_cast<size_t>(stages), 1);
      for (int64_t placed = stages; placed < layers; ++placed) {
        int64_t best = 0;
        double best_s = 0;
        for (int64_t v = 0; v < stages; ++v) {
          double with_one_more = virtual_stage_s(step, v, stages, l.layers[static_cast<size_t>(v)] + 1,
                                                 [](const PieceCost& p) { return p.forward_s + p.backward_s; });
          if (v == 0 || with_one_more < best_s) {
            best = v;
            best_s = with_one_more;
          }
        }
        ++l.layers[static_cast<size_t>(best)];
      }
      break;
    }
  }
  return l;
}

double pass_s(const TransformerStepCost& step, const Layout& l, const ParallelPlan& plan, int64_t stage,
              int64_t chunk, bool forward) {
  return virtual_stage_s(step, virtual_stage(plan, stage, chunk), l.virtual_stages(), l.at(plan, stage, chunk),
                         [&](const PieceCost& p) { return forward ? p.forward_s : p.backward_s; });
}

// Parameters, optimizer time and memory of each stage device, before any simulation.
void fill_stage_statics(const TrainingRequest& r, const Layout& l, TrainingResult& out) {
  const ParallelPlan& plan = r.plan;
  const TransformerStepCost& step = out.step;
  double dtype_bytes = static_cast<double>(storage_bytes(1, r.dtype));
  out.stages.assign(static_cast<size_t>(plan.pp), {});
  for (int64_t s = 0; s < plan.pp; ++s) {
    StageResult& st = out.stages[static_cast<size_t>(s)];
    st.layers = 0;
    for (int64_t c = 0; c < plan.chunks; ++c) st.layers += l.at(plan, s, c);
    // A pass in flight keeps one chunk's layers: the device's mean chunk when its chunks differ.
    double per_layer_acts =
        static_cast<double>(st.layers) / static_cast<double>(plan.chunks) * step.layer.activation_bytes;
    st.params = static_cast<double>(st.layers) * step.layer.params;
    st.optimizer_s = static_cast<double>(st.layers) * step.layer.optimizer_s;
    for (int64_t c = 0; c < plan.chunks; ++c) {
      if (holds_first(l, plan, s, c)) {
        st.params += step.first.params;
        st.optimizer_s += step.first.optimizer_s;
      }
      if (holds_last(l, plan, s, c)) {
        st.params += step.last.params + (plan.pp > 1 && r.model.tied_lm_head ? step.first.params : 0);
        st.optimizer_s += step.last.optimizer_s;
      }
    }
    // Expert weights are held by dp / ep replicas: their gradients reduce, and ZeRO shards them, over those only.
    double expert_params = static_cast<double>(st.layers) * step.layer.expert_params;
    double expert_optimizer_s = static_cast<double>(st.layers) * step.layer.expert_optimizer_s;
    double dense_params = st.params - expert_params, dense_optimizer_s = st.optimizer_s - expert_optimizer_s;
    int64_t expert_replicas = plan.dp / plan.ep;
    if (plan.zero_stage >= 1) {
      st.optimizer_s = dense_optimizer_s / static_cast<double>(plan.dp) +
                       expert_optimizer_s / static_cast<double>(expert_replicas);
    }
    double in_flight = static_cast<double>(passes_in_flight(plan, s));
    double acts = in_flight * per_layer_acts;
    for (int64_t c = 0; c < plan.chunks; ++c) {
      if (holds_first(l, plan, s, c)) acts += in_flight * step.first.activation_bytes;
      if (holds_last(l, plan, s, c)) acts += in_flight * step.last.activation_bytes;
    }
    st.memory_bytes = dense_params * state_bytes_per_param(plan, plan.dp, dtype_bytes) +
                      expert_params * state_bytes_per_param(plan, expert_replicas, dtype_bytes) + acts;
    // Without expert parallelism every weight shares the one all-reduce over dp.
    bool split = plan.ep > 1;
    double all_reduce_s =
        data_parallel_all_reduce_s(r.system.network, plan, (split ? dense_params : st.params) * dtype_bytes) +
        (split ? expert_data_parallel_all_reduce_s(r.system.network, plan, expert_params * dtype_bytes) : 0);
    // ZeRO 2 and 3 reduce-scatter the gradients (half a ring all-reduce); ZeRO 3 also all-gathers the weights before
    // each micro-batch's forward and again before its backward (half an all-reduce each), not overlapped.
    double micro = static_cast<double>(plan.micro_batches);
    st.dp_all_reduce_s = plan.zero_stage < 2 ? all_reduce_s
                         : plan.zero_stage == 2 ? all_reduce_s / 2
                                                : all_reduce_s / 2 + micro * all_reduce_s;
  }
}

// Creates every pass of the pipeline as a task, device by device in schedule order, as soon as the pass it waits
// for on another device exists; returns the simulated pipeline phase.
class PipelineBuilder {
 public:
  PipelineBuilder(const TrainingRequest& r, const Layout& l, const TransformerStepCost& step, NetworkSim& net)
      : r_(r), plan_(r.plan), layout_(l), step_(step), net_(net) {
    int64_t v = layout_.virtual_stages(), m = plan_.micro_batches;
    forward_.assign(static_cast<size_t>(v * m), -1);
    backward_.assign(static_cast<size_t>(v * m), -1);
    for (int64_t s = 0; s < plan_.pp; ++s) {
      devices_.push_back(net_.tasks().add_resource(fmt::format("stage {}", s)));
      orders_.push_back(pipeline_order(plan_, s));
    }
  }

  void build() {
    std::vector<size_t> next(static_cast<size_t>(plan_.pp), 0);
    std::vector<TaskId> previous(static_cast<size_t>(plan_.pp), -1);
    size_t remaining = 0;
    for (const auto& order : orders_) remaining += order.size();
    while (remaining > 0) {
      bool progressed = false;
      for (int64_t s = 0; s < plan_.pp; ++s) {
        auto& i = next[static_cast<size_t>(s)];
        while (i < orders_[static_cast<size_t>(s)].size()) {
          TaskId task = try_add(s, orders_[static_cast<size_t>(s)][i], previous[static_cast<size_t>(s)]);
          if (task < 0) break;
          previous[static_cast<size_t>(s)] = task;
          ++i;
          --remaining;
          progressed = true;
        }
      }
      if (!progressed) throw std::logic_error("pipeline schedule deadlocks");
    }
    last_pass_ = previous;
  }

  const std::vector<ResourceId>& devices() const { return devices_; }
  const std::vector<TaskId>& last_passes() const { return last_pass_; }

 private:
  TaskId& slot(std::vector<TaskId>& table, int64_t vs, int64_t micro) {
    return table[static_cast<size_t>(vs * plan_.micro_batches + micro)];
  }

  // The pass waits for its device's previous pass and for the neighbouring virtual stage's pass of its micro-batch
  // (its activation or gradient arriving over the network); -1 when that pass is not created yet.
  TaskId try_add(int64_t s, const PipelinePass& p, TaskId previous) {
    int64_t vs = virtual_stage(plan_, s, p.chunk), v = layout_.virtual_stages();
    std::vector<TaskId> deps;
    if (previous >= 0) deps.push_back(previous);
    int64_t from = p.forward ? vs - 1 : vs + 1;
    if (!p.forward) deps.push_back(slot(forward_, vs, p.micro));
    if (from >= 0 && from < v) {
      TaskId upstream = slot(p.forward ? forward_ : backward_, from, p.micro);
      if (upstream < 0) return -1;
      add_crossing(from % plan_.pp, s, upstream, deps);
    }
    TaskSpec spec;
    spec.resource = devices_[static_cast<size_t>(s)];
    spec.duration_s = pass_s(step_, layout_, plan_, s, p.chunk, p.forward);
    if (r_.trace) spec.label = net_.tasks().add_label(fmt::format("{}{} c{}", p.forward ? "F" : "B", p.micro, p.chunk));
    TaskId id = net_.tasks().add_task(spec, deps);
    slot(p.forward ? forward_ : backward_, vs, p.micro) = id;
    return id;
  }

  // Each tensor-parallel rank sends its 1/tp share to its counterpart (Megatron's scatter/gather); the pass waits
  // for every share.
  void add_crossing(int64_t from_stage, int64_t to_stage, TaskId upstream, std::vector<TaskId>& deps) {
    if (from_stage == to_stage) {
      deps.push_back(upstream);
      return;
    }
    auto share = static_cast<int64_t>(step_.boundary_bytes / static_cast<double>(plan_.tp));
    for (int64_t t = 0; t < plan_.tp; ++t) {
      deps.push_back(net_.add_transfer(plan_.endpoint(0, from_stage, t), plan_.endpoint(0, to_stage, t), share,
                                       {upstream}));
    }
  }

  const TrainingRequest& r_;
  const ParallelPlan& plan_;
  const Layout& layout_;
  const TransformerStepCost& step_;
  NetworkSim& net_;
  std::vector<ResourceId> devices_;
  std::vector<std::vector<PipelinePass>> orders_;
  std::vector<TaskId> forward_, backward_, last_pass_;
};

void simulate_events(const TrainingRequest& r, const Layout& l, TrainingResult& out) {
  auto topology = make_topology(r.system.network);
  NetworkSim net(*topology, NetworkSimOptions{int64_t{1} << 26, 2});
  PipelineBuilder pipeline(r, l, out.step, net);
  pipeline.build();
  // After its last backward each stage all-reduces its gradients and steps (closed form, on the device's track).
  std::vector<TaskId> tails;
  for (int64_t s = 0; s < r.plan.pp; ++s) {
    StageResult& st = out.stages[static_cast<size_t>(s)];
    TaskSpec spec{pipeline.devices()[static_cast<size_t>(s)], st.dp_all_reduce_s + st.optimizer_s, 0, kNoLabel};
    if (r.trace) spec.label = net.tasks().add_label("all-reduce + optimizer");
    tails.push_back(net.tasks().add_task(spec, {pipeline.last_passes()[static_cast<size_t>(s)]}));
  }
  net.run();
  out.tasks = static_cast<int64_t>(net.tasks().tasks());
  out.iteration_s = net.makespan_s();
  for (int64_t s = 0; s < r.plan.pp; ++s) {
    StageResult& st = out.stages[static_cast<size_t>(s)];
    st.pipeline_end_s = net.tasks().end_s(pipeline.last_passes()[static_cast<size_t>(s)]);
    st.busy_s = net.tasks().busy_s(pipeline.devices()[static_cast<size_t>(s)]) - st.dp_all_reduce_s - st.optimizer_s;
    out.pipeline_s = std::max(out.pipeline_s, st.pipeline_end_s);
  }
  for (LinkId link = 0; link < topology->links(); ++link) {
    double busy = net.link_busy_s(link);
    if (busy > 0) out.links.push_back({topology->link_name(link), busy, busy / out.iteration_s});
  }
  std::stable_sort(out.links.begin(), out.links.end(), [](const LinkUse& a, const LinkUse& b) { return a.busy_s > b.busy_s; });
  if (!r.trace) return;
  // Tracks: the stage devices first, then the links (the task graph's resources in id order).
  const TaskGraph& g = net.tasks();
  std::vector<int> track(g.resources(), -1);
  for (ResourceId device : pipeline.devices()) {
    track[static_cast<size_t>(device)] = static_cast<int>(out.tracks.size());
    out.tracks.push_back(g.resource_name(device));
  }
  for (ResourceId id = 0; id < static_cast<ResourceId>(g.resources()); ++id) {
    if (track[static_cast<size_t>(id)] >= 0) continue;
    track[static_cast<size_t>(id)] = static_cast<int>(out.tracks.size());
    out.tracks.push_back(g.resource_name(id));
  }
  for (const auto& rec : net.trace()) {
    out.trace.push_back({track[static_cast<size_t>(rec.resource)], rec.label == kNoLabel ? "" : g.label(rec.label),
                         rec.start_s, rec.end_s});
  }
}

// Closed form: with v = 1, the first micro-batch fills every stage once and the rest follow at the slowest stage's
// pace, sum_s t_s + (m - 1) max_s t_s; interleaved, (m + (p - 1) / v) x the slowest device's time per micro-batch
// (Narayanan et al. 2021, sec. 2.2.2). Each crossing between stages adds its send, forward and backward, once in the
// fill and once in the drain.
void simulate_analytic(const TrainingRequest& r, const Layout& l, TrainingResult& out) {
  const ParallelPlan& plan = r.plan;
  double slowest = 0, fill = 0;
  for (int64_t s = 0; s < plan.pp; ++s) {
    StageResult& st = out.stages[static_cast<size_t>(s)];
    double per_micro = 0;
    for (int64_t c = 0; c < plan.chunks; ++c) {
      per_micro += pass_s(out.step, l, plan, s, c, true) + pass_s(out.step, l, plan, s, c, false);
    }
    st.busy_s = per_micro * static_cast<double>(plan.micro_batches);
    slowest = std::max(slowest, per_micro);
    fill += per_micro;
  }
  double m = static_cast<double>(plan.micro_batches), p = static_cast<double>(plan.pp);
  out.pipeline_s = plan.chunks == 1 ? fill + (m - 1) * slowest
                                    : (m + (p - 1) / static_cast<double>(plan.chunks)) * slowest;
  double share = out.step.boundary_bytes / static_cast<double>(plan.tp);
  for (int64_t s = 0; s + 1 < plan.pp; ++s) out.pipeline_s += 2 * stage_send_s(r.system.network, plan.tp, s, share);
  for (auto& st : out.stages) {
    st.pipeline_end_s = out.pipeline_s;
    out.iteration_s = std::max(out.iteration_s, out.pipeline_s + st.dp_all_reduce_s + st.optimizer_s);
  }
}

void check_request(const TrainingRequest& r) {
  const ParallelPlan& plan = r.plan;
  if (plan.devices() > r.system.endpoints()) {
    throw InputError(fmt::format("--parallel needs dp x tp x pp = {} devices, system '{}' has {}", plan.devices(),
                                 r.system.name, r.system.endpoints()));
  }
  const auto& tiers = r.system.network.tiers;
  if (plan.tp > 1 && (tiers.empty() || tiers[0].size() % plan.tp != 0)) {
    throw InputError(fmt::format("tp={} does not divide the {} endpoints of tier '{}': a tensor-parallel group must "
                                 "stay inside one tier-0 group", plan.tp, tiers.empty() ? 0 : tiers[0].size(),
                                 tiers.empty() ? "" : tiers[0].name));
  }
  if (r.fidelity == Fidelity::event && plan.micro_batches * plan.chunks * plan.pp > 10'000'000) {
    throw InputError("more than 10 million simulated passes: use --fidelity analytic");
  }
  if (!r.whole_model.empty()) return;
  if (plan.ep < 1 || plan.dp % plan.ep != 0) {
    throw InputError(fmt::format("ep={} must divide dp={}: expert-parallel groups are data-parallel replicas", plan.ep,
                                 plan.dp));
  }
  if (plan.ep > 1 && r.model.experts % plan.ep != 0) {
    throw InputError(fmt::format("ep={} must divide the {} experts of {}", plan.ep, r.model.experts, r.model.name));
  }
}

}  // namespace

TrainingRequest training_request_for(const std::string& model, int64_t seq) {
  TrainingRequest request;
  if (names_transformer(model)) {
    request.model = find_transformer(model);
    request.seq = seq > 0 ? seq : request.model.max_positions;
  } else {
    request.whole_model = model;
    request.seq = seq;
  }
  return request;
}

TrainingResult simulate_training(const TrainingRequest& r) {
  if (!r.cost_model) throw std::logic_error("simulate_training without a cost model");
  const ParallelPlan& plan = r.plan;
  int64_t layers = r.whole_model.empty() ? r.model.layers : 0;
  check_request(r);
  TrainingResult out;
  out.step = r.whole_model.empty()
                 ? transformer_step_cost(r.model, r.seq, r.dtype, plan, r.system, *r.cost_model, r.passes)
                 : whole_model_step_cost(r.whole_model, r.seq, r.dtype, plan, r.system, *r.cost_model, r.passes);
  Layout layout = make_layout(r, out.step);
  fill_stage_statics(r, layout, out);
  out.memory_capacity_bytes = static_cast<double>(r.system.device.off_chip.capacity_bytes);
  for (int64_t s = 0; s < plan.pp && !r.allow_oversubscribe; ++s) {
    double need = out.stages[static_cast<size_t>(s)].memory_bytes;
    if (need > out.memory_capacity_bytes) {
      throw InputError(fmt::format("stage {} needs {:.2f} GB per device (weights, gradients, optimizer states and "
                                   "in-flight activations) but a device has {:.2f} GB; use more tp/pp, zero=1..3, "
                                   "recompute=full or --allow-oversubscribe",
                                   s, need / 1e9, out.memory_capacity_bytes / 1e9));
    }
  }
  if (r.fidelity == Fidelity::event) {
    simulate_events(r, layout, out);
  } else {
    simulate_analytic(r, layout, out);
  }
  double micro = static_cast<double>(plan.micro_batches), layer_count = static_cast<double>(layers);
  double ranks = static_cast<double>(plan.dp * plan.tp), devices = static_cast<double>(plan.devices());
  auto per_pipeline = [&](auto field) {
    return micro * (layer_count * field(out.step.layer) + field(out.step.first) + field(out.step.last));
  };
  out.flops_per_iteration = ranks * per_pipeline([](const PieceCost& p) { return p.flops; });
  out.model_flops_per_iteration = ranks * per_pipeline([](const PieceCost& p) { return p.model_flops; });
  out.samples_per_s = static_cast<double>(plan.global_batch()) / out.iteration_s;
  out.tokens_per_s = out.samples_per_s * static_cast<double>(r.seq);
  out.flops_per_s_per_device = out.flops_per_iteration / out.iteration_s / devices;
  double peak = device_matrix_flops_per_s(r.system.device, r.dtype);
  out.mfu = peak > 0 ? out.model_flops_per_iteration / out.iteration_s / devices / peak : 0;
  double busy = 0;
  for (const auto& st : out.stages) busy += st.busy_s;
  out.bubble_fraction =
      out.pipeline_s > 0 ? std::max(0.0, 1.0 - busy / (static_cast<double>(plan.pp) * out.pipeline_s)) : 0;
  return out;
}

}  // namespace tessera
