#include "match/allocation.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <stdexcept>

namespace overstap::match {

std::string Instance::Validate() const {
  if (people < 0 || places < 0) return "negative sizes";
  if (static_cast<int32_t>(capacity.size()) != places) return "capacity size";
  if (static_cast<int64_t>(person_begin.size()) != people + 1) return "person_begin size";
  if (person_begin.front() != 0 || person_begin.back() != edges()) return "person_begin bounds";
  if ((!edge_rank.empty() && edge_rank.size() != edge_place.size()) || edge_score.size() != edge_place.size()) {
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
  return "";
}

int64_t ScaledScore(double score) { return std::llround(score * kScoreScale); }

Assignment AssignmentOf(const Instance& in, std::vector<int64_t> edge_of_person) {
  Assignment a;
  a.edge_of_person = std::move(edge_of_person);
  for (int64_t e : a.edge_of_person) {
    if (e >= 0) {
      ++a.placed;
      a.total_score += in.edge_score[e];
    }
  }
  return a;
}


std::vector<int64_t> SeatBegin(const Instance& in) {
  std::vector<int64_t> begin(static_cast<size_t>(in.places) + 1, 0);
  for (int32_t q : in.edge_place) ++begin[q + 1];  // people who list q, for now
  for (int32_t q = 0; q < in.places; ++q) {
    begin[q + 1] = begin[q] + std::min<int64_t>(begin[q + 1], std::max(0, in.capacity[q]));
  }
  return begin;
}

namespace {

void RequireRanks(const Instance& in) {
  if (in.edge_rank.size() != in.edge_place.size()) {
    throw std::invalid_argument("deferred acceptance needs the places' ranks (Instance::edge_rank)");
  }
}

}  // namespace

Assignment DeferredAcceptancePeople(const Instance& in) {
  RequireRanks(in);
  // Each place holds its tentatively accepted people in a heap whose top is its worst
  // (highest rank). A rejected person proposes to their next place. The heaps live side by side
  // in one array of seats (a place has at most min(capacity, people who list it) of them), so a
  // proposal reads the place's count and heap from one spot instead of a vector of its own.
  struct Held {
    int32_t rank;
    int32_t person;
    bool operator<(const Held& o) const { return rank < o.rank; }  // max-heap on rank
  };
  const std::vector<int64_t> first = SeatBegin(in);
  std::vector<Held> seats(static_cast<size_t>(first.back()));
  std::vector<int32_t> used(in.places, 0);
  std::vector<int64_t> next(in.person_begin.begin(), in.person_begin.end() - 1);
  std::vector<int64_t> edge_of(in.people, -1);
  std::vector<int32_t> free_people;
  free_people.reserve(in.people);
  for (int32_t i = in.people - 1; i >= 0; --i) free_people.push_back(i);
  while (!free_people.empty()) {
    int32_t p = free_people.back();
    free_people.pop_back();
    while (next[p] < in.person_begin[p + 1]) {
      int64_t e = next[p]++;
      int32_t q = in.edge_place[e];
      Held* h = seats.data() + first[q];
      const int64_t size = first[q + 1] - first[q];
      if (used[q] < size) {
        h[used[q]++] = {in.edge_rank[e], p};
        std::push_heap(h, h + used[q]);
        edge_of[p] = e;
        break;
      }
      if (size > 0 && in.edge_rank[e] < h[0].rank) {
        std::pop_heap(h, h + size);
        const int32_t out = h[size - 1].person;
        h[size - 1] = {in.edge_rank[e], p};
        std::push_heap(h, h + size);
        edge_of[p] = e;
        edge_of[out] = -1;
        free_people.push_back(out);
        break;
      }
    }
  }
  return AssignmentOf(in, std::move(edge_of));
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
      if (in.edge_rank[a] != in.edge_rank[b]) return in.edge_rank[a] < in.edge_rank[b];
      return a < b;
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
    o.score += ScaledScore(in.edge_score[e]);
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
  // Worst accepted rank per place (or "has room").
  std::vector<int32_t> used(in.places, 0), worst(in.places, -1);
  for (int32_t p = 0; p < in.people; ++p) {
    int64_t e = a.edge_of_person[p];
    if (e < 0) continue;
    int32_t q = in.edge_place[e];
    ++used[q];
    worst[q] = std::max(worst[q], in.edge_rank[e]);
  }
  for (int32_t p = 0; p < in.people; ++p) {
    int64_t mine = a.edge_of_person[p];
    int64_t end = mine >= 0 ? mine : in.person_begin[p + 1];
    for (int64_t e = in.person_begin[p]; e < end; ++e) {  // places p prefers to their own
      int32_t q = in.edge_place[e];
      if (used[q] < in.capacity[q] || (in.capacity[q] > 0 && in.edge_rank[e] < worst[q])) {
        return {p, q};
      }
    }
  }
  return {-1, -1};
}

}  // namespace overstap::match
