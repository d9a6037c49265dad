#pragma once
// Allocation over a two-sided instance: people with preference lists over places, places with
// capacities and a ranking of the people who listed them, and a score per admissible pair.
//
// Stable: deferred acceptance (Gale-Shapley with capacities). Person-proposing gives the
// person-optimal stable matching, place-proposing the place-optimal one.
// Optimal: first the largest number of people placed, then the largest total score, as a
// min-cost flow; LEMON's NetworkSimplex is the reference solver (lemon_solver.h, tests and
// benchmarks only).
//
// Pure functions over plain arrays; no I/O. Thread-safe (no shared state).

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "common/huge_pages.h"

namespace overstap::match {

// Compressed adjacency: the admissible pairs of each person, in the person's order of
// preference (most preferred first).
struct Instance {
  int32_t people = 0;
  int32_t places = 0;
  std::vector<int32_t> capacity;      // per place
  std::vector<int64_t> person_begin;  // size people + 1; edges of person i: [begin[i], begin[i+1])
  // The per-edge arrays, hundreds of megabytes at national scale: their resize() does not zero
  // them, the builder fills every element, on huge pages (common/huge_pages.h: on this kind of
  // machine the first touch of fresh memory is the dearer part of writing them).
  HugeVector<int32_t> edge_place;  // per edge
  HugeVector<int32_t> edge_rank;   // per edge: the place's rank of this person (0 = best);
                                   // may be empty: see person_tiebreak
  // Per edge: the score in points, ScaledScore(score): 0 .. kScoreScale for a score in [0, 1].
  // The solvers compare and add scores only as points, so the points are what is kept (4 bytes
  // a pair instead of a double's 8: a third of a national graph's memory).
  HugeVector<int32_t> edge_points;
  // Without edge_rank, places rank the people who list them by score (points, higher
  // first) and break ties by this (lower first): a permutation of 0 .. people - 1. That is the
  // candidate graph's order, and it spares sorting every place's people. Empty with neither:
  // enough for the optimal solvers, not for deferred acceptance.
  std::vector<uint32_t> person_tiebreak;

  bool places_rank() const {
    return edge_rank.size() == edge_place.size() || !person_tiebreak.empty();
  }

  int64_t edges() const { return static_cast<int64_t>(edge_place.size()); }
  // Checks the arrays are consistent; returns an explanation when not ("" when fine).
  std::string Validate() const;
};

// The result: for each person the edge they got, or -1.
struct Assignment {
  std::vector<int64_t> edge_of_person;
  int32_t placed = 0;
  double total_score = 0;
};

// An assignment from the edge each person got (-1: none), with its count and total score.
Assignment AssignmentOf(const Instance& in, std::vector<int64_t> edge_of_person);

// The seats each place can fill, laid out side by side: place q's are [begin[q], begin[q + 1]),
// min(capacity, people) of them when the seats are few against the pairs, else
// min(capacity, people who list it) (never negative). Size places + 1.
std::vector<int64_t> SeatBegin(const Instance& in);

// Scores as integers for exact objectives: round(score * kScoreScale).
inline constexpr int64_t kScoreScale = 1000000;
inline int64_t ScaledScore(double score) {
  const double x = score * kScoreScale;
  if (x >= 0 && x < 0x1p52) {  // llround's answer without its call: x - trunc(x) is exact here
    const auto whole = static_cast<int64_t>(x);
    return whole + (x - static_cast<double>(whole) >= 0.5);
  }
  return std::llround(x);
}
// The score of `points` points.
inline double ScoreOfPoints(int64_t points) { return static_cast<double>(points) / kScoreScale; }

// A place's preference for the person of edge e (person p) as one number, lower preferred:
// the rank, or the score turned round, in the high half; the person, or their tiebreak, in the
// low half, so no two people of a place share one. Needs places_rank().
inline uint64_t PlaceKey(const Instance& in, int64_t e, int32_t p) {
  if (!in.edge_rank.empty())
    return static_cast<uint64_t>(static_cast<uint32_t>(in.edge_rank[e])) << 32 |
           static_cast<uint32_t>(p);
  return static_cast<uint64_t>(kScoreScale - in.edge_points[e]) << 32 | in.person_tiebreak[p];
}

// Deferred acceptance needs the places' order (places_rank()): std::invalid_argument without.
// The person-proposing one runs on `threads` threads (<= 0: one per core): the person-optimal
// stable matching does not depend on the order in which people propose, so each thread works
// through a lane of people of its own before helping the others (ParallelLanes in
// common/parallel.h) and each place is locked while a proposal is decided; the
// answer is the same as on one thread, edge for edge.
Assignment DeferredAcceptancePeople(const Instance& in, int threads = 1);
Assignment DeferredAcceptancePlaces(const Instance& in);

// Lexicographic objective of an assignment: (placed, sum of scaled scores).
struct Objective {
  int64_t placed = 0;
  int64_t score = 0;
  bool operator==(const Objective&) const = default;
};
Objective ObjectiveOf(const Instance& in, const Assignment& a);

// Checks: no place over capacity, every used edge exists. "" when fine.
std::string CheckFeasible(const Instance& in, const Assignment& a);
// A blocking pair (person, place) for `a`, or {-1, -1} when `a` is stable. Needs places_rank().
std::pair<int32_t, int32_t> FindBlockingPair(const Instance& in, const Assignment& a);

}  // namespace overstap::match
