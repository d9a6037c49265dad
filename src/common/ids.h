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
};

// Cryptographically random (libsodium).
class RandomIdGenerator final : public IdGenerator {
 public:
  std::string NewUuid() override;
};

// Deterministic from a seed (demo data, tests). Not secret: never for tokens.
class SeededIdGenerator final : public IdGenerator {
 public:
  explicit SeededIdGenerator(uint64_t seed) : rng_(seed) {}
  std::string NewUuid() override;

 private:
  std::mt19937_64 rng_;
};

// Formats 16 bytes as a v4 UUID (sets the version and variant bits).
std::string FormatUuidV4(uint8_t bytes[16]);
// True for the canonical lower- or upper-case 8-4-4-4-12 hex form.
bool IsUuid(std::string_view s);

}  // namespace overstap
