// Log-first batched appends (FollowService::AddEvents, Store::AppendLog): acknowledged events
// are durable at once, visible in the timeline at once, and projected into the state, signals
// and tasks later, exactly as if they had been applied one by one. Real SQLite files; the crash
// test kills a child process with SIGKILL right after its append was acknowledged.

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>

#include "common/ids.h"
#include "follow/timeline.h"
#include "service/follow_service.h"
#include "support/test_env.h"

namespace overstap {
namespace {

using domain::Event;
using domain::EventKind;

constexpr int64_t kDay = 86'400'000'000;
constexpr int kPeople = 300;

class EventLog : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::FreshDatabase();
    start_ = Date{DaysFromCivil(2026, 3, 1)};
    clock_ = std::make_unique<FakeClock>(start_.days * kDay);
    Open();
    domain::Organisation school;
    school.id = ids_.NewUuid();
    school.version = 1;
    school.name = "Mbo-college";
    school.kind = domain::OrganisationKind::kMbo;
    school.municipality = "GM0505";
    school.region = "AM23";
    school_ = school.id;
    ASSERT_TRUE(store_->InsertOrganisations({school}).ok());
    auto catalog = testing::SharedCatalog();
    std::vector<domain::Person> people;
    for (int i = 0; i < kPeople; ++i) {
      domain::Person p;
      p.id = ids_.NewUuid();
      p.version = 1;
      p.first_name = "Log";
      p.last_name = std::to_string(i);
      p.birth_date = Date{start_.days - 17 * 365 - i};
      p.municipality = "GM0505";
      p.postcode = catalog->Pc4sOf("GM0505").front()->code;
      p.region = "AM23";
      p.created_micros = p.updated_micros = (start_.days - 200) * kDay;
      people.push_back(p);
      people_.push_back(p.id);
    }
    ASSERT_TRUE(store_->InsertPeople(people).ok());
  }

  void Open() {
    service_.reset();
    audit_.reset();
    store_ = testing::OpenStore(path_);
    audit_ = std::make_unique<access::AuditLog>(store_.get());
    auto rules = service::ParseRules(service::DefaultRulesText());
    ASSERT_TRUE(rules.ok());
    service_ = std::make_unique<service::FollowService>(store_.get(), testing::SharedCatalog(),
                                                        clock_.get(), &ids_, audit_.get(), *rules);
  }

  access::RequestContext Ctx() {
    access::RequestContext ctx;
    ctx.actor = access::SystemAdmin();
    ctx.request_id = "log";
    ctx.now_micros = clock_->NowMicros();
    return ctx;
  }

  Event Make(const std::string& person, EventKind kind, int days_ago) {
    Event e;
    e.person = person;
    e.kind = kind;
    e.fact_micros = clock_->NowMicros() - days_ago * kDay;
    if (kind == EventKind::kEnrolmentStarted || kind == EventKind::kEnrolmentEnded) {
      e.organisation = school_;
    }
    if (kind == EventKind::kEnrolmentEnded) e.reason = "zonderDiploma";
    return e;
  }

  // Random enrolments, contacts and ends, facts out of order, for every person.
  std::vector<Event> RandomBatch(int per_person) {
    std::vector<Event> events;
    for (int round = 0; round < per_person; ++round) {
      for (const auto& p : people_) {
        const int r = static_cast<int>(rng_() % 4);
        const EventKind kind = r == 0   ? EventKind::kEnrolmentStarted
                               : r == 1 ? EventKind::kEnrolmentEnded
                                        : EventKind::kContact;
        events.push_back(Make(p, kind, static_cast<int>(rng_() % 150)));
      }
    }
    return events;
  }

  // Every person's stored state equals the fold of their whole timeline.
  void ExpectStatesFoldTheTimeline() {
    auto verify = service_->Verify();
    ASSERT_TRUE(verify.ok()) << verify.status().ToString();
    EXPECT_EQ(verify->mismatches, 0);
  }

  std::vector<Event> WholeTimeline(const std::string& person) {
    store::PageRequest page;
    page.limit = 1000;
    auto events = service_->Timeline(Ctx(), person, page);
    EXPECT_TRUE(events.ok());
    return events.ok() ? events->items : std::vector<Event>{};
  }

  std::string path_;
  Date start_;
  std::unique_ptr<FakeClock> clock_;
  SeededIdGenerator ids_{7};
  std::mt19937_64 rng_{11};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<access::AuditLog> audit_;
  std::unique_ptr<service::FollowService> service_;
  std::string school_;
  std::vector<std::string> people_;
};

TEST_F(EventLog, VisibleAtOnceProjectedLater) {
  auto batch = RandomBatch(3);
  auto added = service_->AddEvents(Ctx(), batch);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(*added, static_cast<int64_t>(batch.size()));

  // Acknowledged: in the log, in the timeline and in the state a reader sees; not yet projected.
  auto waiting = store_->LoggedPeople(10 * kPeople);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->size(), static_cast<size_t>(kPeople));
  const std::string& first = people_.front();
  auto timeline = WholeTimeline(first);
  EXPECT_EQ(timeline.size(), 3u);
  auto seen = service_->State(Ctx(), first);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->events, 3);
  EXPECT_EQ(*seen, follow::Fold(timeline));
  auto stored = store_->GetFollowState(first);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->events, 0) << "projected before Project ran";

  auto projected = service_->Project();
  ASSERT_TRUE(projected.ok()) << projected.status().ToString();
  EXPECT_EQ(*projected, kPeople);
  waiting = store_->LoggedPeople(10);
  ASSERT_TRUE(waiting.ok());
  EXPECT_TRUE(waiting->empty());
  ExpectStatesFoldTheTimeline();

  // Projection ran the rules: people with no school and no contact for long are out of view.
  store::SignalFilter open;
  open.status = domain::SignalStatus::kOpen;
  auto signals = service_->ListSignals(Ctx(), open, {});
  ASSERT_TRUE(signals.ok());
  EXPECT_FALSE(signals->items.empty());
  for (const auto& s : signals->items) {
    auto state = store_->GetFollowState(s.person);
    ASSERT_TRUE(state.ok());
    EXPECT_GE(state->events, 3) << "signal decided on a state without the logged events";
  }
}

TEST_F(EventLog, ASynchronousWriteFoldsThePersonsLoggedEventsFirst) {
  const std::string& p = people_[1];
  ASSERT_TRUE(service_->AddEvents(Ctx(), {Make(p, EventKind::kEnrolmentStarted, 30)}).ok());
  auto contact = service_->AddEvent(Ctx(), Make(p, EventKind::kContact, 1));
  ASSERT_TRUE(contact.ok()) << contact.status().ToString();
  auto state = store_->GetFollowState(p);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->events, 2);
  EXPECT_EQ(state->school, school_);
  auto logged = store_->LoggedEvents(p);
  ASSERT_TRUE(logged.ok());
  EXPECT_TRUE(logged->empty());
  // Only that person was taken up; the others still wait.
  ASSERT_TRUE(service_->AddEvents(Ctx(), {Make(people_[2], EventKind::kContact, 2)}).ok());
  ASSERT_TRUE(service_->AddEvent(Ctx(), Make(p, EventKind::kContact, 0)).ok());
  logged = store_->LoggedEvents(people_[2]);
  ASSERT_TRUE(logged.ok());
  EXPECT_EQ(logged->size(), 1u);
  ExpectStatesFoldTheTimeline();
}

TEST_F(EventLog, CorrectionsAreCheckedWhenLoggedAllOrNothing) {
  const std::string& a = people_[3];
  const std::string& b = people_[4];
  std::vector<Event> first = {Make(a, EventKind::kContact, 5)};
  ASSERT_TRUE(service_->AddEvents(Ctx(), first).ok());
  auto logged = store_->LoggedEvents(a);
  ASSERT_TRUE(logged.ok());
  ASSERT_EQ(logged->size(), 1u);
  const std::string contact_id = logged->front().id;

  // Another person's event: refused, and the good event beside it is not logged either.
  Event wrong_person = Make(b, EventKind::kVoided, 0);
  wrong_person.corrects = contact_id;
  auto refused = service_->AddEvents(Ctx(), {Make(b, EventKind::kContact, 1), wrong_person});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUnprocessable);
  EXPECT_NE(refused.status().ToString().find("corrigeert"), std::string::npos);
  logged = store_->LoggedEvents(b);
  ASSERT_TRUE(logged.ok());
  EXPECT_TRUE(logged->empty());

  // Another kind: refused on "soort".
  Event wrong_kind = Make(a, EventKind::kEnrolmentStarted, 4);
  wrong_kind.corrects = contact_id;
  refused = service_->AddEvents(Ctx(), {wrong_kind});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().ToString().find("soort"), std::string::npos);

  // Voiding an event that still waits in the log: accepted; projected, the contact is gone.
  Event void_it = Make(a, EventKind::kVoided, 0);
  void_it.corrects = contact_id;
  ASSERT_TRUE(service_->AddEvents(Ctx(), {void_it}).ok());
  ASSERT_TRUE(service_->Project().ok());
  auto state = store_->GetFollowState(a);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->last_contact, 0);
  ExpectStatesFoldTheTimeline();
}

TEST_F(EventLog, APersonWhoseProjectionFailsHoldsUpNobodyElse) {
  std::vector<Event> batch;
  for (int i = 0; i < 3; ++i) batch.push_back(Make(people_[i], EventKind::kContact, 1));
  ASSERT_TRUE(service_->AddEvents(Ctx(), batch).ok());
  // A defect stands in: the first person's logged event now names a correction target that
  // does not exist, so moving it into the timeline breaks a foreign key.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  const std::string sql =
      "UPDATE gebeurtenislog SET corrigeert = 987654321 WHERE deelnemer = (SELECT id FROM "
      "deelnemers WHERE public_id = '" +
      people_[0] + "')";
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_changes(db), 1);
  sqlite3_close(db);

  auto projected = service_->Project();
  ASSERT_FALSE(projected.ok());
  EXPECT_NE(projected.status().message_en().find("1 person(s) not projected"), std::string::npos)
      << projected.status().ToString();
  for (int i = 1; i < 3; ++i) {
    auto logged = store_->LoggedEvents(people_[i]);
    ASSERT_TRUE(logged.ok());
    EXPECT_TRUE(logged->empty()) << i;
    auto state = store_->GetFollowState(people_[i]);
    ASSERT_TRUE(state.ok());
    EXPECT_GT(state->last_contact, 0) << i;
  }
  auto stuck = store_->LoggedEvents(people_[0]);
  ASSERT_TRUE(stuck.ok());
  EXPECT_EQ(stuck->size(), 1u) << "the event left the log without being projected";
  EXPECT_EQ(WholeTimeline(people_[0]).size(), 1u) << "still on the timeline";
  // The sweep still runs for everyone else.
  auto swept = service_->Sweep(DateFromMicros(clock_->NowMicros()));
  EXPECT_TRUE(swept.ok()) << swept.status().ToString();
}

TEST_F(EventLog, AnAcknowledgedAppendSurvivesAKill) {
  // The child appends through its own store (no threads of ours in it) and is killed the moment
  // the append returned; the parent reopens the file and projects.
  auto batch = RandomBatch(2);
  service_.reset();
  audit_.reset();
  store_.reset();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = testing::OpenStore(path_);
    SeededIdGenerator ids(8);  // not the parent's sequence, which goes on after the kill
    for (auto& e : batch) {
      e.id = ids.NewTimeUuid(clock_->NowMicros());
      e.recorded_micros = clock_->NowMicros();
      e.actor = "beheerder";
    }
    const bool ok = store->AppendLog(&batch, {}).ok();
    kill(getpid(), ok ? SIGKILL : SIGTERM);
    _exit(3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_EQ(WTERMSIG(status), SIGKILL) << "the child's append failed";

  Open();
  auto waiting = store_->LoggedPeople(10 * kPeople);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->size(), static_cast<size_t>(kPeople));
  auto projected = service_->Project();
  ASSERT_TRUE(projected.ok()) << projected.status().ToString();
  int64_t events = 0;  // the child's, beside the signal and task events the projection added
  for (const auto& p : people_) {
    auto state = store_->GetFollowState(p);
    ASSERT_TRUE(state.ok());
    const auto timeline = WholeTimeline(p);
    for (const auto& e : timeline) {
      events += e.kind == EventKind::kContact || e.kind == EventKind::kEnrolmentStarted ||
                e.kind == EventKind::kEnrolmentEnded;
    }
    EXPECT_EQ(*state, follow::Fold(timeline));
  }
  EXPECT_EQ(events, static_cast<int64_t>(batch.size()));
  ExpectStatesFoldTheTimeline();
}

}  // namespace
}  // namespace overstap
