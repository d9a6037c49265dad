#include "match/allocation.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <queue>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include "common/huge_pages.h"
#include "common/parallel.h"

namespace overstap::match {

std::string Instance::Validate() const {
  if (people < 0 || places < 0) return "negative sizes";
  if (static_cast<int32_t>(capacity.size()) != places) return "capacity size";
  if (static_cast<int64_t>(person_begin.size()) != people + 1) return "person_begin size";
  if (person_begin.front() != 0 || person_begin.back() != edges()) return "person_begin bounds";
  if ((!edge_rank.empty() && edge_rank.size() != edge_place.size()) ||
      edge_points.size() != edge_place.size()) {
    return "edge arrays";
  }
  for (int32_t i = 0; i < people; ++i) {
    if (person_begin[i] > person_begin[i + 1]) return "person_begin not monotone";
  }
  for (int64_t e = 0; e < edges(); ++e) {
    if (edge_place[e] < 0 || edge_place[e] >= places) return "edge place out of range";
  }
  for (int32_t c : capacity) {
    if (c < 0) return "negative capacity";
  }
  if (!person_tiebreak.empty()) {
    if (static_cast<int64_t>(person_tiebreak.size()) != people) return "person_tiebreak size";
    std::vector<bool> seen(person_tiebreak.size(), false);
    for (uint32_t t : person_tiebreak) {
      if (t >= seen.size() || seen[t]) return "person_tiebreak is not a permutation";
      seen[t] = true;
    }
    if (edge_rank.empty()) {
      for (int32_t s : edge_points) {
        if (s < 0 || s > kScoreScale) return "a score outside [0, 1] cannot rank people";
      }
    }
  }
  return "";
}

Assignment AssignmentOf(const Instance& in, std::vector<int64_t> edge_of_person) {
  Assignment a;
  a.edge_of_person = std::move(edge_of_person);
  int64_t points = 0;
  for (int64_t e : a.edge_of_person) {
    if (e >= 0) {
      ++a.placed;
      points += in.edge_points[e];
    }
  }
  a.total_score = ScoreOfPoints(points);
  return a;
}

std::vector<int64_t> SeatBegin(const Instance& in) {
  std::vector<int64_t> begin(static_cast<size_t>(in.places) + 1, 0);
  // The capacities alone (at most the people) when those seats are few against the pairs:
  // counting who lists each place is a pass over every pair with a write at random each (a
  // tenth of a second at national scale, most of deferred acceptance's setup).
  for (int32_t q = 0; q < in.places; ++q) {
    begin[q + 1] = begin[q] + std::min<int64_t>(std::max(0, in.capacity[q]), in.people);
  }
  if (begin.back() <= in.edges() / 8 + in.places) return begin;
  std::fill(begin.begin(), begin.end(), 0);
  for (int32_t q : in.edge_place) ++begin[q + 1];  // people who list q, for now
  for (int32_t q = 0; q < in.places; ++q) {
    begin[q + 1] = begin[q] + std::min<int64_t>(begin[q + 1], std::max(0, in.capacity[q]));
  }
  return begin;
}

namespace {

void RequireRanks(const Instance& in) {
  if (!in.places_rank()) {
    throw std::invalid_argument(
        "deferred acceptance needs the places' order (Instance::edge_rank or person_tiebreak)");
  }
}

// Whose PlaceKey: the person, or the person with that tiebreak.
class KeyOwner {
 public:
  explicit KeyOwner(const Instance& in) {
    if (!in.edge_rank.empty()) return;
    person_.resize(in.person_tiebreak.size());
    for (size_t p = 0; p < person_.size(); ++p)
      person_[in.person_tiebreak[p]] = static_cast<int32_t>(p);
  }
  int32_t operator()(uint64_t key) const {
    const auto low = static_cast<uint32_t>(key);
    return person_.empty() ? static_cast<int32_t>(low) : person_[low];
  }

 private:
  std::vector<int32_t> person_;
};

}  // namespace

Assignment DeferredAcceptancePeople(const Instance& in, int threads) {
  RequireRanks(in);
  // Each place holds its tentatively accepted people in a max-heap of their PlaceKeys, whose
  // top is its worst. A person proposes down their list until a place holds them; whoever that
  // pushes out goes on proposing at once (McVitie and Wilson), so a thread follows one chain of
  // people at a time and a person is only ever in one thread's hands. The heaps live side by
  // side in one array of seats (a place has at most min(capacity, people who list it) of them),
  // so a proposal reads the place's count and heap from one spot instead of a vector of its own.
  // A proposal misses the cache on the place and on its heap: the place's seats, count and
  // heap start are one record, and while a person goes down their list the places eight ahead
  // and their heaps four ahead are requested early.
  const KeyOwner owner(in);
  struct Place {
    int64_t begin;  // its seats in `seats`
    int32_t size;   // how many
    int32_t used;   // held now
  };
  HugeVector<Place> place(in.places);
  HugeVector<uint64_t> seats;
  {
    const std::vector<int64_t> first = SeatBegin(in);
    for (int32_t q = 0; q < in.places; ++q)
      place[q] = {first[q], static_cast<int32_t>(first[q + 1] - first[q]), 0};
    seats.resize(static_cast<size_t>(first.back()));
  }
  HugeVector<int64_t> next(in.person_begin.begin(), in.person_begin.end() - 1);
  HugeVector<int64_t> edge_of(in.people, -1);
  constexpr size_t kChunk = 256;
  const int t = Threads(threads, static_cast<size_t>(in.people) / kChunk);
  // With more than one thread, a place is decided under its lock; the lock's release and the
  // next taker's acquire also hand over the state of the person pushed out.
  std::unique_ptr<std::atomic_flag[]> locks;
  if (t > 1) locks = std::make_unique<std::atomic_flag[]>(static_cast<size_t>(in.places));  // clear
  // A lock is held for a few heap steps; should its holder's core be taken away (a virtual
  // machine's cores are), the waiter gives up its own after a while instead of spinning on.
  auto lock = [&](int32_t q) {
    for (int spins = 0; locks[q].test_and_set(std::memory_order_acquire);) {
      while (locks[q].test(std::memory_order_relaxed)) {
        if (++spins < 256) {
          __builtin_ia32_pause();
        } else {
          std::this_thread::yield();
        }
      }
    }
  };
  // p proposes until held or out of places; returns the person it pushed out, or -1. On one
  // thread (`locked` false) the locks are compiled out.
  const int64_t* const person_begin = in.person_begin.data();
  const int32_t* const edge_place = in.edge_place.data();
  int64_t* const next_edge = next.data();
  int64_t* const edge_of_person = edge_of.data();
  Place* const places = place.data();
  uint64_t* const seat = seats.data();
  auto propose = [&](int32_t p, auto locked) -> int32_t {
    constexpr bool kLocked = decltype(locked)::value;
    const int64_t end = person_begin[p + 1];
    for (int64_t e = next_edge[p]; e < end; ++e) {
      if (e + 8 < end) __builtin_prefetch(&places[edge_place[e + 8]]);
      if (e + 4 < end) __builtin_prefetch(seat + places[edge_place[e + 4]].begin);
      const int32_t q = edge_place[e];
      const uint64_t key = PlaceKey(in, e, p);
      Place& at = places[q];
      uint64_t* h = seat + at.begin;
      if constexpr (kLocked) lock(q);
      int32_t out = -2;  // -2: not held here
      if (at.used < at.size) {
        h[at.used++] = key;
        std::push_heap(h, h + at.used);
        out = -1;
      } else if (at.size > 0 && key < h[0]) {
        std::pop_heap(h, h + at.size);
        out = owner(h[at.size - 1]);
        h[at.size - 1] = key;
        std::push_heap(h, h + at.size);
        edge_of_person[out] = -1;
      }
      if (out != -2) {
        edge_of_person[p] = e;
        next_edge[p] = e + 1;  // where p goes on if pushed out in turn
      }
      if constexpr (kLocked) locks[q].clear(std::memory_order_release);
      if (out != -2) return out;  // else: full of people it prefers, or no seats at all
    }
    next_edge[p] = end;
    return -1;
  };
  ParallelLanes(static_cast<size_t>(in.people), kChunk, t, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      for (int32_t p = static_cast<int32_t>(i); p >= 0;) {
        p = locks ? propose(p, std::true_type{}) : propose(p, std::false_type{});
      }
    }
  });
  return AssignmentOf(in, std::vector<int64_t>(edge_of.begin(), edge_of.end()));
}

Assignment DeferredAcceptancePlaces(const Instance& in) {
  RequireRanks(in);
  // Places propose down their ranking; each person keeps the offer they prefer most
  // (lowest position in their own list).
  std::vector<std::vector<int64_t>> by_place(in.places);
  for (int32_t p = 0; p < in.people; ++p) {
    for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) {
      by_place[in.edge_place[e]].push_back(e);
    }
  }
  std::vector<int64_t> person_of_edge(in.edges());
  for (int32_t p = 0; p < in.people; ++p) {
    for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) person_of_edge[e] = p;
  }
  for (auto& list : by_place) {
    std::sort(list.begin(), list.end(), [&](int64_t a, int64_t b) {
      return PlaceKey(in, a, static_cast<int32_t>(person_of_edge[a])) <
             PlaceKey(in, b, static_cast<int32_t>(person_of_edge[b]));
    });
  }
  std::vector<size_t> next(in.places, 0);
  std::vector<int32_t> filled(in.places, 0);
  std::vector<int64_t> edge_of(in.people, -1);
  std::vector<int32_t> queue;
  for (int32_t q = in.places - 1; q >= 0; --q) queue.push_back(q);
  while (!queue.empty()) {
    int32_t q = queue.back();
    queue.pop_back();
    while (filled[q] < in.capacity[q] && next[q] < by_place[q].size()) {
      int64_t e = by_place[q][next[q]++];
      int32_t p = static_cast<int32_t>(person_of_edge[e]);
      int64_t current = edge_of[p];
      // Edges of a person are stored in preference order, so a lower edge index is preferred.
      if (current >= 0 && current < e) continue;
      if (current >= 0) {
        int32_t loser = in.edge_place[current];
        --filled[loser];
        queue.push_back(loser);
      }
      edge_of[p] = e;
      ++filled[q];
    }
  }
  return AssignmentOf(in, std::move(edge_of));
}

Objective ObjectiveOf(const Instance& in, const Assignment& a) {
  Objective o;
  for (int64_t e : a.edge_of_person) {
    if (e < 0) continue;
    ++o.placed;
    o.score += in.edge_points[e];
  }
  return o;
}

std::string CheckFeasible(const Instance& in, const Assignment& a) {
  if (static_cast<int32_t>(a.edge_of_person.size()) != in.people) return "wrong size";
  std::vector<int32_t> used(in.places, 0);
  for (int32_t p = 0; p < in.people; ++p) {
    int64_t e = a.edge_of_person[p];
    if (e < 0) continue;
    if (e < in.person_begin[p] || e >= in.person_begin[p + 1]) {
      return "person " + std::to_string(p) + " got an edge that is not theirs";
    }
    if (++used[in.edge_place[e]] > in.capacity[in.edge_place[e]]) {
      return "place " + std::to_string(in.edge_place[e]) + " over capacity";
    }
  }
  return "";
}

std::pair<int32_t, int32_t> FindBlockingPair(const Instance& in, const Assignment& a) {
  RequireRanks(in);
  // Worst accepted key per place (or "has room").
  std::vector<int32_t> used(in.places, 0);
  std::vector<uint64_t> worst(in.places, 0);
  for (int32_t p = 0; p < in.people; ++p) {
    int64_t e = a.edge_of_person[p];
    if (e < 0) continue;
    int32_t q = in.edge_place[e];
    ++used[q];
    worst[q] = std::max(worst[q], PlaceKey(in, e, p));
  }
  for (int32_t p = 0; p < in.people; ++p) {
    int64_t mine = a.edge_of_person[p];
    int64_t end = mine >= 0 ? mine : in.person_begin[p + 1];
    for (int64_t e = in.person_begin[p]; e < end; ++e) {  // places p prefers to their own
      int32_t q = in.edge_place[e];
      if (used[q] < in.capacity[q] || (in.capacity[q] > 0 && PlaceKey(in, e, p) < worst[q])) {
        return {p, q};
      }
    }
  }
  return {-1, -1};
}

}  // namespace overstap::match
