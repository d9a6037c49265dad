#pragma once
// Compact, validated views of people and places for the matching engine. Built once at the
// edge of the engine (from domain records and the catalog); the hot loops then work on plain
// values only. Skills are catalog indices; sectors are bits (A = bit 0 ... V = bit 21).

#include <cstdint>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/geo.h"
#include "domain/reference.h"
#include "domain/types.h"

namespace overstap::match {

struct SkillReq {
  uint32_t skill = 0;  // catalog index
  uint8_t level = 1;
  bool learnable = false;  // may be learned on the job: not a hard requirement
  bool operator<(const SkillReq& o) const { return skill < o.skill; }
};

inline constexpr int32_t kNoDate = INT32_MIN;

struct PersonProfile {
  std::string id;
  std::string region;  // arbeidsmarktregio code (scopes allocation rounds)
  LatLon location;
  domain::Level level = domain::Level::kGeen;
  domain::SupportSet needs = 0;
  float max_km = 25;
  int hours = 32;
  int32_t available_from = kNoDate;  // days; kNoDate: now
  int32_t birth = kNoDate;           // days; kNoDate: unknown (no age rule)
  bool pupil = false;                // at school (situatie school or schoolEnWerk)
  uint32_t sector_mask = 0;
  std::vector<SkillReq> skills;  // sorted by skill
  // IdHash(id), set by ProfileOf, so a round's lottery (candidates.h) does not hash a million
  // ids; 0: not known, hashed when needed. Whoever changes `id` afterwards sets it to 0.
  uint64_t id_hash = 0;
};

struct PlaceProfile {
  std::string id;
  std::string region;
  LatLon location;
  domain::PlaceKind kind = domain::PlaceKind::kStage;
  uint8_t sector = 0;  // bit index
  domain::Level min_level = domain::Level::kGeen;
  domain::SupportSet offered = 0;
  int hours = 32;
  int capacity = 1;
  int32_t from = kNoDate, to = kNoDate;
  bool recognised = false;
  std::vector<SkillReq> required;  // sorted by skill
  std::vector<SkillReq> desired;   // sorted by skill
};

// Rank of an education level for "at least the minimum": levels on one rung are equivalent.
// geen/vsoDagbesteding 0, pro/vsoArbeidsmarkt 1, entree/vsoVervolgonderwijs 2, mbo2 3, mbo3 4,
// mbo4/havoVwo 5, hbo 6.
int LevelRank(domain::Level level);

uint32_t SectorBit(const std::string& code);

// FNV-1a (64 bits) of an id: PersonProfile::id_hash.
uint64_t IdHash(const std::string& id);

// Build profiles. Unknown skills/postcodes (impossible after validation) are skipped.
PersonProfile ProfileOf(const domain::Person& p, const domain::Catalog& catalog);
PlaceProfile ProfileOf(const domain::Place& p, const domain::Catalog& catalog);

}  // namespace overstap::match
