// The rules of the real world through the API: places whose period is over, youth labour law,
// why nothing fits and what nearly does, rounds that keep active placements, seeds that redo a
// round, the checked certificate of `optimaal`.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/clock.h"
#include "common/date.h"
#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Json = nlohmann::json;

// A birth date `years` years and `days` days before today (the server's clock is the system's).
std::string BornAgo(int years, int days = 10) {
  const Date today = DateFromMicros(SystemClock().NowMicros());
  int y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(today.days, &y, &m, &d);
  if (m == 2 && d == 29) d = 28;
  return FormatDate(Date{DaysFromCivil(y - years, m, d) - days});
}

class RealWorldApiTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = std::make_unique<TestServer>(FreshDatabase()); }

  Json Body(const httplib::Result& r) { return Json::parse(r->body); }
  httplib::Result Post(const std::string& path, const Json& body) {
    return server_->Client().Post(path.c_str(), body.dump(), "application/json");
  }
  Json Get(const std::string& path) {
    auto r = server_->Client().Get(path.c_str());
    EXPECT_EQ(r->status, 200) << path << " " << r->body;
    return Body(r);
  }
  std::string Create(const std::string& path, const Json& body) {
    auto r = Post(path, body);
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"];
  }
  std::string Organisation(const std::string& kind) {
    return Create("/api/v1/organisaties",
                  {{"naam", "Organisatie " + kind}, {"soort", kind}, {"gemeente", "GM0363"}});
  }
  // Amsterdam 1011, 20 km, 40 hours, no support needs, no skills asked by the places below.
  std::string Person(const std::string& birth, const std::string& situation,
                     Json needs = Json::array()) {
    Json p = {{"voornaam", "Sam"},  {"achternaam", "Jansen"},      {"geboortedatum", birth},
              {"postcode", "1011"}, {"situatie", situation},       {"niveau", "mbo2"},
              {"sectoren", {"I"}},  {"ondersteuningNodig", needs}, {"maxReisafstandKm", 20},
              {"urenPerWeek", 40}};
    if (situation == "school") p["instelling"] = school_;
    return Create("/api/v1/deelnemers", p);
  }
  std::string Place(const std::string& kind, int hours, Json extra = Json::object()) {
    Json p = {
        {"soort", kind}, {"organisatie", employer_}, {"titel", kind},       {"postcode", "1012"},
        {"sector", "I"}, {"capaciteit", 1},          {"urenPerWeek", hours}};
    p.update(extra);
    return Create("/api/v1/plekken", p);
  }
  static std::vector<std::string> PlaceIds(const Json& list) {
    std::vector<std::string> ids;
    for (const auto& m : list["resultaten"]) ids.push_back(m["plek"]["id"]);
    return ids;
  }
  Json Round(const Json& request) {
    auto posted = Post("/api/v1/matchrondes", request);
    EXPECT_EQ(posted->status, 202) << posted->body;
    const std::string id = Body(posted)["id"];
    for (int i = 0; i < 400; ++i) {
      Json r = Get("/api/v1/matchrondes/" + id);
      if (r["status"] == "klaar" || r["status"] == "mislukt") return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Json();
  }
  Json Outcomes(const Json& round) {
    return Get("/api/v1/matchrondes/" + round["id"].get<std::string>() +
               "/uitkomsten")["resultaten"];
  }

  std::unique_ptr<TestServer> server_;
  std::string school_, employer_;
};

TEST_F(RealWorldApiTest, MinorsGetWhatTheLawAllowsAndHearWhy) {
  school_ = Organisation("praktijkonderwijs");
  employer_ = Organisation("werkgever");
  const std::string stage = Place("stage", 20);
  const std::string job = Place("baan", 32);
  const std::string light = Place("baan", 10);
  const std::string day = Place("dagbesteding", 16);
  const std::string proef = Place("proefplaats", 36);
  // Twelve: nothing at all, and the answer says so in counts.
  const std::string twelve = Person(BornAgo(12), "school");
  Json none = Get("/api/v1/deelnemers/" + twelve + "/passende-plekken");
  EXPECT_TRUE(none["resultaten"].empty()) << none.dump();
  ASSERT_TRUE(none["waaromGeen"].is_object()) << none.dump();
  EXPECT_EQ(none["waaromGeen"]["plekkenBinnenBereik"], 5);
  EXPECT_EQ(none["waaromGeen"]["perReden"][0], Json({{"code", "teJong"}, {"plekken", 5}}));
  EXPECT_EQ(none["waaromGeen"]["tekst"].get<std::string>().rfind(
                "5 plekken binnen 20 km, maar voor alle is de deelnemer te jong", 0),
            0)
      << none.dump();
  // Fifteen, at school: light work of 10 hours and an internship; not 32 hours of work.
  const std::string fifteen = Person(BornAgo(15), "school");
  Json fits = Get("/api/v1/deelnemers/" + fifteen + "/passende-plekken");
  auto ids = PlaceIds(fits);
  std::sort(ids.begin(), ids.end());
  std::vector<std::string> want = {stage, light};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(ids, want) << fits.dump();
  EXPECT_TRUE(fits["waaromGeen"].is_null());
  // ... and the 32-hour job is a near miss, with what to ask the employer.
  Json near = Get("/api/v1/deelnemers/" + fifteen + "/bijna-passende-plekken");
  bool job_seen = false;
  for (const auto& m : near["resultaten"]) {
    ASSERT_EQ(m["ontbreekt"].size(), 1u) << m.dump();
    if (m["plek"]["id"] != job) continue;
    job_seen = true;
    EXPECT_EQ(m["ontbreekt"][0]["code"], "teVeelUrenVoorLeeftijd");
    EXPECT_NE(m["ontbreekt"][0]["tekst"].get<std::string>().find("hoogstens 12 uur"),
              std::string::npos)
        << m.dump();
    EXPECT_EQ(m["actie"],
              "Vraag de werkgever om minder uren: hoogstens 12 per week op deze leeftijd");
  }
  EXPECT_TRUE(job_seen) << near.dump();
  // Eighteen, out of school: everything but nothing they are too young for.
  const std::string adult = Person(BornAgo(18), "geen");
  EXPECT_EQ(PlaceIds(Get("/api/v1/deelnemers/" + adult + "/passende-plekken")).size(), 5u);
  // The employer's side: the 12-year-old is no candidate for the internship.
  Json candidates = Get("/api/v1/plekken/" + stage + "/kandidaten");
  for (const auto& c : candidates["resultaten"]) EXPECT_NE(c["deelnemer"]["id"], twelve);
  EXPECT_FALSE(candidates["resultaten"].empty());
}

TEST_F(RealWorldApiTest, PlacesWhosePeriodIsOverAreNotOffered) {
  school_ = Organisation("mbo");
  employer_ = Organisation("werkgever");
  const std::string old =
      Place("stage", 20, {{"periode", {{"van", "2020-01-01"}, {"tot", "2020-06-30"}}}});
  const std::string current = Place("stage", 20);
  const std::string person = Person(BornAgo(20), "geen", {"jobcoach"});
  // Neither offers a jobcoach: nothing fits, and the sentence names what is missing.
  Json none = Get("/api/v1/deelnemers/" + person + "/passende-plekken");
  EXPECT_TRUE(none["resultaten"].empty());
  EXPECT_EQ(none["waaromGeen"]["tekst"],
            "2 plekken binnen 20 km, maar geen met jobcoach; 1 plek past op één punt na "
            "(bijna passende plekken)")
      << none.dump();
  Json near = Get("/api/v1/deelnemers/" + person + "/bijna-passende-plekken");
  ASSERT_EQ(near["resultaten"].size(), 1u) << near.dump();
  EXPECT_EQ(near["resultaten"][0]["plek"]["id"], current);
  EXPECT_EQ(near["resultaten"][0]["actie"], "Vraag de werkgever om jobcoach");
  // With a jobcoach at both, only the current one fits; the old one says why not.
  auto c = server_->Client();
  for (const auto& id : {old, current}) {
    Json place = Get("/api/v1/plekken/" + id);
    auto r = c.Patch(("/api/v1/plekken/" + id).c_str(),
                     {{"If-Match", "\"" + std::to_string(place["versie"].get<int>()) + "\""}},
                     Json({{"ondersteuningAanwezig", {"jobcoach"}}}).dump(),
                     "application/merge-patch+json");
    ASSERT_EQ(r->status, 200) << r->body;
  }
  EXPECT_EQ(PlaceIds(Get("/api/v1/deelnemers/" + person + "/passende-plekken")),
            std::vector<std::string>{current});
  Json again = Get("/api/v1/deelnemers/" + person + "/bijna-passende-plekken");
  ASSERT_EQ(again["resultaten"].size(), 1u) << again.dump();
  EXPECT_EQ(again["resultaten"][0]["plek"]["id"], old);
  EXPECT_EQ(again["resultaten"][0]["ontbreekt"][0]["code"], "nietBeschikbaar");
  EXPECT_EQ(again["resultaten"][0]["ontbreekt"][0]["tekst"],
            "De plek liep tot 30 juni 2020 en is voorbij");
  // A round does not allocate it either.
  Json round = Round({{"modus", "stabiel"}, {"landelijk", true}});
  ASSERT_EQ(round["status"], "klaar") << round.dump();
  for (const auto& o : Outcomes(round)) EXPECT_NE(o["plek"], old) << o.dump();
}

TEST_F(RealWorldApiTest, RoundsKeepActivePlacementsAndRedoFromTheirSeed) {
  school_ = Organisation("mbo");
  employer_ = Organisation("werkgever");
  const std::string seat = Place("baan", 20);
  const std::string working = Person(BornAgo(25), "geen");
  const std::string seeking = Person(BornAgo(25), "geen");
  auto started = Post("/api/v1/deelnemers/" + working + "/gebeurtenissen",
                      {{"soort", "plaatsingGestart"},
                       {"tijdstip", FormatTimestamp(SystemClock().NowMicros() - 86'400'000'000)},
                       {"organisatie", employer_},
                       {"plek", seat}});
  ASSERT_EQ(started->status, 201) << started->body;
  // The placed person stays out, and the one seat they hold is not offered to the other.
  Json round = Round({{"modus", "stabiel"}, {"landelijk", true}});
  ASSERT_EQ(round["status"], "klaar") << round.dump();
  EXPECT_EQ(round["inclusiefGeplaatsten"], false);
  EXPECT_EQ(round["resultaat"]["alGeplaatst"], 1);
  EXPECT_EQ(round["resultaat"]["bezetteZetels"], 1);
  EXPECT_EQ(round["resultaat"]["deelnemers"], 1);
  EXPECT_EQ(round["resultaat"]["geplaatst"], 0);
  EXPECT_TRUE(round["resultaat"]["certificaat"].is_null());
  Json outcomes = Outcomes(round);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0]["deelnemer"], seeking);
  // The seed the server chose (the clock's microseconds: above a billion) can be given back.
  const int64_t seed = round["lotingZaad"];
  EXPECT_GT(seed, 1'000'000'000);
  EXPECT_LT(seed, int64_t{1} << 53);
  Json again = Round({{"modus", "stabiel"}, {"landelijk", true}, {"lotingZaad", seed}});
  ASSERT_EQ(again["status"], "klaar") << again.dump();
  EXPECT_EQ(again["lotingZaad"], seed);
  EXPECT_EQ(Outcomes(again), outcomes);
  auto too_big =
      Post("/api/v1/matchrondes",
           {{"modus", "stabiel"}, {"landelijk", true}, {"lotingZaad", int64_t{1} << 53}});
  EXPECT_EQ(too_big->status, 400) << too_big->body;
  // Asked to include them, the round may move the placed person; optimaal checks its
  // certificate and says so.
  Json all = Round({{"modus", "optimaal"}, {"landelijk", true}, {"inclusiefGeplaatsten", true}});
  ASSERT_EQ(all["status"], "klaar") << all.dump();
  EXPECT_EQ(all["resultaat"]["deelnemers"], 2);
  EXPECT_EQ(all["resultaat"]["alGeplaatst"], 0);
  EXPECT_EQ(all["resultaat"]["geplaatst"], 1);
  EXPECT_EQ(all["resultaat"]["certificaat"], Json({{"gecontroleerd", true}, {"dualePrijzen", 3}}));
}

}  // namespace
}  // namespace overstap::testing
