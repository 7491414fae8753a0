// tessera explore SPACE.yaml: search a design space (docs/explore.md). Results stream into an SQLite store (resumable:
// run the same command again after a kill), then the Pareto front, best designs, baseline report and plots are
// written to --out. Under `mpirun -n N` the evaluations spread over the ranks; rank 0 drives and writes.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "tessera/cli/command.h"
#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/explore/batch_runner.h"
#include "tessera/explore/design_evaluator.h"
#include "tessera/explore/explorer.h"
#include "tessera/report/explore_report.h"

namespace tessera {
namespace {

class ExploreCommand final : public Command {
 public:
  std::string summary() const override {
    return "Search a design space (hardware fields, passes, cost model) for Perf/TDP, throughput, latency, energy...";
  }
  void configure(CLI::App& app) override {
    app.add_option("space", space_path_, "design space YAML (docs/explore.md)")->required();
    app.add_option("--store", store_path_, "SQLite results store; default <out>/explore.db (resumes when it exists)");
    app.add_option("--out", out_dir_, "directory for pareto.csv/json, report.txt, best_<n>.yaml, *.svg")
        ->capture_default_str();
    app.add_option("--threads", threads_, "evaluation threads per process (0: one per hardware thread)")
        ->check(CLI::Range(0, 1024));
    app.add_flag("--no-progress", no_progress_, "no progress bar even on a terminal");
  }

  void run() override {
    DesignSpace space = load_design_space(space_path_);
    DesignEvaluator evaluator(space);
    if (mpi_job() && mpi_rank() != 0) {
      serve_mpi_batches(space, evaluator, threads_);
      finish_mpi();
      return;
    }
    std::string store_path = store_path_.empty() ? out_dir_ + "/explore.db" : store_path_;
    std::error_code error;
    std::filesystem::create_directories(out_dir_, error);
    if (error) throw InputError("--out '" + out_dir_ + "': cannot create the directory (" + error.message() + ")");
    ExploreSummary summary;
    {
      ResultStore store(store_path, space.fingerprint());
      auto runner = mpi_job() ? make_mpi_runner(space, evaluator, threads_) : make_thread_runner(space, evaluator, threads_);
      bool bar = !no_progress_ && isatty(STDERR_FILENO);
      summary = explore(space, store, *runner, [&](const ExploreProgress& p) {
        if (bar) std::cerr << "\r" << progress_line(p) << std::flush;
      });
      if (bar) std::cerr << "\n";
      runner.reset();
      ExploreResults results = collect_results(store);
      write_exploration_outputs(space, evaluator, results, out_dir_);
      std::cout << baseline_report(space, evaluator, results);
    }
    std::cout << "proposed " << summary.proposed << " points: " << summary.evaluated << " evaluated, " << summary.reused
              << " reused (stored earlier or repeated), in " << summary.elapsed_s << " s (" << summary.evaluations_per_s()
              << " evaluations/s); outputs in " << out_dir_ << "/\n";
    finish_mpi();
  }

 private:
  std::string space_path_;
  std::string store_path_;
  std::string out_dir_ = "explore_out";
  int threads_ = 0;
  bool no_progress_ = false;
};

TESSERA_REGISTER(Command, ExploreCommand, "explore");

}  // namespace
}  // namespace tessera
