#pragma once
// The reference solvers for `optimal`: LEMON's NetworkSimplex and CostScaling on the network of
// lemon_network.h, with the same lexicographic weights as OptimalBipartite. They live in the
// library overstap_match_lemon, which only the tests and the benchmarks link: the product never
// calls LEMON.

#include "match/allocation.h"

namespace overstap::match {

// Optimal assignments by LEMON (the references). Deterministic; no error cases.
Assignment OptimalLemon(const Instance& in);
Assignment OptimalLemonCostScaling(const Instance& in);

}  // namespace overstap::match
