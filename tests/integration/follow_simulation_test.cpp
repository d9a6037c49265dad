// Twelve months of one region (Drechtsteden, AM23, which has its own out-of-view threshold)
// with thousands of people and random life events, on a controllable clock, through the real
// FollowService and the real SQLite store. Professionals act on tasks and handovers at random.
// Every day, after the sweep, it checks against its own model of each person:
//   - everyone out of view longer than the region's threshold has an open uitBeeld signal, and
//     nobody else has one (signalled within the threshold: the sweep runs daily);
//   - every open signal has a task with an owner organisation;
//   - nobody is without a responsible organisation, and during an open handover the sender
//     stays responsible;
// and at the middle and the end that replaying every timeline rebuilds the stored states.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "common/ids.h"
#include "follow/timeline.h"
#include "service/follow_service.h"
#include "support/test_env.h"

namespace overstap {
namespace {

using domain::Event;
using domain::EventKind;
using domain::SignalKind;

constexpr int64_t kDay = 86'400'000'000;
constexpr int64_t kHour = 3'600'000'000;
constexpr int kPeople = 2000;
constexpr int kDays = 365;
const char* const kRegion = "AM23";

// What the simulation itself knows about a person (the oracle).
struct Model {
  std::string id;
  std::string responsible;  // the register's
  bool school = false, placed = false, benefit = false;
  int registered = 0;  // day number
  int last_seen = 0;   // latest contact or end of an activity (day number)
};

class FollowSimulation : public ::testing::Test {
 protected:
  void SetUp() override {
    // A correctness simulation: commits need not reach the disk (synchronous = OFF).
    auto opened = store::OpenSqliteStore({testing::FreshDatabase(), 2, true});
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
    ASSERT_TRUE(store_->Migrate().ok());
    catalog_ = testing::SharedCatalog();
    start_ = Date{DaysFromCivil(2026, 1, 1)};
    clock_ = std::make_unique<FakeClock>(start_.days * kDay);
    audit_ = std::make_unique<access::AuditLog>(store_.get());
    auto rules = service::ParseRules(service::DefaultRulesText());
    ASSERT_TRUE(rules.ok());
    threshold_ = rules->For(kRegion).out_of_view_days;
    service_ = std::make_unique<service::FollowService>(store_.get(), catalog_, clock_.get(), &ids_,
                                                        audit_.get(), *rules);
  }

  std::string AddOrg(const std::string& name, domain::OrganisationKind kind,
                     const std::string& municipality) {
    domain::Organisation o;
    o.id = ids_.NewUuid();
    o.version = 1;
    o.name = name;
    o.kind = kind;
    o.municipality = municipality;
    o.region = kRegion;
    orgs_.push_back(o);
    return o.id;
  }

  Event Make(const Model& m, EventKind kind, int day, const std::string& org = "") {
    Event e;
    e.person = m.id;
    e.kind = kind;
    e.fact_micros = (start_.days + day) * kDay + static_cast<int64_t>(rng_() % 12) * kHour;
    e.organisation = org;
    return e;
  }

  access::RequestContext Ctx(const std::string& org = "") {
    access::RequestContext ctx;
    ctx.actor = access::SystemAdmin();
    ctx.actor.organisation_id = org;
    ctx.request_id = "sim";
    ctx.now_micros = clock_->NowMicros();
    return ctx;
  }

  std::unique_ptr<store::Store> store_;
  std::shared_ptr<const domain::Catalog> catalog_;
  Date start_;
  std::unique_ptr<FakeClock> clock_;
  SeededIdGenerator ids_{2026};
  std::mt19937_64 rng_{99};
  std::unique_ptr<access::AuditLog> audit_;
  std::unique_ptr<service::FollowService> service_;
  std::vector<domain::Organisation> orgs_;
  int threshold_ = 0;
};

TEST_F(FollowSimulation, TwelveMonthsOfOneRegion) {
  // Organisations: the coordinating gemeente (Dordrecht), another gemeente, UWV, two schools,
  // employers.
  const std::string dordrecht =
      AddOrg("Gemeente Dordrecht", domain::OrganisationKind::kGemeente, "GM0505");
  const std::string zwijndrecht =
      AddOrg("Gemeente Zwijndrecht", domain::OrganisationKind::kGemeente, "GM0642");
  const std::string uwv = AddOrg("UWV Drechtsteden", domain::OrganisationKind::kUwv, "GM0505");
  const std::vector<std::string> schools = {
      AddOrg("Praktijkschool", domain::OrganisationKind::kPraktijkonderwijs, "GM0505"),
      AddOrg("Mbo-college", domain::OrganisationKind::kMbo, "GM0505")};
  std::vector<std::string> employers;
  for (int i = 0; i < 8; ++i) {
    employers.push_back(
        AddOrg("Werkgever " + std::to_string(i), domain::OrganisationKind::kWerkgever, "GM0505"));
  }
  ASSERT_TRUE(store_->InsertOrganisations(orgs_).ok());

  // People: 15 to 24 years old, a quarter due to start somewhere during the year.
  const auto municipalities = catalog_->MunicipalitiesOf(kRegion);
  std::vector<domain::Person> people;
  std::vector<Model> model(kPeople);
  for (int i = 0; i < kPeople; ++i) {
    domain::Person p;
    p.id = ids_.NewUuid();
    p.version = 1;
    p.first_name = "Sim";
    p.last_name = std::to_string(i);
    p.birth_date = Date{start_.days - 15 * 365 - static_cast<int32_t>(rng_() % (9 * 365))};
    const auto* m = municipalities[rng_() % municipalities.size()];
    p.municipality = m->code;
    p.postcode = catalog_->Pc4sOf(m->code).front()->code;
    p.region = kRegion;
    if (rng_() % 4 == 0) p.available_from = Date{start_.days + static_cast<int32_t>(rng_() % 330)};
    p.responsible_organisation =
        rng_() % 2 ? schools[rng_() % 2] : (rng_() % 2 ? dordrecht : zwijndrecht);
    p.created_micros = p.updated_micros = start_.days * kDay;
    people.push_back(p);
    model[i].id = p.id;
    model[i].responsible = p.responsible_organisation;
  }
  ASSERT_TRUE(store_->InsertPeople(people).ok());

  // Day 0: most are at school, some placed, some on a benefit, some nowhere.
  {
    std::vector<Event> events;
    for (auto& m : model) {
      int r = static_cast<int>(rng_() % 10);
      if (r < 6) {
        events.push_back(Make(m, EventKind::kEnrolmentStarted, 0, schools[rng_() % 2]));
        m.school = true;
      } else if (r < 8) {
        auto e = Make(m, EventKind::kPlacementStarted, 0, employers[rng_() % employers.size()]);
        e.until = Date{start_.days + 60 + static_cast<int32_t>(rng_() % 300)};
        events.push_back(e);
        m.placed = true;
      } else if (r < 9) {
        auto e = Make(m, EventKind::kBenefitStarted, 0, rng_() % 2 ? uwv : dordrecht);
        e.benefit = rng_() % 2 ? domain::Benefit::kWw : domain::Benefit::kBijstand;
        events.push_back(e);
        m.benefit = true;
      }
    }
    clock_->Set(start_.days * kDay + 23 * kHour);
    auto added = service_->AddEvents(Ctx(), events);
    ASSERT_TRUE(added.ok()) << added.status().ToString();
  }

  int64_t out_of_view_seen = 0, signals_checked = 0, handovers_seen = 0, voids = 0, late = 0;
  std::set<std::string> ever_out_of_view;
  for (int day = 1; day <= kDays; ++day) {
    clock_->Set((start_.days + day) * kDay + 23 * kHour);
    const Date today{start_.days + day};

    // Life events of the day, in one batch.
    std::vector<Event> events;
    std::vector<size_t> voided_contacts;
    for (size_t i = 0; i < model.size(); ++i) {
      auto& m = model[i];
      const uint64_t r = rng_() % 10000;
      if (m.school && r < 25) {
        auto e = Make(m, EventKind::kEnrolmentEnded, day);
        e.reason = rng_() % 2 ? "diploma" : "zonderDiploma";
        events.push_back(e);
        m.school = false;
        m.last_seen = day;
      } else if (m.placed && r < 35) {
        auto e = Make(m, EventKind::kPlacementEnded, day);
        e.reason = rng_() % 3 == 0 ? "voortijdig" : "afgerond";
        events.push_back(e);
        m.placed = false;
        m.last_seen = day;
      } else if (m.benefit && r < 20) {
        events.push_back(Make(m, EventKind::kBenefitEnded, day));
        m.benefit = false;
        m.last_seen = day;
      } else if (!m.school && !m.placed && !m.benefit && r < 60) {
        auto e = Make(m, EventKind::kPlacementStarted, day, employers[rng_() % employers.size()]);
        e.until = Date{today.days + 30 + static_cast<int32_t>(rng_() % 200)};
        events.push_back(e);
        m.placed = true;
      } else if (!m.school && !m.placed && !m.benefit && r < 80) {
        auto e = Make(m, EventKind::kBenefitStarted, day, uwv);
        e.benefit = domain::Benefit::kWw;
        events.push_back(e);
        m.benefit = true;
      } else if (r < 140) {
        // A contact, sometimes recorded a few days late.
        int fact_day = day;
        if (rng_() % 5 == 0) {
          fact_day = std::max(1, day - 1 - static_cast<int>(rng_() % 3));
          ++late;
        }
        auto e = Make(m, EventKind::kContact, fact_day, employers[0]);
        e.contact = domain::ContactKind::kTelefoon;
        if (rng_() % 50 == 0) {
          voided_contacts.push_back(i);  // recorded by mistake: voided below
        } else {
          events.push_back(e);
          m.last_seen = std::max(m.last_seen, fact_day);
        }
      } else if (r < 150) {
        auto e = Make(m, EventKind::kBig5Changed, day);
        e.domain = static_cast<domain::Big5Domain>(rng_() % 5);
        e.big5_status = static_cast<domain::Big5Status>(rng_() % 3);
        if (rng_() % 3) e.organisation = dordrecht;
        if (rng_() % 2) e.until = Date{today.days + static_cast<int32_t>(rng_() % 60)};
        events.push_back(e);
      }
    }
    if (!events.empty()) {
      auto added = service_->AddEvents(Ctx(), events);
      ASSERT_TRUE(added.ok()) << "day " << day << ": " << added.status().ToString();
    }
    // A contact recorded by mistake and voided at once: it must not count.
    for (size_t i : voided_contacts) {
      auto e = Make(model[i], EventKind::kContact, day, employers[0]);
      auto added = service_->AddEvent(Ctx(), e);
      ASSERT_TRUE(added.ok());
      Event v = Make(model[i], EventKind::kVoided, day);
      v.corrects = added->id;
      ASSERT_TRUE(service_->AddEvent(Ctx(), v).ok());
      ++voids;
    }

    // Professionals: act on some tasks and handovers, hand over some who turn 18.
    std::vector<store::FollowRecord> records;
    ASSERT_TRUE(
        store_->ScanFollow([&](store::FollowRecord&& r) { records.push_back(std::move(r)); }).ok());
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < model.size(); ++i) index[model[i].id] = i;
    for (const auto& rec : records) {
      auto& m = model[index.at(rec.person)];
      for (const auto& task : rec.open_tasks) {
        if (rng_() % 10) continue;
        if (task.kind == SignalKind::kUitBeeld && rng_() % 5) {
          auto e = Make(m, EventKind::kContact, day, task.organisation);
          e.contact = domain::ContactKind::kGesprek;
          ASSERT_TRUE(service_->AddEvent(Ctx(task.organisation), e).ok());
          m.last_seen = day;
        }
        auto done = service_->CompleteTask(Ctx(task.organisation), task.id, "opgepakt");
        ASSERT_TRUE(done.ok() || done.status().code() == StatusCode::kFailedPrecondition)
            << done.status().ToString();
      }
      for (const auto& h : rec.open_handovers) {
        const uint64_t r = rng_() % 100;
        if (r < 12 || r >= 97) {
          ASSERT_TRUE(service_->AnswerHandover(Ctx(h.to), h.id, r < 12, "").ok());
        }
      }
      const bool turning =
          std::any_of(rec.open_signals.begin(), rec.open_signals.end(), [](const auto& s) {
            return s.kind == SignalKind::kWordt18 || s.kind == SignalKind::kWordt23;
          });
      if (turning && rec.open_handovers.empty() && rng_() % 5 == 0) {
        const std::string from =
            rec.state.responsible.empty() ? m.responsible : rec.state.responsible;
        domain::Handover h;
        h.person = rec.person;
        h.from = from;
        h.to = from == dordrecht ? uwv : dordrecht;
        h.note = "warme overdracht";
        auto offered = service_->OfferHandover(Ctx(from), h);
        ASSERT_TRUE(offered.ok()) << offered.status().ToString();
        ++handovers_seen;
      }
    }

    auto sweep = service_->Sweep(today);
    ASSERT_TRUE(sweep.ok()) << sweep.status().ToString();

    // The checks of the day.
    records.clear();
    ASSERT_TRUE(
        store_->ScanFollow([&](store::FollowRecord&& r) { records.push_back(std::move(r)); }).ok());
    for (const auto& rec : records) {
      const auto& m = model[index.at(rec.person)];
      const bool active = m.school || m.placed || m.benefit;
      ASSERT_EQ(!rec.state.school.empty(), m.school) << rec.person << " day " << day;
      ASSERT_EQ(rec.state.placed, m.placed) << rec.person << " day " << day;
      ASSERT_EQ(rec.state.benefit.has_value(), m.benefit) << rec.person << " day " << day;
      const bool out = !active && day - m.last_seen >= threshold_;
      const bool signalled =
          std::any_of(rec.open_signals.begin(), rec.open_signals.end(),
                      [](const auto& s) { return s.kind == SignalKind::kUitBeeld; });
      ASSERT_EQ(signalled, out) << rec.person << " day " << day << " last seen day " << m.last_seen;
      if (out) {
        ++out_of_view_seen;
        ever_out_of_view.insert(rec.person);
      }
      for (const auto& s : rec.open_signals) {
        ++signals_checked;
        auto task = store_->GetTask(s.task);
        ASSERT_TRUE(task.ok()) << "signal without a task";
        ASSERT_FALSE(task->organisation.empty())
            << "task without an owner: " << domain::Name(s.kind);
      }
      const std::string responsible =
          rec.state.responsible.empty() ? m.responsible : rec.state.responsible;
      ASSERT_FALSE(responsible.empty());
      for (const auto& h : rec.open_handovers) ASSERT_EQ(responsible, h.from);
    }

    if (day == kDays / 2 || day == kDays) {
      auto verify = service_->Verify();
      ASSERT_TRUE(verify.ok());
      EXPECT_EQ(verify->mismatches, 0)
          << "first: " << (verify->mismatched.empty() ? "" : verify->mismatched[0]);
      EXPECT_EQ(verify->people, kPeople);
    }
  }

  // The simulation exercised what it claims to.
  EXPECT_GT(ever_out_of_view.size(), 100u);
  EXPECT_GT(signals_checked, 10000);
  EXPECT_GT(handovers_seen, 20);
  EXPECT_GT(voids, 10);
  EXPECT_GT(late, 100);
  store::TaskFilter escalated;
  store::PageRequest page;
  page.limit = 100;
  int escalations = 0;
  while (true) {
    auto tasks = store_->ListTasks(escalated, page);
    ASSERT_TRUE(tasks.ok());
    for (const auto& t : tasks->items) {
      EXPECT_FALSE(t.organisation.empty());
      if (t.escalation) {
        ++escalations;
        EXPECT_EQ(t.organisation, dordrecht) << "escalations go to the region's coordinator";
      }
    }
    if (tasks->next_cursor.empty()) break;
    page.cursor = tasks->next_cursor;
  }
  EXPECT_GT(escalations, 10);
  RecordProperty("out_of_view_person_days", std::to_string(out_of_view_seen));
}

}  // namespace
}  // namespace overstap
