#pragma once
// The rules of the real world that matching applies as hard constraints besides the profile's:
// which kinds of place a person may have at which age, for how many hours a week, and how far
// ahead a place may start. A value; io/match_rules_file reads it from data/rules/
// matchregels.json, where each rule cites its source (also in docs/matching.md).

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/enums.h"
#include "domain/types.h"

namespace overstap::domain {

// What work the law and practice allow, per kind of place and age (data/rules/matchregels.json,
// read by io/match_rules_file; the sources are cited there and in docs/matching.md). Compiled
// to tables the hot paths read: the youngest age a place allows, by kind, pupil or not, and
// hours. Empty (the default): no age or start-window rule.
struct WorkRules {
  static constexpr int kKinds = static_cast<int>(kEnumSize<PlaceKind>);
  static constexpr int kAdult = 18;  // from here on no youth rule applies
  static constexpr int kHours = kMaxHoursPerWeek;
  // How the law counts the time at a place of a kind.
  enum class Work : uint8_t { kWork, kInternship, kNone };
  // Hours a week allowed from an age on (until the next band): -1 no limit, 0 not allowed.
  struct Band {
    int from_age = 0;
    int work = -1;              // work, in a week without school
    int work_school_week = -1;  // work, for a pupil (a school week)
    int internship = -1;        // an internship as part of education (stage)
    std::string ground;         // the short legal ground, for sentences ("Arbeidstijdenwet ...")
  };
  struct Kind {
    int min_age = 0;
    Work work = Work::kWork;
    std::string ground;  // the short legal ground of the minimum age
  };

  bool empty() const { return !set_; }
  int start_window_days() const { return start_window_days_; }
  const Kind& kind(PlaceKind k) const { return kinds_[static_cast<size_t>(k)]; }
  // The youngest age (0..kAdult) at which a place of `kind` asking `hours` a week may have the
  // person: kAdult + 1 when nobody may (never, by the tables' construction, for kAdult).
  int MinAge(PlaceKind kind, bool pupil, int hours) const {
    return min_age_[static_cast<size_t>(kind)][pupil]
                   [static_cast<size_t>(std::clamp(hours, 0, kHours))];
  }
  // The band that applies at `age` (nullptr from kAdult on or without bands).
  const Band* BandAt(int age) const;
  // The hours allowed at `age` at a place of `kind`: -1 no limit, 0 not allowed.
  int HoursAllowed(PlaceKind kind, bool pupil, int age) const;
  // The distinct values of MinAge, ascending, the first 0: at most kAgeSteps (the hot path
  // keeps a day per step for each person).
  static constexpr int kAgeSteps = 8;
  const std::vector<uint8_t>& age_steps() const { return age_steps_; }
  // The step of MinAge(kind, pupil, hours) in age_steps().
  uint8_t MinAgeStep(PlaceKind kind, bool pupil, int hours) const;

  // Builds the tables; kInvalidArgument (naming the field) when the bands are not ascending
  // from 0..kAdult, allow fewer hours at an older age, or give more than kAgeSteps steps.
  static Result<WorkRules> Make(int start_window_days, std::array<Kind, kKinds> kinds,
                                std::vector<Band> bands);

 private:
  bool set_ = false;
  int start_window_days_ = -1;
  std::array<Kind, kKinds> kinds_{};
  std::vector<Band> bands_;
  std::array<std::array<std::array<uint8_t, kHours + 1>, 2>, kKinds> min_age_{};
  std::vector<uint8_t> age_steps_{0};
};

}  // namespace overstap::domain
