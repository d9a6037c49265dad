// API tests over real HTTP against a temporary database file.

#include <gtest/gtest.h>

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
    auto r = Post("/api/v1/organisaties", {{"naam", "Bakkerij Test"}, {"soort", kind}, {"gemeente", "GM0363"}});
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

}  // namespace
}  // namespace overstap::testing
