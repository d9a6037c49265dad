#pragma once
// The enumerations of the vocabulary (shared/docs/vocabulary.md). Code names are English where
// English keeps the meaning; the API names (lowerCamelCase Dutch) come from the tables in
// enums.cpp, the only place that spells them.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace overstap::domain {

enum class OrganisationKind : uint8_t {
  kPraktijkonderwijs, kVso, kMbo, kGemeente, kUwv, kWerkgever, kWerkgeversservicepunt,
  kZorgaanbieder,
};
enum class PlaceKind : uint8_t { kStage, kLeerbaan, kBaan, kProefplaats, kBeschutWerk, kDagbesteding };
enum class Situation : uint8_t { kSchool, kWerk, kSchoolEnWerk, kUitkering, kGeen };
enum class Benefit : uint8_t { kWw, kBijstand, kWajong, kGeen };
// Education level, in the vocabulary's order (not a strict ranking; see matching).
enum class Level : uint8_t {
  kGeen, kPro, kVsoArbeidsmarkt, kVsoVervolgonderwijs, kVsoDagbesteding, kEntree, kMbo2, kMbo3,
  kMbo4, kHavoVwo, kHbo,
};
// Support needed by a person / offered by a place; a set is a bitmask (bit = value).
enum class Support : uint8_t {
  kJobcoach, kVasteBegeleider, kStructuur, kFysiekToegankelijk, kAangepasteUren,
  kTaalondersteuning, kVervoer, kPrikkelarm,
};
using SupportSet = uint8_t;
// Allocation rounds.
enum class RoundMode : uint8_t { kStable, kOptimal };
enum class RoundStatus : uint8_t { kQueued, kRunning, kDone, kFailed };

inline SupportSet SupportBit(Support s) { return static_cast<SupportSet>(1u << static_cast<int>(s)); }

// Name tables: the API value of each enumerator, indexed by its integer value.
const std::vector<std::string_view>& OrganisationKindNames();
const std::vector<std::string_view>& PlaceKindNames();
const std::vector<std::string_view>& SituationNames();
const std::vector<std::string_view>& BenefitNames();
const std::vector<std::string_view>& LevelNames();
const std::vector<std::string_view>& SupportNames();
const std::vector<std::string_view>& RoundModeNames();
const std::vector<std::string_view>& RoundStatusNames();

template <typename E>
std::string_view NameOf(E value, const std::vector<std::string_view>& names) {
  return names[static_cast<size_t>(value)];
}
template <typename E>
std::optional<E> ParseEnum(std::string_view text, const std::vector<std::string_view>& names) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

inline std::string_view Name(OrganisationKind v) { return NameOf(v, OrganisationKindNames()); }
inline std::string_view Name(PlaceKind v) { return NameOf(v, PlaceKindNames()); }
inline std::string_view Name(Situation v) { return NameOf(v, SituationNames()); }
inline std::string_view Name(Benefit v) { return NameOf(v, BenefitNames()); }
inline std::string_view Name(Level v) { return NameOf(v, LevelNames()); }
inline std::string_view Name(Support v) { return NameOf(v, SupportNames()); }
inline std::string_view Name(RoundMode v) { return NameOf(v, RoundModeNames()); }
inline std::string_view Name(RoundStatus v) { return NameOf(v, RoundStatusNames()); }

std::vector<Support> SupportList(SupportSet set);

}  // namespace overstap::domain
