#include "common/text.h"

namespace overstap {

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char ch : s) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string FoldForSearch(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      continue;
    }
    if (c == 0xC3 && i + 1 < s.size()) {
      auto d = static_cast<unsigned char>(s[i + 1]);
      // U+00C0..U+00FF: map accented Latin letters to their base letter.
      static const char kMap[] =
          "aaaaaaaceeeeiiiidnooooo*ouuuuyts"   // C0..DF
          "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // E0..FF
      unsigned idx = d - 0x80;
      if (d >= 0x80 && d <= 0xBF) {
        unsigned cp = 0xC0 + idx;
        out.push_back(kMap[cp - 0xC0]);
        ++i;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string FoldName(std::string_view s) {
  // U+00C0..U+00FF and U+0100..U+017F by base letter; '?' marks those written out below.
  static constexpr std::string_view kLatin1 =
      "aaaaaa?ceeeeiiiidnooooo*ouuuuy??"   // C0..DF
      "aaaaaa?ceeeeiiiidnooooo/ouuuuyty";  // E0..FF
  static constexpr std::string_view kExtendedA =
      "aaaaaaccccccccdd"   // 100..10F
      "ddeeeeeeeeeegggg"   // 110..11F
      "gggghhhhiiiiiiii"   // 120..12F
      "ii??jjkkklllllll"   // 130..13F
      "lllnnnnnnnnnoooo"   // 140..14F
      "oo??rrrrrrssssss"   // 150..15F
      "ssttttttuuuuuuuu"   // 160..16F
      "uuuuwwyyyzzzzzzs";  // 170..17F
  std::string out;
  out.reserve(s.size());
  bool space = false;
  auto put = [&](std::string_view text) {
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.append(text);
  };
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        space = true;
      } else {
        const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        put(std::string_view(&lower, 1));
      }
      continue;
    }
    // Decode one code point (invalid bytes pass through one by one).
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (i + len > s.size()) len = 1;
    uint32_t cp = len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    const std::string_view raw = s.substr(i, len);
    i += len;
    // A lone byte (len 1) has cp below 8 and so falls through to the last branch.
    if (cp >= 0x300 && cp <= 0x36F) {
      continue;  // a combining mark: the base letter came before it
    } else if (cp == 0xC6 || cp == 0xE6) {
      put("ae");
    } else if (cp == 0xDE || cp == 0xFE) {
      put("th");
    } else if (cp == 0xDF) {
      put("ss");
    } else if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7) {
      put(kLatin1.substr(cp - 0xC0, 1));
    } else if (cp == 0x132 || cp == 0x133) {
      put("ij");
    } else if (cp == 0x152 || cp == 0x153) {
      put("oe");
    } else if (cp >= 0x100 && cp <= 0x17F) {
      put(kExtendedA.substr(cp - 0x100, 1));
    } else if (cp == 0x2019 || cp == 0x2018) {
      put("'");
    } else if (cp == 0xA0) {
      space = true;
    } else {
      put(raw);
    }
  }
  return out;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      break;
    }
    out.emplace_back(s.substr(start, pos - start));
    start = pos + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
    --e;
  return std::string(s.substr(b, e - b));
}

std::string HexEncode(const uint8_t* data, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 15];
  }
  return out;
}

static const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buf = (buf << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kB64[(buf >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kB64[(buf << (6 - bits)) & 63]);
  return out;
}

bool Base64UrlDecode(std::string_view text, std::string* out) {
  out->clear();
  uint32_t buf = 0;
  int bits = 0;
  for (char ch : text) {
    int v;
    if (ch >= 'A' && ch <= 'Z')
      v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z')
      v = ch - 'a' + 26;
    else if (ch >= '0' && ch <= '9')
      v = ch - '0' + 52;
    else if (ch == '-')
      v = 62;
    else if (ch == '_')
      v = 63;
    else
      return false;
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((buf >> bits) & 0xFF));
    }
  }
  return true;
}

std::string Counted(int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string JoinDutch(const std::vector<std::string>& items, std::string_view conjunction) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += i + 1 == items.size() ? " " + std::string(conjunction) + " " : std::string(", ");
    }
    out += items[i];
  }
  return out;
}

}  // namespace overstap
