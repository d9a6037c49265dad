#pragma once
// Page cursors of the SQLite store: opaque to clients (base64url of the last key shown), and a
// cursor that does not decode is the same clear 400 everywhere.

#include <charconv>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/text.h"

namespace overstap::store::sqlite {

inline Status BadCursor() {
  return InvalidArgument("De cursor is ongeldig.", "The cursor is invalid.",
                         {{"cursor", "ongeldigeCursor",
                           "Gebruik de cursor uit 'volgende' ongewijzigd.",
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

}  // namespace overstap::store::sqlite
