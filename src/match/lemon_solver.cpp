// LEMON stays inside src/match/*.cpp: its headers clash with macros from other libraries.
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include "match/allocation.h"
#include "match/lemon_cost_scaling.h"

namespace overstap::match {

namespace {

// Builds the network and runs `Algorithm` (NetworkSimplex or CostScaling) on it.
template <template <typename, typename, typename> class Algorithm>
Assignment Solve(const Instance& in) {
  using Graph = lemon::SmartDigraph;
  Graph g;
  g.reserveNode(in.people + in.places + 2);
  g.reserveArc(in.edges() + in.people + in.places + 1);
  Graph::Node source = g.addNode(), sink = g.addNode();
  std::vector<Graph::Node> person(in.people), place(in.places);
  for (auto& n : person) n = g.addNode();
  for (auto& n : place) n = g.addNode();
  Graph::ArcMap<int64_t> cap(g), cost(g);
  // Placing one more person beats any gain in score: big > total of all scaled scores.
  const int64_t big = (static_cast<int64_t>(in.people) + 1) * kScoreScale;
  std::vector<Graph::Arc> edge_arc(in.edges());
  for (int32_t p = 0; p < in.people; ++p) {
    Graph::Arc a = g.addArc(source, person[p]);
    cap[a] = 1;
    cost[a] = 0;
    for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) {
      Graph::Arc b = g.addArc(person[p], place[in.edge_place[e]]);
      cap[b] = 1;
      cost[b] = -(big + ScaledScore(in.edge_score[e]));
      edge_arc[e] = b;
    }
  }
  for (int32_t q = 0; q < in.places; ++q) {
    Graph::Arc a = g.addArc(place[q], sink);
    cap[a] = in.capacity[q];
    cost[a] = 0;
  }
  Graph::Arc bypass = g.addArc(source, sink);  // people may stay unplaced
  cap[bypass] = in.people;
  cost[bypass] = 0;
  Algorithm<Graph, int64_t, int64_t> ns(g);
  ns.upperMap(cap).costMap(cost).stSupply(source, sink, in.people);
  ns.run();
  std::vector<int64_t> edge_of(in.people, -1);
  for (int32_t p = 0; p < in.people; ++p) {
    for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) {
      if (ns.flow(edge_arc[e]) > 0) edge_of[p] = e;
    }
  }
  Assignment a;
  a.edge_of_person = std::move(edge_of);
  for (int64_t e : a.edge_of_person) {
    if (e >= 0) {
      ++a.placed;
      a.total_score += in.edge_score[e];
    }
  }
  return a;
}

template <typename G, typename V, typename C>
using NetworkSimplex = lemon::NetworkSimplex<G, V, C>;

}  // namespace

Assignment OptimalLemon(const Instance& in) { return Solve<NetworkSimplex>(in); }

Assignment OptimalLemonCostScaling(const Instance& in) {
  std::vector<int64_t> cost(in.edges());
  const int64_t big = (static_cast<int64_t>(in.people) + 1) * kScoreScale;
  for (int64_t e = 0; e < in.edges(); ++e) cost[e] = -(big + ScaledScore(in.edge_score[e]));
  std::vector<uint8_t> used(in.edges(), 0);
  LemonCostScaling(in.people, in.places, in.capacity.data(), in.person_begin.data(), in.edge_place.data(),
                   cost.data(), used.data());
  Assignment a;
  a.edge_of_person.assign(in.people, -1);
  for (int32_t p = 0; p < in.people; ++p) {
    for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) {
      if (used[e]) a.edge_of_person[p] = e;
    }
    if (a.edge_of_person[p] >= 0) {
      ++a.placed;
      a.total_score += in.edge_score[a.edge_of_person[p]];
    }
  }
  return a;
}

}  // namespace overstap::match
