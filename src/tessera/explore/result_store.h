#pragma once
// Where an exploration's evaluations live (SQLite). Each evaluation is written, and durable, as soon as it is put,
// so a killed run loses nothing it finished; a restarted run looks points up by key before evaluating them, so
// nothing is evaluated twice. A store belongs to one exploration: it records the fingerprint of the design space and
// workloads it was made for and refuses to be reopened for another.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tessera {

struct StoredEvaluation {
  std::string key;                  // canonical text of the design point: its identity
  std::string point_json;           // the point's parameter values, as JSON
  std::vector<double> objectives;   // minimised objective values (penalties when infeasible)
  bool feasible = true;
  std::string metrics_json;         // everything else measured (per workload latency, area, TDP, ...), as JSON
};

class ResultStore {
 public:
  // Opens `path`, creating it (and its schema) when absent. Throws InputError when the file is not a Tessera store
  // or was made for another fingerprint (naming both), or cannot be opened.
  ResultStore(const std::string& path, const std::string& fingerprint);
  ~ResultStore();
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  std::optional<StoredEvaluation> find(const std::string& key) const;
  // Inserts in one transaction; a key already present is left as it is (the first evaluation wins).
  void put(const std::vector<StoredEvaluation>& evaluations);
  // Every evaluation in insertion order.
  std::vector<StoredEvaluation> all() const;
  int64_t size() const;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace tessera
