// The LEMON reference solvers for `optimal`, on the network of lemon_network.h.

#include "match/lemon_solver.h"

#include "match/bipartite.h"
#include "match/lemon_network.h"

namespace overstap::match {
namespace {

Assignment Solve(const Instance& in, LemonAlgorithm algorithm) {
  // The same lexicographic weights as our solver: placing one more person beats any score gain.
  const auto edges = static_cast<size_t>(in.edges());
  std::vector<int64_t> cost(edges);
  const int64_t big = BigWeight(in);
  for (int64_t e = 0; e < in.edges(); ++e) cost[e] = -PairWeight(big, in.edge_points[e]);
  std::vector<uint8_t> used(edges, 0);
  LemonMinCostFlow(algorithm, in.people, in.places, in.capacity.data(), in.person_begin.data(),
                   in.edge_place.data(), cost.data(), used.data());
  std::vector<int64_t> edge_of(in.people, -1);
  for (int32_t p = 0; p < in.people; ++p) {
    for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) {
      if (used[e]) edge_of[p] = e;
    }
  }
  return AssignmentOf(in, std::move(edge_of));
}

}  // namespace

Assignment OptimalLemon(const Instance& in) { return Solve(in, LemonAlgorithm::kNetworkSimplex); }
Assignment OptimalLemonCostScaling(const Instance& in) {
  return Solve(in, LemonAlgorithm::kCostScaling);
}

}  // namespace overstap::match
