#pragma once
// The enumerations of the vocabulary (shared/docs/vocabulary.md). Code names are English where
// English keeps the meaning; the API names (lowerCamelCase Dutch) come from the tables in
// enums.cpp, the only place that spells them.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace overstap::domain {

// Every enumeration here is stored by its integer value (SQLite columns, the event log), so each
// is APPEND ONLY: never reorder, remove or insert in the middle; a new value goes last, with its
// API name last in its table in enums.cpp and a migration that widens the column's CHECK.
// kEnumSize<E> is the number of enumerators, set beside each enumeration from its last one; the
// name tables in enums.cpp are checked against it at compile time.
template <typename E>
inline constexpr size_t kEnumSize = 0;

enum class OrganisationKind : uint8_t {
  kPraktijkonderwijs,
  kVso,
  kMbo,
  kGemeente,
  kUwv,
  kWerkgever,
  kWerkgeversservicepunt,
  kZorgaanbieder,
};
template <>
inline constexpr size_t kEnumSize<OrganisationKind> =
    static_cast<size_t>(OrganisationKind::kZorgaanbieder) + 1;
enum class PlaceKind : uint8_t {
  kStage,
  kLeerbaan,
  kBaan,
  kProefplaats,
  kBeschutWerk,
  kDagbesteding
};
template <>
inline constexpr size_t kEnumSize<PlaceKind> = static_cast<size_t>(PlaceKind::kDagbesteding) + 1;
enum class Situation : uint8_t { kSchool, kWerk, kSchoolEnWerk, kUitkering, kGeen };
template <>
inline constexpr size_t kEnumSize<Situation> = static_cast<size_t>(Situation::kGeen) + 1;
enum class Benefit : uint8_t { kWw, kBijstand, kWajong, kGeen };
template <>
inline constexpr size_t kEnumSize<Benefit> = static_cast<size_t>(Benefit::kGeen) + 1;
// Education level, in the vocabulary's order (not a strict ranking; see matching).
enum class Level : uint8_t {
  kGeen,
  kPro,
  kVsoArbeidsmarkt,
  kVsoVervolgonderwijs,
  kVsoDagbesteding,
  kEntree,
  kMbo2,
  kMbo3,
  kMbo4,
  kHavoVwo,
  kHbo,
};
template <>
inline constexpr size_t kEnumSize<Level> = static_cast<size_t>(Level::kHbo) + 1;
// Support needed by a person / offered by a place; a set is a bitmask (bit = value).
enum class Support : uint8_t {
  kJobcoach,
  kVasteBegeleider,
  kStructuur,
  kFysiekToegankelijk,
  kAangepasteUren,
  kTaalondersteuning,
  kVervoer,
  kPrikkelarm,
};
template <>
inline constexpr size_t kEnumSize<Support> = static_cast<size_t>(Support::kPrikkelarm) + 1;
using SupportSet = uint8_t;
static_assert(kEnumSize<Support> <= 8, "a SupportSet holds one bit per Support value");
// Allocation rounds.
enum class RoundMode : uint8_t { kStable, kOptimal };
template <>
inline constexpr size_t kEnumSize<RoundMode> = static_cast<size_t>(RoundMode::kOptimal) + 1;
enum class RoundStatus : uint8_t { kQueued, kRunning, kDone, kFailed };
template <>
inline constexpr size_t kEnumSize<RoundStatus> = static_cast<size_t>(RoundStatus::kFailed) + 1;
// The phases of a round, in order. Stored by name (AllocationRound::phase), not by value.
enum class RoundPhase : uint8_t { kQueued, kCandidates, kAssign, kExplain, kSave, kDone };
template <>
inline constexpr size_t kEnumSize<RoundPhase> = static_cast<size_t>(RoundPhase::kDone) + 1;
// Keep in view (follow/).
enum class EventKind : uint8_t {
  kEnrolmentStarted,
  kEnrolmentEnded,
  kPlacementStarted,
  kPlacementEnded,
  kBenefitStarted,
  kBenefitEnded,
  kContact,
  kBig5Changed,
  kSignalRaised,
  kSignalResolved,
  kTaskCreated,
  kTaskCompleted,
  kTaskEscalated,
  kHandoverOffered,
  kHandoverAccepted,
  kHandoverDeclined,
  kConsentGiven,
  kConsentWithdrawn,
  kVoided,
};
template <>
inline constexpr size_t kEnumSize<EventKind> = static_cast<size_t>(EventKind::kVoided) + 1;
enum class ContactKind : uint8_t { kGesprek, kTelefoon, kHuisbezoek, kDigitaal, kBrief };
template <>
inline constexpr size_t kEnumSize<ContactKind> = static_cast<size_t>(ContactKind::kBrief) + 1;
enum class Big5Domain : uint8_t { kWonen, kInkomen, kWelzijn, kWerkEnSchool, kSupport };
template <>
inline constexpr size_t kEnumSize<Big5Domain> = static_cast<size_t>(Big5Domain::kSupport) + 1;
enum class Big5Status : uint8_t { kOpOrde, kAandacht, kZorg };
template <>
inline constexpr size_t kEnumSize<Big5Status> = static_cast<size_t>(Big5Status::kZorg) + 1;
enum class SignalKind : uint8_t {
  kUitBeeld,
  kPlaatsingGestopt,
  kGeenPlekVoorStart,
  kWordt18,
  kWordt23,
  kBig5ZorgZonderEigenaar,
  kTaakVerlopen,
  kOverdrachtNietGeaccepteerd,
  kEvaluatieVerlopen,
};
template <>
inline constexpr size_t kEnumSize<SignalKind> =
    static_cast<size_t>(SignalKind::kEvaluatieVerlopen) + 1;
enum class SignalStatus : uint8_t { kOpen, kResolved };
template <>
inline constexpr size_t kEnumSize<SignalStatus> = static_cast<size_t>(SignalStatus::kResolved) + 1;
enum class TaskStatus : uint8_t { kOpen, kDone, kLapsed };
template <>
inline constexpr size_t kEnumSize<TaskStatus> = static_cast<size_t>(TaskStatus::kLapsed) + 1;
enum class HandoverStatus : uint8_t { kOffered, kAccepted, kDeclined };
template <>
inline constexpr size_t kEnumSize<HandoverStatus> = static_cast<size_t>(HandoverStatus::kDeclined) +
                                                    1;
inline constexpr int kBig5Domains = 5;

inline SupportSet SupportBit(Support s) {
  return static_cast<SupportSet>(1u << static_cast<int>(s));
}

// Name tables: the API value of each enumerator, indexed by its integer value.
const std::vector<std::string_view>& OrganisationKindNames();
const std::vector<std::string_view>& PlaceKindNames();
const std::vector<std::string_view>& SituationNames();
const std::vector<std::string_view>& BenefitNames();
const std::vector<std::string_view>& LevelNames();
const std::vector<std::string_view>& SupportNames();
const std::vector<std::string_view>& RoundModeNames();
const std::vector<std::string_view>& RoundStatusNames();
// AllocationRound::phase holds a name from this table.
const std::vector<std::string_view>& RoundPhaseNames();
const std::vector<std::string_view>& EventKindNames();
const std::vector<std::string_view>& ContactKindNames();
const std::vector<std::string_view>& Big5DomainNames();
const std::vector<std::string_view>& Big5StatusNames();
const std::vector<std::string_view>& SignalKindNames();
const std::vector<std::string_view>& SignalStatusNames();
const std::vector<std::string_view>& TaskStatusNames();
const std::vector<std::string_view>& HandoverStatusNames();

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
inline std::string_view Name(RoundPhase v) { return NameOf(v, RoundPhaseNames()); }
inline std::string_view Name(EventKind v) { return NameOf(v, EventKindNames()); }
inline std::string_view Name(ContactKind v) { return NameOf(v, ContactKindNames()); }
inline std::string_view Name(Big5Domain v) { return NameOf(v, Big5DomainNames()); }
inline std::string_view Name(Big5Status v) { return NameOf(v, Big5StatusNames()); }
inline std::string_view Name(SignalKind v) { return NameOf(v, SignalKindNames()); }
inline std::string_view Name(SignalStatus v) { return NameOf(v, SignalStatusNames()); }
inline std::string_view Name(TaskStatus v) { return NameOf(v, TaskStatusNames()); }
inline std::string_view Name(HandoverStatus v) { return NameOf(v, HandoverStatusNames()); }

// Display tables: the plain Dutch words a professional reads in a sentence, indexed like the
// name tables (which hold API codes such as `vsoVervolgonderwijs`; never put those in a
// sentence). Singular; PlaceKindPlurals() has the plural of the kinds of place.
const std::vector<std::string_view>& OrganisationKindDisplayNames();
const std::vector<std::string_view>& PlaceKindDisplayNames();
const std::vector<std::string_view>& PlaceKindPlurals();
const std::vector<std::string_view>& SituationDisplayNames();
const std::vector<std::string_view>& BenefitDisplayNames();
const std::vector<std::string_view>& LevelDisplayNames();
const std::vector<std::string_view>& SupportDisplayNames();
const std::vector<std::string_view>& Big5DomainDisplayNames();
const std::vector<std::string_view>& Big5StatusDisplayNames();
const std::vector<std::string_view>& SignalKindDisplayNames();

inline std::string_view DisplayName(OrganisationKind v) {
  return NameOf(v, OrganisationKindDisplayNames());
}
inline std::string_view DisplayName(PlaceKind v) { return NameOf(v, PlaceKindDisplayNames()); }
inline std::string_view DisplayPlural(PlaceKind v) { return NameOf(v, PlaceKindPlurals()); }
inline std::string_view DisplayName(Situation v) { return NameOf(v, SituationDisplayNames()); }
inline std::string_view DisplayName(Benefit v) { return NameOf(v, BenefitDisplayNames()); }
inline std::string_view DisplayName(Level v) { return NameOf(v, LevelDisplayNames()); }
inline std::string_view DisplayName(Support v) { return NameOf(v, SupportDisplayNames()); }
inline std::string_view DisplayName(Big5Domain v) { return NameOf(v, Big5DomainDisplayNames()); }
inline std::string_view DisplayName(Big5Status v) { return NameOf(v, Big5StatusDisplayNames()); }
inline std::string_view DisplayName(SignalKind v) { return NameOf(v, SignalKindDisplayNames()); }

std::vector<Support> SupportList(SupportSet set);
// The display names of the supports in `set`, in enumeration order.
std::vector<std::string> SupportDisplayList(SupportSet set);

}  // namespace overstap::domain
