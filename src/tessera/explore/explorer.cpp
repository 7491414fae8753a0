#include "tessera/explore/explorer.h"

#include <chrono>
#include <cmath>
#include <map>

#include "tessera/core/error.h"
#include "tessera/explore/design_point.h"

namespace tessera {

ExploreSummary explore(const DesignSpace& space, ResultStore& store, BatchRunner& runner,
                       const std::function<void(const ExploreProgress&)>& on_progress) {
  auto algorithm = make_search_algorithm(space.algorithm);
  algorithm->start(space.search_space(), space.search);
  auto start = std::chrono::steady_clock::now();
  ExploreProgress progress;
  progress.budget = space.search.budget;
  for (std::vector<SearchPoint> batch = algorithm->next(); !batch.empty(); batch = algorithm->next()) {
    std::vector<std::vector<double>> objectives(batch.size());
    std::vector<std::string> keys(batch.size());
    std::map<std::string, std::vector<size_t>> waiting;  // key -> batch indices still without objectives
    std::vector<SearchPoint> missing;
    for (size_t i = 0; i < batch.size(); ++i) {
      keys[i] = decode_point(space, batch[i]).key;
      if (auto stored = store.find(keys[i])) {
        objectives[i] = stored->objectives;
        ++progress.reused;
        continue;
      }
      auto& slots = waiting[keys[i]];
      if (slots.empty()) {
        missing.push_back(batch[i]);
      } else {
        ++progress.reused;  // a duplicate within the batch: evaluated once
      }
      slots.push_back(i);
    }
    if (!missing.empty()) {
      runner.run(missing, [&](size_t, StoredEvaluation evaluation) {
        store.put({evaluation});
        for (size_t i : waiting.at(evaluation.key)) objectives[i] = evaluation.objectives;
        ++progress.evaluated;
      });
    }
    progress.proposed += static_cast<int64_t>(batch.size());
    progress.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    algorithm->report(objectives);
    if (on_progress) on_progress(progress);
  }
  return {progress.proposed, progress.evaluated, progress.reused, progress.elapsed_s};
}

std::string progress_line(const ExploreProgress& p) {
  constexpr int kWidth = 30;
  double share = p.budget > 0 ? std::min(1.0, static_cast<double>(p.proposed) / static_cast<double>(p.budget)) : 0;
  int filled = static_cast<int>(std::round(share * kWidth));
  double rate = p.elapsed_s > 0 ? static_cast<double>(p.evaluated + p.reused) / p.elapsed_s : 0;
  double remaining = rate > 0 ? static_cast<double>(p.budget - p.proposed) / rate : 0;
  int eta = static_cast<int>(std::max(0.0, std::round(remaining)));
  char tail[96];
  std::snprintf(tail, sizeof tail, "] %lld/%lld %3.0f%%  %.0f points/s  ETA %d:%02d",
                static_cast<long long>(p.proposed), static_cast<long long>(p.budget), share * 100, rate, eta / 60,
                eta % 60);
  return "explore [" + std::string(filled, '#') + std::string(kWidth - filled, '.') + tail;
}

}  // namespace tessera
