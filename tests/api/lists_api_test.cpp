// Lists people can work from, over real HTTP: the filters of people, organisations, signals,
// tasks, handovers and round outcomes (applied in SQL, so a page of n holds n matches), the
// Dutch order of surnames, and the display names list items carry (weergave).

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Json = nlohmann::json;

// 2026-10-01T12:00:00Z: "now" for every test here (ages are counted from it).
const int64_t kNow =
    (static_cast<int64_t>(DaysFromCivil(2026, 10, 1)) * 86400 + 12 * 3600) * 1000000;

class ListsApiTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = std::make_unique<TestServer>(FreshDatabase(), kNow); }

  static Json Body(const httplib::Result& r) { return Json::parse(r->body, nullptr, false); }
  httplib::Result Get(const std::string& path) { return server_->Client().Get(path.c_str()); }
  httplib::Result Post(const std::string& path, const Json& body) {
    return server_->Client().Post(path.c_str(), body.dump(), "application/json");
  }

  std::string CreateOrganisation(const Json& org) {
    auto r = Post("/api/v1/organisaties", org);
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"];
  }
  std::string CreateOrganisation(const std::string& name, const std::string& kind) {
    return CreateOrganisation({{"naam", name}, {"soort", kind}, {"gemeente", "GM0363"}});
  }

  // A person; `extra` is merged in (tussenvoegsel, instelling, externeIds, ...).
  std::string CreatePerson(const std::string& first, const std::string& last,
                           const std::string& born, const Json& extra = Json::object()) {
    Json p = {{"voornaam", first},     {"achternaam", last},   {"geboortedatum", born},
              {"postcode", "1011 AB"}, {"situatie", "school"}, {"niveau", "pro"}};
    p.update(extra);
    auto r = Post("/api/v1/deelnemers", p);
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"];
  }

  // Every item of a list, page by page with `aantal` per page; checks that each page but the
  // last is full (the filters are applied in SQL, never after reading a page).
  Json All(const std::string& path, int per_page = 2) {
    Json all = Json::array();
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    std::string next = path + sep + "aantal=" + std::to_string(per_page);
    for (int pages = 0; !next.empty() && pages < 100; ++pages) {
      auto r = Get(next);
      EXPECT_EQ(r->status, 200) << next << "\n" << r->body;
      if (r->status != 200) break;
      Json body = Body(r);
      for (auto& item : body["resultaten"]) all.push_back(item);
      if (body["volgende"].is_null()) {
        next.clear();
      } else {
        EXPECT_EQ(body["resultaten"].size(), static_cast<size_t>(per_page)) << next;
        next = path + sep + "aantal=" + std::to_string(per_page) +
               "&cursor=" + body["volgende"].get<std::string>();
      }
    }
    return all;
  }

  // The display names (weergave.deelnemer) of a list, in order.
  std::vector<std::string> NamesOf(const std::string& path, int per_page = 2) {
    std::vector<std::string> names;
    for (const auto& item : All(path, per_page)) {
      names.push_back(item["weergave"].value("deelnemer", "?"));
    }
    return names;
  }

  void ExpectProblem(const std::string& path, int status, const std::string& field) {
    auto r = Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, status) << path << "\n" << r->body;
    std::set<std::string> names;
    for (const auto& p : Body(r).value("invalidParams", Json::array())) {
      names.insert(p.value("name", ""));
    }
    EXPECT_TRUE(names.count(field)) << path << ": expected '" << field << "' in " << r->body;
  }

  std::unique_ptr<TestServer> server_;
};

using Names = std::vector<std::string>;

TEST_F(ListsApiTest, PeopleSortByAchternaamAsDutchListsDo) {
  CreatePerson("Yara", "Yilmaz", "2010-01-01");
  CreatePerson("Piet", "Veen", "2010-01-01", {{"tussenvoegsel", "van der"}});
  CreatePerson("Ayşe", "Şahin", "2010-01-01");
  CreatePerson("Jan", "Boer", "2010-01-01", {{"tussenvoegsel", "de"}});
  CreatePerson("Anna", "Bakker", "2010-01-01");
  CreatePerson("Bas", "Boer", "2010-01-01", {{"tussenvoegsel", "de"}});
  CreatePerson("Els", "Boerma", "2010-01-01");
  const Names dutch = {"Anna Bakker", "Bas de Boer",       "Jan de Boer", "Els Boerma",
                       "Ayşe Şahin",  "Piet van der Veen", "Yara Yilmaz"};
  EXPECT_EQ(NamesOf("/api/v1/deelnemers?sorteer=achternaam"), dutch);
  Names reversed(dutch.rbegin(), dutch.rend());
  EXPECT_EQ(NamesOf("/api/v1/deelnemers?sorteer=-achternaam", 3), reversed);
}

TEST_F(ListsApiTest, TussenvoegselIsStoredValidatedAndDocumented) {
  const std::string id = CreatePerson("Tim", "Hof", "2009-04-04", {{"tussenvoegsel", "van 't"}});
  Json got = Body(Get("/api/v1/deelnemers/" + id));
  EXPECT_EQ(got["tussenvoegsel"], "van 't");
  EXPECT_EQ(got["achternaam"], "Hof");
  const std::string none = CreatePerson("Tom", "Bakker", "2009-04-04");
  EXPECT_TRUE(Body(Get("/api/v1/deelnemers/" + none))["tussenvoegsel"].is_null());
  for (const char* bad : {"van1", " de", "de  la", "van der van der van der", "de-la", "v@n"}) {
    Json p = {{"voornaam", "X"},      {"achternaam", "Y"},
              {"tussenvoegsel", bad}, {"geboortedatum", "2009-04-04"},
              {"postcode", "1011"},   {"situatie", "school"},
              {"niveau", "pro"}};
    auto r = Post("/api/v1/deelnemers", p);
    EXPECT_EQ(r->status, 400) << bad << "\n" << r->body;
    EXPECT_EQ(Body(r)["invalidParams"][0]["name"], "tussenvoegsel") << r->body;
  }
}

TEST_F(ListsApiTest, PeopleFiltersAreCombinableAndPageFull) {
  const std::string school = CreateOrganisation("VSO De Brug", "vso");
  const std::string other = CreateOrganisation("Praktijkschool Noord", "praktijkonderwijs");
  const std::string gemeente = CreateOrganisation("Gemeente Amsterdam", "gemeente");
  const std::string jan =
      CreatePerson("Jan", "Boer", "2012-06-01",
                   {{"tussenvoegsel", "de"},
                    {"instelling", school},
                    {"verantwoordelijkeOrganisatie", gemeente},
                    {"externeIds", {{{"organisatie", school}, {"id", "LLN-7"}}}}});
  CreatePerson(
      "Ayşe", "Şahin", "2009-11-30",
      {{"instelling", school}, {"externeIds", {{{"organisatie", school}, {"id", "LLN-70"}}}}});
  CreatePerson("Piet", "Veen", "2010-10-01",
               {{"tussenvoegsel", "van der"}, {"instelling", school}});
  CreatePerson("Vera", "Visser", "2010-10-02", {{"instelling", other}});
  CreatePerson("Kees", "Boer", "2008-01-01", {{"tussenvoegsel", "van den"}, {"instelling", other}});
  CreatePerson("Ria", "Boersma", "2000-01-01");

  const std::string people = "/api/v1/deelnemers?sorteer=achternaam";
  // Name: a prefix of the achternaam with case, diacritics and the tussenvoegsel folded.
  EXPECT_EQ(NamesOf(people + "&naam=boer"),
            (Names{"Jan de Boer", "Kees van den Boer", "Ria Boersma"}));
  EXPECT_EQ(NamesOf(people + "&naam=BOER", 1),
            (Names{"Jan de Boer", "Kees van den Boer", "Ria Boersma"}));
  EXPECT_EQ(NamesOf(people + "&naam=sahin"), (Names{"Ayşe Şahin"}));
  EXPECT_EQ(NamesOf(people + "&naam=%C5%9Eah"), (Names{"Ayşe Şahin"}));  // "Şah"
  EXPECT_EQ(NamesOf(people + "&naam=veen"), (Names{"Piet van der Veen"}));
  // A typed tussenvoegsel must be the person's: "van der v" is not Visser, "de boer" not
  // "van den Boer".
  EXPECT_EQ(NamesOf(people + "&naam=van%20der%20v"), (Names{"Piet van der Veen"}));
  EXPECT_EQ(NamesOf(people + "&naam=De%20Boer"), (Names{"Jan de Boer"}));
  EXPECT_EQ(NamesOf(people + "&naam=v"), (Names{"Piet van der Veen", "Vera Visser"}));
  EXPECT_TRUE(NamesOf(people + "&naam=jansen").empty());

  // Instelling, responsible organisation, external id (exact).
  EXPECT_EQ(NamesOf(people + "&instelling=" + school),
            (Names{"Jan de Boer", "Ayşe Şahin", "Piet van der Veen"}));
  EXPECT_EQ(NamesOf(people + "&verantwoordelijkeOrganisatie=" + gemeente), (Names{"Jan de Boer"}));
  EXPECT_EQ(NamesOf(people + "&externeId=LLN-7"), (Names{"Jan de Boer"}));
  EXPECT_TRUE(NamesOf(people + "&externeId=LLN").empty());

  // Age in whole years on 2026-10-01: Jan 14, Ayşe 16, Piet 16 (birthday today), Vera 15
  // (16 tomorrow), Kees 18, Ria 26.
  EXPECT_EQ(NamesOf(people + "&leeftijdVan=16&leeftijdTot=18"),
            (Names{"Kees van den Boer", "Ayşe Şahin", "Piet van der Veen"}));
  EXPECT_EQ(NamesOf(people + "&leeftijdTot=15"), (Names{"Jan de Boer", "Vera Visser"}));
  EXPECT_EQ(NamesOf(people + "&leeftijdVan=20"), (Names{"Ria Boersma"}));
  // Sorted by birth date the age band is a range of that index; the same people either way.
  EXPECT_EQ(NamesOf("/api/v1/deelnemers?leeftijdVan=16&leeftijdTot=18&sorteer=geboortedatum"),
            (Names{"Kees van den Boer", "Ayşe Şahin", "Piet van der Veen"}));
  EXPECT_EQ(NamesOf("/api/v1/deelnemers?leeftijdVan=16&leeftijdTot=18&sorteer=-geboortedatum"),
            (Names{"Piet van der Veen", "Ayşe Şahin", "Kees van den Boer"}));
  // A name search lists by achternaam when no order is asked for.
  EXPECT_EQ(NamesOf("/api/v1/deelnemers?naam=boer", 1),
            (Names{"Jan de Boer", "Kees van den Boer", "Ria Boersma"}));

  // Combined: each filter narrows the others.
  EXPECT_EQ(NamesOf(people + "&instelling=" + school + "&leeftijdVan=16"),
            (Names{"Ayşe Şahin", "Piet van der Veen"}));
  EXPECT_EQ(NamesOf(people + "&instelling=" + school + "&leeftijdVan=16&naam=van%20der"),
            (Names{}));
  EXPECT_EQ(NamesOf(people + "&naam=boer&leeftijdTot=17"), (Names{"Jan de Boer"}));

  // The list item carries the names a list screen shows: the person's and the instelling's.
  Json first = All(people + "&externeId=LLN-7")[0];
  EXPECT_EQ(first["id"], jan);
  EXPECT_EQ(first["weergave"]["deelnemer"], "Jan de Boer");
  EXPECT_EQ(first["weergave"]["organisatie"], "VSO De Brug");

  ExpectProblem("/api/v1/deelnemers?leeftijdVan=9", 400, "leeftijdVan");
  ExpectProblem("/api/v1/deelnemers?leeftijdTot=71", 400, "leeftijdTot");
  ExpectProblem("/api/v1/deelnemers?naam=%20", 400, "naam");
  ExpectProblem("/api/v1/deelnemers?openSignaal=ja", 400, "openSignaal");
  ExpectProblem("/api/v1/deelnemers?instelling=LLN-7", 400, "instelling");
}

TEST_F(ListsApiTest, PeopleByOpenSignalAndPlacement) {
  const std::string school = CreateOrganisation("VSO De Brug", "vso");
  const std::string employer = CreateOrganisation("Bakkerij Bol", "werkgever");
  const std::string working = CreatePerson("Wim", "Werk", "2006-01-01", {{"instelling", school}});
  const std::string stopped = CreatePerson("Sam", "Stop", "2006-01-01", {{"instelling", school}});
  CreatePerson("Ivo", "Idle", "2006-01-01", {{"instelling", school}});
  auto event = [&](const std::string& person, const Json& e) {
    auto r = Post("/api/v1/deelnemers/" + person + "/gebeurtenissen", e);
    ASSERT_EQ(r->status, 201) << r->body;
  };
  for (const auto& p : {working, stopped}) {
    event(p, {{"soort", "plaatsingGestart"},
              {"tijdstip", "2026-08-01"},
              {"organisatie", employer},
              {"tot", "2027-07-31"}});
  }
  // A placement that stops early raises a signal (plaatsingGestopt).
  event(stopped, {{"soort", "plaatsingBeeindigd"},
                  {"tijdstip", "2026-09-20"},
                  {"organisatie", employer},
                  {"reden", "voortijdig"}});
  const std::string people = "/api/v1/deelnemers?sorteer=achternaam";
  EXPECT_EQ(NamesOf(people + "&geplaatst=true"), (Names{"Wim Werk"}));
  EXPECT_EQ(NamesOf(people + "&geplaatst=false"), (Names{"Ivo Idle", "Sam Stop"}));
  EXPECT_EQ(NamesOf(people + "&openSignaal=true"), (Names{"Sam Stop"}));
  EXPECT_EQ(NamesOf(people + "&openSignaal=false&geplaatst=false"), (Names{"Ivo Idle"}));
}

TEST_F(ListsApiTest, OrganisationsBySearchBrinAndKvk) {
  const std::string brug_ams = CreateOrganisation({{"naam", "VSO De Brug Amsterdam"},
                                                   {"soort", "vso"},
                                                   {"gemeente", "GM0363"},
                                                   {"brin", "12ab"}});
  const std::string brug_ams2 = CreateOrganisation({{"naam", "VSO De Brug Amsterdam"},
                                                    {"soort", "vso"},
                                                    {"gemeente", "GM0363"},
                                                    {"brin", "13CD01"}});
  const std::string bakker = CreateOrganisation({{"naam", "Bakkerij Brüggemann"},
                                                 {"soort", "werkgever"},
                                                 {"gemeente", "GM0363"},
                                                 {"kvk", "12345678"}});
  CreateOrganisation("Zorgboerderij De Hoeve", "zorgaanbieder");

  Json one = Body(Get("/api/v1/organisaties/" + brug_ams));
  EXPECT_EQ(one["brin"], "12AB");  // upper case as DUO writes it
  EXPECT_TRUE(one["kvk"].is_null());
  EXPECT_EQ(Body(Get("/api/v1/organisaties/" + bakker))["kvk"], "12345678");

  auto ids = [&](const std::string& query) {
    std::set<std::string> out;
    for (const auto& o : All("/api/v1/organisaties?" + query, 1)) out.insert(o["id"]);
    return out;
  };
  using Ids = std::set<std::string>;
  // Two schools with one name told apart by their BRIN.
  EXPECT_EQ(ids("brin=12AB"), (Ids{brug_ams}));
  EXPECT_EQ(ids("brin=13cd01"), (Ids{brug_ams2}));
  EXPECT_EQ(ids("kvk=12345678"), (Ids{bakker}));
  // A search by the start of any word, folded: "brug" starts "Brug" and "Brüggemann".
  EXPECT_EQ(ids("zoek=brug"), (Ids{brug_ams, brug_ams2, bakker}));
  EXPECT_EQ(ids("zoek=de%20brug%20AMS"), (Ids{brug_ams, brug_ams2}));
  EXPECT_EQ(ids("zoek=br%C3%BCgge"), (Ids{bakker}));  // "brügge"
  EXPECT_EQ(ids("zoek=hoeve&soort=zorgaanbieder").size(), 1u);
  EXPECT_TRUE(ids("zoek=rug").empty());  // the middle of a word is not a start

  ExpectProblem("/api/v1/organisaties?brin=1AB2", 400, "brin");
  ExpectProblem("/api/v1/organisaties?kvk=1234567", 400, "kvk");
  for (const auto& [field, org] : std::vector<std::pair<std::string, Json>>{
           {"brin", {{"naam", "X"}, {"soort", "vso"}, {"gemeente", "GM0363"}, {"brin", "ABCD"}}},
           {"kvk",
            {{"naam", "X"},
             {"soort", "werkgever"},
             {"gemeente", "GM0363"},
             {"kvk", "1234 567"}}}}) {
    auto r = Post("/api/v1/organisaties", org);
    EXPECT_EQ(r->status, 400) << r->body;
    EXPECT_EQ(Body(r)["invalidParams"][0]["name"], field) << r->body;
  }
  // Only a school has a BRIN.
  auto r = Post("/api/v1/organisaties",
                {{"naam", "X"}, {"soort", "werkgever"}, {"gemeente", "GM0363"}, {"brin", "12AB"}});
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(Body(r)["invalidParams"][0]["name"], "brin") << r->body;
}

TEST_F(ListsApiTest, SignalsTasksAndHandoversByOrganisationAssigneeKindAndDirection) {
  const std::string school = CreateOrganisation("VSO De Brug", "vso");
  const std::string employer = CreateOrganisation("Bakkerij Bol", "werkgever");
  const std::string gemeente = CreateOrganisation("Gemeente Amsterdam", "gemeente");
  const std::string klant = CreateOrganisation("Werkplein Noord", "gemeente");
  // Sam: the school is responsible; Kim: the klantmanager's organisation is.
  const std::string sam = CreatePerson("Sam", "Stop", "2006-01-01", {{"instelling", school}});
  const std::string kim = CreatePerson(
      "Kim", "Dijk", "2006-01-01",
      {{"tussenvoegsel", "van"}, {"instelling", school}, {"verantwoordelijkeOrganisatie", klant}});
  // Sam's school is responsible through the enrolment in the timeline.
  ASSERT_EQ(
      Post("/api/v1/deelnemers/" + sam + "/gebeurtenissen",
           {{"soort", "inschrijvingGestart"}, {"tijdstip", "2025-08-25"}, {"organisatie", school}})
          ->status,
      201);
  for (const auto& p : {sam, kim}) {
    for (const Json& e :
         {Json{
              {"soort", "plaatsingGestart"}, {"tijdstip", "2026-08-01"}, {"organisatie", employer}},
          Json{{"soort", "plaatsingBeeindigd"},
               {"tijdstip", "2026-09-20"},
               {"organisatie", employer},
               {"reden", "voortijdig"}}}) {
      auto r = Post("/api/v1/deelnemers/" + p + "/gebeurtenissen", e);
      ASSERT_EQ(r->status, 201) << r->body;
    }
  }
  // A klantmanager lists their organisation's signals.
  Json mine = All("/api/v1/signalen?organisatie=" + klant, 1);
  ASSERT_EQ(mine.size(), 1u) << mine.dump();
  EXPECT_EQ(mine[0]["deelnemer"], kim);
  EXPECT_EQ(mine[0]["weergave"]["deelnemer"], "Kim van Dijk");
  EXPECT_EQ(All("/api/v1/signalen?organisatie=" + school, 1).size(), 1u);
  EXPECT_TRUE(All("/api/v1/signalen?organisatie=" + employer, 1).empty());

  // Tasks by assignee and kind; signals by their task's assignee.
  const std::string task = mine[0]["taak"];
  auto assigned = Post("/api/v1/taken/" + task + "/toewijzen", {{"medewerker", "J. de Jong"}});
  ASSERT_EQ(assigned->status, 200) << assigned->body;
  Json jongs = All("/api/v1/taken?medewerker=J.%20de%20Jong", 1);
  ASSERT_EQ(jongs.size(), 1u);
  EXPECT_EQ(jongs[0]["id"], task);
  EXPECT_EQ(jongs[0]["weergave"]["deelnemer"], "Kim van Dijk");
  EXPECT_FALSE(jongs[0]["weergave"]["organisatie"].get<std::string>().empty());
  EXPECT_EQ(All("/api/v1/signalen?medewerker=J.%20de%20Jong", 1)[0]["id"], mine[0]["id"]);
  EXPECT_EQ(All("/api/v1/taken?soort=plaatsingGestopt&status=open", 1).size(), 2u);
  EXPECT_TRUE(All("/api/v1/taken?soort=uitBeeld", 1).empty());
  EXPECT_EQ(All("/api/v1/taken?soort=plaatsingGestopt&medewerker=J.%20de%20Jong", 1).size(), 1u);

  // Handovers: received and sent, relative to an organisation.
  auto offered =
      Post("/api/v1/overdrachten", {{"deelnemer", kim}, {"van", klant}, {"naar", gemeente}});
  ASSERT_EQ(offered->status, 201) << offered->body;
  auto sent = All("/api/v1/overdrachten?organisatie=" + klant + "&richting=verzonden", 1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0]["weergave"]["deelnemer"], "Kim van Dijk");
  EXPECT_EQ(sent[0]["weergave"]["organisatie"], "Werkplein Noord");
  EXPECT_EQ(sent[0]["weergave"]["naar"], "Gemeente Amsterdam");
  EXPECT_TRUE(All("/api/v1/overdrachten?organisatie=" + klant + "&richting=ontvangen", 1).empty());
  EXPECT_EQ(All("/api/v1/overdrachten?organisatie=" + gemeente + "&richting=ontvangen", 1).size(),
            1u);
  EXPECT_TRUE(
      All("/api/v1/overdrachten?organisatie=" + gemeente + "&richting=verzonden", 1).empty());
  ExpectProblem("/api/v1/overdrachten?richting=ontvangen", 400, "richting");
  ExpectProblem("/api/v1/overdrachten?organisatie=" + klant + "&richting=heen", 400, "richting");
  ExpectProblem("/api/v1/signalen?organisatie=x", 400, "organisatie");
  ExpectProblem("/api/v1/taken?soort=brand", 400, "soort");
}

TEST_F(ListsApiTest, RoundOutcomesByReasonCarryNames) {
  const std::string employer = CreateOrganisation("Bakkerij Bol", "werkgever");
  const std::string school = CreateOrganisation("Praktijkschool Noord", "praktijkonderwijs");
  std::string region;
  for (int i = 0; i < 4; ++i) {
    Json extra = {{"instelling", school},
                  {"sectoren", {"I"}},
                  {"maxReisafstandKm", 15},
                  {"urenPerWeek", 24},
                  {"ondersteuningNodig", i == 3 ? Json{"vervoer"} : Json{"jobcoach"}}};
    const std::string id = CreatePerson("Lid" + std::to_string(i), "Boer", "2007-03-14", extra);
    region = Body(Get("/api/v1/deelnemers/" + id))["regio"];
  }
  Json place = {{"soort", "stage"},
                {"organisatie", employer},
                {"titel", "Stage bakkerij"},
                {"postcode", "1012"},
                {"sector", "I"},
                {"capaciteit", 2},
                {"urenPerWeek", 20},
                {"ondersteuningAanwezig", {"jobcoach"}}};
  ASSERT_EQ(Post("/api/v1/plekken", place)->status, 201);
  auto posted = Post("/api/v1/matchrondes", {{"modus", "stabiel"}, {"regios", {region}}});
  ASSERT_EQ(posted->status, 202) << posted->body;
  const std::string id = Body(posted)["id"];
  Json done;
  for (int i = 0; i < 400; ++i) {
    done = Body(Get("/api/v1/matchrondes/" + id));
    if (done["status"] == "klaar" || done["status"] == "mislukt") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(done["status"], "klaar") << done.dump();
  const std::string outcomes = "/api/v1/matchrondes/" + id + "/uitkomsten";
  ASSERT_FALSE(done["resultaat"]["nietGeplaatstPerReden"].empty()) << done.dump();
  // Each reason lists exactly its unplaced people; with geplaatst=true there are none.
  for (const auto& [code, count] : done["resultaat"]["nietGeplaatstPerReden"].items()) {
    Json listed = All(outcomes + "?reden=" + code, 1);
    EXPECT_EQ(listed.size(), count.get<size_t>()) << code;
    for (const auto& o : listed) {
      EXPECT_EQ(o["reden"]["code"], code);
      EXPECT_EQ(o["weergave"]["deelnemer"].get<std::string>().substr(0, 3), "Lid");
    }
    EXPECT_TRUE(All(outcomes + "?geplaatst=true&reden=" + code, 1).empty());
  }
  for (const auto& o : All(outcomes + "?geplaatst=true", 1)) {
    EXPECT_EQ(o["weergave"]["plek"], "Stage bakkerij");
    EXPECT_EQ(o["weergave"]["organisatie"], "Bakkerij Bol");
  }
  ExpectProblem(outcomes + "?reden=pech", 400, "reden");
}

TEST_F(ListsApiTest, PlacesListCarriesTheOrganisationsName) {
  const std::string employer = CreateOrganisation("Bakkerij Bol", "werkgever");
  Json place = {{"soort", "stage"},   {"organisatie", employer}, {"titel", "Stage bakkerij"},
                {"postcode", "1012"}, {"sector", "I"},           {"capaciteit", 1},
                {"urenPerWeek", 20}};
  ASSERT_EQ(Post("/api/v1/plekken", place)->status, 201);
  Json listed = All("/api/v1/plekken");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["weergave"]["organisatie"], "Bakkerij Bol");
  EXPECT_EQ(listed[0]["weergave"]["plek"], "Stage bakkerij");
}

}  // namespace
}  // namespace overstap::testing
