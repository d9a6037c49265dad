// The SQLite store against a real temporary database file.

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <set>

#include "common/ids.h"
#include "domain/validate.h"
#include "service/demo.h"
#include "support/test_env.h"

namespace overstap::store {
const std::vector<std::pair<std::string_view, std::string_view>>& Migrations();
namespace {

using overstap::testing::FreshDatabase;
using overstap::testing::Known;
using overstap::testing::OpenStore;
using overstap::testing::SharedCatalog;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = FreshDatabase();
    store_ = OpenStore(path_);
  }

  domain::Organisation Org(const std::string& name) {
    domain::Organisation o;
    o.id = ids_.NewUuid();
    o.version = 1;
    o.name = name;
    o.kind = domain::OrganisationKind::kWerkgever;
    o.region = "AM18";
    return o;
  }

  domain::Person Person(const std::string& last_name, int32_t birth_days) {
    domain::Person p;
    p.id = ids_.NewUuid();
    p.version = 1;
    p.first_name = "Test";
    p.last_name = last_name;
    p.birth_date = Date{birth_days};
    p.postcode = "1011";
    p.municipality = "GM0363";
    p.region = "AM18";
    p.skills = {{Known::kSkill, 2}, {Known::kSkill2, 1}};
    p.sectors = {"I"};
    p.support_needed = domain::SupportBit(domain::Support::kJobcoach);
    p.available_from = Date{20000};
    return p;
  }

  std::string path_;
  std::unique_ptr<Store> store_;
  SeededIdGenerator ids_{42};
};

TEST_F(StoreTest, PersonRoundTripsWithAllAttributes) {
  auto org = Org("School");
  ASSERT_TRUE(store_->InsertOrganisation(org).ok());
  auto p = Person("Jansen", 14000);
  p.institution = org.id;
  p.external_ids = {{org.id, "LLN-7"}};
  ASSERT_TRUE(store_->InsertPerson(p).ok());
  auto got = store_->GetPerson(p.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->last_name, "Jansen");
  EXPECT_EQ(got->institution, org.id);
  EXPECT_EQ(got->external_ids, p.external_ids);
  EXPECT_EQ(got->skills.size(), 2u);
  EXPECT_EQ(got->support_needed, p.support_needed);
  EXPECT_EQ(got->available_from, p.available_from);
  EXPECT_EQ(store_->GetPerson(ids_.NewUuid()).status().code(), StatusCode::kNotFound);
}

TEST_F(StoreTest, VersionGuardsEveryUpdate) {
  auto p = Person("de Boer", 14000);
  ASSERT_TRUE(store_->InsertPerson(p).ok());
  p.hours_per_week = 20;
  ASSERT_TRUE(store_->UpdatePerson(p).ok());  // version 1 -> 2
  p.hours_per_week = 30;
  Status stale = store_->UpdatePerson(p);       // still says version 1
  EXPECT_EQ(stale.code(), StatusCode::kAborted);
  EXPECT_EQ(store_->GetPerson(p.id)->hours_per_week, 20);
  EXPECT_EQ(store_->GetPerson(p.id)->version, 2);
  EXPECT_EQ(store_->DeletePerson(p.id, 1).code(), StatusCode::kAborted);
  EXPECT_TRUE(store_->DeletePerson(p.id, 2).ok());
  EXPECT_EQ(store_->DeletePerson(p.id, 2).code(), StatusCode::kNotFound);
}

TEST_F(StoreTest, ReferencesToOrganisationsAreChecked) {
  auto p = Person("Smit", 14000);
  p.responsible_organisation = ids_.NewUuid();
  Status st = store_->InsertPerson(p);
  EXPECT_EQ(st.code(), StatusCode::kUnprocessable);
  ASSERT_EQ(st.violations().size(), 1u);
  EXPECT_EQ(st.violations()[0].field, "verantwoordelijkeOrganisatie");

  auto org = Org("Werkgever");
  ASSERT_TRUE(store_->InsertOrganisation(org).ok());
  p.responsible_organisation = org.id;
  ASSERT_TRUE(store_->InsertPerson(p).ok());
  EXPECT_EQ(store_->DeleteOrganisation(org.id, 1).code(), StatusCode::kFailedPrecondition);
}

TEST_F(StoreTest, ExternalIdsAreUniquePerOrganisation) {
  auto org = Org("School");
  ASSERT_TRUE(store_->InsertOrganisation(org).ok());
  auto a = Person("A", 14000), b = Person("B", 14000);
  a.external_ids = b.external_ids = {{org.id, "LLN-1"}};
  ASSERT_TRUE(store_->InsertPerson(a).ok());
  Status st = store_->InsertPerson(b);
  EXPECT_EQ(st.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(st.violations().at(0).field, "externeIds[0].id");
  EXPECT_EQ(store_->Count()->people, 1);  // nothing of b was kept
}

TEST_F(StoreTest, BulkInsertIsAllOrNothing) {
  std::vector<domain::Person> people;
  for (int i = 0; i < 50; ++i) people.push_back(Person("P" + std::to_string(i), 14000));
  people[49].responsible_organisation = ids_.NewUuid();  // unknown: the whole batch fails
  EXPECT_FALSE(store_->InsertPeople(people).ok());
  EXPECT_EQ(store_->Count()->people, 0);
  people[49].responsible_organisation.clear();
  EXPECT_TRUE(store_->InsertPeople(people).ok());
  EXPECT_EQ(store_->Count()->people, 50);
}

TEST_F(StoreTest, CursorPaginationVisitsEveryRowOnceInOrder) {
  std::vector<domain::Person> people;
  for (int i = 0; i < 57; ++i) {
    people.push_back(Person(std::string(1, static_cast<char>('A' + i % 7)), 14000 + i % 5));
  }
  ASSERT_TRUE(store_->InsertPeople(people).ok());
  for (SortField sort : {SortField::kCreated, SortField::kName, SortField::kBirthDate}) {
    for (bool desc : {false, true}) {
      PageRequest page{sort, desc, "", 10};
      std::vector<domain::Person> seen;
      std::set<std::string> ids;
      while (true) {
        auto res = store_->ListPeople({}, page);
        ASSERT_TRUE(res.ok()) << res.status().ToString();
        for (auto& p : res->items) {
          EXPECT_TRUE(ids.insert(p.id).second) << "repeated row";
          seen.push_back(p);
        }
        if (res->next_cursor.empty()) break;
        page.cursor = res->next_cursor;
      }
      ASSERT_EQ(seen.size(), 57u);
      for (size_t i = 1; i < seen.size(); ++i) {
        if (sort == SortField::kName) {
          EXPECT_TRUE(desc ? seen[i - 1].last_name >= seen[i].last_name
                           : seen[i - 1].last_name <= seen[i].last_name);
        } else if (sort == SortField::kBirthDate) {
          EXPECT_TRUE(desc ? seen[i - 1].birth_date >= seen[i].birth_date
                           : seen[i - 1].birth_date <= seen[i].birth_date);
        }
      }
    }
  }
  PageRequest bad{SortField::kName, false, "garbage!", 10};
  EXPECT_EQ(store_->ListPeople({}, bad).status().code(), StatusCode::kInvalidArgument);
  // A cursor from one sort order is refused for another.
  auto first = store_->ListPeople({}, PageRequest{SortField::kName, false, "", 10});
  PageRequest other{SortField::kBirthDate, false, first->next_cursor, 10};
  EXPECT_EQ(store_->ListPeople({}, other).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, FiltersNarrowTheList) {
  auto a = Person("Amsterdammer", 14000);
  auto b = Person("Utrechter", 14000);
  b.postcode = "3511";
  b.municipality = "GM0344";
  b.region = "AM13";
  b.sectors = {"R"};
  ASSERT_TRUE(store_->InsertPeople({a, b}).ok());
  PersonFilter f;
  f.region = "AM13";
  auto res = store_->ListPeople(f, {});
  ASSERT_EQ(res->items.size(), 1u);
  EXPECT_EQ(res->items[0].last_name, "Utrechter");
  PersonFilter s;
  s.sector = "I";
  EXPECT_EQ(store_->ListPeople(s, {})->items.size(), 1u);
}

TEST_F(StoreTest, WritesSurviveReopening) {
  auto p = Person("Blijvend", 14000);
  ASSERT_TRUE(store_->InsertPerson(p).ok());
  store_.reset();
  auto reopened = OpenStore(path_);
  EXPECT_EQ(reopened->GetPerson(p.id)->last_name, "Blijvend");
}

int CountIndexes(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                     "AND tbl_name IN ('deelnemers', 'plekken', 'deelnemer_externe_ids')",
                     -1, &st, nullptr);
  sqlite3_step(st);
  int n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST_F(StoreTest, BulkLoadRebuildsItsIndexesEvenAfterACrash) {
  const int before = CountIndexes(path_);
  ASSERT_GT(before, 5);
  ASSERT_TRUE(store_->BeginBulkLoad().ok());
  EXPECT_EQ(CountIndexes(path_), 0);
  ASSERT_TRUE(store_->InsertPeople({Person("A", 14000), Person("B", 14000)}).ok());
  ASSERT_TRUE(store_->EndBulkLoad().ok());
  EXPECT_EQ(CountIndexes(path_), before);
  // A load that never ends: the next open (which migrates) puts the indexes back.
  ASSERT_TRUE(store_->BeginBulkLoad().ok());
  store_.reset();
  EXPECT_EQ(CountIndexes(path_), 0);
  store_ = OpenStore(path_);
  EXPECT_EQ(CountIndexes(path_), before);
  PersonFilter f;
  f.region = "AM18";
  EXPECT_EQ(store_->ListPeople(f, {})->items.size(), 2u);
}

// A database at schema version 3 (skills in deelnemer_vaardigheden) keeps its people's skills
// when migration 0004 moves them into the person's row.
TEST(StoreMigrationTest, SkillsMoveIntoThePersonRow) {
  std::string path = overstap::testing::TempDir() + "/v3.db";
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    auto exec = [&](const std::string& sql) {
      char* err = nullptr;
      int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
      EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "") << " in " << sql.substr(0, 80);
      sqlite3_free(err);
    };
    exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
         "applied_at INTEGER NOT NULL) STRICT");
    int version = 0;
    for (const auto& [name, sql] : Migrations()) {
      if (++version > 3) break;
      exec(std::string(sql));
      exec("INSERT INTO schema_migrations VALUES (" + std::to_string(version) + ", '" +
           std::string(name) + "', 0)");
    }
    // Foreign keys are off on this raw connection: no reference data needed for the row.
    exec("INSERT INTO vaardigheden (id, esco_id, label_en, label_nl, soort, hergebruik) VALUES "
         "(5, 'esco-b', 'b', 'b', 's', 'r'), (9, 'esco-a', 'a', 'a', 's', 'r')");
    exec("INSERT INTO deelnemers (id, public_id, versie, voornaam, achternaam, geboortedatum, "
         "postcode, gemeente, regio, situatie, uitkering, niveau, sectoren, ondersteuning, "
         "max_reisafstand_km, uren_per_week, aangemaakt, gewijzigd) VALUES "
         "(1, 'p-1', 1, 'A', 'B', 14000, '1011', 'GM0363', 'AM18', 0, 3, 0, 'I', 0, 25, 32, 0, 0), "
         "(2, 'p-2', 1, 'C', 'D', 14000, '1011', 'GM0363', 'AM18', 0, 3, 0, 'I', 0, 25, 32, 0, 0)");
    exec("INSERT INTO deelnemer_vaardigheden (deelnemer, vaardigheid, niveau) VALUES "
         "(1, 9, 3), (1, 5, 1)");
    sqlite3_close(db);
  }
  auto store = OpenStore(path);
  EXPECT_EQ(*store->SchemaVersion(), 4);
  auto with = store->GetPerson("p-1");
  ASSERT_TRUE(with.ok()) << with.status().ToString();
  ASSERT_EQ(with->skills.size(), 2u);
  EXPECT_EQ(with->skills[0].skill, "esco-a");
  EXPECT_EQ(with->skills[0].level, 3);
  EXPECT_EQ(with->skills[1].skill, "esco-b");
  EXPECT_EQ(with->skills[1].level, 1);
  auto without = store->GetPerson("p-2");
  ASSERT_TRUE(without.ok()) << without.status().ToString();
  EXPECT_TRUE(without->skills.empty());
}

TEST_F(StoreTest, MigrationsAndReferenceLoadAreIdempotent) {
  EXPECT_EQ(*store_->Migrate(), 4);
  EXPECT_EQ(*store_->Migrate(), 4);
  auto summary = service::MigrateAndLoadReference(store_.get(), testing::ReferenceDir());
  ASSERT_TRUE(summary.ok());
  EXPECT_NE(summary->find("already loaded"), std::string::npos);
}

// Rounds: outcomes are stored with the totals in one go, unfinished rounds are failed on the
// next start, and deleting a person removes their outcomes.
TEST_F(StoreTest, AllocationRoundsAndTheirOutcomes) {
  service::DemoOptions opt;
  opt.people = 20;
  opt.places = 5;
  opt.region = "AM13";
  opt.now_micros = 1795000000LL * 1000000;
  ASSERT_TRUE(service::GenerateDemo(store_.get(), *SharedCatalog(), opt, [](const std::string&) {}).ok());
  auto people = store_->ListPeople({}, PageRequest{SortField::kCreated, false, "", 100});
  auto places = store_->ListPlaces({}, PageRequest{SortField::kCreated, false, "", 100});
  ASSERT_TRUE(people.ok() && places.ok());
  domain::AllocationRound round;
  round.id = ids_.NewUuid();
  round.regions = {"AM13"};
  round.kinds = {domain::PlaceKind::kStage, domain::PlaceKind::kBaan};
  round.seed = 77;
  round.created_by = "beheerder";
  ASSERT_TRUE(store_->InsertRound(round).ok());
  domain::AllocationRound stale = round;
  stale.id = ids_.NewUuid();
  ASSERT_TRUE(store_->InsertRound(stale).ok());
  std::vector<domain::RoundOutcome> outcomes;
  for (size_t i = 0; i < people->items.size(); ++i) {
    domain::RoundOutcome o;
    o.person = people->items[i].id;
    if (i < 3) {
      o.place = places->items[i].id;
      o.score = 0.5;
      o.explanation = R"({"redenen":[],"ontbreekt":[]})";
    } else {
      o.reason_code = "anderenGingenVoor";
      o.explanation = R"({"code":"anderenGingenVoor","tekst":"x"})";
    }
    outcomes.push_back(o);
  }
  round.status = domain::RoundStatus::kDone;
  round.placed = 3;
  round.people = static_cast<int64_t>(outcomes.size());
  ASSERT_TRUE(store_->FinishRound(round, outcomes).ok());
  auto got = store_->GetRound(round.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, domain::RoundStatus::kDone);
  EXPECT_EQ(got->kinds, round.kinds);
  EXPECT_EQ(got->regions, round.regions);
  EXPECT_EQ(got->seed, 77);
  auto placed = store_->ListRoundOutcomes(round.id, true, PageRequest{SortField::kCreated, false, "", 100});
  auto unplaced = store_->ListRoundOutcomes(round.id, false, PageRequest{SortField::kCreated, false, "", 100});
  ASSERT_TRUE(placed.ok() && unplaced.ok());
  EXPECT_EQ(placed->items.size(), 3u);
  EXPECT_EQ(unplaced->items.size(), outcomes.size() - 3);
  // The stale (queued) round is failed on the next start; the finished one is left alone.
  EXPECT_EQ(*store_->FailUnfinishedRounds(1), 1);
  EXPECT_EQ(store_->GetRound(stale.id)->status, domain::RoundStatus::kFailed);
  EXPECT_FALSE(store_->GetRound(stale.id)->error.empty());
  EXPECT_EQ(store_->GetRound(round.id)->status, domain::RoundStatus::kDone);
  // Deleting a person removes their outcome (privacy); the round stays.
  const auto& gone = people->items[5];
  ASSERT_TRUE(store_->DeletePerson(gone.id, gone.version).ok());
  auto after = store_->ListRoundOutcomes(round.id, std::nullopt, PageRequest{SortField::kCreated, false, "", 100});
  EXPECT_EQ(after->items.size(), outcomes.size() - 1);
  EXPECT_EQ(store_->GetRound(ids_.NewUuid()).status().code(), StatusCode::kNotFound);
}

TEST_F(StoreTest, DemoIsDeterministicAndValid) {
  service::DemoOptions opt;
  opt.people = 300;
  opt.places = 100;
  opt.seed = 5;
  opt.region = "AM13";
  opt.now_micros = 1795000000LL * 1000000;
  auto summary = service::GenerateDemo(store_.get(), *SharedCatalog(), opt, [](const std::string&) {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->people, 300);
  auto page = store_->ListPeople({}, PageRequest{SortField::kCreated, false, "", 100});
  auto other_path = FreshDatabase();
  auto other = OpenStore(other_path);
  ASSERT_TRUE(service::GenerateDemo(other.get(), *SharedCatalog(), opt, [](const std::string&) {}).ok());
  auto page2 = other->ListPeople({}, PageRequest{SortField::kCreated, false, "", 100});
  ASSERT_EQ(page->items.size(), page2->items.size());
  for (size_t i = 0; i < page->items.size(); ++i) {
    EXPECT_EQ(page->items[i].id, page2->items[i].id);
    EXPECT_EQ(page->items[i].skills, page2->items[i].skills);
    EXPECT_EQ(page->items[i].region, "AM13");
    // Every generated person passes the same validation as API input.
    domain::Person copy = page->items[i];
    EXPECT_TRUE(domain::ValidatePerson(&copy, *SharedCatalog(), DateFromMicros(opt.now_micros)).ok());
  }
}

}  // namespace
}  // namespace overstap::store
