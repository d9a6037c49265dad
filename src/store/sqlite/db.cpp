#include "store/sqlite/db.h"

#include "common/text.h"
#include "domain/names.h"

namespace overstap::store::sqlite {
namespace {

std::string_view TextArg(sqlite3_value* v) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return text ? std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(v)))
              : std::string_view();
}

void ResultText(sqlite3_context* ctx, const std::string& s) {
  sqlite3_result_text(ctx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

// overstap_naamsleutel(voornaam, achternaam): domain::SurnameSortKey.
void NameKeyFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  ResultText(ctx, domain::SurnameSortKey(TextArg(argv[0]), TextArg(argv[1])));
}

// overstap_woorden(naam): domain::NameWords joined by single spaces.
void NameWordsFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  ResultText(ctx, Join(domain::NameWords(TextArg(argv[0])), " "));
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool read_only) {
  // Once per process, before SQLite initialises: no global mutex around every allocation for
  // memory statistics (each connection is used by one thread at a time).
  static const int kConfigured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return sqlite3_initialize();
  }();
  (void)kConfigured;
  sqlite3* db = nullptr;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
              SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Unavailable("cannot open database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  auto conn = std::unique_ptr<Connection>(new Connection(db));
  // The folding of names, for migrations that compute stored keys (0007_lists.sql).
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  sqlite3_create_function_v2(db, "overstap_naamsleutel", 2, kFlags, nullptr, &NameKeyFunction,
                             nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "overstap_woorden", 1, kFlags, nullptr, &NameWordsFunction,
                             nullptr, nullptr, nullptr);
  RETURN_IF_ERROR(conn->Exec("PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;"));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status Connection::ErrorStatus(int rc, std::string_view what) {
  std::string msg =
      std::string(what) + ": " + sqlite3_errmsg(db_) + " (" + std::to_string(rc) + ")";
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || (rc & 0xFF) == SQLITE_BUSY) {
    return Unavailable(msg);
  }
  return Internal(msg);
}

Status Connection::Exec(std::string_view sql) {
  std::string copy(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Internal("sqlite exec failed: " + msg);
  }
  return Status::Ok();
}

Result<Statement> Connection::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Statement(this, it->second);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return ErrorStatus(rc, std::string("prepare ") + sql);
  cache_.emplace(sql, stmt);
  return Statement(this, stmt);
}

Result<Statement> Connection::PrepareOnce(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return ErrorStatus(rc, "prepare " + sql);
  return Statement(this, stmt, /*owned=*/true);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  // Done or failed: reset so the statement can be bound and run again.
  sqlite3_reset(stmt_);
  if (rc == SQLITE_DONE) return false;
  const char* sql = sqlite3_sql(stmt_);
  return conn_->ErrorStatus(rc,
                            std::string("step: ") + (sql ? std::string(sql).substr(0, 60) : ""));
}

Status Statement::Run() {
  return ForEachRow(*this, [](Statement&) {});
}

}  // namespace overstap::store::sqlite
