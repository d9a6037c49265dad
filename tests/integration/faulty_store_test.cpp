// The error paths of writes, through the real HTTP server over a FaultyStore: a failed store
// call gives a clean RFC 9457 problem+json answer (5xx, Dutch and English, no internals), and
// the real store holds nothing half-written (no row, no audit record, the version unchanged).
// A failure inside the store's own transaction (an audit insert that fails after the row went
// in, by a trigger on the test's database) must roll the row back too.

#include "support/faulty_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Json = nlohmann::json;
using Op = FaultyStore::Op;

class FaultyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = FreshDatabase();
    server_ = std::make_unique<TestServer>(db_, [this](std::unique_ptr<store::Store> real) {
      auto faulty = std::make_unique<FaultyStore>(std::move(real));
      faulty_ = faulty.get();
      return faulty;
    });
  }

  static Json Body(const httplib::Result& r) { return Json::parse(r->body, nullptr, false); }
  httplib::Result Get(const std::string& path) { return server_->Client().Get(path.c_str()); }
  httplib::Result Post(const std::string& path, const Json& body) {
    return server_->Client().Post(path.c_str(), body.dump(), "application/json");
  }

  std::string CreateOrganisation() {
    auto r = Post(
        "/api/v1/organisaties",
        {{"naam", "Praktijkschool Fout"}, {"soort", "praktijkonderwijs"}, {"gemeente", "GM0363"}});
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"];
  }
  static Json Person(const std::string& school) {
    return {{"voornaam", "Noor"},    {"achternaam", "Bakker"}, {"geboortedatum", "2005-05-20"},
            {"postcode", "1011 AB"}, {"situatie", "school"},   {"niveau", "pro"},
            {"instelling", school},  {"urenPerWeek", 24}};
  }
  std::string CreatePerson(const std::string& school) {
    auto r = Post("/api/v1/deelnemers", Person(school));
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"];
  }

  // A clean problem+json answer with status `status`.
  static void ExpectProblem(const httplib::Result& r, int status) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json") << r->body;
    Json p = Body(r);
    ASSERT_TRUE(p.is_object()) << r->body;
    EXPECT_EQ(p["status"], status);
    EXPECT_TRUE(p["title"].is_string() && !p["title"].get<std::string>().empty()) << r->body;
    EXPECT_TRUE(p["detail"].is_string() && !p["detail"].get<std::string>().empty()) << r->body;
    EXPECT_TRUE(p["detailEngels"].is_string() && !p["detailEngels"].get<std::string>().empty())
        << r->body;
    // What the store said stays in the server.
    EXPECT_EQ(r->body.find("injected"), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("sqlite"), std::string::npos) << r->body;
  }

  // The audit records of `action` on `kind` (of `subject`, when given) in the real store.
  int AuditRecords(const std::string& action, const std::string& kind,
                   const std::string& subject = "") {
    auto recent = faulty_->base()->RecentAudit(10000);
    EXPECT_TRUE(recent.ok()) << recent.status().ToString();
    int n = 0;
    for (const auto& e : *recent) {
      n += e.action == action && e.subject_kind == kind &&
           (subject.empty() || e.subject_id == subject);
    }
    return n;
  }

  int64_t People() {
    auto counts = faulty_->base()->Count();
    EXPECT_TRUE(counts.ok());
    return counts->people;
  }

  // Runs `sql` on the test's database with a connection of its own.
  void ExecOnDatabase(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  // Waits until the round is done or failed; returns it.
  Json WaitForRound(const std::string& id) {
    for (int i = 0; i < 600; ++i) {
      Json r = Body(Get("/api/v1/matchrondes/" + id));
      if (r["status"] == "klaar" || r["status"] == "mislukt") return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Json();
  }

  std::string db_;
  std::unique_ptr<TestServer> server_;
  FaultyStore* faulty_ = nullptr;
};

TEST_F(FaultyStoreTest, FailNthFailsThatCallOnly) {
  const std::string school = CreateOrganisation();
  faulty_->FailNth(Op::kGetOrganisation, 2, Unavailable("injected"));
  EXPECT_EQ(Get("/api/v1/organisaties/" + school)->status, 200);
  ExpectProblem(Get("/api/v1/organisaties/" + school), 503);
  EXPECT_EQ(Get("/api/v1/organisaties/" + school)->status, 200);
  EXPECT_EQ(faulty_->Failures(), 1);
}

TEST_F(FaultyStoreTest, FailFromFailsEveryCallUntilCleared) {
  const std::string school = CreateOrganisation();
  const int before = faulty_->Calls(Op::kGetOrganisation);
  faulty_->FailFrom(Op::kGetOrganisation, 1, Internal("injected"));
  ExpectProblem(Get("/api/v1/organisaties/" + school), 500);
  ExpectProblem(Get("/api/v1/organisaties/" + school), 500);
  faulty_->Clear();
  EXPECT_EQ(Get("/api/v1/organisaties/" + school)->status, 200);
  EXPECT_EQ(faulty_->Calls(Op::kGetOrganisation), before + 3);
}

// The names of a page of list items are one batch read: when it fails the list fails (no page
// without its names, and one read per page, not per item).
TEST_F(FaultyStoreTest, AListsNamesAreOneBatchReadPerPage) {
  const std::string school = CreateOrganisation();
  for (int i = 0; i < 3; ++i) {
    auto r = Post("/api/v1/deelnemers", {{"voornaam", "Noor"},
                                         {"achternaam", "Bakker"},
                                         {"geboortedatum", "2008-05-20"},
                                         {"postcode", "1011"},
                                         {"situatie", "school"},
                                         {"niveau", "pro"},
                                         {"instelling", school}});
    ASSERT_EQ(r->status, 201) << r->body;
  }
  const int before = faulty_->Calls(Op::kGetNames);
  auto listed = Get("/api/v1/deelnemers?aantal=3");
  ASSERT_EQ(listed->status, 200) << listed->body;
  EXPECT_EQ(Body(listed)["resultaten"].size(), 3u);
  EXPECT_EQ(faulty_->Calls(Op::kGetNames), before + 1);
  faulty_->FailNth(Op::kGetNames, 1, Unavailable("injected"));
  ExpectProblem(Get("/api/v1/deelnemers"), 503);
  EXPECT_EQ(Get("/api/v1/deelnemers")->status, 200);
}

TEST_F(FaultyStoreTest, CreatePersonFailsCleanly) {
  const std::string school = CreateOrganisation();
  const int64_t before = People();
  faulty_->FailNth(Op::kInsertPerson, 1, Unavailable("injected"));
  ExpectProblem(Post("/api/v1/deelnemers", Person(school)), 503);
  EXPECT_EQ(People(), before);
  EXPECT_EQ(AuditRecords("aanmaken", "deelnemer"), 0);
  faulty_->FailNth(Op::kInsertPerson, 1, Internal("injected"));
  ExpectProblem(Post("/api/v1/deelnemers", Person(school)), 500);
  EXPECT_EQ(People(), before);
  // The next one goes through, with its record.
  const std::string id = CreatePerson(school);
  EXPECT_EQ(People(), before + 1);
  EXPECT_EQ(AuditRecords("aanmaken", "deelnemer", id), 1);
}

TEST_F(FaultyStoreTest, CreatePersonRollsBackWhenItsAuditRecordFails) {
  const std::string school = CreateOrganisation();
  const int64_t before = People();
  // The person's row goes in first; then its audit record fails, in the same transaction.
  ExecOnDatabase(
      "CREATE TRIGGER test_audit_fails BEFORE INSERT ON audit_log WHEN NEW.actie = 'aanmaken' "
      "AND NEW.soort = 'deelnemer' BEGIN SELECT RAISE(ABORT, 'injected'); END;");
  ExpectProblem(Post("/api/v1/deelnemers", Person(school)), 500);
  EXPECT_EQ(People(), before);
  ExecOnDatabase("DROP TRIGGER test_audit_fails;");
  CreatePerson(school);
  EXPECT_EQ(People(), before + 1);
}

TEST_F(FaultyStoreTest, UpdatePersonFailsCleanly) {
  const std::string school = CreateOrganisation();
  const std::string id = CreatePerson(school);
  const std::string path = "/api/v1/deelnemers/" + id;
  auto c = server_->Client();
  faulty_->FailNth(Op::kUpdatePerson, 1, Unavailable("injected"));
  ExpectProblem(c.Patch(path.c_str(), {{"If-Match", "\"1\""}}, R"({"urenPerWeek": 32})",
                        "application/merge-patch+json"),
                503);
  Json put = Person(school);
  put["urenPerWeek"] = 16;
  faulty_->FailNth(Op::kUpdatePerson, 1, Unavailable("injected"));
  ExpectProblem(c.Put(path.c_str(), {{"If-Match", "\"1\""}}, put.dump(), "application/json"), 503);
  auto stored = faulty_->base()->GetPerson(id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(stored->hours_per_week, 24);
  EXPECT_EQ(AuditRecords("wijzigen", "deelnemer", id), 0);
  // Inside the transaction: the row is updated, then its audit record fails.
  ExecOnDatabase(
      "CREATE TRIGGER test_audit_fails BEFORE INSERT ON audit_log WHEN NEW.actie = 'wijzigen' "
      "BEGIN SELECT RAISE(ABORT, 'injected'); END;");
  ExpectProblem(c.Patch(path.c_str(), {{"If-Match", "\"1\""}}, R"({"urenPerWeek": 32})",
                        "application/merge-patch+json"),
                500);
  ExecOnDatabase("DROP TRIGGER test_audit_fails;");
  stored = faulty_->base()->GetPerson(id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(stored->hours_per_week, 24);
  // And with the store back, the same request works.
  auto patched = c.Patch(path.c_str(), {{"If-Match", "\"1\""}}, R"({"urenPerWeek": 32})",
                         "application/merge-patch+json");
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(Body(patched)["versie"], 2);
  EXPECT_EQ(AuditRecords("wijzigen", "deelnemer", id), 1);
}

TEST_F(FaultyStoreTest, EventAppendFailsCleanly) {
  const std::string school = CreateOrganisation();
  const std::string id = CreatePerson(school);
  const Json event = {
      {"soort", "contact"}, {"tijdstip", "2026-09-30"}, {"contactSoort", "telefoon"}};
  faulty_->FailNth(Op::kUpdateFollow, 1, Unavailable("injected"));
  ExpectProblem(Post("/api/v1/deelnemers/" + id + "/gebeurtenissen", event), 503);
  // The log-first batch.
  faulty_->FailNth(Op::kAppendLog, 1, Unavailable("injected"));
  Json batch = event;
  batch["deelnemer"] = id;
  ExpectProblem(Post("/api/v1/gebeurtenissen", {{"gebeurtenissen", {batch}}}), 503);
  auto timeline = faulty_->base()->ListEvents(id, {});
  ASSERT_TRUE(timeline.ok());
  EXPECT_TRUE(timeline->items.empty());
  EXPECT_EQ(AuditRecords("aanmaken", "gebeurtenis", id), 0);
  // Inside the transaction: the event goes in, then its audit record fails.
  ExecOnDatabase(
      "CREATE TRIGGER test_audit_fails BEFORE INSERT ON audit_log WHEN NEW.soort = "
      "'gebeurtenis' BEGIN SELECT RAISE(ABORT, 'injected'); END;");
  ExpectProblem(Post("/api/v1/deelnemers/" + id + "/gebeurtenissen", event), 500);
  ExecOnDatabase("DROP TRIGGER test_audit_fails;");
  timeline = faulty_->base()->ListEvents(id, {});
  ASSERT_TRUE(timeline.ok());
  EXPECT_TRUE(timeline->items.empty());
  auto state = faulty_->base()->GetFollowState(id);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->events, 0);
  // With the store back it is stored, once.
  auto added = Post("/api/v1/deelnemers/" + id + "/gebeurtenissen", event);
  EXPECT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(AuditRecords("aanmaken", "gebeurtenis", id), 1);
}

TEST_F(FaultyStoreTest, RoundThatCannotBeQueuedFailsCleanly) {
  faulty_->FailNth(Op::kInsertRound, 1, Unavailable("injected"));
  ExpectProblem(Post("/api/v1/matchrondes", {{"modus", "optimaal"}, {"regios", {"AM18"}}}), 503);
  auto rounds = faulty_->base()->ListRounds({});
  ASSERT_TRUE(rounds.ok());
  EXPECT_TRUE(rounds->items.empty());
  EXPECT_EQ(AuditRecords("aanmaken", "matchronde"), 0);
}

TEST_F(FaultyStoreTest, RoundThatCannotBeSavedIsFailedWithoutOutcomes) {
  const std::string school = CreateOrganisation();
  for (int i = 0; i < 3; ++i) CreatePerson(school);
  faulty_->FailNth(Op::kFinishRound, 1, Unavailable("injected"));
  auto posted = Post("/api/v1/matchrondes", {{"modus", "optimaal"}, {"regios", {"AM18"}}});
  ASSERT_EQ(posted->status, 202) << posted->body;
  const std::string id = Body(posted)["id"];
  Json round = WaitForRound(id);
  EXPECT_EQ(round["status"], "mislukt") << round.dump();
  auto outcomes = Get("/api/v1/matchrondes/" + id + "/uitkomsten");
  ASSERT_EQ(outcomes->status, 200) << outcomes->body;
  EXPECT_TRUE(Body(outcomes)["resultaten"].empty());
  auto stored = faulty_->base()->ListRoundOutcomes(id, domain::OutcomeFilter{}, {});
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->items.empty());
}

TEST_F(FaultyStoreTest, RoundThatCannotStartIsFailedNotLeftWaiting) {
  // The worker's first write (the round is running) fails: the round must not stay queued
  // until the next restart.
  faulty_->FailNth(Op::kUpdateRound, 1, Unavailable("injected"));
  auto posted = Post("/api/v1/matchrondes", {{"modus", "optimaal"}, {"regios", {"AM18"}}});
  ASSERT_EQ(posted->status, 202) << posted->body;
  Json round = WaitForRound(Body(posted)["id"]);
  EXPECT_EQ(round["status"], "mislukt") << round.dump();
}

}  // namespace
}  // namespace overstap::testing
