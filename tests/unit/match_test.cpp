// Matching rules and candidate indexes.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "match/index.h"
#include "match/rules.h"
#include "support/test_env.h"

namespace overstap::match {
namespace {

using domain::Level;
using domain::Support;
using domain::SupportBit;

PersonProfile Person() {
  PersonProfile p;
  p.id = "p";
  p.location = {52.09, 5.12};  // Utrecht
  p.level = Level::kMbo2;
  p.max_km = 20;
  p.hours = 32;
  p.needs = SupportBit(Support::kJobcoach);
  p.sector_mask = 1u << SectorBit("I");
  p.skills = {{1, 2}, {5, 3}, {9, 1}};
  return p;
}

PlaceProfile Place() {
  PlaceProfile q;
  q.id = "q";
  q.location = {52.15, 5.20};  // about 10 km away by road
  q.sector = static_cast<uint8_t>(SectorBit("I"));
  q.min_level = Level::kEntree;
  q.offered = SupportBit(Support::kJobcoach);
  q.hours = 24;
  q.required = {{1, 2}, {5, 2}};
  q.desired = {{9, 1}, {11, 1}};
  q.recognised = true;
  return q;
}

TEST(RulesTest, EachHardConstraint) {
  const Weights& w = DefaultWeights();
  EXPECT_EQ(Check(Person(), Place(), w), kFeasible);
  auto q = Place();
  q.required.push_back({7, 1});
  EXPECT_EQ(Check(Person(), q, w), kMissingSkill);
  q.required.back().learnable = true;
  EXPECT_EQ(Check(Person(), q, w), kFeasible);
  auto uninterested = Person();
  uninterested.sector_mask = 1u << SectorBit("C");  // learning on the job needs the interest
  EXPECT_EQ(Check(uninterested, q, w), kMissingSkill);
  q = Place();
  q.required[0].level = 3;
  EXPECT_EQ(Check(Person(), q, w), kMissingSkill);
  q = Place();
  q.min_level = Level::kMbo3;
  EXPECT_EQ(Check(Person(), q, w), kLevelTooLow);
  q = Place();
  q.offered = 0;
  EXPECT_EQ(Check(Person(), q, w), kSupportMissing);
  q = Place();
  q.location = {52.37, 4.89};  // Amsterdam
  EXPECT_EQ(Check(Person(), q, w), kTooFar);
  q = Place();
  q.hours = 40;
  EXPECT_EQ(Check(Person(), q, w), kTooManyHours);
  q.offered |= SupportBit(Support::kAangepasteUren);
  EXPECT_EQ(Check(Person(), q, w), kFeasible);
  q = Place();
  q.to = 100;
  auto p = Person();
  p.available_from = 200;
  EXPECT_EQ(Check(p, q, w), kNotAvailable);
}

TEST(RulesTest, ScoreIsInRangeAndPrefersCloserAndInterested) {
  const Weights& w = DefaultWeights();
  double base = Score(Person(), Place(), w);
  EXPECT_GT(base, 0.0);
  EXPECT_LE(base, 1.0);
  auto near = Place();
  near.location = Person().location;
  EXPECT_GT(Score(Person(), near, w), base);
  auto other_sector = Place();
  other_sector.sector = static_cast<uint8_t>(SectorBit("C"));
  EXPECT_LT(Score(Person(), other_sector, w), base);
}

TEST(RulesTest, ExplanationInDutch) {
  const auto& catalog = *testing::SharedCatalog();
  auto q = Place();
  q.required.push_back({7, 1});
  Explanation e = Explain(Person(), q, catalog, DefaultWeights());
  EXPECT_FALSE(e.feasible);
  auto has = [](const std::vector<Reason>& rs, const std::string& code, const std::string& text) {
    return std::any_of(rs.begin(), rs.end(), [&](const Reason& r) {
      return r.code == code && r.text.find(text) != std::string::npos;
    });
  };
  EXPECT_TRUE(has(e.fits, "vereisteVaardigheden", "2 van 3 vereiste vaardigheden"));
  EXPECT_TRUE(has(e.fits, "gewensteVaardigheden", "1 van 2 gevraagde vaardigheden"));
  EXPECT_TRUE(has(e.fits, "reisafstand", "km reisafstand"));
  EXPECT_TRUE(has(e.fits, "ondersteuning", "jobcoach aanwezig"));
  EXPECT_TRUE(has(e.missing, "vaardigheidOntbreekt", "Mist vereiste vaardigheid"));
  Explanation ok = Explain(Person(), Place(), catalog, DefaultWeights());
  EXPECT_TRUE(ok.feasible);
  EXPECT_DOUBLE_EQ(ok.score, Score(Person(), Place(), DefaultWeights()));
}

// Random profiles around the Netherlands with skills from a small pool.
struct World {
  std::vector<PersonProfile> people;
  std::vector<PlaceProfile> places;
};

World RandomWorld(uint64_t seed, int people, int places) {
  std::mt19937_64 rng(seed);
  auto uni = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
  auto skills = [&](int n, bool place) {
    std::vector<SkillReq> out;
    for (int i = 0; i < n; ++i) {
      SkillReq s{static_cast<uint32_t>(rng() % 30), static_cast<uint8_t>(1 + rng() % 3),
                 place && rng() % 4 == 0};
      if (std::none_of(out.begin(), out.end(), [&](const SkillReq& x) { return x.skill == s.skill; })) out.push_back(s);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  World w;
  for (int i = 0; i < people; ++i) {
    PersonProfile p;
    p.id = "p" + std::to_string(100000 + i);
    p.location = {uni(51.3, 53.2), uni(4.0, 6.8)};
    p.level = static_cast<Level>(rng() % 11);
    p.needs = static_cast<domain::SupportSet>(rng() % 4 == 0 ? 1u << (rng() % 8) : 0);
    p.max_km = static_cast<float>(10 + rng() % 40);
    p.hours = static_cast<int>(8 + rng() % 33);
    p.sector_mask = 1u << (rng() % 22);
    p.skills = skills(static_cast<int>(2 + rng() % 6), false);
    w.people.push_back(p);
  }
  for (int i = 0; i < places; ++i) {
    PlaceProfile q;
    q.id = "q" + std::to_string(100000 + i);
    q.location = {uni(51.3, 53.2), uni(4.0, 6.8)};
    q.kind = static_cast<domain::PlaceKind>(rng() % 6);
    q.sector = static_cast<uint8_t>(rng() % 22);
    q.min_level = static_cast<Level>(rng() % 6);
    q.offered = static_cast<domain::SupportSet>(rng() % 256);
    q.hours = static_cast<int>(8 + rng() % 33);
    q.recognised = rng() % 2;
    q.required = skills(static_cast<int>(rng() % 3), true);
    q.desired = skills(static_cast<int>(rng() % 4), false);
    w.places.push_back(q);
  }
  return w;
}

// The fast path of the indexes agrees with Check and Score on every pair.
TEST(RulesTest, FitScoreAgreesWithCheckAndScore) {
  World w = RandomWorld(5, 200, 2000);
  const Weights& wt = DefaultWeights();
  int feasible = 0;
  for (const auto& p : w.people) {
    for (const auto& q : w.places) {
      double score = -1;
      const bool fits = FitScore(p, q, wt, &score);
      ASSERT_EQ(fits, Check(p, q, wt) == kFeasible) << p.id << " " << q.id;
      if (fits) {
        ++feasible;
        ASSERT_DOUBLE_EQ(score, Score(p, q, wt));
      }
    }
  }
  EXPECT_GT(feasible, 100);
}

TEST(IndexTest, PlaceTopKEqualsABruteForceScan) {
  World w = RandomWorld(11, 300, 4000);
  PlaceIndex index;
  for (const auto& q : w.places) index.Upsert(q);
  const Weights& wt = DefaultWeights();
  uint64_t brute_examined = 0;
  for (const auto& p : w.people) {
    std::vector<std::pair<double, std::string>> all;
    for (const auto& q : w.places) {
      ++brute_examined;
      if (Check(p, q, wt) == kFeasible) all.push_back({-Score(p, q, wt), q.id});
    }
    std::sort(all.begin(), all.end());
    auto hits = index.TopK(p, PlaceQuery{10, 0, -1});
    ASSERT_EQ(hits.size(), std::min<size_t>(10, all.size())) << p.id;
    for (size_t i = 0; i < hits.size(); ++i) {
      EXPECT_EQ(index.at(hits[i].index).id, all[i].second);
      EXPECT_DOUBLE_EQ(hits[i].score, -all[i].first);
    }
  }
  EXPECT_LT(index.examined() * 5, brute_examined) << "the index should prune most places";
}

TEST(IndexTest, FiltersRemovalsAndReplacements) {
  World w = RandomWorld(12, 50, 2000);
  PlaceIndex index;
  for (const auto& q : w.places) index.Upsert(q);
  for (const auto& p : w.people) {
    for (const auto& h : index.TopK(p, PlaceQuery{20, 1u << 2, 5})) {
      EXPECT_EQ(static_cast<int>(index.at(h.index).kind), 2);
      EXPECT_EQ(index.at(h.index).sector, 5);
    }
  }
  // Removing the best place of someone makes it disappear; re-adding brings it back.
  for (const auto& p : w.people) {
    auto hits = index.TopK(p, PlaceQuery{1, 0, -1});
    if (hits.empty()) continue;
    std::string best = index.at(hits[0].index).id;
    index.Remove(best);
    auto again = index.TopK(p, PlaceQuery{1, 0, -1});
    EXPECT_TRUE(again.empty() || index.at(again[0].index).id != best);
    PlaceProfile copy = *std::find_if(w.places.begin(), w.places.end(), [&](auto& q) { return q.id == best; });
    index.Upsert(copy);
    EXPECT_EQ(index.at(index.TopK(p, PlaceQuery{1, 0, -1})[0].index).id, best);
    break;
  }
}

TEST(IndexTest, PersonTopKEqualsABruteForceScan) {
  World w = RandomWorld(13, 4000, 200);
  PersonIndex index;
  for (const auto& p : w.people) index.Upsert(p);
  const Weights& wt = DefaultWeights();
  for (const auto& q : w.places) {
    std::vector<std::pair<double, std::string>> all;
    for (const auto& p : w.people) {
      if (Check(p, q, wt) == kFeasible) all.push_back({-Score(p, q, wt), p.id});
    }
    std::sort(all.begin(), all.end());
    auto hits = index.TopK(q, 10);
    ASSERT_EQ(hits.size(), std::min<size_t>(10, all.size())) << q.id;
    for (size_t i = 0; i < hits.size(); ++i) EXPECT_EQ(index.at(hits[i].index).id, all[i].second);
  }
}

}  // namespace
}  // namespace overstap::match
