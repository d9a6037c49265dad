// Allocation: stability, capacities, optimality, on hand-made and random instances.

#include "match/allocation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "match/bipartite.h"
#include "match/lemon_solver.h"

namespace overstap::match {
namespace {

// Builds an instance from preference lists; places rank people by the given ranking lists.
Instance Make(const std::vector<std::vector<int32_t>>& prefs,
              const std::vector<std::vector<int32_t>>& rankings, std::vector<int32_t> capacity,
              const std::vector<std::vector<double>>& scores = {}) {
  Instance in;
  in.people = static_cast<int32_t>(prefs.size());
  in.places = static_cast<int32_t>(capacity.size());
  in.capacity = std::move(capacity);
  in.person_begin.push_back(0);
  for (int32_t p = 0; p < in.people; ++p) {
    for (size_t k = 0; k < prefs[p].size(); ++k) {
      int32_t q = prefs[p][k];
      const auto& r = rankings[q];
      int32_t rank = static_cast<int32_t>(std::find(r.begin(), r.end(), p) - r.begin());
      in.edge_place.push_back(q);
      in.edge_rank.push_back(rank);
      in.edge_points.push_back(static_cast<int32_t>(
          ScaledScore(scores.empty() ? 1.0 - 0.1 * static_cast<double>(k) : scores[p][k])));
    }
    in.person_begin.push_back(static_cast<int64_t>(in.edge_place.size()));
  }
  return in;
}

Instance Random(std::mt19937_64& rng, int people, int places, int max_list, int max_cap) {
  std::vector<std::vector<int32_t>> prefs(people);
  std::vector<std::vector<double>> scores(people);
  std::vector<std::vector<int32_t>> rankings(places);
  for (int p = 0; p < people; ++p) {
    std::vector<int32_t> all(places);
    std::iota(all.begin(), all.end(), 0);
    std::shuffle(all.begin(), all.end(), rng);
    int n = static_cast<int>(rng() % (max_list + 1));
    for (int k = 0; k < n && k < places; ++k) {
      prefs[p].push_back(all[k]);
      scores[p].push_back(static_cast<double>(rng() % 1000) / 1000.0);
    }
  }
  for (int q = 0; q < places; ++q) {
    for (int p = 0; p < people; ++p) rankings[q].push_back(p);
    std::shuffle(rankings[q].begin(), rankings[q].end(), rng);
  }
  std::vector<int32_t> cap(places);
  for (auto& c : cap) c = static_cast<int32_t>(rng() % (max_cap + 1));
  return Make(prefs, rankings, cap, scores);
}

// All stable matchings by brute force (tiny instances only).
void Enumerate(const Instance& in, int32_t p, std::vector<int64_t>& cur, std::vector<int32_t>& used,
               std::vector<Assignment>* out) {
  if (p == in.people) {
    Assignment a;
    a.edge_of_person = cur;
    if (FindBlockingPair(in, a).first < 0) out->push_back(a);
    return;
  }
  cur[p] = -1;
  Enumerate(in, p + 1, cur, used, out);
  for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) {
    int32_t q = in.edge_place[e];
    if (used[q] >= in.capacity[q]) continue;
    ++used[q];
    cur[p] = e;
    Enumerate(in, p + 1, cur, used, out);
    --used[q];
  }
  cur[p] = -1;
}

// The best lexicographic objective by brute force.
void BestObjective(const Instance& in, int32_t p, std::vector<int32_t>& used, Objective cur,
                   Objective* best) {
  if (p == in.people) {
    if (cur.placed > best->placed || (cur.placed == best->placed && cur.score > best->score))
      *best = cur;
    return;
  }
  BestObjective(in, p + 1, used, cur, best);
  for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) {
    int32_t q = in.edge_place[e];
    if (used[q] >= in.capacity[q]) continue;
    ++used[q];
    BestObjective(in, p + 1, used, {cur.placed + 1, cur.score + in.edge_points[e]}, best);
    --used[q];
  }
}

TEST(AllocationTest, TextbookInstance) {
  // Three people, two places of capacity 1 and 2.
  Instance in = Make({{0, 1}, {0, 1}, {0}}, {{2, 0, 1}, {0, 1, 2}}, {1, 2});
  ASSERT_EQ(in.Validate(), "");
  Assignment a = DeferredAcceptancePeople(in);
  EXPECT_EQ(CheckFeasible(in, a), "");
  EXPECT_EQ(FindBlockingPair(in, a).first, -1);
  EXPECT_EQ(in.edge_place[a.edge_of_person[2]], 0);  // place 0 prefers person 2
  EXPECT_EQ(a.placed, 3);
}

// ScaledScore skips llround's call for scores in range; it must round exactly as llround does,
// halves and the doubles next to them included.
TEST(AllocationTest, ScaledScoreRoundsAsLlround) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> scores{0.0,       1.0,       0.5e-6,  1.5e-6,  2.5e-6, 0.4999999999999999e-6,
                             0.1234565, 0.9999995, -0.3e-6, -0.5e-6, 3.0,    1e12};
  for (int k = 0; k < 1000; ++k) {
    const double half = (static_cast<double>(k) + 0.5) / kScoreScale;
    scores.insert(scores.end(), {half, std::nextafter(half, 0.0), std::nextafter(half, 1.0)});
  }
  for (int k = 0; k < 100000; ++k) scores.push_back(unit(rng));
  for (double s : scores) ASSERT_EQ(ScaledScore(s), std::llround(s * kScoreScale)) << s;
}

// Without explicit ranks, places rank by score (as ScaledScore) and break ties by
// person_tiebreak; Validate refuses a tiebreak that is not a permutation, or a score outside
// [0, 1] that would have to rank people.
TEST(AllocationTest, PlacesRankByScoreThenTiebreak) {
  // Four people who all want place 0 (capacity 1) and then place 1 (capacity 1).
  Instance in = Make({{0, 1}, {0, 1}, {0, 1}, {0, 1}}, {{0, 1, 2, 3}, {0, 1, 2, 3}}, {1, 1},
                     {{0.5, 0.2}, {0.7, 0.2}, {0.7, 0.2}, {0.6, 0.3}});
  in.edge_rank.clear();
  in.person_tiebreak = {0, 3, 1, 2};
  ASSERT_EQ(in.Validate(), "");
  EXPECT_LT(PlaceKey(in, 4, 2), PlaceKey(in, 2, 1));  // 0.7 and 0.7: tiebreak 1 before 3
  EXPECT_LT(PlaceKey(in, 2, 1), PlaceKey(in, 6, 3));  // 0.7 before 0.6
  for (const Assignment& a : {DeferredAcceptancePeople(in), DeferredAcceptancePlaces(in)}) {
    EXPECT_EQ(CheckFeasible(in, a), "");
    EXPECT_EQ(FindBlockingPair(in, a).first, -1);
    EXPECT_EQ(a.edge_of_person[2], 4);  // place 0: person 2 wins the tie
    EXPECT_EQ(a.edge_of_person[3], 7);  // place 1: person 3 scores highest there
    EXPECT_EQ(a.placed, 2);
  }
  Instance twice = in;
  twice.person_tiebreak = {0, 1, 1, 2};
  EXPECT_EQ(twice.Validate(), "person_tiebreak is not a permutation");
  Instance short_list = in;
  short_list.person_tiebreak.pop_back();
  EXPECT_EQ(short_list.Validate(), "person_tiebreak size");
  Instance over = in;
  over.edge_points[0] = static_cast<int32_t>(ScaledScore(1.5));
  EXPECT_EQ(over.Validate(), "a score outside [0, 1] cannot rank people");
}

TEST(AllocationTest, ZeroCapacityNoListsAndDuplicatesOfPlaces) {
  Instance in = Make({{0, 1}, {}, {1, 2}}, {{0, 1, 2}, {2, 0, 1}, {1, 2, 0}}, {0, 1, 1});
  for (const Assignment& a :
       {DeferredAcceptancePeople(in), DeferredAcceptancePlaces(in), OptimalLemon(in)}) {
    EXPECT_EQ(CheckFeasible(in, a), "");
    EXPECT_EQ(a.edge_of_person[1], -1);  // no list, no place
  }
  // Two identical places: both get filled.
  Instance twins = Make({{0, 1}, {0, 1}}, {{0, 1}, {0, 1}}, {1, 1});
  EXPECT_EQ(DeferredAcceptancePeople(twins).placed, 2);
}

// On several threads (people proposing in whatever order the threads get to them), deferred
// acceptance gives the very same matching as on one: by the places' explicit ranks, and by
// score and lottery with many ties in score.
TEST(AllocationTest, DeferredAcceptanceOnThreadsIsTheSame) {
  std::mt19937_64 rng(77);
  for (int round = 0; round < 24; ++round) {
    const int people = 600 + static_cast<int>(rng() % 2400),
              places = 20 + static_cast<int>(rng() % 280);
    Instance in =
        Random(rng, people, places, 1 + static_cast<int>(rng() % 12), static_cast<int>(rng() % 4));
    if (round % 2 == 1) {  // the rounds' form: no ranks, the score and a lottery
      in.edge_rank.clear();
      in.person_tiebreak.resize(static_cast<size_t>(in.people));
      std::iota(in.person_tiebreak.begin(), in.person_tiebreak.end(), 0u);
      std::shuffle(in.person_tiebreak.begin(), in.person_tiebreak.end(), rng);
      for (auto& s : in.edge_points) s = s / (kScoreScale / 8) * (kScoreScale / 8);  // ties
    }
    ASSERT_EQ(in.Validate(), "");
    const Assignment one = DeferredAcceptancePeople(in, 1);
    ASSERT_EQ(FindBlockingPair(in, one).first, -1) << "round " << round;
    for (int threads : {2, 3, 4}) {
      const Assignment many = DeferredAcceptancePeople(in, threads);
      ASSERT_EQ(many.edge_of_person, one.edge_of_person)
          << "round " << round << " threads " << threads;
      ASSERT_EQ(many.placed, one.placed);
    }
  }
}

TEST(AllocationTest, RandomInstancesAreStableAndPersonOptimal) {
  std::mt19937_64 rng(20261123);
  for (int round = 0; round < 300; ++round) {
    Instance in =
        Random(rng, 1 + static_cast<int>(rng() % 6), 1 + static_cast<int>(rng() % 4), 3, 2);
    ASSERT_EQ(in.Validate(), "");
    Assignment people = DeferredAcceptancePeople(in);
    Assignment places = DeferredAcceptancePlaces(in);
    ASSERT_EQ(CheckFeasible(in, people), "");
    ASSERT_EQ(CheckFeasible(in, places), "");
    ASSERT_EQ(FindBlockingPair(in, people).first, -1);
    ASSERT_EQ(FindBlockingPair(in, places).first, -1);
    // Rural hospitals: the same people are placed and every place fills the same seats.
    std::vector<int32_t> fill_a(in.places), fill_b(in.places);
    for (int32_t p = 0; p < in.people; ++p) {
      ASSERT_EQ(people.edge_of_person[p] >= 0, places.edge_of_person[p] >= 0);
      if (people.edge_of_person[p] >= 0) ++fill_a[in.edge_place[people.edge_of_person[p]]];
      if (places.edge_of_person[p] >= 0) ++fill_b[in.edge_place[places.edge_of_person[p]]];
    }
    ASSERT_EQ(fill_a, fill_b);
    // Person-optimal: in every stable matching each person is at best as well off.
    std::vector<Assignment> all;
    std::vector<int64_t> cur(in.people, -1);
    std::vector<int32_t> used(in.places, 0);
    Enumerate(in, 0, cur, used, &all);
    ASSERT_FALSE(all.empty());
    for (const auto& s : all) {
      for (int32_t p = 0; p < in.people; ++p) {
        int64_t mine = people.edge_of_person[p], theirs = s.edge_of_person[p];
        if (theirs >= 0) {
          ASSERT_TRUE(mine >= 0 && mine <= theirs) << "round " << round;
        }
        int64_t worst = places.edge_of_person[p];
        if (worst >= 0 && theirs >= 0) {
          ASSERT_GE(worst, theirs) << "place-optimal is person-pessimal";
        }
      }
    }
  }
}

TEST(AllocationTest, OptimalEqualsBruteForce) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    Instance in =
        Random(rng, 1 + static_cast<int>(rng() % 6), 1 + static_cast<int>(rng() % 4), 3, 2);
    Assignment a = OptimalLemon(in);
    ASSERT_EQ(CheckFeasible(in, a), "");
    Duals duals;
    Assignment ours = OptimalBipartite(in, &duals, 1);
    ASSERT_EQ(CheckCertificate(in, ours, duals), "") << "round " << round;
    Objective best;
    std::vector<int32_t> used(in.places, 0);
    BestObjective(in, 0, used, {}, &best);
    ASSERT_EQ(ObjectiveOf(in, a), best) << "round " << round;
    ASSERT_EQ(ObjectiveOf(in, ours), best) << "round " << round;
    // Optimal never places fewer people than a stable matching.
    ASSERT_GE(a.placed, DeferredAcceptancePeople(in).placed);
  }
}

// Our bipartite solver against both LEMON algorithms on larger random instances, with the
// optimality certificate checked on every one, on one thread and on several.
TEST(AllocationTest, BipartiteEqualsLemonAndProvesItself) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 150; ++round) {
    const int people = 1 + static_cast<int>(rng() % 120), places = 1 + static_cast<int>(rng() % 60);
    Instance in = Random(rng, people, places, 1 + static_cast<int>(rng() % 8),
                         1 + static_cast<int>(rng() % 4));
    if (round % 3 == 0) {  // many ties: scores from a handful of values
      for (auto& s : in.edge_points) s = s / (kScoreScale / 4) * (kScoreScale / 4);
    }
    const Objective ns = ObjectiveOf(in, OptimalLemon(in));
    const Objective cs = ObjectiveOf(in, OptimalLemonCostScaling(in));
    ASSERT_EQ(ns, cs) << "round " << round;
    for (int threads : {1, 3}) {
      Duals duals;
      Assignment ours = OptimalBipartite(in, &duals, threads);
      ASSERT_EQ(CheckCertificate(in, ours, duals), "") << "round " << round;
      ASSERT_EQ(ObjectiveOf(in, ours), ns) << "round " << round << " threads " << threads;
    }
  }
}

// Lists best score first, as the candidate graph gives them (the solver then keeps the given
// order of arcs instead of sorting), and far more people than seats, so that prices climb,
// arcs are cut by their stored bounds and reordered (the held pair moving with them) many
// times per person. Against LEMON, with the certificate, on one thread and on two.
TEST(AllocationTest, BipartiteOnBestFirstListsWithScarceSeats) {
  std::mt19937_64 rng(23);
  for (int round = 0; round < 40; ++round) {
    const int people = 50 + static_cast<int>(rng() % 400),
              places = 5 + static_cast<int>(rng() % 60);
    Instance in = Random(rng, people, places, 1 + static_cast<int>(rng() % 25),
                         1 + static_cast<int>(rng() % 3));
    if (round % 2 == 0) {  // ties
      for (auto& s : in.edge_points) s = s / (kScoreScale / 8) * (kScoreScale / 8);
    }
    for (int32_t p = 0; p < in.people; ++p) {  // best score first, as BuildCandidateGraph does
      std::vector<std::pair<int32_t, int32_t>> list;
      for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e)
        list.emplace_back(-in.edge_points[e], in.edge_place[e]);
      std::sort(list.begin(), list.end());
      for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) {
        in.edge_points[e] = -list[e - in.person_begin[p]].first;
        in.edge_place[e] = list[e - in.person_begin[p]].second;
      }
    }
    const Objective ns = ObjectiveOf(in, OptimalLemon(in));
    int32_t with_pairs = 0;
    for (int32_t p = 0; p < in.people; ++p)
      with_pairs += in.person_begin[p + 1] > in.person_begin[p];
    for (int threads : {1, 2}) {
      Duals duals;
      SolverStats stats;
      std::vector<double> progress;
      Assignment ours =
          OptimalBipartite(in, &duals, threads, &stats, [&](double f) { progress.push_back(f); });
      ASSERT_EQ(CheckCertificate(in, ours, duals), "") << "round " << round;
      ASSERT_EQ(ObjectiveOf(in, ours), ns) << "round " << round << " threads " << threads;
      ASSERT_EQ(stats.searches, with_pairs) << "round " << round;
      // Progress from one thread, never backwards, within (0, 1]; all of it on one thread.
      ASSERT_TRUE(std::is_sorted(progress.begin(), progress.end())) << "round " << round;
      if (!progress.empty()) ASSERT_GT(progress.front(), 0);
      if (!progress.empty()) ASSERT_LE(progress.back(), 1);
      if (threads == 1 && with_pairs > 0) ASSERT_EQ(progress.back(), 1.0) << "round " << round;
    }
  }
}

// The checks the property tests lean on can fail: a place over capacity, an edge that is not
// the person's, and a blocking pair are each caught.
TEST(AllocationTest, FeasibilityAndStabilityChecksCatchBadAnswers) {
  // Two people who both prefer place 0 (one seat), which prefers person 1.
  Instance in = Make({{0, 1}, {0, 1}}, {{1, 0}, {0, 1}}, {1, 1});
  Assignment both_at_0 = AssignmentOf(in, {0, 2});
  EXPECT_NE(CheckFeasible(in, both_at_0), "");
  Assignment foreign_edge = AssignmentOf(in, {0, 1});  // edge 1 is person 0's, not person 1's
  EXPECT_NE(CheckFeasible(in, foreign_edge), "");
  Assignment unstable = AssignmentOf(in, {0, 3});  // 0 at place 0, 1 at place 1
  EXPECT_EQ(CheckFeasible(in, unstable), "");
  EXPECT_EQ(FindBlockingPair(in, unstable),
            std::make_pair(1, 0));  // 1 and place 0 prefer each other
  Assignment stable = DeferredAcceptancePeople(in);
  EXPECT_EQ(FindBlockingPair(in, stable).first, -1);
  EXPECT_EQ(in.edge_place[stable.edge_of_person[1]], 0);
}

// The certificate check itself can fail: a suboptimal assignment or a wrong dual is caught.
TEST(AllocationTest, CertificateCatchesSuboptimalAnswers) {
  // Two people, one seat: person 0 scores 0.9, person 1 scores 0.4.
  Instance in = Make({{0}, {0}}, {{0, 1}}, {1}, {{0.9}, {0.4}});
  Duals duals;
  Assignment best = OptimalBipartite(in, &duals, 1);
  ASSERT_EQ(CheckCertificate(in, best, duals), "");
  ASSERT_EQ(best.edge_of_person[0], 0);
  Assignment worse = best;
  worse.edge_of_person = {-1, 1};
  EXPECT_NE(CheckCertificate(in, worse, duals), "");
  Duals bad = duals;
  bad.place[0] -= 1;
  EXPECT_NE(CheckCertificate(in, best, bad), "");
  Assignment none;
  none.edge_of_person = {-1, -1};
  EXPECT_NE(CheckCertificate(in, none, duals), "");
}

// Components are solved independently: two regions that share nothing.
TEST(AllocationTest, ComponentsSplitIndependentRegions) {
  Instance in = Make({{0}, {0, 1}, {2}, {2}}, {{0, 1}, {1}, {2, 3}}, {1, 1, 1});
  std::vector<int32_t> pc, qc;
  EXPECT_EQ(Components(in, &pc, &qc), 2);
  EXPECT_EQ(pc[0], pc[1]);
  EXPECT_EQ(qc[0], qc[1]);
  EXPECT_NE(pc[0], pc[2]);
  EXPECT_EQ(pc[2], qc[2]);
  Assignment a = OptimalBipartite(in, nullptr, 2);
  EXPECT_EQ(a.placed, 3);
}

}  // namespace
}  // namespace overstap::match
