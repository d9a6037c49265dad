#include "follow/timeline.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace overstap::follow {

using domain::Event;
using domain::EventKind;
using domain::FollowState;

namespace {

bool EndedEarly(const FollowState& s, const Event& e) {
  if (e.reason == "voortijdig" || e.reason == "ontslag") return true;
  return s.placed_until && DateFromMicros(e.fact_micros) < *s.placed_until &&
         e.reason != "afgerond";
}

}  // namespace

void Apply(FollowState* s, const Event& e) {
  s->events += 1;
  s->last_seq = std::max(s->last_seq, e.seq);
  s->last_fact_micros = std::max(s->last_fact_micros, e.fact_micros);
  switch (e.kind) {
    case EventKind::kEnrolmentStarted:
      s->school = e.organisation;
      s->school_since = e.fact_micros;
      s->stopped_placement.clear();
      s->stopped_micros = 0;
      break;
    case EventKind::kEnrolmentEnded:
      if (!s->school.empty() && (e.organisation.empty() || e.organisation == s->school)) {
        s->school.clear();
        s->school_since = 0;
        s->last_activity_end = std::max(s->last_activity_end, e.fact_micros);
      }
      break;
    case EventKind::kPlacementStarted:
      s->placed = true;
      s->employer = e.organisation;
      s->place = e.place;
      s->placed_since = e.fact_micros;
      s->placed_until = e.until;
      s->stopped_placement.clear();
      s->stopped_micros = 0;
      break;
    case EventKind::kPlacementEnded:
      if (s->placed) {
        if (EndedEarly(*s, e)) {
          s->stopped_placement = e.id;
          s->stopped_micros = e.fact_micros;
        }
        s->placed = false;
        s->employer.clear();
        s->place.clear();
        s->placed_since = 0;
        s->placed_until.reset();
        s->last_activity_end = std::max(s->last_activity_end, e.fact_micros);
      }
      break;
    case EventKind::kBenefitStarted:
      s->benefit = e.benefit;
      s->benefit_agency = e.organisation;
      s->benefit_since = e.fact_micros;
      break;
    case EventKind::kBenefitEnded:
      if (s->benefit) {
        s->benefit.reset();
        s->benefit_agency.clear();
        s->benefit_since = 0;
        s->last_activity_end = std::max(s->last_activity_end, e.fact_micros);
      }
      break;
    case EventKind::kContact:
      s->last_contact = std::max(s->last_contact, e.fact_micros);
      break;
    case EventKind::kBig5Changed: {
      auto& b = s->big5[static_cast<size_t>(e.domain)];
      b.set = true;
      b.status = e.big5_status;
      b.owner = e.organisation;
      b.professional = e.professional;
      b.goal = e.text;
      b.actions = e.actions;
      b.review = e.until;
      b.changed_micros = e.fact_micros;
      break;
    }
    case EventKind::kHandoverAccepted:
      s->responsible = e.organisation;
      s->responsible_since = e.fact_micros;
      break;
    case EventKind::kConsentGiven:
      s->consent = true;
      break;
    case EventKind::kConsentWithdrawn:
      s->consent = false;
      break;
    case EventKind::kSignalRaised:
    case EventKind::kSignalResolved:
    case EventKind::kTaskCreated:
    case EventKind::kTaskCompleted:
    case EventKind::kTaskEscalated:
    case EventKind::kHandoverOffered:
    case EventKind::kHandoverDeclined:
    case EventKind::kVoided:
      break;
  }
}

bool NeedsReplay(const FollowState& state, const Event& event) {
  return !event.corrects.empty() || event.fact_micros < state.last_fact_micros;
}

std::vector<Event> Effective(std::vector<Event> events) {
  // An event is replaced when a later one corrects it; corrections chain, so every event that
  // is the target of a correction drops out and only the last link of each chain stays.
  std::unordered_set<std::string> corrected;
  for (const auto& e : events) {
    if (!e.corrects.empty()) corrected.insert(e.corrects);
  }
  std::vector<Event> out;
  out.reserve(events.size());
  for (auto& e : events) {
    if (corrected.count(e.id) || e.kind == EventKind::kVoided) continue;
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) {
    return a.fact_micros != b.fact_micros ? a.fact_micros < b.fact_micros : a.seq < b.seq;
  });
  return out;
}

FollowState Fold(std::vector<Event> events) {
  int64_t last_seq = 0;
  int64_t last_fact = 0;
  for (const auto& e : events) {
    last_seq = std::max(last_seq, e.seq);
    last_fact = std::max(last_fact, e.fact_micros);
  }
  FollowState s;
  for (const auto& e : Effective(std::move(events))) Apply(&s, e);
  // Every recorded event counts for ordering, including corrections and voids.
  s.last_seq = last_seq;
  s.last_fact_micros = last_fact;
  return s;
}

}  // namespace overstap::follow
