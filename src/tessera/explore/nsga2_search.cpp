// Search algorithm "nsga2": pagmo2's NSGA-II (K. Deb et al., "A fast and elitist multiobjective genetic algorithm:
// NSGA-II", IEEE TEC 2002), turned ask/tell. The first batch is an initial population drawn here, uniformly, from the
// seed. Once it is reported, pagmo's evolve runs in a worker thread with a batch fitness evaluator that hands each
// generation's offspring to next() and waits for report() (evaluation_handoff.h). The population is options.batch
// rounded up to a multiple of 4 and at least 8, since pagmo's NSGA-II breeds four parents at a time and needs five or
// more; it runs as many whole generations as the budget pays for after the initial population. When the budget is
// below one population, or every dimension is fixed, only the initial population is evaluated (truncated to the
// budget; a single point when every dimension is fixed). Deterministic for a seed with a given pagmo and standard
// library: pagmo draws through std::uniform_real_distribution.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>

#include <fmt/format.h>
#include <pagmo/algorithms/nsga2.hpp>
#include <pagmo/bfe.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>

#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/explore/evaluation_handoff.h"
#include "tessera/explore/pagmo_layout.h"
#include "tessera/explore/portable_random.h"
#include "tessera/explore/search_algorithm.h"
#include "tessera/explore/search_checks.h"

namespace tessera {
namespace {

// Variation parameters of Deb et al. (sec. V): crossover probability 0.9, distribution indices 20 for SBX and
// polynomial mutation; the mutation probability is 1/n, set in start().
constexpr double kCrossoverProbability = 0.9;
constexpr double kCrossoverIndex = 20;
constexpr double kMutationIndex = 20;

int64_t population_size(int batch) { return std::max<int64_t>(8, (static_cast<int64_t>(batch) + 3) / 4 * 4); }

// The problem pagmo sees: bounds and sizes only. Fitness comes through the batch evaluator, never through fitness().
struct HandoffProblem {
  std::pair<pagmo::vector_double, pagmo::vector_double> bounds;
  pagmo::vector_double::size_type objectives = 2;
  pagmo::vector_double::size_type integers = 0;

  pagmo::vector_double fitness(const pagmo::vector_double&) const {
    throw std::logic_error("nsga2: pagmo evaluated a point outside the batch evaluator");
  }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const { return bounds; }
  pagmo::vector_double::size_type get_nobj() const { return objectives; }
  pagmo::vector_double::size_type get_nix() const { return integers; }
};

// pagmo's batch fitness evaluator (a UDBFE): each generation's offspring go through the handoff.
struct HandoffEvaluator {
  EvaluationHandoff* handoff = nullptr;

  pagmo::vector_double operator()(const pagmo::problem&, const pagmo::vector_double& decision_vectors) const {
    return handoff->evaluate(decision_vectors);
  }
};

class Nsga2Search final : public SearchAlgorithm {
 public:
  ~Nsga2Search() override { stop_evolution(); }

  void start(const SearchSpace& space, const SearchOptions& options) override {
    stop_evolution();
    check_search_start("nsga2", space, options);
    if (space.objectives < 2) {
      throw InputError(
          fmt::format("nsga2: NSGA-II needs at least two objectives (got {}); use cmaes for one", space.objectives));
    }
    space_ = space;
    layout_ = PagmoLayout(space);
    int64_t population = population_size(options.batch);
    int64_t initial = std::min<int64_t>(layout_.size() == 0 ? 1 : population, options.budget);
    bool evolves = layout_.size() > 0 && options.budget >= population;
    // Capped below UINT_MAX: pagmo's generation loop (gen <= gen_max in an unsigned) would never end at it.
    int64_t affordable = evolves ? (options.budget - population) / population : 0;
    generations_ = static_cast<unsigned>(std::min<int64_t>(affordable, UINT_MAX - 1));
    pagmo_seed_ = static_cast<unsigned>(options.seed ^ (options.seed >> 32));
    std::mt19937_64 engine(options.seed);
    initial_.clear();
    for (int64_t i = 0; i < initial; ++i) initial_.push_back(uniform_point(space, engine));
    outstanding_.clear();
    phase_ = initial_.empty() ? Phase::over : Phase::initial;
  }

  std::vector<SearchPoint> next() override {
    check_nothing_outstanding("nsga2", outstanding_.size());
    if (phase_ == Phase::initial) {
      outstanding_ = initial_;
    } else if (phase_ == Phase::evolving) {
      std::optional<std::vector<double>> offspring = handoff_->wait_for_batch();
      if (offspring) {
        outstanding_ = layout_.to_caller(*offspring);
      } else {
        worker_.join();
        phase_ = Phase::over;
      }
    }
    return outstanding_;
  }

  void report(const std::vector<std::vector<double>>& objectives) override {
    check_reported("nsga2", objectives, outstanding_.size(), space_.objectives);
    if (phase_ == Phase::initial) {
      if (generations_ > 0) {
        start_evolution(objectives);
      } else {
        phase_ = Phase::over;
      }
    } else if (phase_ == Phase::evolving) {
      std::vector<double> concatenated;
      for (const std::vector<double>& values : objectives) {
        concatenated.insert(concatenated.end(), values.begin(), values.end());
      }
      handoff_->deliver(std::move(concatenated));
    }
    outstanding_.clear();
  }

 private:
  enum class Phase { initial, evolving, over };

  void start_evolution(const std::vector<std::vector<double>>& initial_objectives) {
    HandoffProblem udp{layout_.bounds(), static_cast<pagmo::vector_double::size_type>(space_.objectives),
                       layout_.integer_count()};
    pagmo::population population(pagmo::problem(std::move(udp)), 0u, pagmo_seed_);
    for (size_t i = 0; i < outstanding_.size(); ++i) {
      population.push_back(layout_.to_pagmo(outstanding_[i]), initial_objectives[i]);
    }
    double mutation_probability = 1.0 / static_cast<double>(layout_.size());
    pagmo::nsga2 algorithm(generations_, kCrossoverProbability, kCrossoverIndex, mutation_probability, kMutationIndex,
                           pagmo_seed_);
    handoff_ = std::make_unique<EvaluationHandoff>();
    algorithm.set_bfe(pagmo::bfe(HandoffEvaluator{handoff_.get()}));
    worker_ = std::thread(
        [handoff = handoff_.get(), algorithm = std::move(algorithm), population = std::move(population)]() mutable {
          std::exception_ptr error;
          try {
            algorithm.evolve(std::move(population));
          } catch (const EvaluationHandoff::Cancelled&) {
            // The caller abandoned the search: nothing to report.
          } catch (...) {
            error = std::current_exception();
          }
          handoff->finish(error);
        });
    phase_ = Phase::evolving;
  }

  // Unblocks a running evolution (its next evaluation throws Cancelled) and joins its thread.
  void stop_evolution() {
    if (!worker_.joinable()) return;
    handoff_->cancel();
    worker_.join();
  }

  SearchSpace space_;
  PagmoLayout layout_;
  unsigned generations_ = 0;
  unsigned pagmo_seed_ = 0;
  std::vector<SearchPoint> initial_;
  std::vector<SearchPoint> outstanding_;
  Phase phase_ = Phase::over;
  std::unique_ptr<EvaluationHandoff> handoff_;
  std::thread worker_;
};

}  // namespace

TESSERA_REGISTER(SearchAlgorithm, Nsga2Search, "nsga2");

}  // namespace tessera
