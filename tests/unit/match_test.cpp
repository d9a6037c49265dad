// Matching rules and candidate indexes.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "common/date.h"
#include "common/geo.h"
#include "io/match_rules_file.h"
#include "match/bipartite.h"
#include "match/candidates.h"
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
  EXPECT_EQ(Check(Person(), Place(), w, kNoDate), kFeasible);
  auto q = Place();
  q.required.push_back({7, 1});
  EXPECT_EQ(Check(Person(), q, w, kNoDate), kMissingSkill);
  q.required.back().learnable = true;
  EXPECT_EQ(Check(Person(), q, w, kNoDate), kFeasible);
  auto uninterested = Person();
  uninterested.sector_mask = 1u << SectorBit("C");  // learning on the job needs the interest
  EXPECT_EQ(Check(uninterested, q, w, kNoDate), kMissingSkill);
  q = Place();
  q.required[0].level = 3;
  EXPECT_EQ(Check(Person(), q, w, kNoDate), kMissingSkill);
  q = Place();
  q.min_level = Level::kMbo3;
  EXPECT_EQ(Check(Person(), q, w, kNoDate), kLevelTooLow);
  q = Place();
  q.offered = 0;
  EXPECT_EQ(Check(Person(), q, w, kNoDate), kSupportMissing);
  q = Place();
  q.location = {52.37, 4.89};  // Amsterdam
  EXPECT_EQ(Check(Person(), q, w, kNoDate), kTooFar);
  q = Place();
  q.hours = 40;
  EXPECT_EQ(Check(Person(), q, w, kNoDate), kTooManyHours);
  q.offered |= SupportBit(Support::kAangepasteUren);
  EXPECT_EQ(Check(Person(), q, w, kNoDate), kFeasible);
  q = Place();
  q.to = 100;
  auto p = Person();
  p.available_from = 200;
  EXPECT_EQ(Check(p, q, w, kNoDate), kNotAvailable);
}

// The road factor is optional: 1 measures as the crow flies; the index follows its weights.
TEST(RulesTest, RoadFactorIsTheIndexsToo) {
  Weights crow = DefaultWeights();
  crow.road_factor = 1.0;
  PersonProfile p = Person();  // 20 km at most
  PlaceProfile q = Place();
  q.location = {52.09 + 17.0 / 111.19, 5.12};  // 17 km north as the crow flies
  EXPECT_NEAR(TravelKm(p, q, crow), 17.0, 0.05);
  EXPECT_NEAR(TravelKm(p, q, DefaultWeights()), 17.0 * 1.3, 0.05);
  EXPECT_EQ(Check(p, q, crow, kNoDate), kFeasible);
  EXPECT_EQ(Check(p, q, DefaultWeights(), kNoDate), kTooFar);
  PlaceIndex by_road, by_crow(crow);
  by_road.Upsert(q);
  by_crow.Upsert(q);
  EXPECT_TRUE(by_road.TopK(p, PlaceQuery{}).empty());
  ASSERT_EQ(by_crow.TopK(p, PlaceQuery{}).size(), 1u);
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
  Explanation e = Explain(Person(), q, catalog, DefaultWeights(), kNoDate);
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
  EXPECT_TRUE(has(e.fits, "uren", "24 uur per week past (32 beschikbaar)"));
  q.hours = 40;
  EXPECT_TRUE(has(Explain(Person(), q, catalog, DefaultWeights(), kNoDate).missing, "teVeelUren",
                  "40 uur per week gevraagd, 32 beschikbaar"));
  q.offered |= SupportBit(Support::kAangepasteUren);
  EXPECT_TRUE(has(Explain(Person(), q, catalog, DefaultWeights(), kNoDate).fits, "uren",
                  "aangepaste uren mogelijk"));
  Explanation ok = Explain(Person(), Place(), catalog, DefaultWeights(), kNoDate);
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
      if (std::none_of(out.begin(), out.end(),
                       [&](const SkillReq& x) { return x.skill == s.skill; }))
        out.push_back(s);
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
      const bool fits = FitScore(p, q, wt, kNoDate, &score);
      ASSERT_EQ(fits, Check(p, q, wt, kNoDate) == kFeasible) << p.id << " " << q.id;
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
      if (Check(p, q, wt, kNoDate) == kFeasible) all.push_back({-Score(p, q, wt), q.id});
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
    PlaceProfile copy =
        *std::find_if(w.places.begin(), w.places.end(), [&](auto& q) { return q.id == best; });
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
      if (Check(p, q, wt, kNoDate) == kFeasible) all.push_back({-Score(p, q, wt), p.id});
    }
    std::sort(all.begin(), all.end());
    auto hits = index.TopK(q, 10, kNoDate);
    ASSERT_EQ(hits.size(), std::min<size_t>(10, all.size())) << q.id;
    for (size_t i = 0; i < hits.size(); ++i) EXPECT_EQ(index.at(hits[i].index).id, all[i].second);
  }
}

// The hot path's distance (KmOfChord2 of the chord between the unit vectors kept per place and
// per person) is DistanceKm bit for bit; DistanceKm agrees with the haversine, near and far;
// the series for short chords meets asin where it hands over.
TEST(RulesTest, ChordDistanceIsDistanceKmAndTheHaversine) {
  std::mt19937_64 rng(21);
  auto uni = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
  auto haversine = [](LatLon a, LatLon b) {
    constexpr double kRad = M_PI / 180.0;
    const double dlat = (b.lat - a.lat) * kRad, dlon = (b.lon - a.lon) * kRad;
    const double h =
        std::sin(dlat / 2) * std::sin(dlat / 2) +
        std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(h)));
  };
  for (int i = 0; i < 200000; ++i) {
    LatLon a{uni(50.5, 53.7), uni(3.2, 7.3)};
    LatLon b = i % 4 == 0 ? LatLon{uni(-90, 90), uni(-180, 180)}
                          : LatLon{a.lat + uni(-0.5, 0.5), a.lon + uni(-0.7, 0.7)};
    if (i % 97 == 0) b = a;
    if (i % 101 == 0)
      b = LatLon{a.lat + uni(-1e-5, 1e-5), a.lon + uni(-1e-5, 1e-5)};  // a metre or so
    const double want = DistanceKm(a, b);
    const double got = KmOfChord2(Chord2(UnitOf(a), UnitOf(b)));
    ASSERT_EQ(std::memcmp(&want, &got, sizeof want), 0)
        << a.lat << "," << a.lon << " " << b.lat << "," << b.lon;
    const double hav = haversine(a, b);
    ASSERT_NEAR(want, hav, 1e-9 + 1e-12 * hav)
        << a.lat << "," << a.lon << " " << b.lat << "," << b.lon;
  }
  EXPECT_NEAR(DistanceKm({0, 0}, {0, 180}), M_PI * kEarthKm, 1e-9);  // antipodes
  for (double h : {0.0099999, 0.01, 0.0100001}) {
    const double by_asin = 2 * kEarthKm * std::asin(h);
    EXPECT_NEAR(KmOfChord2(4 * h * h), by_asin, 1e-12 * by_asin) << h;
  }
}

// A world with what the index's inline records do not hold: places with more skills than fit
// inline, skill indices beyond 16 bits, duplicate skills of a person, periods, adapted hours,
// people with no reach at all and people right at the edge of their reach.
World OddWorld(uint64_t seed) {
  World w = RandomWorld(seed, 400, 3000);
  std::mt19937_64 rng(seed + 1);
  for (size_t i = 0; i < w.places.size(); ++i) {
    PlaceProfile& q = w.places[i];
    if (i % 7 == 0) {
      for (uint32_t k = 0; k < 6; ++k)
        q.desired.push_back({k * 5, static_cast<uint8_t>(1 + k % 3), false});
      std::sort(q.desired.begin(), q.desired.end());
    }
    if (i % 11 == 0) {
      for (uint32_t k = 0; k < 5; ++k) q.required.push_back({k * 6, 1, k % 2 == 0});
      std::sort(q.required.begin(), q.required.end());
    }
    if (i % 13 == 0) q.required.push_back({70000 + static_cast<uint32_t>(i % 3), 1, i % 2 == 0});
    if (i % 5 == 0) q.to = static_cast<int32_t>(20000 + rng() % 400);
    if (i % 9 == 0) q.offered |= SupportBit(Support::kAangepasteUren);
  }
  for (size_t i = 0; i < w.people.size(); ++i) {
    PersonProfile& p = w.people[i];
    if (i % 3 == 0) p.available_from = static_cast<int32_t>(20000 + rng() % 400);
    if (i % 17 == 0) p.skills.push_back({70000 + static_cast<uint32_t>(i % 3), 2, false});
    if (i % 19 == 0 && !p.skills.empty()) {
      p.skills.push_back({p.skills.front().skill, 3, false});  // a duplicate, at another level
      std::sort(p.skills.begin(), p.skills.end());
    }
    if (i % 23 == 0) p.max_km = 0;
    if (i % 29 == 0) {
      // Reach exactly up to a place: its travel km as the maximum (float), so the rule decides
      // on the boundary itself.
      const PlaceProfile& q = w.places[i % w.places.size()];
      p.max_km = static_cast<float>(TravelKm(p, q, DefaultWeights()));
      p.skills = q.required;
      p.sector_mask |= 1u << q.sector;
    }
  }
  return w;
}

// Indexes the world's places, then removes one (a tombstone the index must pass over).
void IndexAllButOne(const World& w, size_t removed, PlaceIndex* index) {
  for (const auto& q : w.places) index->Upsert(q);
  index->Remove(w.places[removed].id);
}

// Every feasible place through the index, with its score bit for bit, equals FitScore over
// every place (and so Check and Score, by the test above).
TEST(IndexTest, CollectFeasibleEqualsFitScoreOnEveryPlace) {
  World w = OddWorld(31);
  PlaceIndex index;
  IndexAllButOne(w, 3, &index);
  const Weights& wt = DefaultWeights();
  int64_t pairs = 0;
  for (const auto& p : w.people) {
    std::vector<std::pair<uint32_t, double>> want, got;
    for (uint32_t e = 0; e < index.entries(); ++e) {
      double score = 0;
      if (index.alive(e) && FitScore(p, index.at(e), wt, kNoDate, &score))
        want.push_back({e, score});
    }
    index.CollectFeasible(p, 0, kNoDate, &got);
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got.size(), want.size()) << p.id;
    for (size_t k = 0; k < got.size(); ++k) {
      ASSERT_EQ(got[k].first, want[k].first) << p.id;
      ASSERT_EQ(std::memcmp(&got[k].second, &want[k].second, sizeof(double)), 0) << p.id;
    }
    std::vector<std::pair<uint32_t, double>> via_fn;
    index.ForEachFeasible(p, 0, kNoDate, [&](uint32_t e, double s) { via_fn.push_back({e, s}); });
    std::sort(via_fn.begin(), via_fn.end());
    ASSERT_EQ(via_fn, got);
    // A query inside another's callback (the per-thread skill table is in use) changes neither.
    const PersonProfile& other = w.people[(&p - w.people.data() + 1) % w.people.size()];
    const auto other_top = index.TopK(other, PlaceQuery{5, 0, -1});
    std::vector<std::pair<uint32_t, double>> nested;
    index.ForEachFeasible(p, 0, kNoDate, [&](uint32_t e, double s) {
      nested.push_back({e, s});
      const auto inner = index.TopK(other, PlaceQuery{5, 0, -1});
      ASSERT_EQ(inner.size(), other_top.size());
      for (size_t k = 0; k < inner.size(); ++k) ASSERT_EQ(inner[k].index, other_top[k].index);
    });
    std::sort(nested.begin(), nested.end());
    ASSERT_EQ(nested, got);
    pairs += static_cast<int64_t>(got.size());
  }
  EXPECT_GT(pairs, 1000);
}

// Blocks of every size up to PlaceIndex::kBlock and beyond it (the per-person way) give each
// person exactly the places and scores CollectFeasible gives them alone. Returns the pairs.
int64_t ExpectBlocksEqualCollectFeasible(const PlaceIndex& index,
                                         const std::vector<PersonProfile>& people) {
  std::vector<std::vector<std::pair<uint32_t, double>>> want(people.size());
  for (size_t i = 0; i < people.size(); ++i) {
    index.CollectFeasible(people[i], 0, kNoDate, &want[i]);
    std::sort(want[i].begin(), want[i].end());
  }
  int64_t pairs = 0;
  for (size_t size : {size_t{1}, size_t{7}, PlaceIndex::kBlock, PlaceIndex::kBlock + 3}) {
    for (size_t b = 0; b < people.size(); b += size) {
      std::vector<const PersonProfile*> block;
      for (size_t i = b; i < std::min(people.size(), b + size); ++i) block.push_back(&people[i]);
      std::vector<PlaceIndex::BlockPair> found;
      index.CollectFeasibleBlock(block.data(), block.size(), 0, kNoDate, &found);
      std::vector<std::vector<std::pair<uint32_t, double>>> got(block.size());
      for (const auto& f : found) got[f.person].push_back({f.entry, f.score});
      for (size_t j = 0; j < block.size(); ++j) {
        std::sort(got[j].begin(), got[j].end());
        const auto& expect = want[b + j];
        EXPECT_EQ(got[j].size(), expect.size()) << "block of " << size << ", person " << b + j;
        if (got[j].size() != expect.size()) return pairs;
        for (size_t k = 0; k < expect.size(); ++k) {
          EXPECT_EQ(got[j][k].first, expect[k].first);
          EXPECT_EQ(std::memcmp(&got[j][k].second, &expect[k].second, sizeof(double)), 0);
        }
        pairs += static_cast<int64_t>(expect.size());
      }
    }
  }
  return pairs;
}

// A block of people at once gives each of them exactly the places and scores CollectFeasible
// gives them alone: levels beyond the block's bit sets on either side, OddWorld's places with
// more skills than fit inline and its boundary people included.
TEST(IndexTest, CollectFeasibleBlockEqualsCollectFeasible) {
  World w = OddWorld(37);
  w.places[1].required = {{w.people[2].skills.empty() ? 1u : w.people[2].skills[0].skill, 9, true}};
  w.places[4].desired = {{w.people[4].skills.empty() ? 1u : w.people[4].skills[0].skill, 0, false}};
  if (!w.people[5].skills.empty()) w.people[5].skills[0].level = 9;  // the per-person way
  PlaceIndex index;
  IndexAllButOne(w, 3, &index);
  // More people than two blocks hold (copies of the world's), so every size below is tried.
  for (size_t i = 0; w.people.size() < 2 * PlaceIndex::kBlock + 10; ++i)
    w.people.push_back(w.people[i]);
  const int64_t pairs = ExpectBlocksEqualCollectFeasible(index, w.people);
  EXPECT_GT(pairs, 4000);
  // A kind filter is applied the same way.
  const uint32_t stage = 1u << static_cast<int>(domain::PlaceKind::kStage);
  std::vector<const PersonProfile*> block;
  for (size_t i = 0; i < std::min(w.people.size(), PlaceIndex::kBlock); ++i)
    block.push_back(&w.people[i]);
  std::vector<PlaceIndex::BlockPair> found;
  index.CollectFeasibleBlock(block.data(), block.size(), stage, kNoDate, &found);
  size_t expected = 0;
  for (const auto* p : block) {
    std::vector<std::pair<uint32_t, double>> one;
    index.CollectFeasible(*p, stage, kNoDate, &one);
    expected += one.size();
  }
  EXPECT_EQ(found.size(), expected);
}

// The same where the strips of a block (Grid::LatStrip, LonStrip) cannot hold every reach: a
// world moved next to the pole and across ±180° longitude, people who travel 3,000 km, places
// off the map (lon 200: not filtered by strip), people reaching exactly up to a place.
TEST(IndexTest, CollectFeasibleBlockAtTheEdgesOfTheMap) {
  for (const bool north : {false, true}) {
    World w = OddWorld(41);
    auto move = [&](LatLon* at, size_t i) {
      if (north) {  // lat 88.3-90, lon 150-206 (about as wide as it is high)
        at->lat = std::min(90.0, at->lat + 37);
        at->lon = 150 + (at->lon - 4) * 20;
      } else {  // lon 178.5-181.3
        at->lon = at->lon + 174.5;
      }
      if (at->lon > 180) at->lon -= 360;  // past 180 wraps to -180
      if (i % 41 == 0) at->lon += 360;    // off the map, the same point on the sphere
    };
    for (size_t i = 0; i < w.places.size(); ++i) move(&w.places[i].location, i);
    for (size_t i = 0; i < w.people.size(); ++i) {
      PersonProfile& p = w.people[i];
      move(&p.location, i + 1);
      if (i % 61 == 0) p.max_km = 3000;
      if (i % 29 == 0)
        p.max_km = static_cast<float>(TravelKm(p, w.places[i % w.places.size()], DefaultWeights()));
    }
    PlaceIndex index;
    IndexAllButOne(w, 3, &index);
    for (size_t i = 0; w.people.size() < PlaceIndex::kBlock + 10; ++i)
      w.people.push_back(w.people[i]);
    EXPECT_GT(ExpectBlocksEqualCollectFeasible(index, w.people), 2000) << "north " << north;
  }
}

// ForEachInReach gives ForEachNear's places over the person's reach, in the same order, minus
// only places beyond reach: every place within reach (Check without kTooFar) is still there.
// The boundary people of OddWorld (reach exactly up to a place) included.
TEST(IndexTest, ForEachInReachSkipsOnlyPlacesBeyondReach) {
  World w = OddWorld(53);
  PlaceIndex index;
  IndexAllButOne(w, 5, &index);
  const Weights& wt = DefaultWeights();
  int64_t skipped = 0, kept = 0;
  for (const auto& p : w.people) {
    std::vector<uint32_t> near, in_reach;
    index.ForEachNear(p.location, p.max_km / wt.road_factor, [&](uint32_t i) {
      near.push_back(i);
      return true;
    });
    index.ForEachInReach(p, [&](uint32_t i) {
      in_reach.push_back(i);
      return true;
    });
    size_t k = 0;
    for (uint32_t i : near) {
      const bool within = (Check(p, index.at(i), wt, kNoDate) & kTooFar) == 0;
      if (k < in_reach.size() && in_reach[k] == i) {
        ++k;
        ++kept;
      } else {
        ASSERT_FALSE(within) << p.id << " lost place " << i;
        ++skipped;
      }
    }
    ASSERT_EQ(k, in_reach.size()) << p.id;  // nothing added, the order kept
    // Stopping early stops it.
    int calls = 0;
    index.ForEachInReach(p, [&](uint32_t) { return ++calls < 2; });
    ASSERT_EQ(calls, std::min<int>(2, static_cast<int>(in_reach.size())));
  }
  EXPECT_GT(skipped, 1000);
  EXPECT_GT(kept, 1000);
}

// The candidate graph equals one built the slow way: FitScore over every place in scope, each
// person's list by scaled score then place id, each place's people by scaled score then
// lottery then person; on 1 and 3 threads.
// People in SortForGraph's order, whose lists are written where they stay, get the same lists
// as in any other order, on one thread or several, and when the room first made for the pairs
// is too small (the arrays grow).
TEST(CandidatesTest, SortedPeopleGetTheSameLists) {
  World w = RandomWorld(44, 5000, 1500);
  PlaceIndex index;
  for (const auto& q : w.places) index.Upsert(q);
  GraphOptions o;
  o.seed = 5;
  o.threads = 2;
  const CandidateGraph plain = BuildCandidateGraph(index, w.people, o);
  std::unordered_map<std::string, int32_t> at;
  for (size_t i = 0; i < w.people.size(); ++i) at[w.people[i].id] = static_cast<int32_t>(i);
  std::vector<PersonProfile> sorted = w.people;
  const std::vector<uint32_t> was_at = SortForGraph(&sorted);
  ASSERT_EQ(sorted.size(), w.people.size());
  // A round's way: the profiles where they are, by address, in GraphOrder's order, give the
  // graph of the sorted copies.
  {
    std::vector<const PersonProfile*> by_address;
    for (const auto& p : w.people) by_address.push_back(&p);
    const std::vector<uint32_t> order = GraphOrder(by_address);
    ASSERT_EQ(order, was_at);
    std::vector<const PersonProfile*> ordered;
    for (uint32_t i : order) ordered.push_back(by_address[i]);
    const CandidateGraph g = BuildCandidateGraph(index, ordered, o);
    const CandidateGraph want = BuildCandidateGraph(index, sorted, o);
    EXPECT_EQ(g.instance.person_begin, want.instance.person_begin);
    EXPECT_TRUE(g.instance.edge_place == want.instance.edge_place);
    EXPECT_TRUE(g.instance.edge_points == want.instance.edge_points);
    EXPECT_EQ(g.instance.person_tiebreak, want.instance.person_tiebreak);
    // Told they are in that order already (a round's), or told so wrongly: the same graph.
    GraphOptions told = o;
    told.in_graph_order = true;
    const CandidateGraph trusted = BuildCandidateGraph(index, ordered, told);
    EXPECT_TRUE(trusted.instance.edge_place == want.instance.edge_place);
    EXPECT_EQ(trusted.instance.person_tiebreak, want.instance.person_tiebreak);
    const CandidateGraph wrongly = BuildCandidateGraph(index, w.people, told);
    EXPECT_EQ(wrongly.instance.person_begin, plain.instance.person_begin);
    EXPECT_TRUE(wrongly.instance.edge_place == plain.instance.edge_place);
    EXPECT_TRUE(wrongly.instance.edge_points == plain.instance.edge_points);
    EXPECT_EQ(wrongly.instance.person_tiebreak, plain.instance.person_tiebreak);
  }
  ASSERT_GT(plain.instance.edges(), 20000);
  for (int threads : {1, 3}) {
    for (size_t room : {size_t{0}, size_t{100}}) {
      o.threads = threads;
      o.room = room;
      const CandidateGraph g = BuildCandidateGraph(index, sorted, o);
      ASSERT_EQ(g.instance.edges(), plain.instance.edges());
      ASSERT_EQ(g.place_entry, plain.place_entry);
      for (size_t k = 0; k < sorted.size(); ++k) {
        const int32_t i = at.at(sorted[k].id);
        const int64_t b = g.instance.person_begin[k], n = g.instance.person_begin[k + 1] - b;
        const int64_t pb = plain.instance.person_begin[i];
        ASSERT_EQ(n, plain.instance.person_begin[i + 1] - pb) << sorted[k].id;
        for (int64_t e = 0; e < n; ++e) {
          ASSERT_EQ(g.instance.edge_place[b + e], plain.instance.edge_place[pb + e]);
          ASSERT_EQ(g.instance.edge_points[b + e], plain.instance.edge_points[pb + e]);
        }
        ASSERT_EQ(g.instance.person_tiebreak[k],
                  plain.instance.person_tiebreak[i]);  // the lottery's rank
      }
      EXPECT_EQ(g.instance.Validate(), "");
    }
  }
}

TEST(CandidatesTest, GraphEqualsABruteForceBuild) {
  World w = OddWorld(41);
  PlaceIndex index;
  for (const auto& q : w.places) index.Upsert(q);
  const Weights& wt = DefaultWeights();
  std::vector<uint8_t> in_scope(index.entries());
  for (uint32_t e = 0; e < index.entries(); ++e) in_scope[e] = e % 10 != 0;
  GraphOptions o;
  o.kind_mask = ~(1u << 3);
  o.place_in_scope = &in_scope;
  o.seed = 77;

  // The reference. The instance numbers the wanted places by grid cell (in Z-order: the test
  // asks only that a cell's places come together, in entry order), and the reference pairs
  // use the same numbering.
  std::vector<uint32_t> wanted;
  for (uint32_t e = 0; e < index.entries(); ++e) {
    if (in_scope[e] && static_cast<int>(index.at(e).kind) != 3) wanted.push_back(e);
  }
  const std::vector<uint32_t> place_entry = BuildCandidateGraph(index, w.people, o).place_entry;
  {
    std::vector<uint32_t> sorted = place_entry;
    std::sort(sorted.begin(), sorted.end());
    ASSERT_EQ(sorted, wanted);
    std::set<int64_t> cells_done;
    for (size_t q = 0; q < place_entry.size(); ++q) {
      const LatLon at = index.at(place_entry[q]).location;
      const int64_t cell = Grid::Key(Grid::LatIdx(at.lat), Grid::LonIdx(at.lon));
      const LatLon before = q == 0 ? LatLon{} : index.at(place_entry[q - 1]).location;
      const bool same =
          q > 0 && Grid::Key(Grid::LatIdx(before.lat), Grid::LonIdx(before.lon)) == cell;
      if (same) {
        ASSERT_LT(place_entry[q - 1], place_entry[q]);
      } else {
        ASSERT_TRUE(cells_done.insert(cell).second) << "a cell's places apart";
      }
    }
    EXPECT_GT(cells_done.size(), 20u);
  }
  std::vector<int32_t> instance_place(index.entries(), -1);
  for (size_t q = 0; q < place_entry.size(); ++q)
    instance_place[place_entry[q]] = static_cast<int32_t>(q);
  struct Edge {
    int32_t person, place;
    double score;
  };
  std::vector<Edge> edges;
  std::vector<int64_t> begin{0};
  for (int32_t i = 0; i < static_cast<int32_t>(w.people.size()); ++i) {
    std::vector<Edge> mine;
    for (uint32_t e : place_entry) {
      double score = 0;
      if (FitScore(w.people[i], index.at(e), wt, kNoDate, &score))
        mine.push_back({i, instance_place[e], score});
    }
    std::sort(mine.begin(), mine.end(), [&](const Edge& x, const Edge& y) {
      if (ScaledScore(x.score) != ScaledScore(y.score))
        return ScaledScore(x.score) > ScaledScore(y.score);
      return index.at(place_entry[x.place]).id < index.at(place_entry[y.place]).id;
    });
    edges.insert(edges.end(), mine.begin(), mine.end());
    begin.push_back(static_cast<int64_t>(edges.size()));
  }
  std::vector<int32_t> rank(edges.size());
  for (int32_t q = 0; q < static_cast<int32_t>(place_entry.size()); ++q) {
    std::vector<int64_t> at;
    for (int64_t e = 0; e < static_cast<int64_t>(edges.size()); ++e) {
      if (edges[e].place == q) at.push_back(e);
    }
    std::sort(at.begin(), at.end(), [&](int64_t x, int64_t y) {
      const int64_t sx = ScaledScore(edges[x].score), sy = ScaledScore(edges[y].score);
      if (sx != sy) return sx > sy;
      const uint64_t lx = Lottery(o.seed, w.people[edges[x].person].id);
      const uint64_t ly = Lottery(o.seed, w.people[edges[y].person].id);
      if (lx != ly) return lx < ly;
      return edges[x].person < edges[y].person;
    });
    for (size_t r = 0; r < at.size(); ++r) rank[at[r]] = static_cast<int32_t>(r);
  }
  ASSERT_GT(edges.size(), 1000u);

  o.place_ranks = true;
  for (int threads : {1, 3}) {
    o.threads = threads;
    CandidateGraph g = BuildCandidateGraph(index, w.people, o);
    const Instance& in = g.instance;
    ASSERT_EQ(g.place_entry, place_entry);
    ASSERT_EQ(in.person_begin, begin);
    ASSERT_EQ(in.edge_place.size(), edges.size());
    for (size_t e = 0; e < edges.size(); ++e) {
      ASSERT_EQ(in.edge_place[e], edges[e].place) << e;
      ASSERT_EQ(in.edge_points[e], ScaledScore(edges[e].score)) << e;
      ASSERT_EQ(in.edge_rank[e], rank[e]) << e;
    }
    EXPECT_EQ(in.Validate(), "");
  }

  // Without the explicit ranks (the rounds' graph): the same pairs, and the places' order by
  // score and person_tiebreak (PlaceKey) is the ranks' order, so deferred acceptance gives the
  // same matching, and the optimal solver the same objective.
  o.place_ranks = false;
  CandidateGraph unranked = BuildCandidateGraph(index, w.people, o);
  o.place_ranks = true;
  CandidateGraph ranked = BuildCandidateGraph(index, w.people, o);
  const Instance& in = unranked.instance;
  EXPECT_EQ(in.Validate(), "");
  EXPECT_TRUE(in.edge_rank.empty());
  EXPECT_EQ(in.person_begin, begin);
  EXPECT_EQ(in.edge_place, ranked.instance.edge_place);
  EXPECT_EQ(in.edge_points, ranked.instance.edge_points);
  EXPECT_EQ(in.person_tiebreak, ranked.instance.person_tiebreak);
  std::vector<std::vector<std::pair<uint64_t, int32_t>>> by_place(in.places);  // (key, rank)
  for (int32_t p = 0; p < in.people; ++p) {
    for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) {
      by_place[in.edge_place[e]].push_back({PlaceKey(in, e, p), rank[e]});
    }
  }
  for (auto& list : by_place) {
    std::sort(list.begin(), list.end());
    for (size_t r = 0; r < list.size(); ++r) ASSERT_EQ(list[r].second, static_cast<int32_t>(r));
  }
  const Assignment da = DeferredAcceptancePeople(in);
  EXPECT_EQ(da.edge_of_person, DeferredAcceptancePeople(ranked.instance).edge_of_person);
  EXPECT_EQ(DeferredAcceptancePlaces(in).edge_of_person,
            DeferredAcceptancePlaces(ranked.instance).edge_of_person);
  EXPECT_GT(da.placed, 0);
  EXPECT_EQ(FindBlockingPair(in, da).first, -1);
  EXPECT_EQ(ObjectiveOf(in, OptimalBipartite(in)),
            ObjectiveOf(ranked.instance, OptimalBipartite(ranked.instance)));

  // With neither ranks nor tiebreak, deferred acceptance refuses the instance.
  Instance bare = in;
  bare.person_tiebreak.clear();
  EXPECT_EQ(bare.Validate(), "");
  EXPECT_THROW(DeferredAcceptancePeople(bare), std::invalid_argument);
  EXPECT_THROW(FindBlockingPair(bare, da), std::invalid_argument);
}

// Why an unplaced person got no place: only places in the round's scope count, each code when
// it is the cause, the skill or support need named.
TEST(CandidatesTest, UnplacedReasonsNameTheCauseWithinTheScope) {
  const auto& catalog = *testing::SharedCatalog();
  auto label = [&](uint32_t skill) {
    const auto& s = catalog.data().skills[skill];
    return s.label_nl.empty() ? s.label_en : s.label_nl;
  };
  PersonProfile person = Person();  // needs a jobcoach, reach 20 km (15.4 km as the crow flies)
  auto near_place = [&](int i) {    // within reach, fits as Place() does
    PlaceProfile q = Place();
    q.id = "near" + std::to_string(i);
    q.location = {52.09 + 0.0004 * (i % 100), 5.12 + 0.0006 * (i / 100)};
    return q;
  };
  // The reason, with the places given, every one of them in scope unless `scope` says not.
  auto reason = [&](const std::vector<PlaceProfile>& places, UnplacedScope scope = {},
                    int64_t feasible = 0) {
    PlaceIndex index;
    for (const auto& q : places) index.Upsert(q);
    return ExplainUnplaced(index, person, feasible, scope, catalog);
  };

  // Competition, worded by the round's mode.
  UnplacedScope optimal;
  optimal.optimal = true;
  EXPECT_EQ(reason({}, {}, 3).code, "anderenGingenVoor");
  EXPECT_NE(reason({}, {}, 3).text.find("3 passende plekken"), std::string::npos);
  EXPECT_NE(reason({}, {}, 3).text.find("loting"), std::string::npos);
  EXPECT_NE(reason({}, optimal, 1).text.find("zoveel mogelijk deelnemers"), std::string::npos);

  // Nothing near; something that fits just beyond reach.
  EXPECT_EQ(reason({}).code, "geenPlekBinnenBereik");
  PlaceProfile beyond = Place();
  beyond.location = {52.09 + 25.0 / 111.19, 5.12};  // 25 km north: 32.5 km by road
  EXPECT_EQ(Check(person, beyond, DefaultWeights(), kNoDate), kTooFar);
  EXPECT_EQ(reason({beyond}).code, "teVer");

  // Support needed that nothing within reach offers; offered by one place of 1,000 (whether or
  // not it is among the first 400 read), it is no longer the reason.
  std::vector<PlaceProfile> many;
  for (int i = 0; i < 1000; ++i) {
    PlaceProfile q = near_place(i);
    q.offered = 0;
    q.required.push_back({7, 1});  // held by nobody here, not learnable
    many.push_back(q);
  }
  UnplacedReason r = reason(many);
  EXPECT_EQ(r.code, "ondersteuningNietAangeboden");
  EXPECT_NE(r.text.find("jobcoach"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("1000 plekken"), std::string::npos) << r.text;
  many[777].offered = SupportBit(Support::kJobcoach);
  r = reason(many);
  EXPECT_EQ(r.code, "ontbrekendeVaardigheid");
  EXPECT_NE(r.text.find(label(7)), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("400 bekeken plekken"), std::string::npos) << r.text;

  // Support offered within reach, but lacking where most places would fit otherwise.
  PlaceProfile no_coach = near_place(1), no_coach_either = near_place(2), coach = near_place(3);
  no_coach.offered = no_coach_either.offered = 0;
  coach.required.push_back({7, 1});
  r = reason({no_coach, no_coach_either, coach});
  EXPECT_EQ(r.code, "ondersteuningNietAangeboden");
  EXPECT_EQ(r.text, "jobcoach ontbreekt (bij 2 van de 3 plekken binnen bereik)");
  r = reason({no_coach, coach});  // a tie: the skill first
  EXPECT_EQ(r.code, "ontbrekendeVaardigheid") << r.text;

  // A learnable skill the person may learn (interested in the sector) is not the missing one.
  std::vector<PlaceProfile> learn;
  for (int i = 0; i < 5; ++i) {
    PlaceProfile q = near_place(i);
    q.required = {{7, 1, /*learnable=*/true}, {8, 1}};
    learn.push_back(q);
  }
  r = reason(learn);
  EXPECT_EQ(r.code, "ontbrekendeVaardigheid");
  EXPECT_EQ(r.text,
            "Mist een vereiste vaardigheid (bij alle 5 plekken binnen bereik), het vaakst " +
                domain::QuotedSkillLabel(catalog.data().skills[8]) + " (bij 5)");
  for (auto& q : learn) q.required = {{7, 1, /*learnable=*/true}, {8, 1, /*learnable=*/true}};
  for (auto& q : learn) q.min_level = Level::kMbo4;
  r = reason(learn);
  EXPECT_EQ(r.code, "niveauTeLaag") << r.text;

  // Hours and dates.
  PlaceProfile long_hours = near_place(1);
  long_hours.hours = 40;
  EXPECT_EQ(reason({long_hours}).code, "urenPassenNiet");
  PlaceProfile over = near_place(1);
  over.to = 100;
  person.available_from = 200;
  EXPECT_EQ(reason({over}).code, "nietBeschikbaar");
  person.available_from = kNoDate;

  // Scope: a place that fits but is outside the round's regions or kinds does not count, nor
  // does an entry added after the scope was made.
  PlaceProfile fits = near_place(3);
  PlaceProfile lacks = near_place(4);
  lacks.required.push_back({8, 1});
  std::vector<uint8_t> in_scope = {0, 1};  // entry 0 (fits) outside the regions
  UnplacedScope regional;
  regional.place_in_scope = &in_scope;
  r = reason({fits, lacks}, regional);
  EXPECT_EQ(r.code, "ontbrekendeVaardigheid") << r.text;
  EXPECT_NE(r.text.find(label(8)), std::string::npos) << r.text;
  in_scope = {0};  // `lacks` came later
  EXPECT_EQ(reason({fits, lacks}, regional).code, "geenPlekBinnenBereik");
  beyond.kind = domain::PlaceKind::kBaan;
  UnplacedScope internships;
  internships.kind_mask = 1u << static_cast<int>(domain::PlaceKind::kStage);
  EXPECT_EQ(reason({beyond}, internships).code, "geenPlekBinnenBereik");
  fits.kind = domain::PlaceKind::kBaan;
  EXPECT_EQ(reason({fits, lacks}, internships).code, "ontbrekendeVaardigheid");
}

// ---- the rules of the real world (data/rules/matchregels.json) --------------------------------

Weights RuledWeights() {
  Weights w = DefaultWeights();
  auto rules = io::ParseMatchRules(io::DefaultMatchRulesText());
  EXPECT_TRUE(rules.ok()) << rules.status().ToString();
  w.work = *rules;
  return w;
}

constexpr int32_t kToday = 20'430;  // 2025-12-09

int32_t BornYearsAgo(int years, int days_later = 0) {
  int y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(kToday, &y, &m, &d);
  return DaysFromCivil(y - years, m, d) + days_later;
}

TEST(WorkRulesTest, TheShippedFileGivesTheLawsAges) {
  const WorkRules r = RuledWeights().work;
  using domain::PlaceKind;
  EXPECT_EQ(r.MinAge(PlaceKind::kBaan, true, 12), 13);   // light work, 12 h in a school week
  EXPECT_EQ(r.MinAge(PlaceKind::kBaan, true, 13), 16);   // more: not before 16
  EXPECT_EQ(r.MinAge(PlaceKind::kBaan, false, 38), 15);  // 40 h in a week without school at 15
  EXPECT_EQ(r.MinAge(PlaceKind::kBaan, true, 41), 18);   // above 40 h: adults only
  EXPECT_EQ(r.MinAge(PlaceKind::kStage, true, 35), 14);  // internship with school from 14
  EXPECT_EQ(r.MinAge(PlaceKind::kStage, true, 36), 16);
  EXPECT_EQ(r.MinAge(PlaceKind::kProefplaats, false, 8), 16);
  EXPECT_EQ(r.MinAge(PlaceKind::kDagbesteding, false, 60), 18);
  EXPECT_EQ(r.start_window_days(), 120);
  EXPECT_LE(r.age_steps().size(), static_cast<size_t>(WorkRules::kAgeSteps));
  EXPECT_EQ(r.kind(PlaceKind::kBaan).ground, "Arbeidstijdenwet art. 3:2");
}

TEST(WorkRulesTest, ABrokenFileIsRefusedNamingTheField) {
  auto refused = [](const std::string& from, const std::string& to, const std::string& field) {
    std::string text = io::DefaultMatchRulesText();
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    auto r = io::ParseMatchRules(text);
    ASSERT_FALSE(r.ok()) << to;
    ASSERT_FALSE(r.status().violations().empty());
    EXPECT_EQ(r.status().violations()[0].field, field) << r.status().ToString();
  };
  refused("\"startVensterDagen\": 120", "\"startVensterDagen\": -1", "periode.startVensterDagen");
  refused("\"minimumleeftijd\": 13", "\"minimumleeftijd\": 30", "soorten.baan.minimumleeftijd");
  refused("\"arbeid\": \"stage\"", "\"arbeid\": \"spel\"", "soorten.stage.arbeid");
  refused("\"vanafLeeftijd\": 15", "\"vanafLeeftijd\": 13", "urenPerWeek[2].vanafLeeftijd");
  refused("\"werkSchoolweek\": 40", "\"werkSchoolweek\": 10", "urenPerWeek");  // fewer when older
  refused("\"periode\": {", "\"perioden\": {\"x\": 1}, \"periode\": {", "(bestand).perioden");
}

// The cases of issue 22, one by one: the age at the first day of work decides.
TEST(WorkRulesTest, MinorsGetOnlyWhatTheLawAllows) {
  const Weights w = RuledWeights();
  auto with = [&](int age_years, int age_days, bool pupil, domain::PlaceKind kind, int hours) {
    PersonProfile p = Person();
    p.birth = BornYearsAgo(age_years, -age_days);
    p.pupil = pupil;
    p.hours = 40;
    PlaceProfile q = Place();
    q.kind = kind;
    q.hours = hours;
    return std::pair{p, q};
  };
  using domain::PlaceKind;
  auto check = [&](const std::pair<PersonProfile, PlaceProfile>& pq) {
    return Check(pq.first, pq.second, w, kToday);
  };
  EXPECT_EQ(check(with(12, 0, true, PlaceKind::kDagbesteding, 16)), kTooYoung);
  EXPECT_EQ(check(with(13, 0, true, PlaceKind::kStage, 20)), kTooYoung);
  EXPECT_EQ(check(with(12, 0, true, PlaceKind::kProefplaats, 36)), kTooYoung);
  EXPECT_EQ(check(with(15, 0, true, PlaceKind::kBaan, 32)), kHoursForAge);
  EXPECT_EQ(check(with(15, 0, true, PlaceKind::kBaan, 12)), kFeasible);
  EXPECT_EQ(check(with(16, 0, true, PlaceKind::kBaan, 32)), kFeasible);
  EXPECT_EQ(check(with(14, 0, true, PlaceKind::kStage, 24)), kFeasible);
  EXPECT_EQ(check(with(17, 0, false, PlaceKind::kBaan, 45)), kHoursForAge | kTooManyHours);
  EXPECT_EQ(check(with(18, 0, false, PlaceKind::kBaan, 45)), kTooManyHours);  // the person's 40
  EXPECT_EQ(check(with(18, 0, false, PlaceKind::kDagbesteding, 24)), kFeasible);
  // 13 years and 300 days old today: a stage that starts in two months finds them 14.
  auto later = with(13, 300, true, PlaceKind::kStage, 24);
  EXPECT_EQ(check(later), kTooYoung);
  later.second.from = kToday + 70;
  EXPECT_EQ(check(later), kFeasible);
  // ... and so does a start today when they are only available then.
  later.second.from = kNoDate;
  later.first.available_from = kToday + 70;
  EXPECT_EQ(check(later), kFeasible);
  // Without a birth date no age rule applies (nothing to go on); the others still do.
  auto unknown = with(12, 0, true, PlaceKind::kBaan, 36);
  unknown.first.birth = kNoDate;
  EXPECT_EQ(check(unknown), kFeasible);
  // The explanation says it in Dutch, with the law.
  const domain::Catalog& catalog = *testing::SharedCatalog();
  auto young = with(15, 0, true, PlaceKind::kBaan, 32);
  const Explanation e = Explain(young.first, young.second, catalog, w, kToday);
  ASSERT_EQ(e.missing.size(), 1u);
  EXPECT_EQ(e.missing[0].code, "teVeelUrenVoorLeeftijd");
  EXPECT_NE(e.missing[0].text.find("hoogstens 12 uur in een schoolweek"), std::string::npos)
      << e.missing[0].text;
  auto ok = with(15, 0, true, PlaceKind::kBaan, 10);
  const Explanation f = Explain(ok.first, ok.second, catalog, w, kToday);
  EXPECT_TRUE(f.feasible);
  EXPECT_TRUE(std::any_of(f.fits.begin(), f.fits.end(),
                          [](const Reason& r) { return r.code == "leeftijd"; }));
}

TEST(WorkRulesTest, EndedAndFarOffPlacesAreNotOffered) {
  const Weights w = RuledWeights();
  PersonProfile p = Person();
  p.birth = BornYearsAgo(20);
  PlaceProfile q = Place();
  q.from = DaysFromCivil(2020, 1, 1);
  q.to = DaysFromCivil(2020, 6, 30);
  EXPECT_EQ(Check(p, q, w, kToday), kNotAvailable);  // no beschikbaarVanaf: today
  const Explanation e = Explain(p, q, *testing::SharedCatalog(), w, kToday);
  ASSERT_EQ(e.missing.size(), 1u);
  EXPECT_EQ(e.missing[0].text, "De plek liep tot 30 juni 2020 en is voorbij");
  q.from = kToday + 121;
  q.to = kNoDate;
  EXPECT_EQ(Check(p, q, w, kToday), kStartsTooLate);
  q.from = kToday + 120;
  EXPECT_EQ(Check(p, q, w, kToday), kFeasible);
  p.available_from = kToday + 30;  // the window counts from when the person is available
  q.from = kToday + 150;
  EXPECT_EQ(Check(p, q, w, kToday), kFeasible);
  q.to = kToday + 20;
  q.from = kNoDate;
  EXPECT_EQ(Check(p, q, w, kToday), kNotAvailable);
}

// A world with birth dates, pupils, availability and periods around today.
World DatedWorld(uint64_t seed, int people, int places) {
  World w = RandomWorld(seed, people, places);
  std::mt19937_64 rng(seed * 7 + 1);
  for (auto& p : w.people) {
    p.birth = BornYearsAgo(11 + static_cast<int>(rng() % 12), static_cast<int>(rng() % 365));
    p.pupil = rng() % 2 == 0;
    if (rng() % 3 == 0) p.available_from = kToday - 60 + static_cast<int32_t>(rng() % 300);
  }
  for (auto& q : w.places) {
    if (rng() % 3 != 0) q.from = kToday - 400 + static_cast<int32_t>(rng() % 700);
    if (rng() % 2 == 0) {
      q.to = (q.from == kNoDate ? kToday : q.from) + static_cast<int32_t>(rng() % 400) - 100;
    }
  }
  return w;
}

// The index's record rules (the age steps, the window) are Check's, pair by pair.
TEST(WorkRulesTest, IndexesApplyTheRulesAsCheckDoes) {
  const Weights w = RuledWeights();
  World world = DatedWorld(41, 600, 5000);
  PlaceIndex index(w);
  for (const auto& q : world.places) index.Upsert(q);
  int64_t pairs = 0, young = 0;
  std::vector<std::vector<std::pair<uint32_t, double>>> want(world.people.size());
  for (size_t i = 0; i < world.people.size(); ++i) {
    const PersonProfile& p = world.people[i];
    for (uint32_t e = 0; e < index.entries(); ++e) {
      double score = 0;
      const uint32_t bits = Check(p, index.at(e), w, kToday);
      young += (bits & (kTooYoung | kHoursForAge)) != 0;
      ASSERT_EQ(FitScore(p, index.at(e), w, kToday, &score), bits == kFeasible);
      if (bits == kFeasible) want[i].push_back({e, score});
    }
    std::vector<std::pair<uint32_t, double>> got;
    index.CollectFeasible(p, 0, kToday, &got);
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, want[i]) << p.id;
    pairs += static_cast<int64_t>(got.size());
    const auto top = index.TopK(p, PlaceQuery{5, 0, -1, kToday});
    ASSERT_EQ(top.size(), std::min<size_t>(5, got.size()));
  }
  EXPECT_GT(pairs, 1000);
  EXPECT_GT(young, 1000);
  std::vector<const PersonProfile*> block;
  for (size_t i = 0; i < std::min(world.people.size(), PlaceIndex::kBlock); ++i)
    block.push_back(&world.people[i]);
  std::vector<PlaceIndex::BlockPair> found;
  index.CollectFeasibleBlock(block.data(), block.size(), 0, kToday, &found);
  std::vector<std::vector<std::pair<uint32_t, double>>> got(block.size());
  for (const auto& f : found) got[f.person].push_back({f.entry, f.score});
  for (size_t j = 0; j < block.size(); ++j) {
    std::sort(got[j].begin(), got[j].end());
    ASSERT_EQ(got[j], want[j]) << j;
  }
  // The people's index too.
  PersonIndex people(w);
  for (const auto& p : world.people) people.Upsert(p);
  for (size_t e = 0; e < 200; ++e) {
    const PlaceProfile& q = world.places[e];
    size_t fit = 0;
    for (const auto& p : world.people) fit += Check(p, q, w, kToday) == kFeasible;
    EXPECT_EQ(people.TopK(q, 1000, kToday).size(), fit) << q.id;
  }
}

}  // namespace
}  // namespace overstap::match
