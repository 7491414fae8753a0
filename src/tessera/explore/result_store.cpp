// The SQLite schema and access behind ResultStore. Not thread-safe, and needs no locking: the explorer calls put and
// find (and everything else here) from one thread only.
#include "tessera/explore/result_store.h"

#include <bit>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>

#include <sqlite3.h>

#include "tessera/core/error.h"

namespace tessera {
namespace {

constexpr const char* kFormat = "tessera-explore-store 1";
// Long enough to outlast another process (a second run, a report reading the file) briefly holding the write lock.
constexpr int kBusyTimeoutMs = 10000;

// Objectives are stored as a blob of IEEE-754 doubles, which round-trips every value exactly (JSON would turn an
// infinite penalty into null). The bytes are the native ones, so make sure they mean the same on every build.
static_assert(std::numeric_limits<double>::is_iec559 && std::endian::native == std::endian::little,
              "the store's objective blobs are little-endian IEEE-754 doubles");

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    // rowid order is insertion order: rows are never deleted, so each new rowid is one past the largest.
    "CREATE TABLE IF NOT EXISTS evaluations (key TEXT NOT NULL UNIQUE, point_json TEXT NOT NULL, "
    "objectives BLOB NOT NULL, feasible INTEGER NOT NULL, metrics_json TEXT NOT NULL);";
constexpr const char* kColumns = "key, point_json, objectives, feasible, metrics_json";

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

// Resets a kept statement however its use ends, so an exception never leaves it mid-step holding a read snapshot
// (which would stop WAL checkpoints) or its old bindings.
class StatementUse {
 public:
  explicit StatementUse(const Statement& stmt) : stmt_(stmt.get()) {}
  ~StatementUse() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
};

// The bind helpers use SQLITE_STATIC: every statement is stepped and reset while the bound values are alive.
void bind_text(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
}

void bind_doubles(sqlite3_stmt* stmt, int index, const std::vector<double>& values) {
  // Never a null pointer (an empty vector's data() may be one): SQLite would store NULL, not a zero-length blob.
  static constexpr double kNone = 0;
  sqlite3_bind_blob64(stmt, index, values.empty() ? &kNone : values.data(), values.size() * sizeof(double),
                      SQLITE_STATIC);
}

std::string column_text(sqlite3_stmt* stmt, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  return text ? std::string(text, sqlite3_column_bytes(stmt, column)) : std::string();
}

}  // namespace

struct ResultStore::Impl {
  Impl(const std::string& path, const std::string& fingerprint);

  std::string path;
  // Declared before the statements so that they are finalized before it closes.
  Database db;
  Statement find_stmt;
  Statement insert_stmt;
  Statement all_stmt;
  Statement size_stmt;

  [[noreturn]] void fail(const std::string& doing) const {
    if (sqlite3_errcode(db.get()) == SQLITE_NOTADB) {
      throw InputError("explore store '" + path + "': not an SQLite database (expected a Tessera explore store)");
    }
    throw InputError("explore store '" + path + "': " + doing + " failed (" + sqlite3_errmsg(db.get()) + ")");
  }

  void exec(const char* sql, const std::string& doing) const {
    if (sqlite3_exec(db.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(doing);
  }

  Statement prepare(const std::string& sql) const {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) fail("preparing '" + sql + "'");
    return Statement(stmt);
  }

  int64_t count(const std::string& sql) const {
    Statement stmt = prepare(sql);
    if (sqlite3_step(stmt.get()) != SQLITE_ROW) fail("running '" + sql + "'");
    return sqlite3_column_int64(stmt.get(), 0);
  }

  std::optional<std::string> meta(const char* key) const {
    Statement stmt = prepare("SELECT value FROM meta WHERE key = ?1");
    sqlite3_bind_text(stmt.get(), 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) fail("reading its meta table");
    return column_text(stmt.get(), 0);
  }

  // In one transaction, so a failure leaves no half-made schema. IF NOT EXISTS and OR IGNORE let a second process
  // creating the same store at the same time lose quietly; check_meta then judges what it finds.
  void create_schema(const std::string& fingerprint) const {
    exec("BEGIN IMMEDIATE", "starting to create its schema");
    try {
      exec(kSchema, "creating its schema");
      Statement insert = prepare("INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)");
      for (const auto& [key, value] : {std::pair<std::string, std::string>{"format", kFormat},
                                       std::pair<std::string, std::string>{"fingerprint", fingerprint}}) {
        bind_text(insert.get(), 1, key);
        bind_text(insert.get(), 2, value);
        if (sqlite3_step(insert.get()) != SQLITE_DONE) fail("writing its meta table");
        sqlite3_reset(insert.get());
      }
      exec("COMMIT", "committing its schema");
    } catch (...) {
      sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);  // the first error is the one worth reporting
      throw;
    }
  }

  void check_meta(const std::string& fingerprint) const {
    bool has_meta = count("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'") == 1;
    std::optional<std::string> format = has_meta ? meta("format") : std::nullopt;
    if (format != kFormat) {
      throw InputError("explore store '" + path + "': not a Tessera explore store (expected format '" + kFormat +
                       "', found " + (format ? "'" + *format + "'" : "none") + ")");
    }
    std::string stored = meta("fingerprint").value_or("");
    if (stored != fingerprint) {
      throw InputError("explore store '" + path + "': made for design space fingerprint '" + stored +
                       "' but this run's is '" + fingerprint + "' (use a new --store file or delete it)");
    }
  }

  StoredEvaluation read_row(sqlite3_stmt* stmt) const {
    StoredEvaluation e;
    e.key = column_text(stmt, 0);
    e.point_json = column_text(stmt, 1);
    const void* blob = sqlite3_column_blob(stmt, 2);  // before its size, as SQLite asks
    int bytes = sqlite3_column_bytes(stmt, 2);
    if (bytes % sizeof(double) != 0) {
      throw InputError("explore store '" + path + "': evaluation '" + e.key + "' has " + std::to_string(bytes) +
                       " bytes of objectives, expected a whole number of doubles");
    }
    e.objectives.resize(bytes / sizeof(double));
    if (bytes > 0) std::memcpy(e.objectives.data(), blob, bytes);
    e.feasible = sqlite3_column_int(stmt, 3) != 0;
    e.metrics_json = column_text(stmt, 4);
    return e;
  }
};

ResultStore::Impl::Impl(const std::string& path, const std::string& fingerprint) : path(path) {
  // SQLite would open "" as a private temporary database, silently losing every evaluation.
  if (path.empty()) throw InputError("explore store: expected a file path, got an empty one");
  // SQLite would only say "unable to open database file" for these.
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    throw InputError("explore store '" + path + "': directory '" + parent.string() +
                     "' does not exist (expected an existing directory to hold the store)");
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError("explore store '" + path + "': is a directory (expected a store file)");
  }

  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  db.reset(raw);  // even a failed open allocates a handle to close
  if (rc != SQLITE_OK) fail("opening it");
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);

  // The first read of the file: fails with SQLITE_NOTADB when it is not SQLite at all. An empty file is a new store.
  if (count("SELECT count(*) FROM sqlite_master") == 0) create_schema(fingerprint);
  check_meta(fingerprint);

  // Only now that the file is known to be ours. WAL with synchronous=NORMAL makes each committed put durable against
  // a killed process (not against power loss), at one fsync per checkpoint instead of one per put.
  exec("PRAGMA journal_mode = WAL", "switching to WAL");
  exec("PRAGMA synchronous = NORMAL", "setting synchronous");

  find_stmt = prepare(std::string("SELECT ") + kColumns + " FROM evaluations WHERE key = ?1");
  insert_stmt =
      prepare(std::string("INSERT OR IGNORE INTO evaluations (") + kColumns + ") VALUES (?1, ?2, ?3, ?4, ?5)");
  all_stmt = prepare(std::string("SELECT ") + kColumns + " FROM evaluations ORDER BY rowid");
  size_stmt = prepare("SELECT count(*) FROM evaluations");
}

ResultStore::ResultStore(const std::string& path, const std::string& fingerprint)
    : impl_(new Impl(path, fingerprint)) {}

ResultStore::~ResultStore() { delete impl_; }

std::optional<StoredEvaluation> ResultStore::find(const std::string& key) const {
  StatementUse stmt(impl_->find_stmt);
  bind_text(stmt.get(), 1, key);
  int rc = sqlite3_step(stmt.get());
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) impl_->fail("looking up '" + key + "'");
  return impl_->read_row(stmt.get());
}

void ResultStore::put(const std::vector<StoredEvaluation>& evaluations) {
  impl_->exec("BEGIN IMMEDIATE", "starting to write evaluations");
  try {
    for (const auto& e : evaluations) {
      StatementUse stmt(impl_->insert_stmt);
      bind_text(stmt.get(), 1, e.key);
      bind_text(stmt.get(), 2, e.point_json);
      bind_doubles(stmt.get(), 3, e.objectives);
      sqlite3_bind_int(stmt.get(), 4, e.feasible ? 1 : 0);
      bind_text(stmt.get(), 5, e.metrics_json);
      if (sqlite3_step(stmt.get()) != SQLITE_DONE) impl_->fail("writing evaluation '" + e.key + "'");
    }
    impl_->exec("COMMIT", "committing evaluations");
  } catch (...) {
    sqlite3_exec(impl_->db.get(), "ROLLBACK", nullptr, nullptr, nullptr);  // the first error is the one worth reporting
    throw;
  }
}

std::vector<StoredEvaluation> ResultStore::all() const {
  StatementUse stmt(impl_->all_stmt);
  std::vector<StoredEvaluation> out;
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) out.push_back(impl_->read_row(stmt.get()));
  if (rc != SQLITE_DONE) impl_->fail("reading evaluations");
  return out;
}

int64_t ResultStore::size() const {
  StatementUse stmt(impl_->size_stmt);
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) impl_->fail("counting evaluations");
  return sqlite3_column_int64(stmt.get(), 0);
}

}  // namespace tessera
