#pragma once
// Pages of the SQLite store: the cursors (opaque to clients: base64url of the last key shown;
// a cursor that does not decode is the same clear 400 everywhere) and the one page loop every
// list goes through. Private to store/sqlite/.

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/status.h"
#include "common/text.h"
#include "store/sqlite/db.h"
#include "store/store.h"

namespace overstap::store::sqlite {

inline Status BadCursor() {
  return InvalidArgument(
      "De cursor is ongeldig.", "The cursor is invalid.",
      {{"cursor", "ongeldigeCursor", "Gebruik de cursor uit 'volgende' ongewijzigd.",
        "Use the cursor from 'volgende' unchanged."}});
}

// The whole of `s` as a decimal integer.
inline bool ParseWholeInt(std::string_view s, int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

// A cursor that carries one positive row key; 0 for no cursor (the first page).
inline Result<int64_t> DecodeKeyCursor(const std::string& cursor) {
  if (cursor.empty()) return int64_t{0};
  std::string raw;
  int64_t key = 0;
  if (!Base64UrlDecode(cursor, &raw) || !ParseWholeInt(raw, &key) || key <= 0) return BadCursor();
  return key;
}

inline std::string EncodeKeyCursor(int64_t key) { return Base64UrlEncode(std::to_string(key)); }

// Adds `clause` (with one parameter) and its value when the filter is set (not empty).
inline void AddFilter(std::vector<std::string>* where, std::vector<std::string>* args,
                      std::string clause, const std::string& value) {
  if (value.empty()) return;
  where->push_back(std::move(clause));
  args->push_back(value);
}

// The page loop. `st` asks for at most limit + 1 rows. The first `limit` rows become the
// page's items through `read(st)`, which returns T or Result<T> (an error ends the page);
// when one more row follows, next_cursor is `cursor(last item)`.
template <typename T, typename Read, typename Cursor>
Result<Page<T>> ReadPage(Statement& st, int limit, Read&& read, Cursor&& cursor) {
  Page<T> out;
  bool more = false;
  RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) -> Status {
    if (static_cast<int>(out.items.size()) >= limit) {
      more = true;
      return Status::Ok();
    }
    if constexpr (std::is_same_v<std::invoke_result_t<Read&, Statement&>, T>) {
      out.items.push_back(read(row));
    } else {
      ASSIGN_OR_RETURN(T item, read(row));
      out.items.push_back(std::move(item));
    }
    return Status::Ok();
  }));
  if (more && !out.items.empty()) out.next_cursor = cursor(out.items.back());
  return out;
}

// ReadPage for pages by row key: the key is column 0 and the cursor is the last item's key
// (DecodeKeyCursor reads it back).
template <typename T, typename Read>
Result<Page<T>> ReadKeyPage(Statement& st, int limit, Read&& read) {
  int64_t last = 0;
  return ReadPage<T>(
      st, limit,
      [&](Statement& row) {
        last = row.Int(0);
        return read(row);
      },
      [&](const T&) { return EncodeKeyCursor(last); });
}

// Keyset pagination over a sort column then the row key (column 0 of `select`, named
// "<alias>.id"). The cursor carries the sort, direction, the last sort value and the last row
// key, so a page never skips or repeats rows that existed when the first page was read.
class Keyset {
 public:
  // Checks the cursor against the sort (kInvalidArgument when it belongs to another or does not
  // decode) and builds the query: `select`, the filters `where` with their `args`, the cursor's
  // condition, the order and limit + 1.
  static Result<Keyset> Make(const char* select, const char* alias, const char* col,
                             std::vector<std::string> where, std::vector<std::string> args,
                             const PageRequest& page);

  // Runs the query on `c`; `read(st)` makes an item of a row (T or Result<T>).
  template <typename T, typename Read>
  Result<Page<T>> Run(Connection* c, Read&& read) const {
    ASSIGN_OR_RETURN(auto st, c->PrepareOnce(sql_));
    Bind(st);
    const int value_col = key_only_ ? 0 : SortColumn(st);
    int64_t last_key = 0;
    std::string last_value;
    return ReadPage<T>(
        st, limit_,
        [&](Statement& row) {
          last_key = row.Int(0);
          if (!key_only_) last_value = ValueOf(row, value_col);
          return read(row);
        },
        [&](const T&) {
          return Cursor(key_only_ ? std::to_string(last_key) : last_value, last_key);
        });
  }

 private:
  Keyset() = default;
  void Bind(Statement& st) const;
  // The index of the sort column among the statement's columns (-1 if absent).
  int SortColumn(Statement& st) const;
  std::string ValueOf(const Statement& st, int col) const;
  std::string Cursor(const std::string& value, int64_t key) const;

  std::string sql_, sort_tag_, col_;
  std::vector<std::string> args_;
  std::optional<std::string> last_value_;
  int64_t last_key_ = 0;
  bool key_only_ = false, numeric_ = false;
  int limit_ = 0;
};

}  // namespace overstap::store::sqlite
