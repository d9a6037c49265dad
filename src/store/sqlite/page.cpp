#include "store/sqlite/page.h"

namespace overstap::store::sqlite {

Result<Keyset> Keyset::Make(const char* select, const char* alias, const char* col,
                            std::vector<std::string> where, std::vector<std::string> args,
                            const PageRequest& page) {
  Keyset k;
  const std::string key_col = std::string(alias) + ".id";
  k.col_ = col;
  k.key_only_ = key_col == k.col_;
  k.numeric_ = k.key_only_ || k.col_.find("geboortedatum") != std::string::npos ||
               k.col_.find("capaciteit") != std::string::npos;
  k.sort_tag_ = std::to_string(static_cast<int>(page.sort)) + (page.descending ? "d" : "a");
  k.limit_ = page.limit;
  k.args_ = std::move(args);
  if (!page.cursor.empty()) {
    std::string raw;
    std::vector<std::string> parts;
    if (Base64UrlDecode(page.cursor, &raw)) parts = Split(raw, '\x1f');
    if (parts.size() != 3 || parts[0] != k.sort_tag_) {
      return InvalidArgument(
          "De cursor is ongeldig of hoort bij een andere sortering.",
          "The cursor is invalid or belongs to another sort order.",
          {{"cursor", "ongeldigeCursor", "Gebruik de cursor uit 'volgende' ongewijzigd.",
            "Use the cursor from 'volgende' unchanged."}});
    }
    if (!ParseWholeInt(parts[2], &k.last_key_)) {
      return InvalidArgument("De cursor is ongeldig.", "The cursor is invalid.",
                             {{"cursor", "ongeldigeCursor", "Ongeldige cursor.", "Bad cursor."}});
    }
    k.last_value_ = parts[1];
    int64_t unused = 0;
    if (k.numeric_ && !ParseWholeInt(*k.last_value_, &unused)) {
      return InvalidArgument("De cursor is ongeldig.", "The cursor is invalid.",
                             {{"cursor", "ongeldigeCursor", "Ongeldige cursor.", "Bad cursor."}});
    }
  }
  const char* cmp = page.descending ? "<" : ">";
  if (k.last_value_) {
    if (k.key_only_) {
      where.push_back(key_col + " " + cmp + " ?");
    } else {
      where.push_back("(" + k.col_ + " " + cmp + " ? OR (" + k.col_ + " = ? AND " + key_col + " " +
                      cmp + " ?))");
    }
  }
  k.sql_ = select;
  for (size_t i = 0; i < where.size(); ++i) k.sql_ += (i ? " AND " : " WHERE ") + where[i];
  const char* dir = page.descending ? " DESC" : " ASC";
  k.sql_ += k.key_only_ ? " ORDER BY " + key_col + dir
                        : " ORDER BY " + k.col_ + dir + ", " + key_col + dir;
  k.sql_ += " LIMIT " + std::to_string(page.limit + 1);
  return k;
}

void Keyset::Bind(Statement& st) const {
  int i = 1;
  for (const auto& a : args_) st.Bind(i++, a);
  if (!last_value_) return;
  if (!key_only_) {
    for (int n = 0; n < 2; ++n) {
      int64_t v = 0;
      if (numeric_ && ParseWholeInt(*last_value_, &v)) {  // checked by Make
        st.Bind(i++, v);
      } else {
        st.Bind(i++, *last_value_);
      }
    }
  }
  st.Bind(i++, last_key_);
}

int Keyset::SortColumn(Statement& st) const {
  // The sort columns are all in the shared SELECT lists; found by name ("d.achternaam").
  const std::string want = col_.substr(2);
  sqlite3_stmt* raw = st.raw();
  for (int i = 0; i < sqlite3_column_count(raw); ++i) {
    if (want == sqlite3_column_name(raw, i)) return i;
  }
  return -1;
}

std::string Keyset::ValueOf(const Statement& st, int col) const {
  if (col < 0) return std::string();
  return numeric_ ? std::to_string(st.Int(col)) : st.Text(col);
}

std::string Keyset::Cursor(const std::string& value, int64_t key) const {
  return Base64UrlEncode(sort_tag_ + '\x1f' + value + '\x1f' + std::to_string(key));
}

}  // namespace overstap::store::sqlite
