#pragma once
// Thin RAII helpers over the SQLite C API, private to store/sqlite/.
// A Connection is used by one thread at a time; it caches prepared statements.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "common/date.h"
#include "common/status.h"

namespace overstap::store::sqlite {

class Statement;

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* raw() { return db_; }
  // Runs one or more statements without results.
  Status Exec(std::string_view sql);
  // A cached prepared statement, reset and with bindings cleared. `sql` must be a string
  // literal (the cache is keyed by its address).
  Result<Statement> Prepare(const char* sql);
  // A statement prepared for one use (dynamic SQL); finalized when the Statement goes.
  Result<Statement> PrepareOnce(const std::string& sql);
  Status ErrorStatus(int rc, std::string_view what);

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

// A borrowed cached statement; resets itself when it goes out of scope.
class Statement {
 public:
  Statement(Connection* conn, sqlite3_stmt* stmt, bool owned = false)
      : conn_(conn), stmt_(stmt), owned_(owned) {}
  Statement(Statement&& o) noexcept : conn_(o.conn_), stmt_(o.stmt_), owned_(o.owned_) {
    o.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  ~Statement() {
    if (!stmt_) return;
    if (owned_) {
      sqlite3_finalize(stmt_);
    } else {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }

  Statement& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Statement& Bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Statement& Bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // Binds without a copy: `v` must stay valid and unchanged until the statement is reset.
  Statement& BindUnowned(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Statement& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Statement& BindNull(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  template <typename T>
  Statement& Bind(int i, const std::optional<T>& v) {
    return v ? Bind(i, *v) : BindNull(i);
  }

  // Steps once: true with a row, false when done (the statement is then reset, ready to be
  // bound and run again); errors as Status.
  Result<bool> Step();
  // Steps to completion, expecting no rows.
  Status Run();
  // Back to the start, bindings kept (a loop that stops before the last row).
  void Reset() { sqlite3_reset(stmt_); }
  // Steps once and returns the raw SQLite result code (for constraint handling); resets the
  // statement unless a row is available.
  int StepRc() {
    int rc = sqlite3_step(stmt_);
    if (rc != SQLITE_ROW) sqlite3_reset(stmt_);
    return rc;
  }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  // The column's text without a copy; valid until the next Step() or reset.
  std::string_view TextView(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  // The column as a date (days since the epoch); nullopt when NULL.
  std::optional<Date> OptDate(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Date{static_cast<int32_t>(Int(col))};
  }
  sqlite3_stmt* raw() { return stmt_; }

 private:
  Connection* conn_;
  sqlite3_stmt* stmt_;
  bool owned_ = false;
};

// The store's one row loop: steps `st` through its rows and calls `fn(st)` on each. `fn`
// returns void, or a Status whose error ends the loop and comes back. Errors of the step come
// back as Status. The statement is reset when the loop ends, however it ends. Inline, so a scan
// pays nothing for it over a hand-written loop.
template <typename Fn>
Status ForEachRow(Statement& st, Fn&& fn) {
  using R = std::invoke_result_t<Fn&, Statement&>;
  static_assert(std::is_void_v<R> || std::is_same_v<R, Status>, "fn returns void or Status");
  while (true) {
    ASSIGN_OR_RETURN(bool row, st.Step());  // resets the statement when done or failed
    if (!row) return Status::Ok();
    if constexpr (std::is_void_v<R>) {
      fn(st);
    } else {
      Status status = fn(st);
      if (!status.ok()) {
        st.Reset();
        return status;
      }
    }
  }
}

}  // namespace overstap::store::sqlite
