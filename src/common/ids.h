#pragma once
// Opaque identifiers for people, places and organisations.
// IdGenerator is injected so tests and the demo generator can be deterministic.
// Thread safety: RandomIdGenerator is thread-safe; SeededIdGenerator is not.

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace overstap {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  // A new RFC 9562 version-4 UUID in lower-case text form.
  virtual std::string NewUuid() = 0;
  // A new RFC 9562 version-7 UUID for something recorded at `unix_micros`: 48 bits of
  // milliseconds, 12 bits of the sub-millisecond fraction (RFC 9562 section 6.2, method 3),
  // the rest random. Ids made later sort later, so an index on them grows at its right edge
  // instead of touching a random page per insert (the timeline's append rate depends on it).
  virtual std::string NewTimeUuid(int64_t unix_micros) = 0;
};

// Cryptographically random (libsodium).
class RandomIdGenerator final : public IdGenerator {
 public:
  std::string NewUuid() override;
  std::string NewTimeUuid(int64_t unix_micros) override;
};

// Deterministic from a seed (demo data, tests). Not secret: never for tokens.
class SeededIdGenerator final : public IdGenerator {
 public:
  explicit SeededIdGenerator(uint64_t seed) : rng_(seed) {}
  std::string NewUuid() override;
  std::string NewTimeUuid(int64_t unix_micros) override;

 private:
  std::mt19937_64 rng_;
};

// Formats 16 bytes as a v4 UUID (sets the version and variant bits).
std::string FormatUuidV4(uint8_t bytes[16]);
// Formats 16 random bytes as a v7 UUID for `unix_micros` (overwrites the first 8 bytes' time
// and version bits, sets the variant).
std::string FormatUuidV7(uint8_t bytes[16], int64_t unix_micros);
// True for the canonical lower- or upper-case 8-4-4-4-12 hex form.
bool IsUuid(std::string_view s);

}  // namespace overstap
