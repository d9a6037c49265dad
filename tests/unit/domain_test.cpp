#include <gtest/gtest.h>

#include <set>

#include "domain/names.h"
#include "domain/validate.h"
#include "support/test_env.h"

namespace overstap::domain {
namespace {

using overstap::testing::Known;
using overstap::testing::SharedCatalog;

Date Today() { return *ParseDate("2026-11-23"); }

Person ValidPerson() {
  Person p;
  p.first_name = "Sem";
  p.last_name = "Bakker";
  p.birth_date = *ParseDate("2009-05-01");
  p.postcode = "3511AB";
  p.situation = Situation::kSchool;
  p.level = Level::kVsoArbeidsmarkt;
  p.skills = {{Known::kSkill, 2}};
  p.sectors = {"R", "I", "R"};
  return p;
}

bool HasViolation(const Status& st, const std::string& field, const std::string& code) {
  for (const auto& v : st.violations()) {
    if (v.field == field && v.code == code) return true;
  }
  return false;
}

TEST(ReferenceTest, TheRealDataIsComplete) {
  const auto& cat = *SharedCatalog();
  EXPECT_EQ(cat.data().regions.size(), 35u);
  EXPECT_EQ(cat.data().municipalities.size(), 342u);
  EXPECT_EQ(cat.data().pc4s.size(), 4086u);
  EXPECT_EQ(cat.data().sectors.size(), 22u);
  EXPECT_EQ(cat.data().occupations.size(), 3007u);
  EXPECT_EQ(cat.data().skills.size(), 13896u);
  // Every municipality belongs to exactly one known region.
  for (const auto& m : cat.data().municipalities)
    EXPECT_NE(cat.FindRegion(m.region), nullptr) << m.code;
  EXPECT_EQ(cat.FindPc4("1011")->municipality, "GM0363");
  EXPECT_EQ(cat.FindMunicipality("GM0363")->region, "AM18");
}

TEST(ReferenceTest, PrefixSearchOnDutchLabels) {
  const auto& cat = *SharedCatalog();
  auto hits = cat.SearchOccupations("lass", 10);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]->label_nl, "lasser");
  // Accent-insensitive, and matches a later word of the label.
  EXPECT_FALSE(cat.SearchOccupations("INSPICIENT", 5).empty());
  EXPECT_FALSE(cat.SearchSkills("forklift", 5).empty());
  EXPECT_TRUE(cat.SearchSkills("qqqqzzzz", 5).empty());
  EXPECT_FALSE(cat.SkillsOf(Known::kOccupation).empty());
}

TEST(ValidateTest, NormalisesAValidPerson) {
  Person p = ValidPerson();
  Status st = ValidatePerson(&p, *SharedCatalog(), Today());
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(p.postcode, "3511");
  EXPECT_EQ(p.municipality, "GM0344");
  EXPECT_EQ(p.region, "AM13");
  EXPECT_EQ(p.sectors, (std::vector<std::string>{"I", "R"}));
}

TEST(ValidateTest, FormErrorsAreInvalidArgumentNamingEachField) {
  Person p = ValidPerson();
  p.first_name = " ";
  p.last_name = std::string(101, 'x');
  p.hours_per_week = 0;
  p.max_travel_km = -1;
  p.skills = {{Known::kSkill, 5}};
  p.postcode = "12";
  Status st = ValidatePerson(&p, *SharedCatalog(), Today());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasViolation(st, "voornaam", "verplicht"));
  EXPECT_TRUE(HasViolation(st, "achternaam", "teLang"));
  EXPECT_TRUE(HasViolation(st, "urenPerWeek", "teKlein"));
  EXPECT_TRUE(HasViolation(st, "maxReisafstandKm", "teKlein"));
  EXPECT_TRUE(HasViolation(st, "vaardigheden[0].niveau", "teGroot"));
  EXPECT_TRUE(HasViolation(st, "postcode", "ongeldigePostcode"));
}

TEST(ValidateTest, UnknownReferencesAreUnprocessable) {
  Person p = ValidPerson();
  p.postcode = "9999ZZ";
  p.skills = {{"00000000-0000-4000-8000-000000000000", 1}};
  p.sectors = {"Z"};
  Status st = ValidatePerson(&p, *SharedCatalog(), Today());
  EXPECT_EQ(st.code(), StatusCode::kUnprocessable);
  EXPECT_TRUE(HasViolation(st, "vaardigheden[0].vaardigheid", "onbekendeVaardigheid"));
  EXPECT_TRUE(HasViolation(st, "sectoren[0]", "onbekendeSector"));

  Person q = ValidPerson();
  q.municipality = "GM0363";  // Amsterdam, but 3511 is Utrecht
  st = ValidatePerson(&q, *SharedCatalog(), Today());
  EXPECT_TRUE(HasViolation(st, "gemeente", "postcodeNietInGemeente"));

  Person r = ValidPerson();
  r.birth_date = *ParseDate("2027-01-01");
  st = ValidatePerson(&r, *SharedCatalog(), Today());
  EXPECT_TRUE(HasViolation(st, "geboortedatum", "inDeToekomst"));
}

TEST(ValidateTest, PlacePeriodAndCapacity) {
  Place p;
  p.title = "Stage bakker";
  p.postcode = "1011";
  p.sector = "I";
  p.capacity = 0;
  p.period_from = ParseDate("2027-09-01");
  p.period_to = ParseDate("2027-08-01");
  p.required_skills = {{Known::kSkill, 2}};
  p.desired_skills = {{Known::kSkill, 3}};
  Status st = ValidatePlace(&p, *SharedCatalog());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasViolation(st, "capaciteit", "teKlein"));
  EXPECT_TRUE(HasViolation(st, "periode.tot", "eindVoorBegin"));
  EXPECT_TRUE(HasViolation(st, "gewensteVaardigheden[0].vaardigheid", "dubbel"));
}

TEST(ValidateTest, OrganisationRegionFollowsGemeente) {
  Organisation o;
  o.name = "ROC";
  o.kind = OrganisationKind::kMbo;
  o.municipality = "GM0344";
  ASSERT_TRUE(ValidateOrganisation(&o, *SharedCatalog()).ok());
  EXPECT_EQ(o.region, "AM13");
  Organisation bad;
  bad.name = "X";
  Status st = ValidateOrganisation(&bad, *SharedCatalog());
  EXPECT_TRUE(HasViolation(st, "regio", "verplicht"));
  bad.region = "AM04";  // not in use
  st = ValidateOrganisation(&bad, *SharedCatalog());
  EXPECT_TRUE(HasViolation(st, "regio", "onbekendeRegio"));
}

}  // namespace
}  // namespace overstap::domain

// The API names of each stored enumeration: one per enumerator, none empty, none twice.
TEST(EnumTest, NameTablesNameEveryValueOnce) {
  using namespace overstap::domain;
  const std::vector<std::pair<const char*, const std::vector<std::string_view>*>> tables = {
      {"OrganisationKind", &OrganisationKindNames()},
      {"PlaceKind", &PlaceKindNames()},
      {"Situation", &SituationNames()},
      {"Benefit", &BenefitNames()},
      {"Level", &LevelNames()},
      {"Support", &SupportNames()},
      {"RoundMode", &RoundModeNames()},
      {"RoundStatus", &RoundStatusNames()},
      {"EventKind", &EventKindNames()},
      {"ContactKind", &ContactKindNames()},
      {"Big5Domain", &Big5DomainNames()},
      {"Big5Status", &Big5StatusNames()},
      {"SignalKind", &SignalKindNames()},
      {"SignalStatus", &SignalStatusNames()},
      {"TaskStatus", &TaskStatusNames()},
      {"HandoverStatus", &HandoverStatusNames()}};
  for (const auto& [name, table] : tables) {
    std::set<std::string_view> seen;
    for (std::string_view value : *table) {
      EXPECT_FALSE(value.empty()) << name;
      EXPECT_TRUE(seen.insert(value).second) << name << ": " << value << " twice";
    }
  }
  EXPECT_EQ(PlaceKindNames().size(), kEnumSize<PlaceKind>);
  EXPECT_EQ(Name(EventKind::kVoided), "vervallen");
}

namespace overstap::domain {
namespace {

TEST(NamesTest, SortKeyLeavesOutTheTussenvoegsel) {
  EXPECT_EQ(SurnameSortKey("Jan", "Boer"), "boer,jan");
  EXPECT_EQ(SurnameSortKey("Ayşe", "Şahin"), "sahin,ayse");
  EXPECT_LT(SurnameSortKey("Jan", "Boer"), SurnameSortKey("Els", "Boerma"));
  EXPECT_LT(SurnameSortKey("Bas", "Boer"), SurnameSortKey("Jan", "Boer"));
  EXPECT_EQ(DisplayName("Jan", "de", "Boer"), "Jan de Boer");
  EXPECT_EQ(DisplayName("Anna", "", "Bakker"), "Anna Bakker");
}

TEST(NamesTest, NameQueryTakesATypedTussenvoegselApart) {
  auto q = ParseNameQuery("Van der V");
  EXPECT_EQ(q.prefix, "van der");
  EXPECT_EQ(q.surname, "v");
  q = ParseNameQuery("boer");
  EXPECT_EQ(q.prefix, "");
  EXPECT_EQ(q.surname, "boer");
  q = ParseNameQuery("van 't hof");
  EXPECT_EQ(q.prefix, "van 't");
  EXPECT_EQ(q.surname, "hof");
  q = ParseNameQuery("de");  // only a tussenvoegsel word: the start of an achternaam (Dekker)
  EXPECT_EQ(q.prefix, "");
  EXPECT_EQ(q.surname, "de");
  q = ParseNameQuery("El Amrani");  // "el" is no Dutch tussenvoegsel
  EXPECT_EQ(q.surname, "el amrani");
  EXPECT_EQ(PrefixEnd("boer"), "boes");
  EXPECT_EQ(PrefixEnd("a\xFF"), "b");
  EXPECT_EQ(PrefixEnd(""), "");
}

TEST(NamesTest, NameWordsSplitOnPunctuation) {
  EXPECT_EQ(NameWords("VSO De Brug (Amsterdam-Noord)"),
            (std::vector<std::string>{"vso", "de", "brug", "amsterdam", "noord"}));
  EXPECT_EQ(NameWords("Bakkerij Brüggemann B.V."),
            (std::vector<std::string>{"bakkerij", "bruggemann", "b", "v"}));
  EXPECT_TRUE(NameWords(" - ").empty());
}

TEST(ValidateTest, BrinKvkAndTussenvoegselFormats) {
  for (const char* ok : {"12AB", "00AA", "3012", "12AB01"}) EXPECT_TRUE(IsBrin(ok)) << ok;
  for (const char* bad : {"12ab", "1AB2", "AB12", "12AB0", "12AB0X", "12A", ""}) {
    EXPECT_FALSE(IsBrin(bad)) << bad;
  }
  EXPECT_EQ(NormaliseBrin("12ab01"), "12AB01");
  EXPECT_TRUE(IsKvkNumber("12345678"));
  for (const char* bad : {"1234567", "123456789", "1234567a", "1234 567"}) {
    EXPECT_FALSE(IsKvkNumber(bad)) << bad;
  }
  for (const char* ok :
       {"de", "van der", "van 't", "d'", "in 't", "van \xE2\x80\x99t", "l\xC3\xA0"}) {
    EXPECT_TRUE(IsSurnamePrefix(ok)) << ok;
  }
  for (const char* bad : {"", " de", "de ", "van  der", "van1", "de-la", "v@n",
                          "van der van der van der", "\xE2\x82\xAC"}) {
    EXPECT_FALSE(IsSurnamePrefix(bad)) << bad;
  }
}

}  // namespace
}  // namespace overstap::domain
