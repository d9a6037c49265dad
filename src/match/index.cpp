#include "match/index.h"

#include <algorithm>
#include <cmath>

namespace overstap::match {
namespace {

int64_t CellOf(LatLon p) { return Grid::Key(Grid::LatIdx(p.lat), Grid::LonIdx(p.lon)); }

// Keeps the k best hits; ties broken by the id of the entry (deterministic).
class TopKeeper {
 public:
  TopKeeper(size_t k, const std::function<const std::string&(uint32_t)>& id_of)
      : k_(k), id_of_(id_of) {}
  bool Better(const Hit& a, const Hit& b) const {
    if (a.score != b.score) return a.score > b.score;
    return id_of_(a.index) < id_of_(b.index);
  }
  void Offer(uint32_t index, double score) {
    if (k_ == 0) return;
    Hit h{index, score};
    auto cmp = [this](const Hit& a, const Hit& b) { return Better(a, b); };
    if (heap_.size() < k_) {
      heap_.push_back(h);
      std::push_heap(heap_.begin(), heap_.end(), cmp);
    } else if (Better(h, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), cmp);
      heap_.back() = h;
      std::push_heap(heap_.begin(), heap_.end(), cmp);
    }
  }
  std::vector<Hit> Take() {
    std::sort(heap_.begin(), heap_.end(), [this](const Hit& a, const Hit& b) { return Better(a, b); });
    return std::move(heap_);
  }

 private:
  size_t k_;
  const std::function<const std::string&(uint32_t)>& id_of_;
  std::vector<Hit> heap_;  // a heap whose front is the worst kept hit
};

// Keeps a (skill, entry) list sorted as entries arrive.
void SortedInsert(std::vector<std::pair<uint32_t, uint32_t>>* list, std::pair<uint32_t, uint32_t> item) {
  list->insert(std::upper_bound(list->begin(), list->end(), item), item);
}

// Calls fn(entry) for every entry of a sorted (skill, entry) list whose skill the person holds.
template <typename Fn>
void ForEachWithSkill(const std::vector<std::pair<uint32_t, uint32_t>>& list, const std::vector<SkillReq>& skills,
                      Fn&& fn) {
  if (list.empty()) return;
  auto it = list.begin();
  for (const auto& s : skills) {  // both sorted by skill: one forward pass of binary searches
    it = std::lower_bound(it, list.end(), std::make_pair(s.skill, 0u));
    for (; it != list.end() && it->first == s.skill; ++it) fn(it->second);
    if (it == list.end()) return;
  }
}

}  // namespace


// ---- places ------------------------------------------------------------------------------------

void PlaceIndex::Upsert(PlaceProfile place) {
  Remove(place.id);
  uint32_t idx = static_cast<uint32_t>(places_.size());
  Cell& cell = cells_[CellOf(place.location)];
  const SkillReq* anchor = nullptr;
  for (const auto& r : place.required) {
    if (!r.learnable) {
      anchor = &r;
      break;
    }
  }
  if (anchor) {
    SortedInsert(&cell.by_anchor, {anchor->skill, idx});
  } else if (!place.required.empty()) {
    cell.by_sector[place.sector & 31].push_back(idx);
    SortedInsert(&cell.by_learnable, {place.required.front().skill, idx});
  } else {
    cell.open.push_back(idx);
  }
  by_id_[place.id] = idx;
  places_.push_back(std::move(place));
  alive_.push_back(true);
}

void PlaceIndex::Remove(const std::string& id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  alive_[it->second] = false;  // a tombstone; the slot stays so indices remain stable
  by_id_.erase(it);
}

template <typename Fn>
void PlaceIndex::Visit(const PersonProfile& person, Fn fn) const {
  const double radius = person.max_km / w_.road_factor;
  Grid::CellsWithin(person.location, radius, [&](int64_t key) {
    auto c = cells_.find(key);
    if (c == cells_.end()) return;
    for (uint32_t i : c->second.open) fn(i);
    for (uint32_t mask = person.sector_mask; mask; mask &= mask - 1) {
      for (uint32_t i : c->second.by_sector[__builtin_ctz(mask)]) fn(i);
    }
    ForEachWithSkill(c->second.by_learnable, person.skills, [&](uint32_t i) {
      if (!(person.sector_mask & (1u << places_[i].sector))) fn(i);  // else seen by sector
    });
    ForEachWithSkill(c->second.by_anchor, person.skills, fn);
  });
}

std::vector<Hit> PlaceIndex::TopK(const PersonProfile& person, const PlaceQuery& q) const {
  std::function<const std::string&(uint32_t)> id_of = [this](uint32_t i) -> const std::string& {
    return places_[i].id;
  };
  TopKeeper keep(q.k, id_of);
  uint64_t examined = 0;
  Visit(person, [&](uint32_t i) {
    ++examined;
    if (!alive_[i]) return;
    const PlaceProfile& p = places_[i];
    if (q.kind_mask && !(q.kind_mask & (1u << static_cast<int>(p.kind)))) return;
    if (q.sector >= 0 && p.sector != q.sector) return;
    double score = 0;
    if (FitScore(person, p, w_, &score)) keep.Offer(i, score);
  });
  examined_.fetch_add(examined, std::memory_order_relaxed);
  return keep.Take();
}

void PlaceIndex::ForEachFeasible(const PersonProfile& person, uint32_t kind_mask,
                                 const std::function<void(uint32_t, double)>& fn, uint64_t* examined) const {
  uint64_t n = 0;
  Visit(person, [&](uint32_t i) {
    ++n;
    if (!alive_[i]) return;
    const PlaceProfile& p = places_[i];
    if (kind_mask && !(kind_mask & (1u << static_cast<int>(p.kind)))) return;
    double score = 0;
    if (FitScore(person, p, w_, &score)) fn(i, score);
  });
  if (examined) *examined += n;
}

void PlaceIndex::ForEachNear(LatLon at, double km, const std::function<bool(uint32_t)>& fn) const {
  bool more = true;
  Grid::CellsWithin(at, km, [&](int64_t key) {
    auto c = cells_.find(key);
    if (!more || c == cells_.end()) return;
    for (uint32_t i : c->second.open) {
      if (alive_[i] && !(more = fn(i))) return;
    }
    for (const auto& [skill, i] : c->second.by_anchor) {
      if (alive_[i] && !(more = fn(i))) return;
    }
    for (const auto& list : c->second.by_sector) {  // also every place of by_learnable
      for (uint32_t i : list) {
        if (alive_[i] && !(more = fn(i))) return;
      }
    }
  });
}

// ---- people ------------------------------------------------------------------------------------

void PersonIndex::Upsert(PersonProfile person) {
  Remove(person.id);
  uint32_t idx = static_cast<uint32_t>(people_.size());
  Cell& cell = cells_[CellOf(person.location)];
  cell.all.push_back(idx);
  for (const auto& s : person.skills) cell.by_skill[s.skill].push_back(idx);
  for (uint32_t mask = person.sector_mask; mask; mask &= mask - 1) cell.by_sector[__builtin_ctz(mask)].push_back(idx);
  max_km_ = std::max(max_km_, person.max_km);
  by_id_[person.id] = idx;
  people_.push_back(std::move(person));
  alive_.push_back(true);
}

void PersonIndex::Remove(const std::string& id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  alive_[it->second] = false;
  by_id_.erase(it);
}

std::vector<Hit> PersonIndex::TopK(const PlaceProfile& place, size_t k) const {
  std::function<const std::string&(uint32_t)> id_of = [this](uint32_t i) -> const std::string& {
    return people_[i].id;
  };
  TopKeeper keep(k, id_of);
  const SkillReq* anchor = nullptr;
  for (const auto& r : place.required) {
    if (!r.learnable) {
      anchor = &r;
      break;
    }
  }
  Grid::CellsWithin(place.location, max_km_ / w_.road_factor, [&](int64_t key) {
    auto c = cells_.find(key);
    if (c == cells_.end()) return;
    auto offer = [&](uint32_t i) {
      double score = 0;
      if (alive_[i] && FitScore(people_[i], place, w_, &score)) keep.Offer(i, score);
    };
    if (!anchor && !place.required.empty()) {
      // Every required skill learnable: the interested, and those holding the first skill.
      for (uint32_t i : c->second.by_sector[place.sector & 31]) offer(i);
      auto b = c->second.by_skill.find(place.required.front().skill);
      if (b == c->second.by_skill.end()) return;
      for (uint32_t i : b->second) {
        if (!(people_[i].sector_mask & (1u << place.sector))) offer(i);
      }
      return;
    }
    const std::vector<uint32_t>* list = &c->second.all;
    if (anchor) {
      auto b = c->second.by_skill.find(anchor->skill);
      if (b == c->second.by_skill.end()) return;
      list = &b->second;
    }
    for (uint32_t i : *list) offer(i);
  });
  return keep.Take();
}

}  // namespace overstap::match
