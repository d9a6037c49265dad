// Keep in view over real HTTP against a temporary database file, on a fake clock: the timeline,
// the derived state, signals and tasks, warm handovers, corrections, the big-5 plan, the
// errors (each a problem+json naming the field) and the audit trail.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "common/date.h"
#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Json = nlohmann::json;

// 2026-10-01T12:00:00Z: "now" for every test here.
const int64_t kNow =
    (static_cast<int64_t>(DaysFromCivil(2026, 10, 1)) * 86400 + 12 * 3600) * 1000000;

class FollowApiTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = std::make_unique<TestServer>(FreshDatabase(), kNow); }

  static Json Body(const httplib::Result& r) { return Json::parse(r->body, nullptr, false); }

  httplib::Result Get(const std::string& path) { return server_->Client().Get(path.c_str()); }
  httplib::Result Post(const std::string& path, const Json& body) {
    return server_->Client().Post(path.c_str(), body.dump(), "application/json");
  }
  httplib::Result Put(const std::string& path, const Json& body) {
    return server_->Client().Put(path.c_str(), body.dump(), "application/json");
  }

  std::string CreateOrganisation(const std::string& name, const std::string& kind,
                                 const std::string& gemeente = "GM0363") {
    auto r =
        Post("/api/v1/organisaties", {{"naam", name}, {"soort", kind}, {"gemeente", gemeente}});
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"];
  }

  std::string CreatePerson(const std::string& school) {
    auto r = Post("/api/v1/deelnemers", {{"voornaam", "Noor"},
                                         {"achternaam", "Bakker"},
                                         {"geboortedatum", "2005-05-20"},
                                         {"postcode", "1011 AB"},
                                         {"situatie", "school"},
                                         {"niveau", "pro"},
                                         {"instelling", school}});
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"];
  }

  std::string Events(const std::string& person) {
    return "/api/v1/deelnemers/" + person + "/gebeurtenissen";
  }
  std::string Timeline(const std::string& person) {
    return "/api/v1/deelnemers/" + person + "/tijdlijn";
  }
  Json State(const std::string& person) {
    auto r = Get("/api/v1/deelnemers/" + person + "/volgstand");
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r);
  }

  // Posts an event, expects 201 and returns it.
  Json AddEvent(const std::string& person, const Json& event) {
    auto r = Post(Events(person), event);
    EXPECT_EQ(r->status, 201) << event.dump() << "\n" << r->body;
    EXPECT_EQ(r->get_header_value("Location"), Timeline(person));
    return Body(r);
  }

  // A list's results (first page of up to 100).
  Json List(const std::string& path) {
    auto r = Get(path + (path.find('?') == std::string::npos ? "?" : "&") + "aantal=100");
    EXPECT_EQ(r->status, 200) << path << "\n" << r->body;
    return Body(r)["resultaten"];
  }

  std::unique_ptr<TestServer> server_;
};

// The reply is a problem+json with this status whose invalidParams name `field` (when given).
void ExpectProblem(const httplib::Result& r, int status, const std::string& field,
                   const std::string& what) {
  ASSERT_TRUE(r) << what;
  EXPECT_EQ(r->status, status) << what << "\n" << r->body;
  std::string type = r->get_header_value("Content-Type");
  EXPECT_EQ(type.substr(0, type.find(';')), "application/problem+json") << what;
  Json body = Json::parse(r->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << what << "\n" << r->body;
  EXPECT_EQ(body.value("status", 0), status) << what;
  if (field.empty()) return;
  std::set<std::string> names;
  for (const auto& p : body.value("invalidParams", Json::array()))
    names.insert(p.value("name", ""));
  EXPECT_TRUE(names.count(field)) << what << ": expected '" << field << "' in " << body.dump();
}

// The members of `object` are exactly those the OpenAPI schema `name` requires.
void ExpectDocumentedShape(const Json& object, const std::string& name) {
  const Json& schema = http::OpenApiDocument().at("components").at("schemas").at(name);
  std::set<std::string> documented, sent;
  for (const auto& k : schema.at("required")) documented.insert(k.get<std::string>());
  for (const auto& [k, v] : object.items()) sent.insert(k);
  EXPECT_EQ(sent, documented) << name << ": " << object.dump();
}

TEST_F(FollowApiTest, ATimelineDrivesStateSignalsTasksAndHandovers) {
  const std::string school = CreateOrganisation("Praktijkschool Noord", "praktijkonderwijs");
  const std::string gemeente = CreateOrganisation("Gemeente Amsterdam", "gemeente");
  const std::string employer = CreateOrganisation("Bakkerij Test", "werkgever");
  const std::string person = CreatePerson(school);

  // A school career that ends without a diploma, a contact, a placement that stops early.
  Json enrolled = AddEvent(
      person,
      {{"soort", "inschrijvingGestart"}, {"tijdstip", "2025-08-25"}, {"organisatie", school}});
  EXPECT_EQ(enrolled["deelnemer"], person);
  EXPECT_EQ(enrolled["tijdstip"], "2025-08-25T00:00:00Z");
  EXPECT_EQ(enrolled["vastgelegd"], "2026-10-01T12:00:00Z");
  EXPECT_EQ(enrolled["actor"], "beheerder");
  EXPECT_TRUE(enrolled["volgnummer"].is_number_integer());
  ExpectDocumentedShape(enrolled, "Gebeurtenis");
  Json contact = AddEvent(person, {{"soort", "contact"},
                                   {"tijdstip", "2026-03-10T10:00:00+01:00"},
                                   {"organisatie", school},
                                   {"contactSoort", "huisbezoek"},
                                   {"notitie", "Gesprek over stage"}});
  EXPECT_EQ(contact["tijdstip"], "2026-03-10T09:00:00Z");
  EXPECT_EQ(contact["contactSoort"], "huisbezoek");
  EXPECT_EQ(contact["notitie"], "Gesprek over stage");
  EXPECT_TRUE(contact["domein"].is_null());
  AddEvent(person, {{"soort", "inschrijvingBeeindigd"},
                    {"tijdstip", "2026-07-10"},
                    {"organisatie", school},
                    {"reden", "zonderDiploma"}});
  Json started = AddEvent(person, {{"soort", "plaatsingGestart"},
                                   {"tijdstip", "2026-08-01T08:00:00Z"},
                                   {"organisatie", employer},
                                   {"tot", "2027-07-31"}});
  EXPECT_EQ(started["tot"], "2027-07-31");
  Json placed = State(person);
  EXPECT_EQ(placed["situatie"], "werk");
  EXPECT_EQ(placed["plaatsing"]["werkgever"], employer);
  EXPECT_EQ(placed["plaatsing"]["tot"], "2027-07-31");
  Json stopped = AddEvent(person, {{"soort", "plaatsingBeeindigd"},
                                   {"tijdstip", "2026-09-20"},
                                   {"organisatie", employer},
                                   {"reden", "voortijdig"}});

  // The timeline: newest fact first, the client's events in reverse order of their facts.
  Json all = List(Timeline(person));
  std::vector<std::string> client_kinds;
  for (const auto& e : all) {
    const std::string kind = e["soort"];
    if (kind.rfind("signaal", 0) != 0 && kind.rfind("taak", 0) != 0) client_kinds.push_back(kind);
  }
  EXPECT_EQ(client_kinds,
            (std::vector<std::string>{"plaatsingBeeindigd", "plaatsingGestart",
                                      "inschrijvingBeeindigd", "contact", "inschrijvingGestart"}));
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_GE(all[i - 1]["tijdstip"].get<std::string>(), all[i]["tijdstip"].get<std::string>());
  }
  // Page by page with the cursor: the same events in the same order, each once.
  std::vector<std::string> paged;
  std::string next = Timeline(person) + "?aantal=2";
  for (int pages = 0; !next.empty() && pages < 20; ++pages) {
    auto r = Get(next);
    ASSERT_EQ(r->status, 200) << r->body;
    Json body = Body(r);
    EXPECT_LE(body["resultaten"].size(), 2u);
    for (const auto& e : body["resultaten"]) paged.push_back(e["id"]);
    if (body["volgende"].is_null()) {
      next.clear();
    } else {
      std::string link = r->get_header_value("Link");
      EXPECT_NE(link.find("rel=\"next\""), std::string::npos);
      next = Timeline(person) + "?aantal=2&cursor=" + body["volgende"].get<std::string>();
    }
  }
  std::vector<std::string> whole;
  for (const auto& e : all) whole.push_back(e["id"]);
  EXPECT_EQ(paged, whole);

  // The derived state.
  Json state = State(person);
  EXPECT_EQ(state["situatie"], "geen");
  EXPECT_TRUE(state["school"].is_null());
  EXPECT_TRUE(state["plaatsing"].is_null());
  EXPECT_EQ(state["gestoptePlaatsing"]["gebeurtenis"], stopped["id"]);
  EXPECT_EQ(state["laatsteContact"], "2026-03-10T09:00:00Z");
  EXPECT_TRUE(state["verantwoordelijkeOrganisatie"].is_null());
  EXPECT_EQ(state["big5"].size(), 5u);
  EXPECT_TRUE(state["big5"]["wonen"].is_null());
  EXPECT_GE(state["gebeurtenissen"].get<int>(), 5);
  ExpectDocumentedShape(state, "Volgstand");
  ExpectDocumentedShape(state["gestoptePlaatsing"], "GestoptePlaatsing");
  ExpectDocumentedShape(placed["plaatsing"], "Plaatsing");
  ExpectDocumentedShape(state["big5"], "Big5Plan");

  // The stopped placement raised a signal with a task; nobody is responsible, so the task
  // goes to the gemeente that coordinates the region.
  Json signals = List("/api/v1/signalen?deelnemer=" + person + "&soort=plaatsingGestopt");
  ASSERT_EQ(signals.size(), 1u) << signals.dump();
  Json signal = signals[0];
  // A list item carries the person's name beside the ids (weergave); the item itself is the
  // signal as GET reads it.
  EXPECT_TRUE(signal["weergave"]["deelnemer"].is_string()) << signal.dump();
  signal.erase("weergave");
  EXPECT_EQ(signal["status"], "open");
  EXPECT_EQ(signal["regio"], "AM18");
  EXPECT_EQ(signal["sleutel"], stopped["id"]);
  EXPECT_EQ(signal["feiten"]["gestoptOp"], "2026-09-20");
  EXPECT_TRUE(signal["opgelost"].is_null());
  ASSERT_TRUE(signal["taak"].is_string());
  ExpectDocumentedShape(signal, "Signaal");
  EXPECT_EQ(Body(Get("/api/v1/signalen/" + signal["id"].get<std::string>())), signal);
  EXPECT_EQ(List("/api/v1/signalen?regio=AM18&status=open&soort=plaatsingGestopt").size(), 1u);
  EXPECT_EQ(List("/api/v1/signalen?regio=AM01").size(), 0u);

  const std::string task_path = "/api/v1/taken/" + signal["taak"].get<std::string>();
  auto task_reply = Get(task_path);
  ASSERT_EQ(task_reply->status, 200) << task_reply->body;
  Json task = Body(task_reply);
  EXPECT_EQ(task["signaal"], signal["id"]);
  EXPECT_EQ(task["soort"], "plaatsingGestopt");
  EXPECT_EQ(task["organisatie"], gemeente);
  EXPECT_EQ(task["status"], "open");
  EXPECT_EQ(task["escalatie"], 0);
  EXPECT_EQ(task["vervaldatum"], "2026-10-15");  // 14 days (the default task term)
  EXPECT_FALSE(task["titel"].get<std::string>().empty());
  ExpectDocumentedShape(task, "Taak");
  Json tasks = List("/api/v1/taken?organisatie=" + gemeente + "&status=open&deelnemer=" + person);
  EXPECT_TRUE(std::any_of(tasks.begin(), tasks.end(),
                          [&](const Json& t) { return t["id"] == task["id"]; }));

  // Assign, complete, and completing again is a conflict.
  auto assigned = Post(task_path + "/toewijzen", {{"medewerker", "J. de Jong"}});
  ASSERT_EQ(assigned->status, 200) << assigned->body;
  EXPECT_EQ(Body(assigned)["medewerker"], "J. de Jong");
  ExpectProblem(Post(task_path + "/toewijzen", Json::object()), 400, "medewerker",
                "assign without a name");
  auto done = Post(task_path + "/afronden", {{"notitie", "Nieuwe stage gezocht"}});
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_EQ(Body(done)["status"], "afgerond");
  EXPECT_EQ(Body(done)["afgesloten"], "2026-10-01T12:00:00Z");
  EXPECT_EQ(Body(Get(task_path))["notitie"], "Nieuwe stage gezocht");
  ExpectProblem(Post(task_path + "/afronden", Json::object()), 409, "", "completing a closed task");
  ExpectProblem(Post(task_path + "/toewijzen", {{"medewerker", "X"}}), 409, "",
                "assigning a closed task");

  // A warm handover from the school to the gemeente; a second open one is a conflict.
  auto offered = Post("/api/v1/overdrachten", {{"deelnemer", person},
                                               {"van", school},
                                               {"naar", gemeente},
                                               {"notitie", "Zonder diploma van school"}});
  ASSERT_EQ(offered->status, 201) << offered->body;
  Json handover = Body(offered);
  const std::string handover_path = "/api/v1/overdrachten/" + handover["id"].get<std::string>();
  EXPECT_EQ(offered->get_header_value("Location"), handover_path);
  EXPECT_EQ(handover["status"], "aangeboden");
  EXPECT_EQ(handover["van"], school);
  EXPECT_EQ(handover["naar"], gemeente);
  EXPECT_EQ(handover["antwoordVoor"], "2026-10-11");
  EXPECT_TRUE(handover["beantwoord"].is_null());
  ExpectDocumentedShape(handover, "Overdracht");
  ExpectProblem(
      Post("/api/v1/overdrachten", {{"deelnemer", person}, {"van", school}, {"naar", employer}}),
      409, "", "a second open handover");
  EXPECT_EQ(Body(Get(handover_path)), handover);
  Json open_handovers = List("/api/v1/overdrachten?deelnemer=" + person + "&status=aangeboden");
  ASSERT_EQ(open_handovers.size(), 1u);
  EXPECT_EQ(List("/api/v1/overdrachten?organisatie=" + gemeente).size(), 1u);
  EXPECT_EQ(List("/api/v1/overdrachten?organisatie=" + employer).size(), 0u);
  // Until it is accepted nobody new is responsible.
  EXPECT_TRUE(State(person)["verantwoordelijkeOrganisatie"].is_null());
  auto accepted = Post(handover_path + "/accepteren", {{"notitie", "Wij nemen het over"}});
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  EXPECT_EQ(Body(accepted)["status"], "geaccepteerd");
  EXPECT_EQ(Body(accepted)["beantwoord"], "2026-10-01T12:00:00Z");
  EXPECT_EQ(State(person)["verantwoordelijkeOrganisatie"], gemeente);
  // Without any body (a note is optional here) the request reaches the rule: answered already.
  ExpectProblem(server_->Client().Post((handover_path + "/weigeren").c_str()), 409, "",
                "answering twice, without a body");
  // Where the body carries a required field, no body is still no JSON.
  ExpectProblem(server_->Client().Post((task_path + "/toewijzen").c_str()), 415, "Content-Type",
                "assigning without a body");

  // Only the responsible organisation hands over.
  ExpectProblem(
      Post("/api/v1/overdrachten", {{"deelnemer", person}, {"van", school}, {"naar", employer}}),
      422, "van", "a handover by an organisation that is not responsible");
  // A handover back that is declined leaves the gemeente responsible.
  auto back =
      Post("/api/v1/overdrachten", {{"deelnemer", person}, {"van", gemeente}, {"naar", school}});
  ASSERT_EQ(back->status, 201) << back->body;
  auto declined = Post("/api/v1/overdrachten/" + Body(back)["id"].get<std::string>() + "/weigeren",
                       {{"notitie", "Geen leerling meer"}});
  ASSERT_EQ(declined->status, 200) << declined->body;
  EXPECT_EQ(Body(declined)["status"], "geweigerd");
  EXPECT_EQ(State(person)["verantwoordelijkeOrganisatie"], gemeente);

  // A correction replaces the contact; a voided end brings the placement back.
  Json corrected = AddEvent(person, {{"soort", "contact"},
                                     {"tijdstip", "2026-09-25T14:00:00Z"},
                                     {"organisatie", gemeente},
                                     {"contactSoort", "telefoon"},
                                     {"corrigeert", contact["id"]}});
  EXPECT_EQ(corrected["corrigeert"], contact["id"]);
  EXPECT_EQ(State(person)["laatsteContact"], "2026-09-25T14:00:00Z");
  ExpectProblem(Post(Events(person), {{"soort", "inschrijvingGestart"},
                                      {"tijdstip", "2025-08-26"},
                                      {"organisatie", school},
                                      {"corrigeert", stopped["id"]}}),
                422, "soort", "a correction of another kind");
  AddEvent(person,
           {{"soort", "vervallen"}, {"tijdstip", "2026-10-01"}, {"corrigeert", stopped["id"]}});
  Json restored = State(person);
  EXPECT_EQ(restored["situatie"], "werk");
  EXPECT_EQ(restored["plaatsing"]["werkgever"], employer);
  EXPECT_EQ(restored["plaatsing"]["tot"], "2027-07-31");
  EXPECT_TRUE(restored["gestoptePlaatsing"].is_null());
  // The condition cleared, so the signal resolved itself.
  Json after = Body(Get("/api/v1/signalen/" + signal["id"].get<std::string>()));
  EXPECT_EQ(after["status"], "opgelost");
  EXPECT_EQ(after["opgelost"], "2026-10-01T12:00:00Z");
  EXPECT_EQ(
      List("/api/v1/signalen?deelnemer=" + person + "&status=open&soort=plaatsingGestopt").size(),
      0u);
  // Both stay on the timeline: nothing is deleted.
  Json timeline = List(Timeline(person));
  EXPECT_TRUE(std::any_of(timeline.begin(), timeline.end(),
                          [&](const Json& e) { return e["id"] == stopped["id"]; }));
  EXPECT_TRUE(std::any_of(timeline.begin(), timeline.end(),
                          [&](const Json& e) { return e["soort"] == "vervallen"; }));
}

// A sweep that catches up on a past day dates what it raises on that day: the signal at the
// day's last moment, its task due from that day (not from the clock's later "now").
TEST_F(FollowApiTest, ABatchIsLoggedAtOnceAndItsSignalsFollowSoonAfter) {
  const std::string school = CreateOrganisation("Praktijkschool Zuid", "praktijkonderwijs");
  const std::string employer = CreateOrganisation("Bakkerij Batch", "werkgever");
  const std::string a = CreatePerson(school);
  const std::string b = CreatePerson(school);
  Json batch = {{"gebeurtenissen",
                 {{{"deelnemer", a},
                   {"soort", "plaatsingGestart"},
                   {"tijdstip", "2026-08-01"},
                   {"organisatie", employer}},
                  {{"deelnemer", b},
                   {"soort", "contact"},
                   {"tijdstip", "2026-09-30"},
                   {"contactSoort", "telefoon"}},
                  {{"deelnemer", a},
                   {"soort", "plaatsingBeeindigd"},
                   {"tijdstip", "2026-09-20"},
                   {"organisatie", employer},
                   {"reden", "voortijdig"}}}}};
  auto r = Post("/api/v1/gebeurtenissen", batch);
  ASSERT_EQ(r->status, 202) << r->body;
  EXPECT_EQ(Body(r)["aantal"], 3);
  ExpectDocumentedShape(Body(r), "GebeurtenissenAanvaard");
  // On the timeline and in the state at once.
  int placements = 0;  // beside them, maybe already, the signal and task events of the projector
  for (const auto& e : List(Timeline(a)))
    placements += e["soort"].get<std::string>().rfind("plaatsing", 0) == 0;
  EXPECT_EQ(placements, 2);
  EXPECT_EQ(State(b)["laatsteContact"], "2026-09-30T00:00:00Z");
  EXPECT_FALSE(State(a)["gestoptePlaatsing"].is_null()) << State(a).dump();
  // The stopped placement's signal follows from the projector.
  Json signals;
  for (int i = 0; i < 100 && signals.empty(); ++i) {
    signals = List("/api/v1/signalen?deelnemer=" + a + "&soort=plaatsingGestopt");
    if (signals.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(signals.size(), 1u) << "no signal 5 s after the batch";

  // All or nothing, each error naming the item's field.
  const size_t before = List(Timeline(b)).size();
  Json bad = {{"gebeurtenissen",
               {{{"deelnemer", b}, {"soort", "contact"}, {"tijdstip", "2026-09-29"}},
                {{"deelnemer", b},
                 {"soort", "inschrijvingBeeindigd"},
                 {"tijdstip", "2026-09-01"},
                 {"organisatie", school}}}}};
  ExpectProblem(Post("/api/v1/gebeurtenissen", bad), 400, "gebeurtenissen[1].reden",
                "ended enrolment without a reason");
  Json unknown = {{"gebeurtenissen",
                   {{{"deelnemer", b}, {"soort", "contact"}, {"tijdstip", "2026-09-29"}},
                    {{"deelnemer", "0190a0a0-0000-7000-8000-000000000000"},
                     {"soort", "contact"},
                     {"tijdstip", "2026-09-29"}}}}};
  ExpectProblem(Post("/api/v1/gebeurtenissen", unknown), 422, "gebeurtenissen[1].deelnemer",
                "unknown person");
  Json future = {
      {"gebeurtenissen", {{{"deelnemer", b}, {"soort", "contact"}, {"tijdstip", "2027-01-01"}}}}};
  ExpectProblem(Post("/api/v1/gebeurtenissen", future), 422, "gebeurtenissen[0].tijdstip",
                "in the future");
  ExpectProblem(Post("/api/v1/gebeurtenissen", {{"gebeurtenissen", Json::array()}}), 400,
                "gebeurtenissen", "empty list");
  ExpectProblem(Post("/api/v1/gebeurtenissen",
                     {{"gebeurtenissen", {{{"soort", "contact"}, {"tijdstip", "2026-09-29"}}}}}),
                400, "gebeurtenissen[0].deelnemer", "no person");
  EXPECT_EQ(List(Timeline(b)).size(), before) << "a refused batch left events behind";
}

TEST_F(FollowApiTest, ASweepOfAPastDayDatesItsSignalsOnThatDay) {
  const std::string school = CreateOrganisation("Praktijkschool Zuid", "praktijkonderwijs");
  const std::string person = CreatePerson(school);
  AddEvent(person, {{"soort", "inschrijvingBeeindigd"},
                    {"tijdstip", "2026-09-25"},
                    {"organisatie", school},
                    {"reden", "diploma"}});
  auto out_of_view = [&] {
    Json found = Json::array();
    for (const auto& s : List("/api/v1/signalen?deelnemer=" + person)) {
      if (s["soort"] == "uitBeeld") found.push_back(s);
    }
    return found;
  };
  ASSERT_EQ(out_of_view().size(), 0u);  // registered today: 0 of the 30 days

  constexpr int64_t kDay = 86'400'000'000;
  server_->fake_clock()->Set(kNow + 60 * kDay);       // 2026-11-30
  const Date day = DateFromMicros(kNow + 35 * kDay);  // 2026-11-05: 35 days out of view
  auto report = server_->follow()->Sweep(day);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  Json raised = out_of_view();
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0]["opgeworpen"].get<std::string>().substr(0, 19), "2026-11-05T23:59:59");
  auto task = Get("/api/v1/taken/" + raised[0]["taak"].get<std::string>());
  ASSERT_EQ(task->status, 200) << task->body;
  EXPECT_EQ(Body(task)["vervaldatum"], "2026-11-19");  // 14 days' term from 2026-11-05
}

TEST_F(FollowApiTest, TheBigFivePlanIsSetPerDomain) {
  const std::string school = CreateOrganisation("VSO De Brug", "vso");
  const std::string gemeente = CreateOrganisation("Gemeente Amsterdam", "gemeente");
  const std::string person = CreatePerson(school);
  const std::string base = "/api/v1/deelnemers/" + person + "/big5/";

  auto set = Put(base + "wonen", {{"status", "zorg"},
                                  {"eigenaar", gemeente},
                                  {"medewerker", "A. Yilmaz"},
                                  {"doel", "Een eigen kamer"},
                                  {"acties", "Aanmelden bij woningcorporatie"},
                                  {"evaluatie", "2026-12-01"}});
  ASSERT_EQ(set->status, 200) << set->body;
  Json wonen = Body(set)["big5"]["wonen"];
  EXPECT_EQ(wonen["status"], "zorg");
  EXPECT_EQ(wonen["eigenaar"], gemeente);
  EXPECT_EQ(wonen["medewerker"], "A. Yilmaz");
  EXPECT_EQ(wonen["doel"], "Een eigen kamer");
  EXPECT_EQ(wonen["acties"], "Aanmelden bij woningcorporatie");
  EXPECT_EQ(wonen["evaluatie"], "2026-12-01");
  EXPECT_EQ(wonen["gewijzigd"], "2026-10-01T12:00:00Z");
  EXPECT_TRUE(Body(set)["big5"]["inkomen"].is_null());
  ExpectDocumentedShape(wonen, "Big5Onderdeel");
  // What GET gives can be sent back.
  ASSERT_EQ(Put(base + "wonen", wonen)->status, 200);

  // Zorg without an owner raises a signal keyed by the domain.
  ASSERT_EQ(Put(base + "inkomen", {{"status", "zorg"}})->status, 200);
  Json signals = List("/api/v1/signalen?deelnemer=" + person + "&soort=big5ZorgZonderEigenaar");
  ASSERT_EQ(signals.size(), 1u);
  EXPECT_EQ(signals[0]["sleutel"], "inkomen");
  // Giving it an owner resolves it.
  ASSERT_EQ(Put(base + "inkomen", {{"status", "zorg"}, {"eigenaar", gemeente}})->status, 200);
  EXPECT_EQ(
      List("/api/v1/signalen?deelnemer=" + person + "&soort=big5ZorgZonderEigenaar&status=open")
          .size(),
      0u);

  // The history is on the timeline as big5Gewijzigd events.
  Json timeline = List("/api/v1/deelnemers/" + person + "/tijdlijn");
  int changes = 0;
  for (const auto& e : timeline) {
    if (e["soort"] != "big5Gewijzigd") continue;
    ++changes;
    EXPECT_TRUE(e["domein"] == "wonen" || e["domein"] == "inkomen") << e.dump();
    EXPECT_TRUE(e["notitie"].is_null());
  }
  EXPECT_EQ(changes, 4);

  // A benefit shows in the state.
  Json benefit = AddEvent(person, {{"soort", "uitkeringGestart"},
                                   {"tijdstip", "2026-09-01"},
                                   {"organisatie", gemeente},
                                   {"uitkering", "bijstand"}});
  EXPECT_EQ(benefit["uitkering"], "bijstand");
  Json state = State(person);
  EXPECT_EQ(state["situatie"], "uitkering");
  EXPECT_EQ(state["uitkering"]["soort"], "bijstand");
  EXPECT_EQ(state["uitkering"]["instantie"], gemeente);
  ExpectDocumentedShape(state["uitkering"], "LopendeUitkering");

  ExpectProblem(Put(base + "vrije-tijd", {{"status", "zorg"}}), 404, "domein", "unknown domain");
  ExpectProblem(Put(base + "wonen", {{"status", "slecht"}}), 400, "status", "bad status");
  ExpectProblem(Put(base + "wonen", Json::object()), 400, "status", "no status");
  ExpectProblem(Put(base + "wonen", {{"status", "zorg"}, {"evaluatie", "2026-02-30"}}), 400,
                "evaluatie", "bad date");
  ExpectProblem(Put(base + "wonen",
                    {{"status", "zorg"}, {"eigenaar", "00000000-0000-4000-8000-000000000000"}}),
                422, "eigenaar", "unknown owner");
  ExpectProblem(Put(base + "wonen", {{"status", "zorg"}, {"medewerker", std::string(101, 'x')}}),
                400, "medewerker", "name too long");
  ExpectProblem(Put(base + "wonen", {{"status", "zorg"}, {"kleur", "rood"}}), 400, "kleur",
                "unknown field");
  ExpectProblem(Put("/api/v1/deelnemers/00000000-0000-4000-8000-000000000000/big5/wonen",
                    {{"status", "zorg"}}),
                404, "", "unknown person");
}

TEST_F(FollowApiTest, BadInputIsAProblemNamingTheField) {
  const std::string school = CreateOrganisation("Praktijkschool Zuid", "praktijkonderwijs");
  const std::string other = CreateOrganisation("UWV Amsterdam", "uwv");
  const std::string person = CreatePerson(school);
  const std::string unknown = "00000000-0000-4000-8000-000000000000";
  auto event = [&](Json extra) {
    Json e = {{"soort", "contact"}, {"tijdstip", "2026-09-01"}, {"organisatie", school}};
    for (auto it = extra.begin(); it != extra.end(); ++it) e[it.key()] = it.value();
    return e;
  };

  // Unknown people and records.
  ExpectProblem(Get(Timeline(unknown)), 404, "", "timeline of an unknown person");
  ExpectProblem(Get("/api/v1/deelnemers/" + unknown + "/volgstand"), 404, "",
                "state of an unknown person");
  ExpectProblem(Post(Events(unknown), event({})), 404, "", "event for an unknown person");
  ExpectProblem(Get("/api/v1/deelnemers/geen-id/tijdlijn"), 404, "", "not an id");
  ExpectProblem(Get("/api/v1/signalen/" + unknown), 404, "", "unknown signal");
  ExpectProblem(Get("/api/v1/taken/" + unknown), 404, "", "unknown task");
  ExpectProblem(Post("/api/v1/taken/" + unknown + "/afronden", Json::object()), 404, "",
                "completing an unknown task");
  ExpectProblem(Get("/api/v1/overdrachten/" + unknown), 404, "", "unknown handover");
  ExpectProblem(Post("/api/v1/overdrachten/" + unknown + "/accepteren", Json::object()), 404, "",
                "accepting an unknown handover");

  // Events: facts in the future, ends before starts, unknown organisations, system kinds,
  // and the strict decoding of every field.
  ExpectProblem(Post(Events(person), event({{"tijdstip", "2026-12-01T00:00:00Z"}})), 422,
                "tijdstip", "future");
  ExpectProblem(Post(Events(person), {{"soort", "plaatsingGestart"},
                                      {"tijdstip", "2026-09-01"},
                                      {"organisatie", other},
                                      {"tot", "2026-08-01"}}),
                422, "tot", "end before start");
  ExpectProblem(Post(Events(person), event({{"organisatie", unknown}})), 422, "organisatie",
                "unknown organisation");
  ExpectProblem(Post(Events(person), event({{"soort", "signaalOpgeworpen"}})), 400, "soort",
                "system kind");
  ExpectProblem(Post(Events(person), event({{"soort", "overdrachtGeaccepteerd"}})), 400, "soort",
                "system kind");
  ExpectProblem(Post(Events(person), event({{"soort", "verhuisd"}})), 400, "soort", "unknown kind");
  ExpectProblem(Post(Events(person), {{"tijdstip", "2026-09-01"}}), 400, "soort", "no kind");
  ExpectProblem(Post(Events(person), {{"soort", "contact"}}), 400, "tijdstip", "no time");
  ExpectProblem(Post(Events(person), event({{"tijdstip", "gisteren"}})), 400, "tijdstip",
                "bad time");
  ExpectProblem(Post(Events(person), event({{"tijdstip", "2026-09-01T25:00:00Z"}})), 400,
                "tijdstip", "bad hour");
  ExpectProblem(Post(Events(person), event({{"tijdstip", "2026-09-01T10:00:00"}})), 400, "tijdstip",
                "no offset");
  ExpectProblem(Post(Events(person), event({{"tijdstip", "1985-01-01"}})), 400, "tijdstip",
                "before 1990");
  ExpectProblem(Post(Events(person), {{"soort", "plaatsingGestart"},
                                      {"tijdstip", "2026-09-01"},
                                      {"organisatie", other},
                                      {"tot", "2026-02-30"}}),
                400, "tot", "bad date");
  ExpectProblem(Post(Events(person), event({{"contactSoort", "fax"}})), 400, "contactSoort",
                "bad contact kind");
  ExpectProblem(Post(Events(person), event({{"organisatie", 5}})), 400, "organisatie",
                "wrong type");
  ExpectProblem(Post(Events(person), event({{"organisatie", "school"}})), 400, "organisatie",
                "not an id");
  ExpectProblem(Post(Events(person), event({{"kleur", "rood"}})), 400, "kleur", "unknown field");
  ExpectProblem(Post(Events(person), event({{"uitkering", "ww"}})), 400, "uitkering",
                "field of another kind");
  ExpectProblem(Post(Events(person), event({{"doel", "x"}})), 400, "doel", "goal on a contact");
  ExpectProblem(Post(Events(person), event({{"notitie", std::string(2001, 'x')}})), 400, "notitie",
                "note too long");
  // Limits count characters, not bytes: 2,001 of 'é' do not fit (2,000 do, at the end).
  std::string accents;
  for (int i = 0; i < 2000; ++i) accents += "\u00e9";
  ExpectProblem(Post(Events(person), event({{"notitie", accents + "\u00e9"}})), 400, "notitie",
                "note of 2,001 characters");
  ExpectProblem(
      Post(Events(person), {{"soort", "inschrijvingBeeindigd"}, {"tijdstip", "2026-09-01"}}), 400,
      "reden", "end without a reason");
  ExpectProblem(
      Post(Events(person),
           {{"soort", "plaatsingBeeindigd"}, {"tijdstip", "2026-09-01"}, {"reden", "verveeld"}}),
      400, "reden", "unknown reason");
  ExpectProblem(
      Post(Events(person),
           {{"soort", "uitkeringGestart"}, {"tijdstip", "2026-09-01"}, {"organisatie", other}}),
      400, "uitkering", "benefit without a kind");
  ExpectProblem(Post(Events(person), {{"soort", "big5Gewijzigd"}, {"tijdstip", "2026-09-01"}}), 400,
                "domein", "big5 without a domain");
  ExpectProblem(Post(Events(person), {{"soort", "vervallen"}, {"tijdstip", "2026-09-01"}}), 400,
                "corrigeert", "void without a target");
  ExpectProblem(Post(Events(person), event({{"corrigeert", unknown}})), 422, "corrigeert",
                "correcting an unknown event");
  ExpectProblem(Post(Events(person), Json::array()), 400, "(body)", "not an object");
  ExpectProblem(Post(Events(person) + "?x=1", event({})), 400, "x", "a query parameter");

  // Handovers.
  ExpectProblem(
      Post("/api/v1/overdrachten", {{"deelnemer", person}, {"van", school}, {"naar", school}}), 422,
      "naar", "to the same organisation");
  ExpectProblem(
      Post("/api/v1/overdrachten", {{"deelnemer", person}, {"van", school}, {"naar", unknown}}),
      422, "naar", "to an unknown organisation");
  ExpectProblem(
      Post("/api/v1/overdrachten", {{"deelnemer", person}, {"van", unknown}, {"naar", school}}),
      422, "van", "from an unknown organisation");
  ExpectProblem(
      Post("/api/v1/overdrachten", {{"deelnemer", unknown}, {"van", school}, {"naar", other}}), 422,
      "deelnemer", "for an unknown person");
  ExpectProblem(Post("/api/v1/overdrachten", {{"deelnemer", person}, {"van", school}}), 400, "naar",
                "no receiver");
  ExpectProblem(Post("/api/v1/overdrachten", {{"deelnemer", person}, {"naar", other}}), 400, "van",
                "no sender (the administrator has no organisation)");
  ExpectProblem(Post("/api/v1/overdrachten", {{"naar", other}, {"van", school}}), 400, "deelnemer",
                "no person");
  ExpectProblem(Post("/api/v1/overdrachten",
                     {{"deelnemer", person}, {"van", school}, {"naar", other}, {"notitie", 3}}),
                400, "notitie", "note of the wrong type");

  // Query parameters of the lists.
  ExpectProblem(Get("/api/v1/signalen?kleur=rood"), 400, "kleur", "unknown parameter");
  ExpectProblem(Get("/api/v1/signalen?status=dicht"), 400, "status", "bad status");
  ExpectProblem(Get("/api/v1/signalen?soort=ruzie"), 400, "soort", "bad kind");
  ExpectProblem(Get("/api/v1/signalen?regio=AM99"), 400, "regio", "unknown region");
  ExpectProblem(Get("/api/v1/signalen?deelnemer=noor"), 400, "deelnemer", "not an id");
  ExpectProblem(Get("/api/v1/signalen?cursor=%21%21"), 400, "cursor", "bad cursor");
  ExpectProblem(Get("/api/v1/taken?organisatie=x"), 400, "organisatie", "not an id");
  ExpectProblem(Get("/api/v1/taken?status=klaar"), 400, "status", "bad status");
  ExpectProblem(Get("/api/v1/taken?aantal=101"), 400, "aantal", "page too large");
  ExpectProblem(Get("/api/v1/overdrachten?status=open"), 400, "status", "bad status");
  ExpectProblem(Get("/api/v1/overdrachten?regio=AM18"), 400, "regio",
                "no region filter on handovers");
  ExpectProblem(Get(Timeline(person) + "?aantal=0"), 400, "aantal", "page too small");
  ExpectProblem(Get(Timeline(person) + "?cursor=abc"), 400, "cursor", "bad timeline cursor");
  ExpectProblem(Get("/api/v1/deelnemers/" + person + "/volgstand?x=1"), 400, "x",
                "no query on the state");

  // Nothing of the above reached the timeline.
  EXPECT_EQ(State(person)["gebeurtenissen"], 0);
  // A note of 2,000 characters (4,000 bytes) is fine.
  auto long_note = Post(Events(person), event({{"notitie", accents}}));
  EXPECT_EQ(long_note->status, 201) << long_note->body;
}

TEST_F(FollowApiTest, EveryReadAndWriteIsAuditedWithoutPersonalData) {
  const std::string school = CreateOrganisation("Praktijkschool West", "praktijkonderwijs");
  const std::string gemeente = CreateOrganisation("Gemeente Amsterdam", "gemeente");
  const std::string person = CreatePerson(school);
  AddEvent(person, {{"soort", "contact"},
                    {"tijdstip", "2026-09-01"},
                    {"organisatie", school},
                    {"notitie", "Vertrouwelijk gesprek"}});
  ASSERT_EQ(Get(Timeline(person))->status, 200);
  State(person);
  auto offered = Post("/api/v1/overdrachten", {{"deelnemer", person},
                                               {"van", school},
                                               {"naar", gemeente},
                                               {"notitie", "Vertrouwelijke overdracht"}});
  ASSERT_EQ(offered->status, 201);
  ASSERT_EQ(Get("/api/v1/overdrachten/" + Body(offered)["id"].get<std::string>())->status, 200);
  ASSERT_EQ(Get("/api/v1/signalen")->status, 200);
  ASSERT_EQ(Get("/api/v1/taken")->status, 200);

  // The audit log writes in batches.
  const std::set<std::pair<std::string, std::string>> wanted = {{"aanmaken", "gebeurtenis"},
                                                                {"lezen", "tijdlijn"},
                                                                {"lezen", "volgstand"},
                                                                {"aanmaken", "overdracht"},
                                                                {"lezen", "overdracht"},
                                                                {"lijst", "signaal"},
                                                                {"lijst", "taak"}};
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<domain::AuditEntry> entries;
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    entries = *server_->store()->RecentAudit(200);
    seen.clear();
    for (const auto& e : entries) seen.insert({e.action, e.subject_kind});
    if (std::includes(seen.begin(), seen.end(), wanted.begin(), wanted.end())) break;
  }
  for (const auto& w : wanted) EXPECT_TRUE(seen.count(w)) << w.first << " " << w.second;
  for (const auto& e : entries) {
    if (e.subject_kind == "gebeurtenis" || e.subject_kind == "tijdlijn" ||
        e.subject_kind == "volgstand" || e.subject_kind == "overdracht") {
      if (e.action != "lijst") {
        EXPECT_EQ(e.subject_id, person) << e.action << " " << e.subject_kind;
      }
    }
    EXPECT_EQ(e.actor, "beheerder");
    EXPECT_FALSE(e.request_id.empty());
    for (const std::string& field :
         {e.subject_id, e.actor, e.organisation, e.role, e.action, e.subject_kind}) {
      EXPECT_EQ(field.find("Noor"), std::string::npos);
      EXPECT_EQ(field.find("Bakker"), std::string::npos);
      EXPECT_EQ(field.find("Vertrouwelijk"), std::string::npos);
    }
  }
}

// The route table stands without the keep-in-view service (the OpenAPI test builds it with no
// services at all); its routes then answer 503 instead of failing.
TEST(FollowRoutesTest, WithoutTheServiceTheRoutesExistAndAnswer503) {
  auto routes = http::BuildRoutes({});
  int follow_routes = 0;
  for (const auto& r : routes) {
    const bool follow = r.pattern.rfind("/api/v1/signalen", 0) == 0 ||
                        r.pattern.rfind("/api/v1/taken", 0) == 0 ||
                        r.pattern.rfind("/api/v1/overdrachten", 0) == 0 ||
                        r.pattern.find("/tijdlijn") != std::string::npos ||
                        r.pattern.find("/gebeurtenissen") != std::string::npos ||
                        r.pattern.find("/volgstand") != std::string::npos ||
                        r.pattern.find("/big5/") != std::string::npos;
    if (!follow) continue;
    ++follow_routes;
    httplib::Request req;
    req.method = r.method;
    req.path = r.pattern;
    httplib::Response res;
    http::Exchange ex(req, res, {}, {access::SystemAdmin(), "test", kNow});
    ex.body = Json::object();
    r.handler(ex);
    EXPECT_EQ(res.status, 503) << r.method << " " << r.pattern;
  }
  EXPECT_EQ(follow_routes, 16);
}

}  // namespace
}  // namespace overstap::testing
