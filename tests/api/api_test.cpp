// API tests over real HTTP against a temporary database file.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Json = nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = std::make_unique<TestServer>(FreshDatabase()); }

  Json Body(const httplib::Result& r) { return Json::parse(r->body); }

  httplib::Result Post(const std::string& path, const Json& body) {
    auto c = server_->Client();
    return c.Post(path.c_str(), body.dump(), "application/json");
  }

  std::string CreateOrganisation(const std::string& kind = "werkgever") {
    auto r = Post("/api/v1/organisaties",
                  {{"naam", "Bakkerij Test"}, {"soort", kind}, {"gemeente", "GM0363"}});
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"];
  }

  Json ValidPerson(const std::string& org) {
    return {{"voornaam", "Sanne"},
            {"achternaam", "de Vries"},
            {"geboortedatum", "2008-03-14"},
            {"postcode", "1011 AB"},
            {"situatie", "school"},
            {"niveau", "pro"},
            {"instelling", org},
            {"externeIds", {{{"organisatie", org}, {"id", "LLN-1"}}}},
            {"vaardigheden", {{{"vaardigheid", Known::kSkill}, {"niveau", 2}}}},
            {"sectoren", {"I", "G"}},
            {"ondersteuningNodig", {"jobcoach", "structuur"}},
            {"maxReisafstandKm", 15},
            {"urenPerWeek", 24},
            {"beschikbaarVanaf", "2027-08-01"}};
  }

  std::unique_ptr<TestServer> server_;
};

TEST_F(ApiTest, RegionsAreTheRealThirtyFive) {
  auto c = server_->Client();
  auto r = c.Get("/api/v1/regios");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("API-Version"), "1.0.0");
  EXPECT_EQ(Body(r)["resultaten"].size(), 35u);
  auto one = c.Get("/api/v1/regios/AM18");
  ASSERT_EQ(one->status, 200);
  bool amsterdam = false;
  Json region = Body(one);
  for (const auto& g : region["gemeenten"]) amsterdam |= g["code"] == "GM0363";
  EXPECT_TRUE(amsterdam);
}

TEST_F(ApiTest, CreateReadUpdateDeletePerson) {
  std::string org = CreateOrganisation("praktijkonderwijs");
  auto created = Post("/api/v1/deelnemers", ValidPerson(org));
  ASSERT_EQ(created->status, 201) << created->body;
  Json p = Body(created);
  EXPECT_EQ(p["postcode"], "1011");
  EXPECT_EQ(p["gemeente"], "GM0363");
  EXPECT_EQ(p["regio"], "AM18");
  EXPECT_EQ(created->get_header_value("ETag"), "\"1\"");
  std::string path = "/api/v1/deelnemers/" + p["id"].get<std::string>();
  EXPECT_EQ(created->get_header_value("Location"), path);

  auto c = server_->Client();
  auto got = c.Get(path.c_str());
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(Body(got)["vaardigheden"][0]["vaardigheid"], Known::kSkill);

  // PATCH with the right version succeeds; with the old one it is refused with 412.
  httplib::Headers h = {{"If-Match", "\"1\""}};
  auto patched = c.Patch(path.c_str(), h, R"({"urenPerWeek": 32})", "application/merge-patch+json");
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(Body(patched)["urenPerWeek"], 32);
  EXPECT_EQ(Body(patched)["versie"], 2);
  auto stale = c.Patch(path.c_str(), h, R"({"urenPerWeek": 16})", "application/merge-patch+json");
  EXPECT_EQ(stale->status, 412) << stale->body;
  EXPECT_EQ(Body(c.Get(path.c_str()))["urenPerWeek"], 32);

  auto no_match = c.Delete(path.c_str());
  EXPECT_EQ(no_match->status, 428);
  auto deleted = c.Delete(path.c_str(), {{"If-Match", "\"2\""}});
  EXPECT_EQ(deleted->status, 204);
  EXPECT_EQ(c.Get(path.c_str())->status, 404);
}

TEST_F(ApiTest, PatchingThePostcodeMovesGemeenteAndRegio) {
  std::string org = CreateOrganisation("mbo");
  auto created = Post("/api/v1/deelnemers", ValidPerson(org));
  ASSERT_EQ(created->status, 201);
  std::string path = "/api/v1/deelnemers/" + Body(created)["id"].get<std::string>();
  auto c = server_->Client();
  auto moved = c.Patch(path.c_str(), {{"If-Match", "\"1\""}}, R"({"postcode": "9711"})",
                       "application/merge-patch+json");
  ASSERT_EQ(moved->status, 200) << moved->body;
  EXPECT_EQ(Body(moved)["gemeente"], "GM0014");
  EXPECT_EQ(Body(moved)["regio"], "AM01");
  // Naming a gemeente that does not hold the postcode is still refused.
  auto wrong =
      c.Patch(path.c_str(), {{"If-Match", "\"2\""}},
              R"({"postcode": "3511", "gemeente": "GM0363"})", "application/merge-patch+json");
  EXPECT_EQ(wrong->status, 422);
}

TEST_F(ApiTest, PlaceLifecycleAndFilters) {
  std::string org = CreateOrganisation();
  Json place = {{"soort", "stage"},
                {"organisatie", org},
                {"titel", "Stage lasser"},
                {"postcode", "3511"},
                {"sector", "C"},
                {"beroep", Known::kOccupation},
                {"vereisteVaardigheden", {{{"vaardigheid", Known::kSkill}, {"niveau", 2}}}},
                {"gewensteVaardigheden", {{{"vaardigheid", Known::kSkill2}, {"niveau", 1}}}},
                {"minimaalNiveau", "entree"},
                {"ondersteuningAanwezig", {"jobcoach"}},
                {"capaciteit", 2},
                {"periode", {{"van", "2027-02-01"}, {"tot", "2027-06-30"}}},
                {"erkendLeerbedrijf", true}};
  auto created = Post("/api/v1/plekken", place);
  ASSERT_EQ(created->status, 201) << created->body;
  Json p = Body(created);
  EXPECT_EQ(p["regio"], "AM13");
  EXPECT_EQ(p["periode"]["tot"], "2027-06-30");
  auto c = server_->Client();
  EXPECT_EQ(Body(c.Get("/api/v1/plekken?regio=AM13&soort=stage"))["resultaten"].size(), 1u);
  EXPECT_EQ(Body(c.Get("/api/v1/plekken?regio=AM18"))["resultaten"].size(), 0u);
  EXPECT_EQ(Body(c.Get(("/api/v1/plekken?organisatie=" + org).c_str()))["resultaten"].size(), 1u);
  // The employer cannot be deleted while it offers a place.
  auto del = c.Delete(("/api/v1/organisaties/" + org).c_str(), {{"If-Match", "\"1\""}});
  EXPECT_EQ(del->status, 409) << del->body;
  // PUT replaces the whole record.
  place["capaciteit"] = 3;
  auto put = c.Put(("/api/v1/plekken/" + p["id"].get<std::string>()).c_str(),
                   {{"If-Match", "\"1\""}}, place.dump(), "application/json");
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(Body(put)["capaciteit"], 3);
  EXPECT_EQ(put->get_header_value("ETag"), "\"2\"");
}

TEST_F(ApiTest, ListsPageWithCursorsAndLinks) {
  std::string org = CreateOrganisation("mbo");
  for (int i = 0; i < 7; ++i) {
    Json person = ValidPerson(org);
    person["externeIds"] = Json::array();
    person["achternaam"] = std::string(1, static_cast<char>('G' - i));
    ASSERT_EQ(Post("/api/v1/deelnemers", person)->status, 201);
  }
  auto c = server_->Client();
  std::vector<std::string> names;
  std::string url = "/api/v1/deelnemers?aantal=3&sorteer=achternaam";
  for (int pages = 0; pages < 5 && !url.empty(); ++pages) {
    auto r = c.Get(url.c_str());
    ASSERT_EQ(r->status, 200) << r->body;
    Json body = Body(r);
    for (const auto& p : body["resultaten"]) names.push_back(p["achternaam"]);
    if (body["volgende"].is_null()) {
      EXPECT_FALSE(r->has_header("Link"));
      url.clear();
    } else {
      std::string link = r->get_header_value("Link");
      ASSERT_NE(link.find("rel=\"next\""), std::string::npos);
      url = link.substr(1, link.find('>') - 1);
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"A", "B", "C", "D", "E", "F", "G"}));
}

TEST_F(ApiTest, ReferenceSearchAndFilters) {
  auto c = server_->Client();
  Json gemeenten = Body(c.Get("/api/v1/gemeenten?regio=AM13"));
  EXPECT_GT(gemeenten["resultaten"].size(), 3u);
  for (const auto& g : gemeenten["resultaten"]) EXPECT_EQ(g["regio"], "AM13");
  Json beroepen = Body(c.Get("/api/v1/beroepen?zoek=kapper&aantal=5"));
  ASSERT_FALSE(beroepen["resultaten"].empty());
  EXPECT_EQ(beroepen["resultaten"][0]["naam"].get<std::string>().rfind("kapper", 0), 0u);
  Json skills = Body(c.Get("/api/v1/vaardigheden?zoek=weld"));
  ASSERT_FALSE(skills["resultaten"].empty());
  Json one = Body(c.Get((std::string("/api/v1/beroepen/") + Known::kOccupation).c_str()));
  EXPECT_FALSE(one["essentieleVaardigheden"].empty());
  EXPECT_EQ(Body(c.Get("/api/v1/sectoren"))["resultaten"].size(), 22u);
  EXPECT_EQ(c.Get("/api/v1/vaardigheden")->status, 400);
  EXPECT_EQ(c.Get("/api/v1/gemeenten?regio=AM99")->status, 400);
}

// Skills read in Dutch where ESCO has a Dutch label, and are found by their Dutch names (with
// or without accents and capitals), other Dutch names and English names; an English name is
// marked `taal: "en"`.
TEST_F(ApiTest, SkillsInDutchAndEnglish) {
  auto c = server_->Client();
  auto first = [&](const std::string& zoek) {
    Json hits = Body(c.Get(("/api/v1/vaardigheden?zoek=" + zoek).c_str()));
    EXPECT_FALSE(hits["resultaten"].empty()) << zoek;
    return hits["resultaten"].empty() ? Json() : hits["resultaten"][0];
  };
  Json firewall = first("firewallregels");
  EXPECT_EQ(firewall["naam"], "firewallregels definiëren");
  EXPECT_EQ(firewall["taal"], "nl");
  EXPECT_EQ(firewall["naamEngels"], "define firewall rules");
  EXPECT_FALSE(firewall["andereNamen"].empty());
  EXPECT_EQ(first("FIREWALLREGELS%20DEFINIEREN")["id"], firewall["id"]);
  EXPECT_EQ(first("define%20firewall")["id"], firewall["id"]);
  EXPECT_EQ(first("firewall%20instellen")["id"], firewall["id"]);  // another Dutch name
  // A skill without a Dutch label: its English name, said to be English.
  Json english = Body(c.Get("/api/v1/vaardigheden?zoek=communicate%20verbal"));
  ASSERT_FALSE(english["resultaten"].empty());
  EXPECT_EQ(english["resultaten"][0]["naam"], "communicate verbal instructions");
  EXPECT_EQ(english["resultaten"][0]["taal"], "en");
  Json one = Body(
      c.Get(("/api/v1/vaardigheden/" + english["resultaten"][0]["id"].get<std::string>()).c_str()));
  EXPECT_EQ(one["taal"], "en");
  EXPECT_TRUE(one["andereNamen"].empty());
}

TEST_F(ApiTest, EveryPersonReadAndWriteIsAuditedWithoutPersonalData) {
  std::string org = CreateOrganisation("vso");
  auto created = Post("/api/v1/deelnemers", ValidPerson(org));
  ASSERT_EQ(created->status, 201);
  std::string id = Body(created)["id"];
  auto c = server_->Client();
  ASSERT_EQ(c.Get(("/api/v1/deelnemers/" + id).c_str())->status, 200);
  ASSERT_EQ(c.Get("/api/v1/deelnemers")->status, 200);
  std::vector<domain::AuditEntry> entries;
  for (int i = 0; i < 100 && entries.size() < 3; ++i) {  // the audit log writes in batches
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    entries = *server_->store()->RecentAudit(10);
  }
  ASSERT_EQ(entries.size(), 3u);
  std::set<std::string> actions;
  for (const auto& e : entries) {
    actions.insert(e.action);
    EXPECT_EQ(e.subject_id, id);
    EXPECT_EQ(e.actor, "beheerder");
    EXPECT_FALSE(e.request_id.empty());
    for (const std::string& field : {e.subject_id, e.actor, e.organisation, e.role, e.action}) {
      EXPECT_EQ(field.find("Sanne"), std::string::npos);
      EXPECT_EQ(field.find("Vries"), std::string::npos);
    }
  }
  EXPECT_EQ(actions, (std::set<std::string>{"aanmaken", "lezen", "lijst"}));
}

TEST_F(ApiTest, PassendePlekkenAndKandidatenAreExplained) {
  std::string employer = CreateOrganisation();
  std::string school = CreateOrganisation("praktijkonderwijs");
  Json person = ValidPerson(school);  // Amsterdam 1011, needs jobcoach + structuur, 24 h
  auto created = Post("/api/v1/deelnemers", person);
  ASSERT_EQ(created->status, 201);
  std::string person_id = Body(created)["id"];
  auto place = [&](const std::string& title, const std::string& postcode, Json support,
                   Json required) {
    Json p = {{"soort", "stage"},
              {"organisatie", employer},
              {"titel", title},
              {"postcode", postcode},
              {"sector", "I"},
              {"capaciteit", 1},
              {"urenPerWeek", 20},
              {"ondersteuningAanwezig", support},
              {"vereisteVaardigheden", required}};
    auto r = Post("/api/v1/plekken", p);
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"].get<std::string>();
  };
  Json both = {"jobcoach", "structuur"};
  std::string near = place("Dichtbij", "1012", both, Json::array());
  std::string farther = place("Iets verder", "1060", both, Json::array());
  place("Geen jobcoach", "1012", Json::array({"structuur"}), Json::array());
  place("Te ver", "9711", both, Json::array());
  place("Vaardigheid ontbreekt", "1012", both, {{{"vaardigheid", Known::kSkill2}, {"niveau", 1}}});
  std::string learnable =
      place("Leerbaar", "1012", both,
            {{{"vaardigheid", Known::kSkill2}, {"niveau", 1}, {"leerbaar", true}}});

  auto c = server_->Client();
  auto r = c.Get(("/api/v1/deelnemers/" + person_id + "/passende-plekken?aantal=10").c_str());
  ASSERT_EQ(r->status, 200) << r->body;
  Json result = Body(r)["resultaten"];
  std::vector<std::string> ids;
  for (const auto& m : result) ids.push_back(m["plek"]["id"]);
  ASSERT_EQ(ids.size(), 3u) << r->body;  // the three that fit every hard constraint
  EXPECT_EQ(std::count(ids.begin(), ids.end(), near), 1);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), learnable), 1);
  EXPECT_EQ(ids.back(), farther);  // farther away scores lower
  for (size_t i = 1; i < result.size(); ++i) EXPECT_GE(result[i - 1]["score"], result[i]["score"]);
  bool distance_reason = false, jobcoach_reason = false;
  for (const auto& reason : result[0]["redenen"]) {
    std::string text = reason["tekst"];
    distance_reason |=
        reason["code"] == "reisafstand" && text.find("km reisafstand") != std::string::npos;
    jobcoach_reason |= text == "jobcoach aanwezig";
  }
  EXPECT_TRUE(distance_reason);
  EXPECT_TRUE(jobcoach_reason);

  // A new place shows up at once (the index follows every write).
  std::string fresh = place("Nieuw", "1011", both, Json::array());
  Json again = Body(c.Get(("/api/v1/deelnemers/" + person_id + "/passende-plekken").c_str()));
  EXPECT_EQ(again["resultaten"][0]["plek"]["id"], fresh);

  // The other way round: the place sees the person, without name or birth date.
  auto k = c.Get(("/api/v1/plekken/" + near + "/kandidaten").c_str());
  ASSERT_EQ(k->status, 200) << k->body;
  Json candidates = Body(k)["resultaten"];
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0]["deelnemer"]["id"], person_id);
  EXPECT_FALSE(candidates[0]["deelnemer"].contains("achternaam"));
  EXPECT_FALSE(candidates[0]["deelnemer"].contains("geboortedatum"));
  EXPECT_EQ(
      c.Get("/api/v1/deelnemers/00000000-0000-4000-8000-000000000000/passende-plekken")->status,
      404);

  // Filters by kind and sector, and the number asked for; without a filter the best of all.
  auto ids_of = [&](const std::string& path) {
    auto got = c.Get(path.c_str());
    EXPECT_EQ(got->status, 200) << path << " " << got->body;
    std::vector<std::string> out;
    const Json body = Body(got);
    for (const auto& m : body["resultaten"]) out.push_back(m["plek"]["id"]);
    return out;
  };
  const std::string mine = "/api/v1/deelnemers/" + person_id + "/passende-plekken";
  Json job = {{"soort", "baan"},   {"organisatie", employer},
              {"titel", "Baan"},   {"postcode", "1012"},
              {"sector", "Q"},     {"capaciteit", 1},
              {"urenPerWeek", 20}, {"ondersteuningAanwezig", both}};
  auto posted_job = Post("/api/v1/plekken", job);
  ASSERT_EQ(posted_job->status, 201) << posted_job->body;
  const std::string job_id = Body(posted_job)["id"];
  EXPECT_EQ(ids_of(mine + "?soort=baan"), std::vector<std::string>{job_id});
  EXPECT_EQ(ids_of(mine + "?sector=Q"), std::vector<std::string>{job_id});
  EXPECT_TRUE(ids_of(mine + "?soort=baan&sector=I").empty());
  std::vector<std::string> stages = ids_of(mine + "?soort=stage&aantal=50");
  EXPECT_EQ(stages.size(), 4u);  // near, farther, learnable, fresh
  EXPECT_EQ(std::count(stages.begin(), stages.end(), job_id), 0);
  EXPECT_EQ(ids_of(mine + "?aantal=50").size(), 5u);
  EXPECT_EQ(ids_of(mine + "?aantal=2").size(), 2u);
  auto near_candidates = c.Get(("/api/v1/plekken/" + near + "/kandidaten?aantal=1").c_str());
  ASSERT_EQ(near_candidates->status, 200);
  EXPECT_EQ(Body(near_candidates)["resultaten"].size(), 1u);

  // Bad parameters: problem+json naming the parameter.
  auto expect_problem = [&](const std::string& path, const std::string& field) {
    auto got = c.Get(path.c_str());
    EXPECT_EQ(got->status, 400) << path;
    EXPECT_EQ(got->get_header_value("Content-Type"), "application/problem+json") << path;
    const Json problem = Body(got);
    bool named = false;
    for (const auto& p : problem["invalidParams"]) named |= p["name"] == field;
    EXPECT_TRUE(named) << path << " " << got->body;
  };
  expect_problem(mine + "?aantal=51", "aantal");
  expect_problem(mine + "?aantal=nul", "aantal");
  expect_problem(mine + "?soort=kantoor", "soort");
  expect_problem(mine + "?sector=ZZ", "sector");
  expect_problem(mine + "?plaats=1012", "plaats");  // unknown parameter
  expect_problem("/api/v1/plekken/" + near + "/kandidaten?aantal=0", "aantal");
}

// An allocation round over real HTTP: queued, run in the background, every outcome explained.
TEST_F(ApiTest, AllocationRoundRunsInTheBackgroundAndExplainsEveryOutcome) {
  std::string employer = CreateOrganisation();
  std::string school = CreateOrganisation("praktijkonderwijs");
  std::vector<std::string> people;
  for (int i = 0; i < 3; ++i) {  // three alike people for two seats: one is outcompeted
    Json person = ValidPerson(school);
    person["externeIds"][0]["id"] = "LLN-" + std::to_string(i);
    auto r = Post("/api/v1/deelnemers", person);
    ASSERT_EQ(r->status, 201) << r->body;
    people.push_back(Body(r)["id"]);
  }
  Json needs_transport = ValidPerson(school);
  needs_transport["ondersteuningNodig"] = {"vervoer"};
  needs_transport["externeIds"][0]["id"] = "LLN-9";
  auto t = Post("/api/v1/deelnemers", needs_transport);
  ASSERT_EQ(t->status, 201);
  const std::string region = Body(t)["regio"];
  for (const char* postcode : {"1012", "1013"}) {
    Json p = {{"soort", "stage"},  {"organisatie", employer},
              {"titel", "Stage"},  {"postcode", postcode},
              {"sector", "I"},     {"capaciteit", 1},
              {"urenPerWeek", 20}, {"ondersteuningAanwezig", {"jobcoach", "structuur"}}};
    ASSERT_EQ(Post("/api/v1/plekken", p)->status, 201);
  }

  auto c = server_->Client();
  auto posted = Post("/api/v1/matchrondes",
                     {{"modus", "optimaal"}, {"regios", {region}}, {"lotingZaad", 42}});
  ASSERT_EQ(posted->status, 202) << posted->body;
  const std::string id = Body(posted)["id"];
  EXPECT_EQ(posted->get_header_value("Location"), "/api/v1/matchrondes/" + id);
  EXPECT_EQ(Body(posted)["status"], "wachtend");
  auto wait_done = [&](const std::string& round) {
    for (int i = 0; i < 400; ++i) {
      Json r = Body(c.Get(("/api/v1/matchrondes/" + round).c_str()));
      if (r["status"] == "klaar" || r["status"] == "mislukt") return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Json();
  };
  Json done = wait_done(id);
  ASSERT_EQ(done["status"], "klaar") << done.dump();
  EXPECT_EQ(done["voortgang"], 100);
  EXPECT_EQ(done["lotingZaad"], 42);
  EXPECT_EQ(done["regios"], Json::array({region}));
  EXPECT_EQ(done["resultaat"]["deelnemers"], 4);
  EXPECT_EQ(done["resultaat"]["zetels"], 2);
  EXPECT_EQ(done["resultaat"]["geplaatst"], 2);
  EXPECT_EQ(done["resultaat"]["nietGeplaatstPerReden"],
            Json({{"anderenGingenVoor", 1}, {"ondersteuningNietAangeboden", 1}}));

  Json placed = Body(
      c.Get(("/api/v1/matchrondes/" + id + "/uitkomsten?geplaatst=true").c_str()))["resultaten"];
  ASSERT_EQ(placed.size(), 2u);
  for (const auto& o : placed) {
    EXPECT_TRUE(o["plek"].is_string());
    EXPECT_GT(o["score"].get<double>(), 0);
    EXPECT_FALSE(o["redenen"].empty());
  }
  Json unplaced = Body(
      c.Get(("/api/v1/matchrondes/" + id + "/uitkomsten?geplaatst=false").c_str()))["resultaten"];
  ASSERT_EQ(unplaced.size(), 2u);
  for (const auto& o : unplaced) {
    EXPECT_TRUE(o["plek"].is_null());
    EXPECT_FALSE(o["reden"]["tekst"].get<std::string>().empty());
  }
  // Every outcome once, page by page.
  std::set<std::string> seen;
  std::string next = "/api/v1/matchrondes/" + id + "/uitkomsten?aantal=1";
  while (!next.empty()) {
    auto page = c.Get(next.c_str());
    ASSERT_EQ(page->status, 200) << page->body;
    const Json body = Body(page);
    for (const auto& o : body["resultaten"]) seen.insert(o["deelnemer"]);
    next = body["volgende"].is_null()
               ? ""
               : "/api/v1/matchrondes/" + id +
                     "/uitkomsten?aantal=1&cursor=" + body["volgende"].get<std::string>();
  }
  EXPECT_EQ(seen.size(), 4u);

  // The same seed gives the same round; the lottery decides between the alike people.
  auto again =
      Post("/api/v1/matchrondes", {{"modus", "stabiel"}, {"regios", {region}}, {"lotingZaad", 42}});
  auto third =
      Post("/api/v1/matchrondes", {{"modus", "stabiel"}, {"regios", {region}}, {"lotingZaad", 42}});
  ASSERT_EQ(wait_done(Body(again)["id"])["status"], "klaar");
  ASSERT_EQ(wait_done(Body(third)["id"])["status"], "klaar");
  auto outcomes = [&](const std::string& round) {
    return Body(c.Get(("/api/v1/matchrondes/" + round + "/uitkomsten").c_str()))["resultaten"];
  };
  EXPECT_EQ(outcomes(Body(again)["id"]), outcomes(Body(third)["id"]));
  auto listed = Body(c.Get("/api/v1/matchrondes?aantal=2"));
  EXPECT_EQ(listed["resultaten"][0]["id"], Body(third)["id"]);  // newest first
  EXPECT_FALSE(listed["volgende"].is_null());

  // Bad input names the field.
  auto neither = Post("/api/v1/matchrondes", {{"modus", "stabiel"}});
  EXPECT_EQ(neither->status, 400);
  EXPECT_NE(neither->body.find("regios"), std::string::npos);
  auto both = Post("/api/v1/matchrondes",
                   {{"modus", "stabiel"}, {"regios", {region}}, {"landelijk", true}});
  EXPECT_EQ(both->status, 400);
  auto unknown = Post("/api/v1/matchrondes", {{"modus", "stabiel"}, {"regios", {"AM99"}}});
  EXPECT_EQ(unknown->status, 422);
  EXPECT_NE(unknown->body.find("regios[0]"), std::string::npos);
  EXPECT_EQ(Post("/api/v1/matchrondes", {{"modus", "snel"}, {"landelijk", true}})->status, 400);
  EXPECT_EQ(Post("/api/v1/matchrondes",
                 {{"modus", "stabiel"}, {"landelijk", true}, {"soorten", {"kantoor"}}})
                ->status,
            400);
  EXPECT_EQ(c.Get("/api/v1/matchrondes/00000000-0000-4000-8000-000000000000")->status, 404);
  EXPECT_EQ(
      c.Get(("/api/v1/matchrondes/" + id + "/uitkomsten?geplaatst=misschien").c_str())->status,
      400);

  // Reading outcomes is audited per person, with ids only.
  bool audited = false;
  for (int i = 0; i < 50 && !audited; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto recent = server_->store()->RecentAudit(200);
    ASSERT_TRUE(recent.ok());
    for (const auto& e : *recent)
      audited |= e.subject_kind == "matchronde-uitkomst" && e.subject_id == people[0];
  }
  EXPECT_TRUE(audited);
}

// A round's scope: one region, several, national; kinds of place. Places outside the scope
// neither take part nor count in an unplaced person's reason.
TEST_F(ApiTest, AllocationRoundsKeepToTheirScope) {
  std::string employer = CreateOrganisation();
  std::string school = CreateOrganisation("praktijkonderwijs");
  Json amsterdam = ValidPerson(school);  // 1011, Groot Amsterdam (AM18)
  Json landsmeer = ValidPerson(school);
  landsmeer["postcode"] = "1121";  // Landsmeer, Zaanstreek/Waterland (AM17), 6.5 km north
  landsmeer["externeIds"][0]["id"] = "LLN-2";
  ASSERT_EQ(Post("/api/v1/deelnemers", amsterdam)->status, 201);
  ASSERT_EQ(Post("/api/v1/deelnemers", landsmeer)->status, 201);
  for (const char* kind : {"stage", "baan"}) {  // both in Landsmeer, both fit both people
    Json p = {{"soort", kind},     {"organisatie", employer},
              {"titel", kind},     {"postcode", "1121"},
              {"sector", "I"},     {"capaciteit", 1},
              {"urenPerWeek", 20}, {"ondersteuningAanwezig", {"jobcoach", "structuur"}}};
    ASSERT_EQ(Post("/api/v1/plekken", p)->status, 201);
  }
  auto c = server_->Client();
  auto run = [&](const Json& request) {
    auto posted = Post("/api/v1/matchrondes", request);
    EXPECT_EQ(posted->status, 202) << posted->body;
    const Json queued = Body(posted);
    EXPECT_EQ(queued["fase"], "wachtend");
    EXPECT_EQ(queued["voortgang"], 0);
    for (int i = 0; i < 400; ++i) {
      Json r = Body(c.Get(("/api/v1/matchrondes/" + queued["id"].get<std::string>()).c_str()));
      EXPECT_TRUE(r["voortgang"].is_number_integer()) << r.dump();
      EXPECT_GE(r["voortgang"].get<int>(), 0);
      EXPECT_LE(r["voortgang"].get<int>(), 100);
      if (r["status"] == "klaar" || r["status"] == "mislukt") return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Json();
  };
  // Amsterdam alone: its person, no place of its own; the places next door do not count.
  Json one = run({{"modus", "stabiel"}, {"regios", {"AM18"}}, {"lotingZaad", 1}});
  ASSERT_EQ(one["status"], "klaar") << one.dump();
  EXPECT_EQ(one["resultaat"]["deelnemers"], 1);
  EXPECT_EQ(one["resultaat"]["plekken"], 0);
  EXPECT_EQ(one["resultaat"]["geplaatst"], 0);
  EXPECT_EQ(one["resultaat"]["nietGeplaatstPerReden"], Json({{"geenPlekBinnenBereik", 1}}));
  // Both regions: both people placed.
  Json two = run({{"modus", "optimaal"}, {"regios", {"AM18", "AM17"}}, {"lotingZaad", 1}});
  ASSERT_EQ(two["status"], "klaar") << two.dump();
  EXPECT_EQ(two["regios"], Json::array({"AM18", "AM17"}));
  EXPECT_EQ(two["resultaat"]["deelnemers"], 2);
  EXPECT_EQ(two["resultaat"]["plekken"], 2);
  EXPECT_EQ(two["resultaat"]["geplaatst"], 2);
  // National, jobs only: one seat for two; the other person lost to competition.
  Json jobs =
      run({{"modus", "stabiel"}, {"landelijk", true}, {"soorten", {"baan"}}, {"lotingZaad", 1}});
  ASSERT_EQ(jobs["status"], "klaar") << jobs.dump();
  EXPECT_TRUE(jobs["regios"].empty()) << jobs.dump();
  EXPECT_EQ(jobs["soorten"], Json::array({"baan"}));
  EXPECT_EQ(jobs["resultaat"]["deelnemers"], 2);
  EXPECT_EQ(jobs["resultaat"]["plekken"], 1);
  EXPECT_EQ(jobs["resultaat"]["geplaatst"], 1);
  EXPECT_EQ(jobs["resultaat"]["nietGeplaatstPerReden"], Json({{"anderenGingenVoor", 1}}));
}

TEST(ApiRestartTest, AnAcknowledgedWriteSurvivesARestart) {
  std::string db = FreshDatabase();
  std::string id;
  {
    TestServer first(db);
    auto c = first.Client();
    auto org = c.Post("/api/v1/organisaties",
                      R"({"naam":"UWV Utrecht","soort":"uwv","regio":"AM13"})", "application/json");
    ASSERT_EQ(org->status, 201);
    id = Json::parse(org->body)["id"];
  }  // server and store shut down
  TestServer second(db);
  auto c = second.Client();
  auto got = c.Get(("/api/v1/organisaties/" + id).c_str());
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(Json::parse(got->body)["naam"], "UWV Utrecht");
}

// A port nobody listens on now: the kernel's pick for a socket bound to port 0, closed again.
// (A port made from the process id fell in the range of outgoing connections' ports, and a
// server that cannot bind exits at once.)
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  at.sin_port = 0;
  socklen_t len = sizeof(at);
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof(at)) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&at), &len) == 0;
  close(fd);
  return ok ? ntohs(at.sin_port) : -1;
}

TEST(ApiRestartTest, AWriteSurvivesAKilledProcess) {
  // The real binary, killed with SIGKILL right after the 201: the row must be there.
  std::string db = FreshDatabase();
  const int free_port = FreePort();
  ASSERT_GT(free_port, 0) << "no free port";
  std::string port = std::to_string(free_port);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl(OVERSTAP_BINARY, "overstap", "--db", db.c_str(), "--reference", ReferenceDir().c_str(),
          "serve", "--listen", ("127.0.0.1:" + port).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  httplib::Client c("127.0.0.1", std::stoi(port));
  bool up = false;
  bool exited = false;
  for (int i = 0; i < 300 && !up && !exited; ++i) {
    auto r = c.Get("/api/v1/regios");
    up = r && r->status == 200;
    if (!up) {
      int status = 0;
      exited = waitpid(pid, &status, WNOHANG) == pid;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  if (!up && !exited) kill(pid, SIGKILL);
  ASSERT_TRUE(up) << (exited ? "the server exited at its start (port " + port + ")"
                             : "server did not start");
  auto org = c.Post("/api/v1/organisaties",
                    R"({"naam":"Gemeente Utrecht","soort":"gemeente","gemeente":"GM0344"})",
                    "application/json");
  ASSERT_EQ(org->status, 201);
  std::string id = Json::parse(org->body)["id"];
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  auto store = OpenStore(db);
  auto got = store->GetOrganisation(id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->name, "Gemeente Utrecht");
}

}  // namespace
}  // namespace overstap::testing
