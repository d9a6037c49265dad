// Compiled as C++17 (see the header). LEMON stays inside src/match/*.cpp: its headers clash with
// macros from other libraries (an HTTP header defines MAX).
#include "match/lemon_network.h"

#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <vector>

namespace overstap::match {

void LemonMinCostFlow(LemonAlgorithm algorithm, int32_t people, int32_t places,
                      const int32_t* capacity, const int64_t* person_begin,
                      const int32_t* edge_place, const int64_t* cost, uint8_t* used) {
  using Graph = lemon::SmartDigraph;
  Graph g;
  const int64_t edges = person_begin[people];
  g.reserveNode(people + places + 2);
  g.reserveArc(static_cast<int>(edges + people + places + 1));
  Graph::Node source = g.addNode(), sink = g.addNode();
  std::vector<Graph::Node> person(people), place(places);
  for (auto& n : person) n = g.addNode();
  for (auto& n : place) n = g.addNode();
  Graph::ArcMap<int64_t> cap(g), arc_cost(g);
  std::vector<Graph::Arc> edge_arc(edges);
  for (int32_t p = 0; p < people; ++p) {
    Graph::Arc a = g.addArc(source, person[p]);
    cap[a] = 1;
    arc_cost[a] = 0;
    for (int64_t e = person_begin[p]; e < person_begin[p + 1]; ++e) {
      Graph::Arc b = g.addArc(person[p], place[edge_place[e]]);
      cap[b] = 1;
      arc_cost[b] = cost[e];
      edge_arc[e] = b;
    }
  }
  for (int32_t q = 0; q < places; ++q) {
    Graph::Arc a = g.addArc(place[q], sink);
    cap[a] = capacity[q];
    arc_cost[a] = 0;
  }
  Graph::Arc bypass = g.addArc(source, sink);
  cap[bypass] = people;
  arc_cost[bypass] = 0;
  auto solve = [&](auto& solver) {
    solver.upperMap(cap).costMap(arc_cost).stSupply(source, sink, people);
    solver.run();
    for (int64_t e = 0; e < edges; ++e) used[e] = solver.flow(edge_arc[e]) > 0 ? 1 : 0;
  };
  if (algorithm == LemonAlgorithm::kNetworkSimplex) {
    lemon::NetworkSimplex<Graph, int64_t, int64_t> ns(g);
    solve(ns);
  } else {
    lemon::CostScaling<Graph, int64_t, int64_t> cs(g);
    solve(cs);
  }
}

}  // namespace overstap::match
