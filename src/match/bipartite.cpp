#include "match/bipartite.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <limits>
#include <mutex>
#include <numeric>
#include <stdexcept>

#include "common/huge_pages.h"
#include "common/parallel.h"

namespace overstap::match {
namespace {

constexpr int64_t kInf = std::numeric_limits<int64_t>::max() / 4;
constexpr int64_t kAhead = 2;  // arcs prefetched ahead in a scan

// The network, in min-cost-flow terms: source -> person (1) -> place (cost -w) -> sink
// (capacity), and person -> sink at cost 0 for staying unplaced. Potentials h with reduced
// cost c + h(from) - h(to) >= 0 on every residual arc; h(sink) = 0 throughout. Residual arcs:
//   person x -> place q   unless x holds q          reduced -w + h(x) - h(q)
//   place q -> holder y   (y gives up q)            reduced  w + h(q) - h(y)
//   place q -> sink       while q has a free seat   reduced  h(q)
//   person x -> sink      while x is placed (or x is the newcomer): x ends up unplaced, h(x)
class Solver {
 public:
  Solver(const Instance& in, int64_t big, int threads) : in_(in), big_(big) {
    people_.resize(static_cast<size_t>(in.people) + 1);
    for (int32_t p = 0; p <= in.people; ++p) {
      people_[p].begin = in.person_begin[p];
      // A person's arcs are addressed by 32-bit offsets (held, stale).
      if (p > 0 && in.person_begin[p] - in.person_begin[p - 1] > INT32_MAX)
        throw std::length_error("too many pairs");
    }
    // Room for the seats that can be taken (SeatBegin: at most the capacity, and at most the
    // people).
    places_.resize(in.places);
    for (int32_t q = 0; q < in.places; ++q)
      places_[q].capacity = std::max<int32_t>(0, in.capacity[q]);
    const std::vector<int64_t> seat_begin = SeatBegin(in);
    for (int32_t q = 0; q < in.places; ++q) places_[q].first = seat_begin[q];
    holder_.resize(static_cast<size_t>(seat_begin.back()));
    // Each person's pairs as arcs sorted by key (initially v = 0: best score first).
    arcs_.resize(static_cast<size_t>(in.edges()));
    ParallelChunks(static_cast<size_t>(in.people), 4096, Threads(threads, 2),
                   [&](size_t b, size_t e) {
                     for (size_t p = b; p < e; ++p) {
                       const int64_t begin = in.person_begin[p], end = in.person_begin[p + 1];
                       for (int64_t x = begin; x < end; ++x) {
                         const int32_t score = in.edge_points[x];
                         arcs_[x] = {-static_cast<int64_t>(score), in.edge_place[x], score};
                       }
                       // The candidate graph lists a person's pairs best score first; a raw
                       // instance may not.
                       auto by_key = [](const Arc& l, const Arc& r) { return l.key < r.key; };
                       if (!std::is_sorted(arcs_.begin() + begin, arcs_.begin() + end, by_key)) {
                         std::stable_sort(arcs_.begin() + begin, arcs_.begin() + end, by_key);
                       }
                     }
                   });
  }

  // A person's pair: key = v(q) - score, the arc's reduced cost minus the person's part
  // (u + key - big). v(q) only grows during the solve, so a stored key is a lower bound of the
  // current one. Key, place and score side by side: a scan reads one run of memory, 4 arcs to a
  // cache line, instead of one line in each of three arrays.
  struct Arc {
    int64_t key;
    int32_t place, score;
  };

  // Solves the people of one component, in order. Scratch is per thread.
  struct Scratch {
    std::vector<int32_t> touched_people, touched_places;
    std::vector<std::pair<int64_t, int32_t>> heap;  // (dist, place)
    std::vector<std::pair<Arc, int64_t>> arcs;      // Resort's buffer: (arc, where it was)
    SolverStats stats;
  };

  // `added` counts the people added on all threads, every kStep of them and at the end;
  // `report` (may be empty) is then called with the count.
  static constexpr size_t kStep = 4096;
  void SolveComponent(const std::vector<int32_t>& people, Scratch& s, std::atomic<size_t>& added,
                      const std::function<void(size_t)>& report) {
    for (size_t begin = 0; begin < people.size(); begin += kStep) {
      const size_t end = std::min(people.size(), begin + kStep);
      for (size_t i = begin; i < end; ++i) AddPerson(people[i], s);
      const size_t n = added.fetch_add(end - begin, std::memory_order_relaxed) + (end - begin);
      if (report) report(n);
    }
  }

  Assignment Result(Duals* duals) const {
    std::vector<int64_t> edge_of_person(in_.people, -1);
    for (int32_t p = 0; p < in_.people; ++p) {
      if (Held(p) < 0) continue;
      // The pair of the held arc: the same place and score (of duplicate pairs, any one).
      const Arc& held = arcs_[Held(p)];
      for (int64_t e = in_.person_begin[p]; e < in_.person_begin[p + 1]; ++e) {
        if (in_.edge_place[e] == held.place && in_.edge_points[e] == held.score) {
          edge_of_person[p] = e;
          break;
        }
      }
    }
    Assignment a = AssignmentOf(in_, std::move(edge_of_person));
    if (duals) {
      duals->big = big_;
      duals->person.resize(in_.people);
      duals->place.resize(in_.places);
      for (int32_t p = 0; p < in_.people; ++p)
        duals->person[p] = std::max<int64_t>(0, people_[p].h);
      for (int32_t q = 0; q < in_.places; ++q)
        duals->place[q] = std::max<int64_t>(0, -places_[q].h);
    }
    return a;
  }

 private:
  bool HasFreeSeat(int32_t q) const { return places_[q].used < places_[q].capacity; }

  void AddPerson(int32_t src, Scratch& s) {
    const int64_t src_begin = people_[src].begin, src_end = people_[src + 1].begin;
    if (src_begin == src_end) return;  // nothing to do
    // A potential that keeps the newcomer's arcs non-negative: the largest W - v, i.e. big minus
    // the smallest current key. Stored keys are lower bounds of the current ones and sorted, so
    // the scan stops once a stored key reaches the smallest current key seen.
    int64_t min_key = kInf;
    for (int64_t a = src_begin; a < src_end && arcs_[a].key < min_key; ++a) {
      if (a + kAhead < src_end) __builtin_prefetch(&places_[arcs_[a + kAhead].place]);
      min_key = std::min(min_key, -places_[arcs_[a].place].h - arcs_[a].score);
    }
    people_[src].h = std::max<int64_t>(0, big_ - min_key);
    if (people_[src].h == 0) {  // no place is worth its price to them: they stay unplaced, and
      ++s.stats.searches;       // a search would end at once without moving any potential
      return;
    }

    auto& heap = s.heap;
    auto cmp = [](const auto& a, const auto& b) { return a.first > b.first; };
    // The best way to the sink so far: (distance, terminal). Terminal: a place with a free
    // seat (~q), or a person who ends up unplaced (p; src itself means src stays unplaced).
    int64_t best = people_[src].h;
    int64_t terminal = src;
    int64_t pops = 0;
    // Settles person x at distance d: x giving up their seat is a terminal, and x's arcs are
    // relaxed.
    auto settle_person = [&](int32_t x, int64_t d) {
      if (x != src && d + people_[x].h < best) {  // x gives up their seat
        best = d + people_[x].h;
        terminal = x;
      }
      // The arc to place q costs base + key with key = v(q) - score. Arcs are in the order of
      // their stored keys, which are lower bounds (v only grows), so once base + stored key
      // reaches `best` no later arc can lead anywhere before the sink: the rest are skipped.
      // Measured: most of a person's pairs are far more expensive than the search's bound.
      const int64_t base = d + people_[x].h - big_;
      const int64_t begin = people_[x].begin, end = people_[x + 1].begin;
      // Keys refreshed in an earlier search are put back in order now, while the arcs are
      // being read anyway (most people whose keys went stale are never settled again).
      if (people_[x].stale > 0) Resort(x, begin + people_[x].stale, s);
      const int64_t held = Held(x);
      bool stale = false;
      int64_t a = begin;
      for (; a < end; ++a) {
        Arc& arc = arcs_[a];
        if (base + arc.key >= best) break;
        // The scan is bound by these random reads of places: ask for the next ones early.
        if (a + kAhead < end) __builtin_prefetch(&places_[arcs_[a + kAhead].place]);
        ++s.stats.edges_scanned;
        const int32_t q = arc.place;
        const int64_t key = -places_[q].h - arc.score;
        if (key != arc.key) {
          arc.key = key;
          stale = true;
        }
        if (a == held) continue;
        const int64_t nd = base + key;
        if (nd < places_[q].dist) {
          if (places_[q].dist == kInf) s.touched_places.push_back(q);
          places_[q].dist = nd;
          places_[q].pred = a;
          places_[q].pred_person = x;
          // A free seat is a terminal as soon as it is reached, not only when settled: the
          // tighter bound cuts the rest of this scan (the common case: a free seat among the
          // first arcs, so the others are skipped). Still exact: when the search stops every
          // node closer than `best` is settled, and each relaxed its arcs with this check.
          if (HasFreeSeat(q) && nd + places_[q].h < best) {
            best = nd + places_[q].h;
            terminal = ~static_cast<int64_t>(q);
          }
          // When q comes off the heap its holders are read: ask for them now.
          if (places_[q].used > 0) __builtin_prefetch(holder_.data() + places_[q].first);
          heap.emplace_back(nd, q);
          std::push_heap(heap.begin(), heap.end(), cmp);
        }
      }
      people_[x].stale = stale ? static_cast<int32_t>(a - begin) : 0;
    };
    people_[src].dist = 0;
    s.touched_people.push_back(src);
    settle_person(src, 0);
    // Only places go through the heap. A person's one way in is from the place they hold, at
    // reduced cost 0 (assigned pairs stay tight: they were on a shortest path when assigned, and
    // a holder and their place always move together), so holders are settled right away at
    // their place's distance, the smallest in the heap.
    while (!heap.empty() && heap.front().first < best) {
      const auto [d, q] = heap.front();
      std::pop_heap(heap.begin(), heap.end(), cmp);
      heap.pop_back();
      ++pops;
      if (d != places_[q].dist) continue;  // stale entry
      if (HasFreeSeat(q) && d + places_[q].h < best) {
        best = d + places_[q].h;
        terminal = ~static_cast<int64_t>(q);
      }
      const PlaceNode& place = places_[q];
      // The holders' nodes are random reads: ask for all of them before the first is needed.
      // Their arcs too: the seat says where they start, so both reads are under way at once.
      for (int64_t i = place.first; i < place.first + place.used; ++i) {
        __builtin_prefetch(&people_[holder_[i].person]);
        const Arc* first_arcs = arcs_.data() + holder_[i].arcs;  // a holder has an arc
        __builtin_prefetch(first_arcs);
        if (holder_[i].arcs + 4 < static_cast<int64_t>(arcs_.size()))
          __builtin_prefetch(first_arcs + 4);  // next line
      }
      for (int64_t i = place.first; i < place.first + place.used; ++i) {
        const int32_t y = holder_[i].person;
        if (d >= best) break;
        ++s.stats.edges_scanned;
        if (d < people_[y].dist) {
          if (people_[y].dist == kInf) s.touched_people.push_back(y);
          people_[y].dist = d;
          ++pops;
          settle_person(y, d);
        }
      }
    }
    heap.clear();
    ++s.stats.searches;
    s.stats.heap_pops += pops;
    s.stats.max_pops = std::max(s.stats.max_pops, pops);

    Augment(src, terminal, s);

    // Potentials: every node closer than the sink moves by (its distance - the sink's).
    for (int32_t x : s.touched_people) {
      if (people_[x].dist < best) people_[x].h += people_[x].dist - best;
      people_[x].dist = kInf;
    }
    for (int32_t q : s.touched_places) {
      if (places_[q].dist < best) places_[q].h += places_[q].dist - best;
      places_[q].dist = kInf;
      places_[q].pred = -1;
    }
    s.touched_people.clear();
    s.touched_places.clear();
  }

  // Puts x's arcs back in the order of their stored keys, keeping x's held arc the same.
  // Only arcs before `stop` were refreshed (the rest are still sorted): those are sorted
  // apart and merged back from the front, which moves no arc beyond the last refreshed key.
  void Resort(int32_t x, int64_t stop, Scratch& s) {
    const int64_t begin = people_[x].begin, end = people_[x + 1].begin;
    const int64_t held = Held(x);
    int64_t now_held = held;
    auto& tmp = s.arcs;
    tmp.clear();
    for (int64_t a = begin; a < stop; ++a) tmp.emplace_back(arcs_[a], a);
    std::sort(tmp.begin(), tmp.end(),
              [](const auto& l, const auto& r) { return l.first.key < r.first.key; });
    int64_t out = begin, rest = stop;
    for (const auto& [arc, from] : tmp) {
      for (; rest < end && arcs_[rest].key < arc.key; ++rest, ++out) {  // out < rest: no overlap
        arcs_[out] = arcs_[rest];
        if (rest == held) now_held = out;
      }
      arcs_[out] = arc;
      if (from == held) now_held = out;
      ++out;
    }
    SetHeld(x, now_held);
    people_[x].stale = 0;
  }

  // Moves one unit along the path from src to the terminal.
  void Augment(int32_t src, int64_t terminal, const Scratch& s) {
    int32_t q;
    if (terminal >= 0) {
      const int32_t x = static_cast<int32_t>(terminal);
      if (x == src) return;  // src stays unplaced
      q = arcs_[Held(x)].place;
      Release(x, q);
      SetHeld(x, -1);
    } else {
      q = static_cast<int32_t>(~terminal);
    }
    // Walk back: q takes the person it was reached from; that person leaves their old place,
    // which takes the person it was reached from, and so on up to src.
    while (true) {
      const int64_t e = places_[q].pred;
      const int32_t x = places_[q].pred_person;
      const int64_t old = Held(x);
      SetHeld(x, e);
      holder_[places_[q].first + places_[q].used++] = {x, people_[x].begin};
      if (x == src) break;
      q = arcs_[old].place;
      Release(x, q);
    }
  }

  void Release(int32_t x, int32_t q) {
    PlaceNode& place = places_[q];
    int64_t i = place.first;
    while (holder_[i].person != x) ++i;
    holder_[i] = holder_[place.first + --place.used];
  }

  // The arc x holds, or -1.
  int64_t Held(int32_t x) const {
    return people_[x].held < 0 ? -1 : people_[x].begin + people_[x].held;
  }
  void SetHeld(int32_t x, int64_t arc) {
    people_[x].held = arc < 0 ? -1 : static_cast<int32_t>(arc - people_[x].begin);
  }

  const Instance& in_;
  const int64_t big_;
  // Per person and per place, what a search reads of them side by side (one cache line for a
  // person, usually one for a place: the search is bound by these random reads). dist and pred
  // are a search's scratch; components are disjoint, so threads never share an entry.
  struct alignas(32) PersonNode {
    int64_t h = 0;        // potential; u = h at the end
    int64_t dist = kInf;  // distance in the current search
    int64_t begin = 0;    // their arcs: [begin, next person's begin)
    int32_t held = -1;    // the arc they hold, as an offset from begin; -1: none (see Held)
    int32_t stale = 0;    // arcs [begin, begin + stale) have refreshed keys, out of order
  };
  struct PlaceNode {
    int64_t h = 0;             // potential; v = -h at the end
    int64_t dist = kInf;       // distance in the current search
    int64_t pred = -1;         // the arc it was reached by in the current search ...
    int32_t pred_person = -1;  // ... and whose arc that is
    int32_t used = 0, capacity = 0;
    int64_t first = 0;  // its holders: holder_[first, first + used)
  };
  HugeVector<PersonNode> people_;  // one more than there are people: the end of the last arcs
  HugeVector<PlaceNode> places_;
  struct Seat {
    int32_t person;  // who holds it
    int64_t arcs;    // where their arcs begin (a copy of people_[person].begin)
  };
  HugeVector<Seat> holder_;
  // Per person, in [person_begin[p], person_begin[p + 1]), their pairs as arcs sorted by key.
  HugeVector<Arc> arcs_;
};

int32_t Find(std::vector<int32_t>& parent, int32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

}  // namespace

int64_t BigWeight(const Instance& in) {
  return (static_cast<int64_t>(in.people) + 1) * kScoreScale;
}

int32_t Components(const Instance& in, std::vector<int32_t>* person_component,
                   std::vector<int32_t>* place_component) {
  // Union-find over places only: a person joins their places together. The forest then has one
  // entry per place (small enough to stay in cache, unlike one per person and place), and a
  // person's component is their first place's.
  std::vector<int32_t> parent(in.places);
  std::iota(parent.begin(), parent.end(), 0);
  for (int32_t p = 0; p < in.people; ++p) {
    const int64_t begin = in.person_begin[p], end = in.person_begin[p + 1];
    if (begin == end) continue;
    int32_t a = Find(parent, in.edge_place[begin]);
    for (int64_t e = begin + 1; e < end; ++e) {
      const int32_t b = Find(parent, in.edge_place[e]);
      if (a != b) {
        parent[std::max(a, b)] = std::min(a, b);
        a = std::min(a, b);
      }
    }
  }
  // Numbered in the order of their smallest member: people without pairs first come, then
  // places (as the previous forest over people and places numbered them).
  std::vector<int32_t> id(in.places, -1);
  int32_t n = 0;
  person_component->resize(in.people);
  place_component->resize(in.places);
  for (int32_t p = 0; p < in.people; ++p) {
    if (in.person_begin[p] == in.person_begin[p + 1]) {
      (*person_component)[p] = n++;
      continue;
    }
    const int32_t r = Find(parent, in.edge_place[in.person_begin[p]]);
    if (id[r] < 0) id[r] = n++;
    (*person_component)[p] = id[r];
  }
  for (int32_t q = 0; q < in.places; ++q) {
    const int32_t r = Find(parent, q);
    if (id[r] < 0) id[r] = n++;
    (*place_component)[q] = id[r];
  }
  return n;
}

Assignment OptimalBipartite(const Instance& in, Duals* duals, int threads, SolverStats* stats,
                            const std::function<void(double)>& progress) {
  std::vector<int32_t> person_comp, place_comp;
  const int32_t n = Components(in, &person_comp, &place_comp);
  std::vector<std::vector<int32_t>> people_of(n);
  for (int32_t p = 0; p < in.people; ++p) {
    if (in.person_begin[p] < in.person_begin[p + 1]) people_of[person_comp[p]].push_back(p);
  }
  // People with the fewest options first (ties: the lowest best score first): their searches
  // stay short, as later people with many options find another way more easily. Measured on the
  // 100k-people demo: 1.6M heap pops in all, against 24M in input order.
  for (auto& list : people_of) {
    std::stable_sort(list.begin(), list.end(), [&](int32_t a, int32_t b) {
      const int64_t da = in.person_begin[a + 1] - in.person_begin[a],
                    db = in.person_begin[b + 1] - in.person_begin[b];
      if (da != db) return da < db;
      return in.edge_points[in.person_begin[a]] < in.edge_points[in.person_begin[b]];
    });
  }
  // Largest components first, so the threads finish together.
  std::vector<int32_t> order;
  for (int32_t c = 0; c < n; ++c) {
    if (!people_of[c].empty()) order.push_back(c);
  }
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return people_of[a].size() != people_of[b].size() ? people_of[a].size() > people_of[b].size()
                                                      : a < b;
  });

  Solver solver(in, BigWeight(in), threads);
  std::atomic<size_t> next{0}, added{0};
  size_t total = 0;
  for (int32_t c : order) total += people_of[c].size();
  std::mutex stats_mu;
  RunOnThreads(Threads(threads, order.size()), [&](int thread) {
    Solver::Scratch scratch;
    std::function<void(size_t)> report;  // from one thread only, as the contract says
    if (progress && thread == 0)
      report = [&](size_t n) { progress(static_cast<double>(n) / static_cast<double>(total)); };
    for (size_t i; (i = next.fetch_add(1)) < order.size();) {
      solver.SolveComponent(people_of[order[i]], scratch, added, report);
    }
    if (stats) {
      std::lock_guard<std::mutex> lock(stats_mu);
      stats->searches += scratch.stats.searches;
      stats->heap_pops += scratch.stats.heap_pops;
      stats->edges_scanned += scratch.stats.edges_scanned;
      stats->max_pops = std::max(stats->max_pops, scratch.stats.max_pops);
    }
  });
  return solver.Result(duals);
}

std::string CheckCertificate(const Instance& in, const Assignment& a, const Duals& d) {
  if (std::string err = CheckFeasible(in, a); !err.empty()) return err;
  if (static_cast<int32_t>(d.person.size()) != in.people ||
      static_cast<int32_t>(d.place.size()) != in.places) {
    return "dual sizes";
  }
  if (d.big < BigWeight(in)) return "big too small for this instance";
  std::vector<int32_t> used(in.places, 0);
  for (int32_t p = 0; p < in.people; ++p) {
    if (d.person[p] < 0) return "negative person dual " + std::to_string(p);
    if (a.edge_of_person[p] >= 0) {
      ++used[in.edge_place[a.edge_of_person[p]]];
    } else if (d.person[p] != 0) {
      return "unplaced person " + std::to_string(p) + " has a non-zero dual";
    }
  }
  for (int32_t q = 0; q < in.places; ++q) {
    if (d.place[q] < 0) return "negative place dual " + std::to_string(q);
    if (used[q] < in.capacity[q] && d.place[q] != 0) {
      return "place " + std::to_string(q) + " has a free seat and a non-zero dual";
    }
  }
  for (int32_t p = 0; p < in.people; ++p) {
    for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) {
      const int64_t slack =
          d.person[p] + d.place[in.edge_place[e]] - PairWeight(d.big, in.edge_points[e]);
      if (slack < 0)
        return "pair " + std::to_string(p) + "-" + std::to_string(in.edge_place[e]) +
               " violates the dual";
      if (e == a.edge_of_person[p] && slack != 0) {
        return "assigned pair " + std::to_string(p) + "-" + std::to_string(in.edge_place[e]) +
               " is not tight";
      }
    }
  }
  return "";
}

}  // namespace overstap::match
