#include "common/ids.h"

#include <sodium.h>

#include <cstring>

#include "common/text.h"

namespace overstap {

namespace {

std::string Hyphenate(const uint8_t b[16]) {
  std::string hex = HexEncode(b, 16);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace

std::string FormatUuidV4(uint8_t b[16]) {
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);
  return Hyphenate(b);
}

std::string FormatUuidV7(uint8_t b[16], int64_t unix_micros) {
  const uint64_t micros = unix_micros < 0 ? 0 : static_cast<uint64_t>(unix_micros);
  const uint64_t ms = micros / 1000;
  // The fraction of the millisecond in 12 bits: 0..999 µs scaled to 0..4095.
  const uint64_t fraction = (micros % 1000) * 4096 / 1000;
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(ms >> (8 * (5 - i)));
  b[6] = static_cast<uint8_t>(0x70 | (fraction >> 8));
  b[7] = static_cast<uint8_t>(fraction & 0xFF);
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);
  return Hyphenate(b);
}

std::string RandomIdGenerator::NewUuid() {
  uint8_t b[16];
  randombytes_buf(b, sizeof b);
  return FormatUuidV4(b);
}

std::string RandomIdGenerator::NewTimeUuid(int64_t unix_micros) {
  uint8_t b[16];
  randombytes_buf(b, sizeof b);
  return FormatUuidV7(b, unix_micros);
}

std::string SeededIdGenerator::NewTimeUuid(int64_t unix_micros) {
  uint8_t b[16];
  uint64_t x = rng_(), y = rng_();
  std::memcpy(b, &x, 8);
  std::memcpy(b + 8, &y, 8);
  return FormatUuidV7(b, unix_micros);
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
