#pragma once
// The register's plain types. No I/O, no JSON, no SQL: values only.
// Ids are opaque UUID strings; `version` increments on every change and is the ETag.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "domain/enums.h"
#include "domain/explanation.h"

namespace overstap::domain {

struct SkillLevel {
  std::string skill;       // ESCO skill id
  int level = 1;           // vaardigheidsniveau 1..4
  bool learnable = false;  // only for a place's required skills: may be learned on the job
  bool operator==(const SkillLevel&) const = default;
};

struct ExternalId {
  std::string organisation;  // organisation id
  std::string value;         // that organisation's own number for the person
  bool operator==(const ExternalId&) const = default;
};

struct Organisation {
  std::string id;
  int64_t version = 0;
  std::string name;
  OrganisationKind kind = OrganisationKind::kWerkgever;
  std::string municipality;  // optional gemeentecode ("" when absent)
  std::string region;        // arbeidsmarktregiocode; derived from the gemeente when given
  std::string brin;          // optional BRIN of a school: "12AB", or "12AB01" with a vestiging
  std::string kvk;           // optional KvK number of an employer: 8 digits
  int64_t created_micros = 0;
  int64_t updated_micros = 0;
};

struct Person {
  std::string id;
  int64_t version = 0;
  std::vector<ExternalId> external_ids;
  std::string first_name;      // personal data: never logged
  std::string surname_prefix;  // tussenvoegsel ("van der", "de", "van 't"); never logged
  std::string last_name;       // personal data: never logged
  Date birth_date;
  std::string postcode;      // PC4 ("1011"); a PC6 on input is cut to PC4
  std::string municipality;  // derived from the postcode
  std::string region;        // derived from the municipality
  Situation situation = Situation::kGeen;
  std::string institution;  // optional organisation id of the school/employer ("" when absent)
  Benefit benefit = Benefit::kGeen;
  Level level = Level::kGeen;
  std::vector<SkillLevel> skills;
  std::vector<std::string> sectors;  // SBI 2025 section letters (interests)
  SupportSet support_needed = 0;
  int max_travel_km = 25;
  int hours_per_week = 32;
  std::optional<Date> available_from;
  std::string responsible_organisation;  // optional organisation id ("" when absent)
  int64_t created_micros = 0;
  int64_t updated_micros = 0;
};

struct Place {
  std::string id;
  int64_t version = 0;
  PlaceKind kind = PlaceKind::kStage;
  std::string organisation;  // organisation id (the employer)
  std::string title;
  std::string postcode;      // PC4
  std::string municipality;  // derived from the postcode
  std::string region;        // derived
  std::string sector;        // SBI 2025 section letter
  std::string occupation;    // ESCO occupation id ("" when absent)
  std::vector<SkillLevel> required_skills;
  std::vector<SkillLevel> desired_skills;
  Level minimum_level = Level::kGeen;
  SupportSet support_offered = 0;
  int hours_per_week = 32;
  int capacity = 1;
  std::optional<Date> period_from;
  std::optional<Date> period_to;
  bool recognised_training_company = false;  // erkend leerbedrijf (SBB)
  int64_t created_micros = 0;
  int64_t updated_micros = 0;
};

// Limits that validation enforces (and the OpenAPI document states).
// An allocation round (matchronde): its parameters, its progress and, once done, its totals.
struct AllocationRound {
  std::string id;
  RoundMode mode = RoundMode::kStable;
  std::vector<std::string> regions;  // empty: national
  std::vector<PlaceKind> kinds;      // empty: every kind
  int64_t seed = 1;                  // the lottery's seed, recorded so the round can be redone
  bool include_placed = false;       // also people with an active placement
  RoundStatus status = RoundStatus::kQueued;
  std::string phase;       // a name from RoundPhaseNames()
  double progress = 0;     // 0..1
  std::string created_by;  // actor id
  int64_t created_micros = 0, started_micros = 0, finished_micros = 0;
  // Totals, once done.
  int64_t people = 0, places = 0, seats = 0, pairs = 0, placed = 0;
  double total_score = 0;
  int64_t already_placed = 0;      // people in scope left out: they have an active placement
  int64_t seats_held = 0;          // seats in scope held by active placements, not offered
  int64_t certificate_prices = 0;  // optimaal: dual prices of the checked certificate; 0: none
  std::map<std::string, int64_t> unplaced_by_reason;  // reason code -> count of the unplaced
  std::string error;                                  // why it failed
};

// One person's outcome in a round: the place they got (with score and explanation) or, when
// unplaced, the reason.
struct RoundOutcome {
  std::string person;  // person id
  std::string place;   // place id; "" when unplaced
  double score = 0;
  // Placed: what fits (redenen, with weights) and what is missing (ontbreekt).
  std::vector<Reason> fits;
  std::vector<Reason> missing;
  // Unplaced: the reason's code (a name from UnplacedCodeNames()) and its Dutch text.
  std::string reason_code;
  std::string reason_text;
};

inline constexpr size_t kMaxNameLength = 100;          // a person's first or last name
inline constexpr size_t kMaxSurnamePrefixLength = 20;  // a tussenvoegsel ("van den", "in 't")
inline constexpr size_t kMaxOrganisationNameLength = 200;
inline constexpr size_t kMaxTitleLength = 200;
inline constexpr size_t kMaxSkills = 50;
inline constexpr size_t kMaxSectors = 22;
inline constexpr size_t kMaxExternalIds = 10;
inline constexpr size_t kMaxExternalIdLength = 64;
inline constexpr int kMinTravelKm = 0;
inline constexpr int kMaxTravelKm = 250;
inline constexpr int kMaxHoursPerWeek = 60;
inline constexpr int kMaxCapacity = 10000;
inline constexpr int kMinHoursPerWeek = 1;
inline constexpr int kMinCapacity = 1;
inline constexpr int kMinSkillLevel = 1;  // basis
inline constexpr int kMaxSkillLevel = 4;  // zelfstandig/expert
inline constexpr int kMinAge = 10;        // a person's age on the day of validation
inline constexpr int kMaxAge = 70;
inline constexpr size_t kMaxSectorCodeLength = 16;  // a longer value cannot name a sector
inline constexpr size_t kMaxSupportItems = 32;      // a list of supports; duplicates merge
inline constexpr size_t kMaxRoundRegions = 35;      // regions in one allocation round
inline constexpr size_t kMaxRegionCodeLength = 8;
// A round's lottery seed: below 2^53, so that JavaScript clients keep it exact.
inline constexpr int64_t kMaxRoundSeed = (int64_t{1} << 53) - 1;

}  // namespace overstap::domain
