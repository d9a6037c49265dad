#pragma once
// The matching rules: hard constraints, the soft score and its explanation. Pure functions.
//
// Hard constraints (all must hold):
//   - every required skill of the place is held at >= its level; a `learnable` one may instead
//     be learned on the job, by a person interested in the place's sector;
//   - the person's education level rank >= the place's minimum (see LevelRank);
//   - every support need of the person is offered by the place;
//   - travel distance (great-circle x road factor) <= the person's maximum;
//   - hours: the place asks no more hours than the person has, unless it offers
//     `aangepasteUren`;
//   - dates: the place's period has not ended on the day the person is available (their
//     beschikbaarVanaf, today at the earliest), and it starts within WorkRules'
//     start_window_days of that day;
//   - age: the person is old enough for the kind of place and for its hours on the first day
//     they would work there (WorkRules, from data/rules/matchregels.json: Dutch youth labour
//     law and the school-leaving rules).
// The day rules need `today` (days since the epoch); kNoDate leaves out what needs it (tests of
// the other rules). A profile without a birth date (kNoDate) skips the age rule.
// Soft score in [0, 1]: the weighted sum of the components in Weights (one documented place).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/explanation.h"
#include "domain/reference.h"
#include "domain/types.h"
#include "domain/work_rules.h"
#include "match/profile.h"

namespace overstap::match {

// The age and start-window rules (domain/work_rules.h).
using WorkRules = domain::WorkRules;

struct Weights {
  double desired_skills = 0.30;  // share of nice-to-have skills the person holds
  double sector = 0.20;          // the place's sector is one of the person's interests
  double distance = 0.25;        // 1 at the door, 0 at the person's maximum
  double level_fit = 0.15;       // 1 when the level is right, less when far over-qualified
  double recognised = 0.10;      // erkend leerbedrijf (SBB)
  double road_factor = 1.3;      // road distance / great-circle distance
  // Not a weight: the age and start-window rules, which every holder of the weights (the
  // indexes, the services) applies with them.
  WorkRules work;
};

const Weights& DefaultWeights();

// Why a pair does not fit; a bit set so unplaced reasons can be counted.
enum Infeasible : uint32_t {
  kFeasible = 0,
  kMissingSkill = 1u << 0,
  kLevelTooLow = 1u << 1,
  kSupportMissing = 1u << 2,
  kTooFar = 1u << 3,
  kTooManyHours = 1u << 4,
  kNotAvailable = 1u << 5,   // the place's period ends before the person is available
  kStartsTooLate = 1u << 6,  // it starts more than the start window after that day
  kTooYoung = 1u << 7,       // younger than the kind of place allows
  kHoursForAge = 1u << 8,    // old enough for the kind, not for its hours
};

// The day the person is available: their beschikbaarVanaf, `today` at the earliest (kNoDate is
// INT32_MIN, so the later of the two).
inline int32_t AvailableDay(const PersonProfile& person, int32_t today) {
  return std::max(person.available_from, today);
}
// The first day the person would work at the place: its start, or the day they are available
// when that is later (kNoDate when neither is known).
inline int32_t FirstWorkDay(const PersonProfile& person, const PlaceProfile& place, int32_t today) {
  return std::max(place.from, AvailableDay(person, today));
}
// The day someone born on `birth` turns `age` (a 29 February birthday falls on 1 March).
int32_t TurnsOn(int32_t birth, int age);

// Whether a required skill stands in the way: held at `held` (0: not at all) below its level,
// and not one the person may learn on the job (learnable, and `interested` in the sector).
// Check, FitScore and the unplaced reasons share it (the index's records test the same rule
// on their own fields).
inline bool SkillMissing(const SkillReq& required, int held, bool interested) {
  return held < required.level && !(required.learnable && interested);
}

// Travel km between the two, with the road factor.
double TravelKm(const PersonProfile& person, const PlaceProfile& place, const Weights& w);

// The soft score from its parts (Score and the index's hot path share it, so they agree bit for
// bit): `desired_have` of `desired_total` nice-to-have skills held, the place's sector among the
// person's interests, `km` travel with the road factor, `level_over` = LevelRank(person) -
// LevelRank(minimum).
// Inlined: the candidate graph scores ~50M pairs with it (a call each showed in the profile).
__attribute__((always_inline)) inline double SoftScore(const Weights& w, int desired_have,
                                                       size_t desired_total, bool interested,
                                                       double km, float max_km, int level_over,
                                                       bool recognised) {
  const double coverage =
      desired_total == 0 ? 1.0
                         : static_cast<double>(desired_have) / static_cast<double>(desired_total);
  double s = w.desired_skills * coverage;
  if (interested) s += w.sector;
  if (max_km > 0) s += w.distance * std::max(0.0, 1.0 - km / max_km);
  s += w.level_fit * (level_over <= 1 ? 1.0 : std::max(0.0, 1.0 - 0.25 * (level_over - 1)));
  if (recognised) s += w.recognised;
  return std::clamp(s, 0.0, 1.0);
}

// The hard constraints on `today`: kFeasible or the bits of every failed constraint.
uint32_t Check(const PersonProfile& person, const PlaceProfile& place, const Weights& w,
               int32_t today);

// The soft score of a feasible pair, in [0, 1].
double Score(const PersonProfile& person, const PlaceProfile& place, const Weights& w);

// Check() == kFeasible, and then Score(), in one go and faster (stops at the first failed
// constraint, measures the distance once): the hot path of the indexes.
bool FitScore(const PersonProfile& person, const PlaceProfile& place, const Weights& w,
              int32_t today, double* score);

// The explanation of a pair is a domain value (domain/explanation.h).
using Reason = domain::Reason;
using Explanation = domain::Explanation;

// Score plus reasons in Dutch ("5 van 7 gevraagde vaardigheden", "12 km reisafstand", ...).
Explanation Explain(const PersonProfile& person, const PlaceProfile& place,
                    const domain::Catalog& catalog, const Weights& w, int32_t today);

}  // namespace overstap::match
