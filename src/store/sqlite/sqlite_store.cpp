// SqliteStore's connections and transactions, the schema, bulk loads and counts (the
// aggregates are in their own files; see sqlite_store.h).

#include "store/sqlite/sqlite_store.h"

#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace overstap::store {
const std::vector<std::pair<std::string_view, std::string_view>>& Migrations();
}

namespace overstap::store::sqlite {
namespace {

// Maps the database file, up to SQLite's 2 GB limit (the writer always, a reader for a scan).
// One literal, so the connections' statement caches (keyed by address) hold it once.
constexpr char kMapWholeFile[] = "PRAGMA mmap_size = 2147418112";

Result<int> SchemaVersionOn(Connection* c) {
  ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  (void)row;
  return static_cast<int>(st.Int(0));
}

// Recreates the indexes BeginBulkLoad dropped, if any.
Status RebuildBulkIndexes(Connection* c) {
  ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT value FROM meta WHERE key = 'bulk_indexes'"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return Status::Ok();
  std::string sql = st.Text(0);
  RETURN_IF_ERROR(st.Run());
  RETURN_IF_ERROR(c->Exec(sql));
  return c->Exec("DELETE FROM meta WHERE key = 'bulk_indexes'");
}

}  // namespace

// ---- helpers shared by the aggregates --------------------------------------------------------

Status RunCached(Connection* c, const char* sql) {
  ASSIGN_OR_RETURN(auto st, c->Prepare(sql));
  return st.Run();
}

Status CheckChanged(Connection* c, const char* table, const std::string& id) {
  if (sqlite3_changes(c->raw()) > 0) return Status::Ok();
  std::string sql = std::string("SELECT versie FROM ") + table + " WHERE public_id = ?";
  ASSIGN_OR_RETURN(auto st, c->PrepareOnce(sql));
  st.Bind(1, id);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound("Niet gevonden.", "Not found.");
  return Aborted("Iemand anders heeft dit intussen gewijzigd (versie " + std::to_string(st.Int(0)) +
                     "). Haal het opnieuw op.",
                 "Someone else changed this meanwhile (version " + std::to_string(st.Int(0)) +
                     "). Fetch it again.");
}

std::optional<int64_t> OptDays(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->days;
}

std::optional<std::string> NullIfEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// ---- connections ---------------------------------------------------------------------------

Status SqliteStore::Open() {
  ASSIGN_OR_RETURN(write_, Connection::Open(options_.path, false));
  RETURN_IF_ERROR(write_->Exec("PRAGMA journal_mode = WAL;"));
  RETURN_IF_ERROR(write_->Exec(options_.fast_bulk_load ? "PRAGMA synchronous = OFF;"
                                                       : "PRAGMA synchronous = FULL;"));
  RETURN_IF_ERROR(write_->Exec("PRAGMA wal_autocheckpoint = 10000;"));
  // Sorts for CREATE INDEX (EndBulkLoad, migrations) in memory, not in temp files (Debian's
  // SQLite defaults to files).
  RETURN_IF_ERROR(write_->Exec("PRAGMA temp_store = MEMORY;"));
  // The writer keeps up to 256 MiB of pages: inserts into the random-UUID unique indexes
  // (events, signals, tasks) touch pages all over those indexes, and with SQLite's default
  // 2 MiB most of them would be read back from the OS on every write. Allocated as used.
  // It also reads the database through mmap like the readers, so a page not in its cache is
  // no system call and no copy.
  RETURN_IF_ERROR(write_->Exec("PRAGMA cache_size = -262144;"));
  RETURN_IF_ERROR(RunCached(write_.get(), kMapWholeFile));
  for (int i = 0; i < options_.read_connections; ++i) {
    ASSIGN_OR_RETURN(auto conn, Connection::Open(options_.path, false));
    // Readers keep a small private cache and read pages with pread. They map the file only
    // for a scan (ReadKind::kScan): SQLite unmaps a reader's whole mapping at the start of its
    // next read transaction whenever the WAL changed, so under a steady trickle of writes (the
    // audit trail alone) a reader that kept its mapping would remap and re-fault the whole file
    // over and over, which costs point reads far more than pread does.
    RETURN_IF_ERROR(
        conn->Exec("PRAGMA query_only = ON; PRAGMA cache_size = -16384; PRAGMA mmap_size = 0;"));
    readers_.push_back(std::move(conn));
  }
  return Status::Ok();
}

Connection* SqliteStore::AcquireReader(bool* borrowed) {
  thread_local std::vector<std::pair<uint64_t, Connection*>> mine;
  for (const auto& [generation, conn] : mine) {
    if (generation == generation_) {
      *borrowed = false;
      return conn;
    }
  }
  std::unique_lock lock(read_mu_);
  if (readers_.size() > kSharedReaders) {
    Connection* conn = readers_.back().get();
    thread_owned_.push_back(std::move(readers_.back()));
    readers_.pop_back();
    mine.emplace_back(generation_, conn);
    *borrowed = false;
    return conn;
  }
  read_cv_.wait(lock, [&] { return !readers_.empty(); });
  Connection* conn = readers_.back().release();
  readers_.pop_back();
  *borrowed = true;
  return conn;
}

void SqliteStore::ReturnReader(Connection* conn) {
  {
    std::lock_guard lock(read_mu_);
    readers_.emplace_back(conn);
  }
  read_cv_.notify_one();
}

SqliteStore::ReadSession::ReadSession(SqliteStore* store, ReadKind kind)
    : store_(store), kind_(kind) {
  conn_ = store->AcquireReader(&borrowed_);
}

Status SqliteStore::ReadSession::Begin() {
  if (kind_ == ReadKind::kScan) {
    mapped_ = true;
    RETURN_IF_ERROR(RunCached(conn_, kMapWholeFile));
  }
  if (kind_ != ReadKind::kOneStatement) {
    in_transaction_ = true;
    RETURN_IF_ERROR(RunCached(conn_, "BEGIN"));
  }
  return Status::Ok();
}

SqliteStore::ReadSession::~ReadSession() {
  if (in_transaction_) RunCached(conn_, "COMMIT").IgnoreError();
  if (mapped_) RunCached(conn_, "PRAGMA mmap_size = 0").IgnoreError();
  if (borrowed_) store_->ReturnReader(conn_);
}

Status SqliteStore::WithReadStatus(ReadKind kind, const std::function<Status(Connection*)>& fn) {
  return WithRead<bool>(kind,
                        [&](Connection* c) -> Result<bool> {
                          RETURN_IF_ERROR(fn(c));
                          return true;
                        })
      .status();
}

Status SqliteStore::WithWrite(const std::function<Status(Connection*)>& fn, bool synced) {
  writes_waiting_.fetch_add(1);
  std::lock_guard lock(write_mu_);
  writes_waiting_.fetch_sub(1);
  const bool lazy = !synced && !options_.fast_bulk_load;
  // The writer is back at FULL before anything else commits on it; while that fails (it does
  // no I/O, so it should not), writes fail rather than commit unsynced.
  if (unsynced_ || lazy) {
    RETURN_IF_ERROR(RunCached(write_.get(),
                              lazy ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL"));
    unsynced_ = lazy;
  }
  Status st = WriteTransaction(fn);
  if (lazy && RunCached(write_.get(), "PRAGMA synchronous = FULL").ok()) unsynced_ = false;
  return st;
}

Status SqliteStore::WriteTransaction(const std::function<Status(Connection*)>& fn) {
  RETURN_IF_ERROR(RunCached(write_.get(), "BEGIN IMMEDIATE"));
  Status st;
  try {
    st = fn(write_.get());
  } catch (const std::exception& e) {
    st = Internal(std::string("exception in write: ") + e.what());
  }
  if (st.ok()) st = RunCached(write_.get(), "COMMIT");
  if (!st.ok() && !sqlite3_get_autocommit(write_->raw())) {
    RunCached(write_.get(), "ROLLBACK").IgnoreError();
  }
  return st;
}

Result<KeyMaps> SqliteStore::LoadKeyMaps(Connection* c) {
  if (KeyMaps m = maps_.load(std::memory_order_acquire)) return m;
  auto data = std::make_unique<KeyMapsData>();
  auto load = [&](const char* sql, std::unordered_map<std::string, int64_t>* key,
                  std::unordered_map<int64_t, std::string>* id) -> Status {
    ASSIGN_OR_RETURN(auto st, c->Prepare(sql));
    return ForEachRow(st, [&](Statement& row) {
      key->emplace(row.Text(1), row.Int(0));
      id->emplace(row.Int(0), row.Text(1));
    });
  };
  RETURN_IF_ERROR(load("SELECT id, esco_id FROM vaardigheden", &data->skill_key, &data->skill_id));
  RETURN_IF_ERROR(
      load("SELECT id, esco_id FROM beroepen", &data->occupation_key, &data->occupation_id));
  std::lock_guard lock(maps_mu_);
  if (KeyMaps m = maps_.load(std::memory_order_acquire)) return m;
  maps_storage_.push_back(std::move(data));
  maps_.store(maps_storage_.back().get(), std::memory_order_release);
  return KeyMaps{maps_storage_.back().get()};
}

// ---- schema ----------------------------------------------------------------------------------

Result<int> SqliteStore::Migrate() {
  std::lock_guard lock(write_mu_);
  RETURN_IF_ERROR(
      write_->Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                   "name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;"));
  ASSIGN_OR_RETURN(int current, SchemaVersionOn(write_.get()));
  for (const auto& [name, sql] : Migrations()) {
    int version = std::stoi(std::string(name.substr(0, 4)));
    if (version <= current) continue;
    RETURN_IF_ERROR(write_->Exec("BEGIN IMMEDIATE"));
    Status st = write_->Exec(sql);
    if (st.ok()) {  // a failure here too rolls back below
      auto ins = write_->Prepare(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, unixepoch())");
      st = ins.ok() ? ins->Bind(1, version).Bind(2, name).Run() : ins.status();
    }
    if (st.ok()) st = write_->Exec("COMMIT");
    if (!st.ok()) {
      write_->Exec("ROLLBACK").IgnoreError();
      return Internal("migration " + std::string(name) + " failed: " + st.message_en());
    }
    current = version;
  }
  // A bulk load that never finished left its indexes to rebuild.
  RETURN_IF_ERROR(write_->Exec("BEGIN IMMEDIATE"));
  Status rebuilt = RebuildBulkIndexes(write_.get());
  if (!rebuilt.ok()) {
    write_->Exec("ROLLBACK").IgnoreError();
    return rebuilt;
  }
  RETURN_IF_ERROR(write_->Exec("COMMIT"));
  return current;
}

Result<int> SqliteStore::SchemaVersion() {
  return WithRead<int>([&](Connection* c) { return SchemaVersionOn(c); });
}

// ---- bulk loads and counts -----------------------------------------------------------------

Status SqliteStore::BeginBulkLoad() {
  return WithWrite([&](Connection* c) -> Status {
    ASSIGN_OR_RETURN(
        auto st,
        c->Prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
            "tbl_name IN ('deelnemers', 'plekken', 'deelnemer_externe_ids') ORDER BY name"));
    std::vector<std::pair<std::string, std::string>> indexes;
    RETURN_IF_ERROR(
        ForEachRow(st, [&](Statement& row) { indexes.emplace_back(row.Text(0), row.Text(1)); }));
    if (indexes.empty()) return Status::Ok();  // already in a bulk load
    std::string saved;
    for (const auto& [name, sql] : indexes) saved += sql + ";\n";
    // Remember them durably first: Migrate() rebuilds them should we crash before EndBulkLoad.
    ASSIGN_OR_RETURN(
        auto meta,
        c->Prepare(
            "INSERT INTO meta (key, value) VALUES ('bulk_indexes', ?) ON CONFLICT (key) DO UPDATE "
            "SET value = value || excluded.value"));
    RETURN_IF_ERROR(meta.Bind(1, saved).Run());
    for (const auto& [name, sql] : indexes) RETURN_IF_ERROR(c->Exec("DROP INDEX " + name));
    return Status::Ok();
  });
}

Status SqliteStore::EndBulkLoad() {
  return WithWrite([&](Connection* c) { return RebuildBulkIndexes(c); });
}

Result<Counts> SqliteStore::Count() {
  return WithRead<Counts>([&](Connection* c) -> Result<Counts> {
    ASSIGN_OR_RETURN(
        auto st,
        c->Prepare("SELECT (SELECT count(*) FROM organisaties), (SELECT count(*) FROM deelnemers), "
                   "(SELECT count(*) FROM plekken)"));
    ASSIGN_OR_RETURN(bool row, st.Step());
    (void)row;
    return Counts{st.Int(0), st.Int(1), st.Int(2)};
  });
}

}  // namespace overstap::store::sqlite

namespace overstap::store {

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  auto store = std::make_unique<sqlite::SqliteStore>(options);
  RETURN_IF_ERROR(store->Open());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace overstap::store
