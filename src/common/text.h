#pragma once
// Small string helpers.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace overstap {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Number of code points in valid UTF-8 text.
size_t Utf8Length(std::string_view s);
// Lower-cases ASCII and folds the Latin-1 accented letters Dutch uses (é → e, ë → e, ...),
// for accent-insensitive prefix search.
std::string FoldForSearch(std::string_view s);
// Folds a person's or organisation's name for sorting and prefix search: lower case, the
// diacritics of Latin-1 and Latin Extended-A removed (é → e, Ş → s, ı → i, ĳ → ij, ß → ss,
// æ → ae), combining marks dropped, the typographic apostrophe (’) made ', runs of white
// space made one space, and the ends trimmed. The result compares byte-wise in Dutch order.
std::string FoldName(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
bool StartsWith(std::string_view s, std::string_view prefix);
std::string Trim(std::string_view s);
// A count with its noun in Dutch singular or plural: Counted(1, "plek", "plekken") is
// "1 plek", Counted(3, "plek", "plekken") is "3 plekken" (and 0 takes the plural).
std::string Counted(int64_t n, std::string_view one, std::string_view many);
// A Dutch enumeration: {"a"} "a"; {"a", "b"} "a en b"; {"a", "b", "c"} "a, b en c" (with
// `conjunction` "en" or "of").
std::string JoinDutch(const std::vector<std::string>& items, std::string_view conjunction);
// Lower-case hex of `n` bytes.
std::string HexEncode(const uint8_t* data, size_t n);
// Base64url without padding, and back (nullopt-like: returns false on bad input).
std::string Base64UrlEncode(std::string_view bytes);
bool Base64UrlDecode(std::string_view text, std::string* out);

}  // namespace overstap
