#include "common/ids.h"

#include <sodium.h>

#include <cstring>

#include "common/text.h"

namespace overstap {

std::string FormatUuidV4(uint8_t b[16]) {
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);
  std::string hex = HexEncode(b, 16);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string RandomIdGenerator::NewUuid() {
  uint8_t b[16];
  randombytes_buf(b, sizeof b);
  return FormatUuidV4(b);
}

std::string SeededIdGenerator::NewUuid() {
  uint8_t b[16];
  uint64_t x = rng_(), y = rng_();
  std::memcpy(b, &x, 8);
  std::memcpy(b + 8, &y, 8);
  return FormatUuidV4(b);
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace overstap
