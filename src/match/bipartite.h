#pragma once
// Our own solver for `optimal`: a maximum-weight b-matching on the bipartite candidate graph,
// specialised for this problem, with the dual prices that prove its optimality.
//
// The objective is lexicographic: first the most people placed, then the largest total score.
// Both are folded into one integer weight per admissible pair, w = big + round(score * 1e6),
// with big larger than any total of scores, so one more person placed always wins.
//
// Method: successive shortest augmenting paths (the Hungarian method for a transportation
// problem), one person at a time, with Dijkstra on reduced costs and node potentials. The
// search stops at the first terminal it settles — a seat that is still free, or a placed person
// who gives up their seat — and only the nodes it settled get their potential updated. Each
// person's pairs are kept sorted by a lower bound of their reduced cost (place prices only
// grow), so a scan stops at the first pair that cannot beat the best terminal found so far: the
// usual case (a free seat among the person's best places) reads a few pairs, not all of them.
// People are added fewest options first, which keeps the searches short. Components of the
// candidate graph that share no person or place are independent; they are solved on `threads`
// threads at once (at national scale most people are in one big component, though).
//
// The potentials are the dual of the linear programme
//   max sum w_e x_e  s.t.  sum over a person's edges <= 1,  sum over a place's edges <= capacity,
// as u (per person) and v (per place), both >= 0 with u_p + v_q >= w_e on every pair, equality
// on assigned pairs, u = 0 for an unplaced person and v = 0 for a place with a free seat.
// CheckCertificate verifies exactly that, which proves optimality without any other solver.
//
// Pure; thread-safe (no shared state between calls).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "match/allocation.h"

namespace overstap::match {

struct Duals {
  int64_t big = 0;              // the weight added per person placed
  std::vector<int64_t> person;  // u, per person
  std::vector<int64_t> place;   // v, per place
};

// The weight of a pair in the lexicographic objective.
inline int64_t PairWeight(int64_t big, int64_t points) { return big + points; }
// A `big` that makes placing one more person outweigh any total of scores on `in`.
int64_t BigWeight(const Instance& in);

// Work counters of one OptimalBipartite call, independent of the machine's load (for benchmarks).
struct SolverStats {
  int64_t searches = 0;       // Dijkstra searches (one per person with at least one pair)
  int64_t heap_pops = 0;      // places taken off the heaps (stale ones included) + people settled
  int64_t edges_scanned = 0;  // arcs relaxed (person -> place read, place -> holder)
  int64_t max_pops = 0;       // the largest number of pops in one search
};

// threads <= 0: one per hardware thread. `stats`, when given, receives the work counters.
// `progress`, when given, is called from one thread with the share of the people added so far
// (0 to 1; the searches of the people added last are the longest, so time runs ahead of it).
Assignment OptimalBipartite(const Instance& in, Duals* duals = nullptr, int threads = 0,
                            SolverStats* stats = nullptr,
                            const std::function<void(double)>& progress = nullptr);

// "" when (a, d) is an optimality certificate for `in` (see above); else what is wrong.
std::string CheckCertificate(const Instance& in, const Assignment& a, const Duals& d);

// Connected components of the candidate graph: a component id per person and per place
// (places without edges get their own). Returns the number of components.
int32_t Components(const Instance& in, std::vector<int32_t>* person_component,
                   std::vector<int32_t>* place_component);

}  // namespace overstap::match
