#pragma once
// For the professional sitting with one person: why no place fits, and which places nearly do.
//
//   - NearMisses: places within kNearMissReach x the person's travel distance that fail exactly
//     one hard rule (rules.h), with that rule, best soft score first: the places a professional
//     can act on (widen the travel distance, learn a skill, ask the employer for a jobcoach).
//   - ExplainNone: when nothing fits, how many places lie within reach and, counted by the rule
//     that excludes them, why none of them fits ("12 plekken binnen 10 km, maar geen met
//     jobcoach").
// Both read every place of the wanted kinds within 1.5 x the reach (the index's cells), so they
// cost a scan of the neighbourhood: for one person at a time, not for rounds.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/explanation.h"
#include "domain/reference.h"
#include "match/index.h"
#include "match/profile.h"
#include "match/rules.h"

namespace overstap::match {

inline constexpr double kNearMissReach = 1.5;

// The MissingCode of one Infeasible bit (rules.h).
domain::MissingCode MissingCodeOf(uint32_t bit);

struct NearMiss {
  uint32_t entry = 0;  // PlaceIndex entry
  uint32_t rule = 0;   // the one Infeasible bit that fails
  double km = 0;       // travel km
  double score = 0;    // the soft score it would have (rules.h Score)
  std::string action;  // what a professional can do about it, in Dutch
};

// At most q.k, best score first (ties: place id), of q's kinds and sector, on q.today.
std::vector<NearMiss> NearMisses(const PlaceIndex& places, const PersonProfile& person,
                                 const PlaceQuery& q);

using domain::WhyNone;
// Of q's kinds and sector, on q.today.
WhyNone ExplainNone(const PlaceIndex& places, const PersonProfile& person, const PlaceQuery& q);

}  // namespace overstap::match
