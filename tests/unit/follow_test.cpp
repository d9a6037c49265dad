// The keep-in-view engine (follow/): folding timelines, corrections, the signal rules and their
// reconciliation, and the rules file.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "follow/signals.h"
#include "follow/timeline.h"
#include "service/follow_service.h"

namespace overstap::follow {
namespace {

using domain::Event;
using domain::EventKind;
using domain::SignalKind;

constexpr int64_t kDay = 86'400'000'000;

Date D(int y, unsigned m, unsigned d) { return Date{DaysFromCivil(y, m, d)}; }
int64_t At(Date d, int hour = 12) { return d.days * kDay + hour * 3'600'000'000LL; }

class Timeline {
 public:
  Event& Add(EventKind kind, Date day, const std::string& org = "") {
    Event e;
    e.seq = static_cast<int64_t>(events_.size()) + 1;
    e.id = "e" + std::to_string(e.seq);
    e.person = "p";
    e.kind = kind;
    e.fact_micros = At(day);
    e.recorded_micros = e.fact_micros;
    e.organisation = org;
    events_.push_back(e);
    return events_.back();
  }
  std::vector<Event>& events() { return events_; }

 private:
  std::vector<Event> events_;
};

TEST(FollowTimeline, FoldDerivesTheCurrentState) {
  Timeline t;
  t.Add(EventKind::kEnrolmentStarted, D(2025, 8, 25), "school");
  t.Add(EventKind::kContact, D(2025, 10, 1));
  t.Add(EventKind::kEnrolmentEnded, D(2026, 1, 15), "school").reason = "zonderDiploma";
  auto& p = t.Add(EventKind::kPlacementStarted, D(2026, 2, 1), "employer");
  p.until = D(2026, 7, 1);
  p.place = "place";
  auto s = Fold(t.events());
  EXPECT_EQ(s.events, 4);
  EXPECT_TRUE(s.school.empty());
  EXPECT_TRUE(s.placed);
  EXPECT_EQ(s.employer, "employer");
  EXPECT_EQ(s.placed_until, D(2026, 7, 1));
  EXPECT_EQ(s.last_contact, At(D(2025, 10, 1)));
  EXPECT_EQ(s.last_activity_end, At(D(2026, 1, 15)));
  EXPECT_EQ(s.situation(), domain::Situation::kWerk);

  t.Add(EventKind::kPlacementEnded, D(2026, 3, 1)).reason = "anders";  // before the planned end
  s = Fold(t.events());
  EXPECT_FALSE(s.placed);
  EXPECT_EQ(s.stopped_placement, "e5");
  EXPECT_EQ(s.situation(), domain::Situation::kGeen);
}

TEST(FollowTimeline, IncrementalApplyEqualsFoldAndLateFactsNeedReplay) {
  std::mt19937 rng(7);
  const EventKind kinds[] = {EventKind::kEnrolmentStarted, EventKind::kEnrolmentEnded,
                             EventKind::kPlacementStarted, EventKind::kPlacementEnded,
                             EventKind::kBenefitStarted,   EventKind::kBenefitEnded,
                             EventKind::kContact,          EventKind::kBig5Changed,
                             EventKind::kHandoverAccepted, EventKind::kConsentGiven};
  int replays = 0;
  for (int run = 0; run < 200; ++run) {
    Timeline t;
    domain::FollowState incremental;
    Date day = D(2025, 1, 1);
    for (int i = 0; i < 30; ++i) {
      day.days += static_cast<int>(rng() % 20);
      Date fact = day;
      if (rng() % 5 == 0) fact.days -= static_cast<int>(rng() % 40);  // recorded late
      auto& e = t.Add(kinds[rng() % std::size(kinds)], fact, "org" + std::to_string(rng() % 3));
      e.reason = rng() % 2 ? "voortijdig" : "afgerond";
      e.domain = static_cast<domain::Big5Domain>(rng() % 5);
      e.big5_status = static_cast<domain::Big5Status>(rng() % 3);
      if (NeedsReplay(incremental, e)) {
        ++replays;
        incremental = Fold(t.events());
      } else {
        Apply(&incremental, e);
      }
      ASSERT_EQ(incremental, Fold(t.events())) << "run " << run << " event " << i;
    }
  }
  EXPECT_GT(replays, 200);
}

TEST(FollowTimeline, CorrectionsReplaceAndVoidsRemove) {
  Timeline t;
  t.Add(EventKind::kBenefitStarted, D(2026, 1, 1), "uwv").benefit = domain::Benefit::kWw;
  auto s = Fold(t.events());
  ASSERT_TRUE(s.benefit);
  EXPECT_EQ(*s.benefit, domain::Benefit::kWw);

  auto& fix = t.Add(EventKind::kBenefitStarted, D(2026, 1, 1), "gemeente");
  fix.benefit = domain::Benefit::kBijstand;
  fix.corrects = "e1";
  s = Fold(t.events());
  EXPECT_EQ(*s.benefit, domain::Benefit::kBijstand);
  EXPECT_EQ(s.benefit_agency, "gemeente");
  EXPECT_EQ(s.events, 1);

  auto& fix2 = t.Add(EventKind::kBenefitStarted, D(2026, 1, 2), "gemeente");
  fix2.benefit = domain::Benefit::kWajong;
  fix2.corrects = "e2";  // a correction of the correction
  EXPECT_EQ(*Fold(t.events()).benefit, domain::Benefit::kWajong);

  t.Add(EventKind::kVoided, D(2026, 1, 3)).corrects = "e3";
  s = Fold(t.events());
  EXPECT_FALSE(s.benefit);
  EXPECT_EQ(s.events, 0);
  EXPECT_EQ(s.last_seq, 4);
}

// ---- rules --------------------------------------------------------------------------------

PersonFacts Person(Date birth, Date registered) {
  return {"p", "AM01", birth, std::nullopt, registered};
}

std::vector<SignalKind> Kinds(const std::vector<SignalHit>& hits) {
  std::vector<SignalKind> out;
  for (const auto& h : hits) out.push_back(h.kind);
  return out;
}

TEST(FollowRules, OutOfViewAfterTheThresholdOnly) {
  Thresholds t;
  t.out_of_view_days = 30;
  auto p = Person(D(2000, 6, 1), D(2026, 1, 1));
  domain::FollowState s;
  s.last_contact = At(D(2026, 2, 1));
  EXPECT_TRUE(Evaluate(p, s, {}, {}, D(2026, 3, 2), t).empty());  // 29 days
  auto hits = Evaluate(p, s, {}, {}, D(2026, 3, 3), t);           // 30 days
  ASSERT_EQ(Kinds(hits), std::vector<SignalKind>{SignalKind::kUitBeeld});
  EXPECT_EQ(hits[0].facts[0], (domain::Fact{"laatsteContact", "2026-02-01"}));
  EXPECT_EQ(hits[0].facts[2], (domain::Fact{"dagenUitBeeld", "30"}));
  s.school = "school";  // in school: in view
  EXPECT_TRUE(Evaluate(p, s, {}, {}, D(2026, 6, 1), t).empty());
}

TEST(FollowRules, TransitionsPlacementsBig5TasksAndHandovers) {
  Thresholds t;
  auto p = Person(D(2008, 5, 10), D(2025, 1, 1));
  p.planned_start = D(2026, 3, 1);
  domain::FollowState s;
  s.school = "school";
  s.stopped_placement = "e9";
  s.stopped_micros = At(D(2026, 1, 20));
  s.big5[0].set = true;
  s.big5[0].status = domain::Big5Status::kZorg;  // wonen, no owner
  s.big5[1].set = true;
  s.big5[1].owner = "gemeente";
  s.big5[1].review = D(2026, 1, 31);  // inkomen, review passed
  domain::Task overdue;
  overdue.id = "t1";
  overdue.due = D(2026, 2, 1);
  domain::Task escalation = overdue;  // an escalation is never escalated again
  escalation.id = "t2";
  escalation.escalation = 1;
  domain::Handover offered;
  offered.id = "h1";
  offered.due = D(2026, 2, 5);
  auto hits = Evaluate(p, s, {overdue, escalation}, {offered}, D(2026, 2, 10), t);
  EXPECT_EQ(Kinds(hits),
            (std::vector<SignalKind>{SignalKind::kPlaatsingGestopt, SignalKind::kGeenPlekVoorStart,
                                     SignalKind::kWordt18, SignalKind::kBig5ZorgZonderEigenaar,
                                     SignalKind::kEvaluatieVerlopen, SignalKind::kTaakVerlopen,
                                     SignalKind::kOverdrachtNietGeaccepteerd}));
  // A handover accepted after the 18th-birthday window opened clears wordt18.
  s.responsible = "gemeente";
  s.responsible_since = At(D(2026, 2, 9));
  auto after_handover = Kinds(Evaluate(p, s, {}, {}, D(2026, 2, 10), t));
  EXPECT_EQ(std::count(after_handover.begin(), after_handover.end(), SignalKind::kWordt18), 0);
  // Outside the window: nothing about 18 (the window runs from 90 days before to 180 after).
  s.responsible_since = 0;
  auto inside = Kinds(Evaluate(p, s, {}, {}, D(2026, 11, 6), t));
  EXPECT_EQ(std::count(inside.begin(), inside.end(), SignalKind::kWordt18), 1);
  auto late = Kinds(Evaluate(p, s, {}, {}, D(2026, 11, 7), t));
  EXPECT_EQ(std::count(late.begin(), late.end(), SignalKind::kWordt18), 0);
}

TEST(FollowRules, ReconcileRaisesOnceRoutesAndResolves) {
  Thresholds t;
  t.task_days = 14;
  t.escalation_days = 7;
  SeededIdGenerator ids(1);
  auto p = Person(D(2000, 1, 1), D(2025, 1, 1));
  std::vector<SignalHit> hits = {{SignalKind::kUitBeeld, "", {{"a", "b"}}},
                                 {SignalKind::kTaakVerlopen, "t0", {}}};
  Routing routing{"school", "coordinator"};
  const int64_t now = At(D(2026, 3, 1));
  auto out = Reconcile(p, hits, {}, {}, routing, t, now, &ids);
  ASSERT_EQ(out.signals.size(), 2u);
  ASSERT_EQ(out.tasks.size(), 2u);
  EXPECT_EQ(out.tasks[0].organisation, "school");
  EXPECT_EQ(out.tasks[0].due, D(2026, 3, 15));
  EXPECT_EQ(out.tasks[1].organisation, "coordinator");  // escalations go up
  EXPECT_EQ(out.tasks[1].escalation, 1);
  EXPECT_EQ(out.tasks[1].escalates, "t0");
  EXPECT_EQ(out.tasks[1].due, D(2026, 3, 8));
  EXPECT_EQ(out.signals[0].task, out.tasks[0].id);
  EXPECT_TRUE(InStep(hits, out.signals));

  // Same conditions again: nothing new (deduplicated).
  auto again = Reconcile(p, hits, out.signals, out.tasks, routing, t, now + kDay, &ids);
  EXPECT_TRUE(again.empty());

  // The out-of-view condition clears: its signal resolves and its open task lapses.
  auto cleared = Reconcile(p, {hits[1]}, out.signals, out.tasks, routing, t, now + kDay, &ids);
  ASSERT_EQ(cleared.signals.size(), 1u);
  EXPECT_EQ(cleared.signals[0].status, domain::SignalStatus::kResolved);
  ASSERT_EQ(cleared.tasks.size(), 1u);
  EXPECT_EQ(cleared.tasks[0].status, domain::TaskStatus::kLapsed);

  // Nobody responsible: the coordinator gets it.
  auto unowned = Reconcile(p, {hits[0]}, {}, {}, Routing{"", "coordinator"}, t, now, &ids);
  EXPECT_EQ(unowned.tasks[0].organisation, "coordinator");
}

TEST(FollowRules, RulesFileDefaultsRegionsAndErrors) {
  auto rules = service::ParseRules(service::DefaultRulesText());
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  EXPECT_EQ(rules->defaults.out_of_view_days, 30);
  EXPECT_EQ(rules->For("AM23").out_of_view_days, 21);
  EXPECT_EQ(rules->For("AM23").task_days, rules->defaults.task_days);  // only what differs
  EXPECT_EQ(rules->For("AM01"), rules->defaults);
  EXPECT_EQ(rules->coordinator_municipality.at("AM23"), "GM0505");

  auto unknown = service::ParseRules(R"({"standaard": {"uitBeeldDagn": 3}})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().violations()[0].field, "standaard.uitBeeldDagn");
  EXPECT_FALSE(service::ParseRules(R"({"standaard": {"uitBeeldDagen": -1}})").ok());
  EXPECT_FALSE(service::ParseRules("not json").ok());
}

}  // namespace
}  // namespace overstap::follow
