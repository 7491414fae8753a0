// The mapper's search (docs/cost-models.md, "analytic (mapper)"): a beam search over the on-chip levels from the
// innermost outwards. At level i, for every kept partial mapping and every candidate loop order of the loops just
// above level i, the tile of level i is hill-climbed from the tile below it: each step tries, for every dim, the next
// larger candidate size and takes the best improving move; when none improves, it tries trades (one dim one size up,
// another one size down) before stopping. A partial mapping is
// scored exactly, with the levels above i holding the whole (per-core) problem. Deterministic; bounded by
// kMaxEvaluations evaluated mappings per problem. Results are cached per (problem, arch, objective).
#include <algorithm>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "tessera/core/checked_math.h"
#include "tessera/cost/loop_order.h"
#include "tessera/cost/mapper.h"
#include "tessera/cost/mapping_evaluator.h"

namespace tessera {
namespace {

constexpr int kBeamWidth = 2;
constexpr int64_t kMaxEvaluations = 6000;
constexpr int kRaggedSplits[] = {3, 5, 6, 7};  // besides powers of two: sizes ceil(extent / n) (imperfect factors)


struct Score {
  double primary = 0;
  double secondary = 0;
};

bool better(const Score& a, const Score& b) {
  constexpr double kTolerance = 1e-12;
  if (a.primary < b.primary * (1 - kTolerance)) return true;
  if (b.primary < a.primary * (1 - kTolerance)) return false;
  return a.secondary < b.secondary * (1 - kTolerance);
}

// Latency: the slowest of compute and the levels, then the sum of the levels' times; energy: then latency.
Score score_of(const Mapping& m, MapperObjective objective) {
  double level_sum_s = 0;
  for (double t : m.time_s) level_sum_s += t;
  if (objective == MapperObjective::energy) return {m.energy_j, m.latency_s};
  return {m.latency_s, level_sum_s};
}

class Search {
 public:
  Search(const MapperProblem& problem, const MapperArch& arch, MapperObjective objective)
      : p_(problem), a_(arch), objective_(objective), orders_(candidate_orders(problem)), evaluator_(problem, arch) {}

  Mapping run() {
    std::vector<std::pair<Mapping, Score>> beam{{initial(), {}}};
    beam[0].second = evaluate(beam[0].first);
    for (int level = 0; level + 1 < static_cast<int>(a_.levels.size()); ++level) {
      std::vector<std::pair<Mapping, Score>> next;
      for (const auto& [partial, unused] : beam) {
        for (const auto& order : orders_) {
          Mapping m = partial;
          for (size_t above = level + 1; above < m.orders.size(); ++above) m.orders[above] = order;
          if (auto result = climb(m, level)) next.push_back(*result);
        }
      }
      if (next.empty()) break;  // nothing fits: keep the previous (unfitted) tiles
      std::stable_sort(next.begin(), next.end(), [](const auto& x, const auto& y) { return better(x.second, y.second); });
      if (next.size() > kBeamWidth) next.resize(kBeamWidth);
      beam = std::move(next);
    }
    Mapping best = beam.front().first;
    evaluator_.evaluate(best);
    best.fits = mapping_fits(p_, a_, best);
    best.evaluations = evaluations_;
    return best;
  }

 private:
  Score evaluate(Mapping& m) {
    ++evaluations_;
    evaluator_.evaluate(m);
    return score_of(m, objective_);
  }

  Mapping initial() const {
    Mapping m;
    m.split = core_split(p_, a_);
    for (int i = 0; i < static_cast<int>(a_.levels.size()); ++i) m.tiles.push_back(upper_bound(m, i));
    m.orders.assign(a_.levels.size(), orders_.front());
    return m;
  }

  std::vector<int64_t> upper_bound(const Mapping& m, int level) const {
    std::vector<int64_t> ub = p_.dims;
    if (level < a_.core_levels) {
      for (size_t d = 0; d < ub.size(); ++d) ub[d] = ceil_div(p_.dims[d], m.split[d]);
    }
    return ub;
  }

  std::vector<int64_t> lower_bound(const Mapping& m, int level) const {
    std::vector<int64_t> lb(p_.dims.size(), 1);
    for (size_t d = 0; d < lb.size(); ++d) {
      int64_t below = level > 0 ? m.tiles[level - 1][d] : 1;
      if (level == a_.core_levels) below = std::min(p_.dims[d], below * m.split[d]);
      lb[d] = below;
    }
    return lb;
  }

  bool fits_capacity(const std::vector<int64_t>& tile, int level) const {
    int64_t capacity = a_.levels[level].capacity_bytes;
    return capacity <= 0 || a_.buffering * evaluator_.footprint_bytes(tile) <= capacity;
  }

  // The level's tile fits; the outermost per-core tile must also leave the cores' joint tile room in the next level.
  bool fits(const Mapping& m, int level) const {
    if (!fits_capacity(m.tiles[level], level)) return false;
    if (level + 1 != a_.core_levels || level + 2 >= static_cast<int>(a_.levels.size())) return true;
    std::vector<int64_t> joint(p_.dims.size());
    for (size_t d = 0; d < joint.size(); ++d) joint[d] = std::min(p_.dims[d], m.tiles[level][d] * m.split[d]);
    return fits_capacity(joint, level + 1);
  }

  // Multiples of the lower bound: powers of two and near ceil(ub / n), and the upper bound itself.
  static std::vector<int64_t> candidate_sizes(int64_t lb, int64_t ub) {
    std::vector<int64_t> sizes{ub};
    for (int64_t s = lb; s < ub; s *= 2) sizes.push_back(s);
    for (int n : kRaggedSplits) {
      int64_t s = ceil_div(ceil_div(ub, n), lb) * lb;
      if (s > lb && s < ub) sizes.push_back(s);
    }
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
    return sizes;
  }

  std::optional<std::pair<Mapping, Score>> climb(Mapping m, int level);
  std::optional<Mapping> best_move(const Mapping& m, int level, const std::vector<std::vector<int64_t>>& sizes,
                                   Score& current, bool trade);

  const MapperProblem& p_;
  const MapperArch& a_;
  MapperObjective objective_;
  std::vector<std::vector<int>> orders_;
  MappingEvaluator evaluator_;
  int64_t evaluations_ = 0;
};

std::optional<std::pair<Mapping, Score>> Search::climb(Mapping m, int level) {
  std::vector<int64_t> lb = lower_bound(m, level);
  m.tiles[level] = lb;
  if (a_.levels[level].capacity_bytes <= 0) return std::pair{m, evaluate(m)};  // bypassed: holds the child's tile
  if (!fits(m, level)) return std::nullopt;
  std::vector<int64_t> ub = upper_bound(m, level);
  std::vector<std::vector<int64_t>> sizes;
  for (size_t d = 0; d < lb.size(); ++d) sizes.push_back(candidate_sizes(lb[d], ub[d]));
  Score current = evaluate(m);
  while (evaluations_ < kMaxEvaluations) {
    std::optional<Mapping> move = best_move(m, level, sizes, current, false);
    if (!move) move = best_move(m, level, sizes, current, true);  // stuck: trade one dim's size for another's
    if (!move) break;
    m = std::move(*move);
  }
  return std::pair{m, current};
}

// The best improving move from m: one dim one candidate size up, or (trade) one dim up and another one size down.
// Trials reuse one scratch mapping (only the level's tile changes), so the search does not copy a mapping per trial.
std::optional<Mapping> Search::best_move(const Mapping& m, int level, const std::vector<std::vector<int64_t>>& sizes,
                                         Score& current, bool trade) {
  const auto& tile = m.tiles[level];
  Mapping trial = m;
  std::optional<std::vector<int64_t>> best_tile;
  for (size_t up = 0; up < sizes.size(); ++up) {
    auto next = std::upper_bound(sizes[up].begin(), sizes[up].end(), tile[up]);
    if (next == sizes[up].end()) continue;
    for (size_t down = 0; down < (trade ? sizes.size() : 1); ++down) {
      auto here = std::lower_bound(sizes[down].begin(), sizes[down].end(), tile[down]);
      if (trade && (down == up || here == sizes[down].begin())) continue;
      std::copy(tile.begin(), tile.end(), trial.tiles[level].begin());
      trial.tiles[level][up] = *next;
      if (trade) trial.tiles[level][down] = *std::prev(here);
      if (!fits(trial, level)) continue;
      Score s = evaluate(trial);
      if (better(s, current)) best_tile = trial.tiles[level], current = s;
    }
  }
  if (!best_tile) return std::nullopt;
  trial.tiles[level] = *best_tile;
  return trial;
}

// The cache key: every number the search reads, as raw bytes.
class KeyWriter {
 public:
  template <typename T>
  void add(T value) {
    key_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  std::string take() { return std::move(key_); }

 private:
  std::string key_;
};

std::string cache_key(const MapperProblem& p, const MapperArch& a, MapperObjective objective) {
  KeyWriter w;
  w.add(p.dims.size());
  for (int64_t d : p.dims) w.add(d);
  for (const auto& o : p.operands) {
    w.add(o.element_bytes), w.add(o.is_output), w.add(o.axes.size());
    for (size_t axis = 0; axis < o.axes.size(); ++axis) {
      w.add(axis < o.extents.size() ? o.extents[axis] : int64_t{-1}), w.add(o.axes[axis].size());
      for (const auto& t : o.axes[axis]) w.add(t.dim), w.add(t.coefficient);
    }
  }
  w.add(p.macs), w.add(p.compulsory_bytes);
  for (const auto& l : a.levels) w.add(l.capacity_bytes), w.add(l.bandwidth_bytes_per_s), w.add(l.energy_j_per_byte);
  w.add(a.core_levels), w.add(a.cores), w.add(a.macs_per_s), w.add(a.buffering), w.add(static_cast<int>(objective));
  return w.take();
}

}  // namespace

namespace {

// A bound on the cache (each entry is a few hundred bytes); clearing never changes a result, only its cost.
constexpr size_t kMaxCachedMappings = 200000;
std::mutex cache_mutex;
std::unordered_map<std::string, Mapping> mapping_cache;

}  // namespace

Mapping map_loop_nest(const MapperProblem& problem, const MapperArch& arch, MapperObjective objective) {
  std::string key = cache_key(problem, arch, objective);
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    auto it = mapping_cache.find(key);
    if (it != mapping_cache.end()) return it->second;
  }
  Mapping mapping = Search(problem, arch, objective).run();
  std::lock_guard<std::mutex> lock(cache_mutex);
  if (mapping_cache.size() >= kMaxCachedMappings) mapping_cache.clear();  // explorations bring new archs without end
  return mapping_cache.emplace(std::move(key), std::move(mapping)).first->second;
}

void clear_mapping_cache() {
  std::lock_guard<std::mutex> lock(cache_mutex);
  mapping_cache.clear();
}

}  // namespace tessera
