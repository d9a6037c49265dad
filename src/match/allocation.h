#pragma once
// Allocation over a two-sided instance: people with preference lists over places, places with
// capacities and a ranking of the people who listed them, and a score per admissible pair.
//
// Stable: deferred acceptance (Gale-Shapley with capacities). Person-proposing gives the
// person-optimal stable matching, place-proposing the place-optimal one.
// Optimal: first the largest number of people placed, then the largest total score, as a
// min-cost flow; LEMON's NetworkSimplex is the reference solver (lemon_solver.cpp).
//
// Pure functions over plain arrays; no I/O. Thread-safe (no shared state).

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
  std::vector<int32_t> capacity;     // per place
  std::vector<int64_t> person_begin;  // size people + 1; edges of person i: [begin[i], begin[i+1])
  // The per-edge arrays, hundreds of megabytes at national scale, are on huge pages; their
  // resize() does not zero them (common/huge_pages.h): the builder fills every element.
  HugeVector<int32_t> edge_place;     // per edge
  HugeVector<int32_t> edge_rank;      // per edge: the place's rank of this person (0 = best);
                                      // empty when not ranked (enough for the optimal solvers)
  HugeVector<double> edge_score;      // per edge: score in [0, 1] (used by optimal)

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
// min(capacity, people who list it) of them (never negative). Size places + 1.
std::vector<int64_t> SeatBegin(const Instance& in);

// Deferred acceptance needs the places' ranks: std::invalid_argument without them.
Assignment DeferredAcceptancePeople(const Instance& in);
Assignment DeferredAcceptancePlaces(const Instance& in);

// Scores as integers for exact objectives: round(score * kScoreScale).
inline constexpr int64_t kScoreScale = 1000000;
int64_t ScaledScore(double score);

// Lexicographic objective of an assignment: (placed, sum of scaled scores).
struct Objective {
  int64_t placed = 0;
  int64_t score = 0;
  bool operator==(const Objective&) const = default;
};
Objective ObjectiveOf(const Instance& in, const Assignment& a);

// Optimal by LEMON (the references): NetworkSimplex and CostScaling on the same network.
Assignment OptimalLemon(const Instance& in);
Assignment OptimalLemonCostScaling(const Instance& in);

// Checks: no place over capacity, every used edge exists. "" when fine.
std::string CheckFeasible(const Instance& in, const Assignment& a);
// A blocking pair (person, place) for `a`, or {-1, -1} when `a` is stable. Needs the ranks.
std::pair<int32_t, int32_t> FindBlockingPair(const Instance& in, const Assignment& a);

}  // namespace overstap::match
