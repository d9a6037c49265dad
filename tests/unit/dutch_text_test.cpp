// Plain Dutch wherever a professional reads: every sentence template of the matching engine
// (the codes of what fits, what is missing and why someone got no place) and of keep-in-view
// (task titles, the notes of signal events) is rendered for every code and every enumeration
// value that can appear in it, with one and with several items, and no sentence may carry an
// API code (a name from the name tables that is not also a plain Dutch word) or the English
// ESCO label of a skill that has a Dutch one. The renderings come from random profiles, and the
// test fails when a code of ReasonCodeNames(), MissingCodeNames() or UnplacedCodeNames() was
// never rendered: a new rule's code needs its case in the generators below.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/text.h"
#include "domain/enums.h"
#include "domain/explanation.h"
#include "follow/signals.h"
#include "io/match_rules_file.h"
#include "match/candidates.h"
#include "match/index.h"
#include "match/rules.h"
#include "support/test_env.h"

namespace overstap {
namespace {

using domain::Level;
using domain::PlaceKind;
using domain::Support;
using match::PersonProfile;
using match::PlaceProfile;
using match::SkillReq;

// Every name table whose names may be mistaken for words in a sentence.
std::vector<const std::vector<std::string_view>*> NameTables() {
  using namespace domain;
  return {&OrganisationKindNames(), &PlaceKindNames(),      &SituationNames(),
          &BenefitNames(),          &LevelNames(),          &SupportNames(),
          &RoundModeNames(),        &RoundStatusNames(),    &RoundPhaseNames(),
          &EventKindNames(),        &ContactKindNames(),    &Big5DomainNames(),
          &Big5StatusNames(),       &SignalKindNames(),     &SignalStatusNames(),
          &TaskStatusNames(),       &HandoverStatusNames(), &ReasonCodeNames(),
          &MissingCodeNames(),      &UnplacedCodeNames()};
}

std::vector<const std::vector<std::string_view>*> DisplayTables() {
  using namespace domain;
  return {&OrganisationKindDisplayNames(), &PlaceKindDisplayNames(),  &PlaceKindPlurals(),
          &SituationDisplayNames(),        &BenefitDisplayNames(),    &LevelDisplayNames(),
          &SupportDisplayNames(),          &Big5DomainDisplayNames(), &Big5StatusDisplayNames(),
          &SignalKindDisplayNames()};
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) {
      word += c;
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

// The API codes that are not plain Dutch words: camelCase or with digits (vsoVervolgonderwijs,
// aangepasteUren, mbo2), and lower-case codes that are neither a word of a display name nor in
// the short list of codes that are ordinary Dutch words (pro, ww, wajong, uwv, prikkelarm,
// support). Matched as whole words, case-sensitively ("UWV" is the display name of "uwv").
std::set<std::string> ForbiddenCodes() {
  std::set<std::string> plain = {
      "stabiel",     "optimaal",  "wachtend",   "bezig",         "klaar",     "mislukt",
      "kandidaten",  "toewijzen", "toelichten", "opslaan",       "contact",   "vervallen",
      "gesprek",     "telefoon",  "huisbezoek", "digitaal",      "brief",     "open",
      "opgelost",    "afgerond",  "aangeboden", "geaccepteerd",  "geweigerd", "leerbaar",
      "reisafstand", "sector",    "niveau",     "ondersteuning", "uren",      "entree",
      "leeftijd"};
  for (const auto* table : DisplayTables()) {
    for (auto name : *table) {
      for (auto& w : Words(name)) plain.insert(w);
    }
  }
  std::set<std::string> out;
  for (const auto* table : NameTables()) {
    for (auto name : *table) {
      bool camel_or_digit = std::any_of(name.begin(), name.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c));
      });
      if (camel_or_digit || !plain.count(std::string(name))) out.emplace(name);
    }
  }
  return out;
}

class SentenceChecker {
 public:
  explicit SentenceChecker(const domain::Catalog& catalog) : forbidden_(ForbiddenCodes()) {
    // An English label that is also a Dutch one ("Haskell") is not English in a sentence.
    std::set<std::string> dutch;
    for (const auto& s : catalog.data().skills) {
      if (domain::HasDutchLabel(s)) dutch.insert(s.label_nl);
    }
    for (const auto& s : catalog.data().skills) {
      if (dutch.count(s.label_en)) continue;
      (domain::HasDutchLabel(s) ? english_of_dutch_ : english_only_).insert(s.label_en);
    }
  }

  // An empty string when `text` is plain Dutch, else what is wrong with it.
  std::string Problem(const std::string& text) const {
    for (const auto& w : Words(text)) {
      if (forbidden_.count(w)) return "API code '" + w + "'";
    }
    // Every quoted name: never the English label of a skill that has a Dutch one, and an
    // English label is marked as such.
    for (size_t open = text.find('\''); open != std::string::npos;) {
      size_t close = text.find('\'', open + 1);
      if (close == std::string::npos) break;
      std::string quoted = text.substr(open + 1, close - open - 1);
      if (english_of_dutch_.count(quoted)) return "English label '" + quoted + "'";
      if (english_only_.count(quoted) && text.compare(close + 1, 9, " (Engels)") != 0) {
        return "English label '" + quoted + "' not marked (Engels)";
      }
      open = text.find('\'', close + 1);
    }
    return "";
  }

  const std::set<std::string>& forbidden() const { return forbidden_; }

 private:
  std::set<std::string> forbidden_;
  std::set<std::string> english_of_dutch_, english_only_;
};

// The rendered sentences per code, and every sentence to check.
struct Rendered {
  std::map<std::string, std::vector<std::string>> by_code;
  void Add(const std::string& code, const std::string& text) { by_code[code].push_back(text); }
};

constexpr int32_t kToday = 20'430;  // 2025-12-09

// The weights with the shipped rules of the real world (data/rules/matchregels.json).
match::Weights RuledWeights() {
  match::Weights w = match::DefaultWeights();
  auto rules = io::ParseMatchRules(io::DefaultMatchRulesText());
  EXPECT_TRUE(rules.ok()) << rules.status().ToString();
  if (rules.ok()) w.work = *rules;
  return w;
}

// A few skills with a Dutch label and a few without, as catalog indices.
std::vector<uint32_t> SkillPool(const domain::Catalog& catalog) {
  std::vector<uint32_t> dutch, english;
  const auto& skills = catalog.data().skills;
  for (uint32_t i = 0; i < skills.size() && (dutch.size() < 4 || english.size() < 4); ++i) {
    auto& list = domain::HasDutchLabel(skills[i]) ? dutch : english;
    if (list.size() < 4) list.push_back(i);
  }
  dutch.insert(dutch.end(), english.begin(), english.end());
  return dutch;
}

struct Generator {
  std::mt19937_64 rng;
  std::vector<uint32_t> pool;
  match::Weights weights;

  size_t Below(size_t n) { return static_cast<size_t>(rng() % n); }
  template <typename E>
  E Any() {
    return static_cast<E>(Below(domain::kEnumSize<E>));
  }
  domain::SupportSet Supports(double p) {
    domain::SupportSet out = 0;
    for (size_t s = 0; s < domain::kEnumSize<Support>; ++s) {
      if (std::uniform_real_distribution<double>(0, 1)(rng) < p) {
        out |= domain::SupportBit(static_cast<Support>(s));
      }
    }
    return out;
  }
  std::vector<SkillReq> Skills(size_t max, bool place) {
    std::vector<SkillReq> out;
    size_t n = Below(max + 1);
    for (size_t i = 0; i < n; ++i) {
      out.push_back(
          {pool[Below(pool.size())], static_cast<uint8_t>(1 + Below(3)), place && Below(3) == 0});
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end(),
                          [](const SkillReq& a, const SkillReq& b) { return a.skill == b.skill; }),
              out.end());
    return out;
  }
  PersonProfile Person() {
    PersonProfile p;
    p.id = "p" + std::to_string(rng());
    p.location = {52.09, 5.12};
    p.level = Any<Level>();
    p.needs = Supports(0.15);
    p.max_km = static_cast<float>(5 + Below(30));
    p.hours = static_cast<int>(8 + Below(33));
    p.available_from =
        Below(4) == 0 ? kToday - 200 + static_cast<int32_t>(Below(400)) : match::kNoDate;
    // Ages 11 to 30 on kToday, pupils or not: the age rules' codes.
    p.birth =
        kToday - static_cast<int32_t>(365.25 * (11 + Below(20))) - static_cast<int32_t>(Below(365));
    p.pupil = Below(2) == 0;
    p.sector_mask = (1u << Below(22)) | (Below(2) ? 1u << 8 : 0u);
    p.skills = Skills(5, false);
    return p;
  }
  PlaceProfile Place(const PersonProfile& near, int i) {
    PlaceProfile q;
    q.id = "q" + std::to_string(i);
    const double km = static_cast<double>(Below(45));  // north of the person, crow-fly
    q.location = {near.location.lat + km / 111.19, near.location.lon};
    q.kind = Any<PlaceKind>();
    q.sector = static_cast<uint8_t>(Below(2) ? 8 : Below(22));
    q.min_level = Any<Level>();
    q.offered = Supports(0.5);
    q.hours = static_cast<int>(8 + Below(33));
    q.capacity = 1 + static_cast<int>(Below(3));
    if (Below(2) == 0) {  // a period: ended, current or far off
      q.from = kToday - 300 + static_cast<int32_t>(Below(700));
      q.to = q.from + static_cast<int32_t>(Below(300));
    }
    q.recognised = Below(2) == 0;
    q.required = Skills(4, true);
    q.desired = Skills(4, false);
    return q;
  }
};

Rendered RenderExplanations(const domain::Catalog& catalog, Generator* gen, int pairs) {
  Rendered out;
  for (int i = 0; i < pairs; ++i) {
    PersonProfile p = gen->Person();
    PlaceProfile q = gen->Place(p, i);
    domain::Explanation e = match::Explain(p, q, catalog, gen->weights, kToday);
    for (const auto& r : e.fits) out.Add(r.code, r.text);
    for (const auto& r : e.missing) out.Add(r.code, r.text);
  }
  return out;
}

Rendered RenderUnplaced(const domain::Catalog& catalog, Generator* gen, int people) {
  Rendered out;
  for (int i = 0; i < people; ++i) {
    PersonProfile p = gen->Person();
    match::PlaceIndex index(gen->weights);
    const size_t n = gen->Below(6);
    for (size_t k = 0; k < n; ++k) index.Upsert(gen->Place(p, static_cast<int>(k)));
    match::UnplacedScope scope;
    scope.today = kToday;
    scope.optimal = gen->Below(2) == 0;
    // Every kind, one kind, or a few.
    switch (gen->Below(3)) {
      case 0:
        break;
      case 1:
        scope.kind_mask = 1u << gen->Below(domain::kEnumSize<PlaceKind>);
        break;
      default:
        scope.kind_mask = static_cast<uint32_t>(gen->rng() % (1u << 6));
    }
    const int64_t feasible = gen->Below(4) == 0 ? static_cast<int64_t>(gen->Below(3)) : 0;
    match::UnplacedReason r = match::ExplainUnplaced(index, p, feasible, scope, catalog);
    out.Add(std::string(r.code), r.text);
  }
  return out;
}

void ExpectPlainDutch(const SentenceChecker& check, const Rendered& rendered) {
  for (const auto& [code, texts] : rendered.by_code) {
    for (const auto& text : texts) {
      std::string problem = check.Problem(text);
      EXPECT_EQ(problem, "") << code << ": " << text;
    }
  }
}

bool AnyContains(const Rendered& rendered, std::string_view code, std::string_view part) {
  auto it = rendered.by_code.find(std::string(code));
  if (it == rendered.by_code.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const std::string& t) { return t.find(part) != std::string::npos; });
}

TEST(DutchTextTest, TheCheckerCatchesCodesAndEnglishLabels) {
  const auto& catalog = *testing::SharedCatalog();
  SentenceChecker check(catalog);
  for (const char* code :
       {"vsoVervolgonderwijs", "aangepasteUren", "mbo2", "werkEnSchool", "pro", "uwv", "support"}) {
    EXPECT_TRUE(check.forbidden().count(code)) << code;
  }
  for (const char* word : {"geen", "stage", "jobcoach", "school", "werk", "zorg"}) {
    EXPECT_FALSE(check.forbidden().count(word)) << word;
  }
  EXPECT_NE(check.Problem("Niveau vsoVervolgonderwijs past (minimaal geen)"), "");
  EXPECT_NE(check.Problem("aangepasteUren aanwezig"), "");
  EXPECT_EQ(check.Problem("aangepaste uren aanwezig"), "");
  const domain::Skill* dutch = nullptr;
  const domain::Skill* english = nullptr;
  for (const auto& s : catalog.data().skills) {
    (domain::HasDutchLabel(s) ? dutch : english) = &s;
  }
  ASSERT_TRUE(dutch && english);
  EXPECT_NE(check.Problem("'" + dutch->label_en + "' kan op de werkplek geleerd worden"), "");
  EXPECT_EQ(check.Problem("'" + dutch->label_nl + "' kan op de werkplek geleerd worden"), "");
  EXPECT_NE(check.Problem("'" + english->label_en + "' kan op de werkplek geleerd worden"), "");
  EXPECT_EQ(
      check.Problem(domain::QuotedSkillLabel(*english) + " kan op de werkplek geleerd worden"), "");
}

TEST(DutchTextTest, DisplayNamesAreWordsNotCodes) {
  SentenceChecker check(*testing::SharedCatalog());
  for (const auto* table : DisplayTables()) {
    for (auto name : *table) EXPECT_EQ(check.Problem(std::string(name)), "") << name;
  }
  EXPECT_EQ(domain::DisplayName(Level::kVsoVervolgonderwijs), "vso vervolgonderwijs");
  EXPECT_EQ(domain::DisplayName(Level::kMbo2), "mbo niveau 2");
  EXPECT_EQ(domain::DisplayName(Support::kAangepasteUren), "aangepaste uren");
  EXPECT_EQ(domain::DisplayPlural(PlaceKind::kStage), "stages");
}

TEST(DutchTextTest, CountsAndListsInDutch) {
  EXPECT_EQ(Counted(1, "plek", "plekken"), "1 plek");
  EXPECT_EQ(Counted(2, "plek", "plekken"), "2 plekken");
  EXPECT_EQ(Counted(0, "vaardigheid", "vaardigheden"), "0 vaardigheden");
  EXPECT_EQ(JoinDutch({}, "en"), "");
  EXPECT_EQ(JoinDutch({"jobcoach"}, "en"), "jobcoach");
  EXPECT_EQ(JoinDutch({"jobcoach", "vervoer"}, "of"), "jobcoach of vervoer");
  EXPECT_EQ(JoinDutch({"a", "b", "c"}, "en"), "a, b en c");
  EXPECT_EQ(FormatDateDutch(*ParseDate("2026-09-01")), "1 september 2026");
  EXPECT_EQ(FormatDateDutch(*ParseDate("2024-02-29")), "29 februari 2024");
}

// Every explanation template (each ReasonCode and MissingCode) and every reason for being
// unplaced (each UnplacedCode), for every level and support, with one and several items.
TEST(DutchTextTest, EveryTemplateRendersInPlainDutch) {
  const auto& catalog = *testing::SharedCatalog();
  SentenceChecker check(catalog);
  Generator gen{std::mt19937_64(22), SkillPool(catalog), RuledWeights()};
  Rendered explained = RenderExplanations(catalog, &gen, 6000);
  Rendered unplaced = RenderUnplaced(catalog, &gen, 12000);
  ExpectPlainDutch(check, explained);
  ExpectPlainDutch(check, unplaced);

  // Every code rendered: a code without a case here fails, so a new rule gets checked.
  for (auto code : domain::ReasonCodeNames()) {
    EXPECT_TRUE(explained.by_code.count(std::string(code))) << "never rendered: " << code;
  }
  for (auto code : domain::MissingCodeNames()) {
    EXPECT_TRUE(explained.by_code.count(std::string(code))) << "never rendered: " << code;
  }
  for (auto code : domain::UnplacedCodeNames()) {
    EXPECT_TRUE(unplaced.by_code.count(std::string(code))) << "never rendered: " << code;
  }
  // Every level and every support by its display name; singular and plural.
  for (size_t l = 0; l < domain::kEnumSize<Level>; ++l) {
    auto shown = domain::DisplayName(static_cast<Level>(l));
    EXPECT_TRUE(AnyContains(explained, "niveau", shown) ||
                AnyContains(explained, "niveauTeLaag", shown))
        << shown;
  }
  for (size_t s = 0; s < domain::kEnumSize<Support>; ++s) {
    auto shown = std::string(domain::DisplayName(static_cast<Support>(s)));
    EXPECT_TRUE(AnyContains(explained, "ondersteuning", shown + " aanwezig")) << shown;
    EXPECT_TRUE(AnyContains(explained, "ondersteuningOntbreekt", "Geen " + shown)) << shown;
  }
  EXPECT_TRUE(AnyContains(explained, "vereisteVaardigheden", " van 1 vereiste vaardigheid"));
  EXPECT_TRUE(AnyContains(explained, "vereisteVaardigheden", " vereiste vaardigheden"));
  EXPECT_TRUE(AnyContains(explained, "gewensteVaardigheden", " van 1 gevraagde vaardigheid"));
  EXPECT_TRUE(AnyContains(explained, "gewensteVaardigheden", " gevraagde vaardigheden"));
  EXPECT_TRUE(AnyContains(explained, "leerbaar", "(Engels) kan op de werkplek"));
  EXPECT_TRUE(AnyContains(unplaced, "anderenGingenVoor", "Er was 1 passende plek, maar die ging "));
  EXPECT_TRUE(AnyContains(unplaced, "anderenGingenVoor", "passende plekken, maar die gingen "));
  EXPECT_TRUE(AnyContains(unplaced, "geenPlekBinnenBereik", "Geen plek binnen bereik"));
  for (size_t k = 0; k < domain::kEnumSize<PlaceKind>; ++k) {
    auto plural = domain::DisplayPlural(static_cast<PlaceKind>(k));
    EXPECT_TRUE(AnyContains(unplaced, "geenPlekBinnenBereik", plural)) << plural;
  }
  for (const auto& [code, texts] : unplaced.by_code) {
    for (const auto& t : texts) {
      EXPECT_EQ(t.find("1 plekken"), std::string::npos) << t;
      EXPECT_EQ(t.find("van deze soort"), std::string::npos) << t;
    }
  }
}

// Keep in view: every task title and the notes of signal events, for every signal kind (the
// big-5 ones with every domain).
TEST(DutchTextTest, KeepInViewTextsInPlainDutch) {
  SentenceChecker check(*testing::SharedCatalog());
  for (size_t k = 0; k < domain::kEnumSize<domain::SignalKind>; ++k) {
    const auto kind = static_cast<domain::SignalKind>(k);
    // The keys each kind has (follow::Evaluate): a big-5 domain, a date, an id, or none.
    std::vector<std::string> keys;
    if (kind == domain::SignalKind::kBig5ZorgZonderEigenaar ||
        kind == domain::SignalKind::kEvaluatieVerlopen) {
      for (auto d : domain::Big5DomainNames()) keys.emplace_back(d);
    } else {
      keys = {"", "2026-09-01", "0190c7a0-0000-7000-8000-000000000000"};
    }
    for (const auto& key : keys) {
      std::string title = follow::TaskTitle(kind, key);
      EXPECT_EQ(check.Problem(title), "") << title;
    }
    for (bool raised : {true, false}) {
      std::string note = follow::SignalEventText(kind, raised);
      EXPECT_EQ(check.Problem(note), "") << note;
      EXPECT_NE(note.find(domain::DisplayName(kind)), std::string::npos) << note;
    }
  }
  EXPECT_EQ(follow::TaskTitle(domain::SignalKind::kBig5ZorgZonderEigenaar, "werkEnSchool"),
            "Big 5 'werk en school' staat op zorg zonder eigenaar: wijs een eigenaar aan.");
  EXPECT_EQ(follow::TaskTitle(domain::SignalKind::kGeenPlekVoorStart, "2026-09-01"),
            "Nog geen plek terwijl de start (1 september 2026) nadert: zoek een plek.");
}

// Skill search in Dutch and English, case- and accent-insensitive, other Dutch names included.
TEST(DutchTextTest, SkillSearchInDutchAndEnglish) {
  const auto& catalog = *testing::SharedCatalog();
  int dutch = 0;
  for (const auto& s : catalog.data().skills) dutch += domain::HasDutchLabel(s);
  EXPECT_GE(dutch, 2500);  // the partial Dutch labels (PROVENANCE.md)
  auto found = [&](std::string_view query, std::string_view id) {
    for (const auto* s : catalog.SearchSkills(query, 1000)) {
      if (s->id == id) return true;
    }
    return false;
  };
  const domain::Skill* firewall = nullptr;
  for (const auto& s : catalog.data().skills) {
    if (s.label_nl == "firewallregels definiëren") firewall = &s;
  }
  ASSERT_NE(firewall, nullptr);
  EXPECT_TRUE(found("firewallregels", firewall->id));
  EXPECT_TRUE(found("FIREWALLREGELS DEFINIEREN", firewall->id));  // case and ë folded
  EXPECT_TRUE(found("definieren", firewall->id));
  EXPECT_TRUE(found("define firewall", firewall->id));  // English
  EXPECT_EQ(catalog.SearchSkills("firewallregels", 1)[0]->id, firewall->id);
  // Other Dutch names: a word that only an alt label has.
  int checked = 0;
  for (const auto& s : catalog.data().skills) {
    for (const auto& alt : s.alt_labels_nl) {
      std::string word = FoldForSearch(alt);
      if (word.size() < 6 || word.find(' ') != std::string::npos) continue;
      if (FoldForSearch(s.label_nl).find(word) != std::string::npos ||
          FoldForSearch(s.label_en).find(word) != std::string::npos) {
        continue;
      }
      EXPECT_TRUE(found(alt, s.id)) << alt;
      if (++checked == 20) break;
    }
    if (checked == 20) break;
  }
  EXPECT_EQ(checked, 20);
  // The Dutch label is shown: found by its English name, a skill still reads in Dutch.
  const auto hits = catalog.SearchSkills("define firewall rules", 5);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(domain::SkillLabel(*hits[0]), "firewallregels definiëren");
  EXPECT_EQ(domain::LabelLanguage(*hits[0]), "nl");
}

}  // namespace
}  // namespace overstap
