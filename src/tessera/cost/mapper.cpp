// The mapper's search (docs/cost-models.md, "analytic (mapper)"): a beam search over the on-chip levels from the
// innermost outwards. At level i, for every kept partial mapping and every candidate loop order of the loops just
// above level i, the tile of level i is hill-climbed from the tile below it: a scan tries, for every dim, the next
// larger candidate size (the next smaller tile count) and takes the best improving move; when none improves, it tries
// trades (one dim one size up, another down as far as the tile needs to fit again) before stopping. After a move, the
// climb follows through along the dim that moved while each step gains at least what the scan's runner-up (the best
// move in another dim) offered: the move a new scan would most likely take, for one evaluation instead of one per dim
// (37% fewer evaluations on ResNet-50, mappings as good or better: docs/cost-models.md). A partial mapping is scored
// exactly, with the levels above i holding the whole (per-core) problem. Deterministic; bounded by kMaxEvaluations
// evaluated mappings per problem. Results are cached per (problem, arch, objective).
#include <algorithm>
#include <limits>
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
// Tile counts a dim's candidate sizes give: 1..kEveryCountUpTo, then powers of two. On the GEMM check against
// exhaustive enumeration (mapper_test.cpp) 8 did better than 12 and 16 (mean excess 2.2% vs 3.5% and 4.0%, worst
// 22% vs 46% and 100%): finer steps make the greedy climb more myopic.
constexpr int64_t kEveryCountUpTo = 8;
constexpr double kTolerance = 1e-12;

// Compared on `primary`, then (within kTolerance) on `secondary`, smaller first.
struct Ranked {
  double primary = 0;
  double secondary = 0;
};

bool less_than(const Ranked& a, const Ranked& b) {
  if (a.primary < b.primary * (1 - kTolerance)) return true;
  if (b.primary < a.primary * (1 - kTolerance)) return false;
  return a.secondary < b.secondary * (1 - kTolerance);
}

struct Score : Ranked {};  // a mapping's objective: lower is better
struct Gain : Ranked {};   // a move's improvement: score before / score after

bool better(const Score& a, const Score& b) { return less_than(a, b); }

Gain gain(const Score& from, const Score& to) {
  auto ratio = [](double a, double b) { return b > 0 ? a / b : (a > 0 ? std::numeric_limits<double>::infinity() : 1); };
  return {{ratio(from.primary, to.primary), ratio(from.secondary, to.secondary)}};
}

// Latency: the slowest of compute and the levels, then the sum of the levels' times; energy: then latency.
Score score_of(const Mapping& m, MapperObjective objective) {
  double level_sum_s = 0;
  for (double t : m.time_s) level_sum_s += t;
  if (objective == MapperObjective::energy) return {{m.energy_j, m.latency_s}};
  return {{m.latency_s, level_sum_s}};
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

  // Multiples of the lower bound, one per tile count of the upper bound: the smallest giving at most c tiles, for c
  // in 1..kEveryCountUpTo and the powers of two. A larger size with the same count has the same loop trips and a
  // larger footprint, so the climb never stalls on a step that changes nothing (ceil(333 / 56) = ceil(333 / 64) = 6).
  static std::vector<int64_t> candidate_sizes(int64_t lb, int64_t ub) {
    std::vector<int64_t> sizes;
    int64_t most = ceil_div(ub, lb);
    auto add = [&](int64_t count) { sizes.push_back(std::min(ub, ceil_div(ceil_div(ub, count), lb) * lb)); };
    for (int64_t count = 1; count <= std::min(most, kEveryCountUpTo); ++count) add(count);
    for (int64_t count = 1; count <= most; count *= 2) add(count);
    add(most);
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
    return sizes;
  }

  struct Move {
    int dim;              // the dim that moved up
    Gain runner_up_gain;  // what the best move in another dim would have gained
  };

  std::optional<std::pair<Mapping, Score>> climb(Mapping m, int level);
  std::optional<Move> best_move(Mapping& m, int level, const std::vector<std::vector<int64_t>>& sizes,
                                Score& current, bool trade);
  void follow_through(Mapping& m, int level, const std::vector<int64_t>& sizes, int dim, Score& current,
                      const Gain& runner_up_gain);

  const MapperProblem& p_;
  const MapperArch& a_;
  MapperObjective objective_;
  std::vector<std::vector<int>> orders_;
  MappingEvaluator evaluator_;
  int64_t evaluations_ = 0;
  std::vector<int64_t> base_tile_, best_tile_;  // scratch of best_move()
  std::vector<Score> best_by_dim_;
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
    std::optional<Move> move = best_move(m, level, sizes, current, false);
    bool trade = !move;
    if (trade) move = best_move(m, level, sizes, current, true);  // stuck: trade one dim's size for another's
    if (!move) break;
    if (!trade) follow_through(m, level, sizes[move->dim], move->dim, current, move->runner_up_gain);
  }
  return std::pair{m, current};
}

// Steps dim `dim` of the level's tile up while each step improves by at least `runner_up_gain`.
void Search::follow_through(Mapping& m, int level, const std::vector<int64_t>& sizes, int dim, Score& current,
                            const Gain& runner_up_gain) {
  int64_t& size = m.tiles[level][dim];
  while (evaluations_ < kMaxEvaluations) {
    auto next = std::upper_bound(sizes.begin(), sizes.end(), size);
    if (next == sizes.end()) return;
    int64_t previous = size;
    size = *next;
    if (fits(m, level)) {
      Score s = evaluate(m);
      if (better(s, current) && !less_than(gain(current, s), runner_up_gain)) {
        current = s;
        continue;
      }
    }
    size = previous;
    return;
  }
}

// The best improving move from m, taken in place: one dim one candidate size up, or (trade) one dim up and another
// down to its largest size that fits again (one size down when the tile already fits). Trials change only the level's
// tile (restored after each), so no mapping is copied per trial.
std::optional<Search::Move> Search::best_move(Mapping& m, int level, const std::vector<std::vector<int64_t>>& sizes,
                                              Score& current, bool trade) {
  auto& tile = m.tiles[level];
  base_tile_.assign(tile.begin(), tile.end());
  const Score start = current;
  best_by_dim_.assign(sizes.size(), start);  // the best trial moving each dim up
  int best_dim = -1;
  for (size_t up = 0; up < sizes.size(); ++up) {
    auto next = std::upper_bound(sizes[up].begin(), sizes[up].end(), base_tile_[up]);
    if (next == sizes[up].end()) continue;
    for (size_t down = 0; down < (trade ? sizes.size() : 1); ++down) {
      auto here = std::lower_bound(sizes[down].begin(), sizes[down].end(), base_tile_[down]);
      if (trade && (down == up || here == sizes[down].begin())) continue;
      std::copy(base_tile_.begin(), base_tile_.end(), tile.begin());
      tile[up] = *next;
      if (trade) {  // `down` shrinks only as far as the tile needs to fit again
        auto smaller = here;
        do {
          tile[down] = *--smaller;
        } while (smaller != sizes[down].begin() && !fits(m, level));
      }
      if (!fits(m, level)) continue;
      Score s = evaluate(m);
      if (better(s, best_by_dim_[up])) best_by_dim_[up] = s;
      if (better(s, current)) best_tile_.assign(tile.begin(), tile.end()), current = s, best_dim = static_cast<int>(up);
    }
  }
  const auto& chosen = best_dim >= 0 ? best_tile_ : base_tile_;
  std::copy(chosen.begin(), chosen.end(), tile.begin());
  if (best_dim < 0) return std::nullopt;
  Score runner_up = start;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (static_cast<int>(d) != best_dim && better(best_by_dim_[d], runner_up)) runner_up = best_by_dim_[d];
  }
  return Move{best_dim, gain(start, runner_up)};
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
