#pragma once
// Candidate indexes, so a query never scans every place (or person).
//
// Both indexes are a grid of cells (0.1 degree latitude x 0.15 degree longitude, roughly
// 11 x 10 km). In each cell a place sits in one bucket, by what a person must have to fit it:
//   - its anchor: the first required skill that is not learnable (the person must hold it);
//   - else, when all its required skills are learnable, both its sector (learning on the job
//     needs an interest in the sector) and its first required skill (held already, no
//     interest needed); a query skips the second for sectors it visited already;
//   - else (no required skills) the open list.
// A query for a person visits the cells within their travel radius and, in each, the open list,
// the buckets of the skills they hold and of the sectors they are interested in. The person
// index keys each person under every skill they hold and every sector of interest.
//
// Thread safety: const methods are safe to call concurrently; Add/Remove need exclusive
// access (the service guards the index with a shared mutex).

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "match/profile.h"
#include "match/rules.h"

namespace overstap::match {

struct Hit {
  uint32_t index = 0;  // into the index's entries
  double score = 0;
};

// Query filters for places: kinds as a bit mask of PlaceKind (0 = all), sector bit (-1 = all),
// and the day the rules are applied on (rules.h; days since the epoch).
struct PlaceQuery {
  size_t k = 10;
  uint32_t kind_mask = 0;
  int sector = -1;
  int32_t today = kNoDate;
};

class Grid {
 public:
  static constexpr double kLatStep = 0.1;
  static constexpr double kLonStep = 0.15;
  static int64_t Key(int lat_idx, int lon_idx) {
    return (static_cast<int64_t>(lat_idx) << 32) ^ static_cast<uint32_t>(lon_idx);
  }
  static int LatIdx(double lat) { return static_cast<int>(std::floor(lat / kLatStep)); }
  static int LonIdx(double lon) { return static_cast<int>(std::floor(lon / kLonStep)); }
  // Strips: each cell cut in kStrips along latitude and along longitude (~1.4 x 1.3 km in the
  // Netherlands). A block of people keeps who may reach each strip (index.cpp, Block).
  static constexpr int kStrips = 8;
  static constexpr double kLatStrip = kLatStep / kStrips;
  static constexpr double kLonStrip = kLonStep / kStrips;
  static int LatStrip(double lat) { return static_cast<int>(std::floor(lat / kLatStrip)); }
  static int LonStrip(double lon) { return static_cast<int>(std::floor(lon / kLonStrip)); }
  // The cells that may hold points within `km` of `at`: [lat_from, lat_to] x [lon_from, lon_to]
  // of LatIdx and LonIdx.
  struct Range {
    int lat_from, lat_to, lon_from, lon_to;
  };
  static Range RangeWithin(LatLon at, double km) {
    const double dlat = km / 111.0;
    const double coslat = std::max(0.2, std::cos(at.lat * M_PI / 180.0));
    const double dlon = km / (111.32 * coslat);
    return {LatIdx(at.lat - dlat), LatIdx(at.lat + dlat), LonIdx(at.lon - dlon),
            LonIdx(at.lon + dlon)};
  }
  // Calls fn(key) for every cell of RangeWithin(at, km).
  template <typename Fn>
  static void CellsWithin(LatLon at, double km, Fn&& fn) {
    const Range r = RangeWithin(at, km);
    for (int i = r.lat_from; i <= r.lat_to; ++i) {
      for (int j = r.lon_from; j <= r.lon_to; ++j) fn(Key(i, j));
    }
  }
};

class PlaceIndex {
 public:
  explicit PlaceIndex(const Weights& weights = DefaultWeights()) : w_(weights) {}

  // Adds or replaces (by id) a place.
  void Upsert(PlaceProfile place);
  void Remove(const std::string& id);
  size_t size() const { return by_id_.size(); }
  // Entries, including removed ones (tombstones): entry indices stay stable, and an entry's
  // profile never changes (a changed place is a new entry).
  uint32_t entries() const { return static_cast<uint32_t>(places_.size()); }
  bool alive(uint32_t i) const { return alive_[i]; }
  const PlaceProfile& at(uint32_t i) const { return places_[i]; }
  const Weights& weights() const { return w_; }
  // Entry of a place id, or -1.
  int64_t Find(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? -1 : static_cast<int64_t>(it->second);
  }

  // The best feasible places for a person, best first; ties by place id.
  std::vector<Hit> TopK(const PersonProfile& person, const PlaceQuery& q) const;
  // Every feasible place of a person with its score (allocation rounds).
  // `examined` (optional) counts the places looked at.
  void ForEachFeasible(const PersonProfile& person, uint32_t kind_mask, int32_t today,
                       const std::function<void(uint32_t, double)>& fn,
                       uint64_t* examined = nullptr) const;
  // The same as ForEachFeasible, appending (entry, score) to *out (not cleared) in the order
  // visited: the candidate graph's hot path, without a call through std::function per pair.
  void CollectFeasible(const PersonProfile& person, uint32_t kind_mask, int32_t today,
                       std::vector<std::pair<uint32_t, double>>* out,
                       uint64_t* examined = nullptr) const;
  // The same for a block of at most kBlock people at once (neighbours, for the cache), for the
  // candidate graph: each cell within anyone's reach is read once for the whole block, and each
  // place in it is tested against all of them together, as bit sets over the block (who holds
  // the required skills at their levels, who needs which support, whose level and hours fit,
  // whose reach covers the cell); only the people left are checked one by one (dates,
  // distance) and scored. The same rules and arithmetic as Fits, so the same pairs and scores
  // bit for bit. Appends {person's place in the block, entry, score} to *out, mostly the pairs
  // of one place together (not on the per-person way, taken for levels beyond the bit sets),
  // in no particular order otherwise; `examined` counts the (person, place) pairs checked one
  // by one.
  static constexpr size_t kBlock = 512;
  struct BlockPair {
    uint32_t person;
    uint32_t entry;
    double score;
  };
  void CollectFeasibleBlock(const PersonProfile* const* people, size_t n, uint32_t kind_mask,
                            int32_t today, std::vector<BlockPair>* out,
                            uint64_t* examined = nullptr) const;
  // The same pairs as sort keys, the candidate graph's (candidates.cpp), appended to *out:
  //   person's place in the block << person_shift | (kScoreScale - points) << rank_bits
  //   | rank[entry]
  // with points = ScaledScore(score) (allocation.h). Places whose rank[entry] is negative are
  // left out, unscored. The rank is read once per place, not per pair.
  struct BlockKeys {
    const int32_t* rank = nullptr;  // per entry
    int rank_bits = 0, person_shift = 0;
  };
  void CollectFeasibleBlock(const PersonProfile* const* people, size_t n, uint32_t kind_mask,
                            int32_t today, const BlockKeys& keys, std::vector<uint64_t>* out,
                            uint64_t* examined = nullptr) const;
  // Every live place in the cells within `km` of `at`, whatever its skills (explanations),
  // until fn returns false.
  void ForEachNear(LatLon at, double km, const std::function<bool(uint32_t)>& fn) const;
  // The same over the cells within the person's reach (max_km / road factor), skipping the
  // places the hot path's chord pre-filter puts beyond it (it rejects only what the distance
  // rule rejects); the rest in ForEachNear's order.
  void ForEachInReach(const PersonProfile& person, const std::function<bool(uint32_t)>& fn) const;
  // How many places were examined by the last queries (for tests and benchmarks).
  uint64_t examined() const { return examined_.load(std::memory_order_relaxed); }

 private:
  // What the hot path needs of a place, copied into the cell's buckets so a query reads the
  // places of a cell from contiguous memory instead of chasing each PlaceProfile (and its
  // skill vectors) around the heap: the cache misses were most of the cost per place examined.
  // Places with more skills than fit inline are checked through FitScore on the profile.
  static constexpr int kInlineSkills = 4;
  struct Rec {
    uint32_t entry = 0;
    uint32_t key = 0;  // the bucket's skill (anchor or first required skill); 0 elsewhere
    double lat = 0;    // the meridian pre-filter
    UnitVector at;     // the distance (common/geo: by the chord)
    int32_t to = 0;    // end of the period; INT32_MAX when open-ended
    int32_t from = 0;  // start of the period; INT32_MIN when none
    uint8_t age_step[2] = {0, 0};  // WorkRules::MinAgeStep for a non-pupil and a pupil
    int32_t hours = 0;             // hours asked; INT32_MIN when it offers aangepasteUren
    uint8_t offered = 0;
    int8_t min_rank = 0;
    uint8_t sector = 0;
    uint8_t kind = 0;
    bool recognised = false;
    bool inline_skills = true;  // else: FitScore on places_[entry]
    uint8_t n_required = 0, n_desired = 0;
    // Grid::LatStrip and LonStrip of the place; kNoStrip (both) when it lies outside
    // [-90, 90] x [-180, 180], which the strips do not filter.
    static constexpr int16_t kNoStrip = INT16_MIN;
    int16_t lat_strip = kNoStrip, lon_strip = kNoStrip;
    struct Skill {
      uint16_t skill;  // catalog index (inline only when it fits)
      uint8_t level;
      bool learnable;
    };
    Skill required[kInlineSkills];
    Skill desired[kInlineSkills];
  };
  struct Run {  // the keys of one skill in a cell: [begin, begin + count)
    uint32_t begin = 0, count = 0;
  };
  struct Cell {
    std::vector<Rec> open;  // no required skills
    // The records in arrival order, and (skill, slot) pairs sorted. The hot path finds a
    // skill's run of pairs without searching: `*_runs` is indexed by the skill's dense number
    // (dense_of_skill_), shorter when the cell lacks the later ones. The records themselves are
    // not kept sorted: a run of one skill is a record or two, and inserting into sorted records
    // made loading the index slow.
    std::vector<Rec> by_anchor;
    std::vector<std::pair<uint32_t, uint32_t>> anchor_keys;
    std::vector<Run> anchor_runs;
    std::vector<Rec> by_sector[32];  // every required skill learnable: by sector ...
    std::vector<Rec> by_learnable;   // ... and by first skill (kept like by_anchor)
    std::vector<std::pair<uint32_t, uint32_t>> learnable_keys;
    std::vector<Run> learnable_runs;
  };
  struct Probe;  // a person, prepared for the hot path (index.cpp)
  struct Block;  // a block of people, prepared for CollectFeasibleBlock (index.cpp)
  // CollectFeasibleBlock's work for either output: sink.Expect(entry) as soon as a place may
  // have pairs, sink.Place(entry) before its pairs (false: skip the place), then
  // sink.Pair(person's place in the block, score) each.
  template <typename Sink>
  void CollectBlock(const PersonProfile* const* people, size_t n, uint32_t kind_mask, int32_t today,
                    Sink& sink, uint64_t* examined) const;
  // The block's strip bit sets (Block::lat_bits, lon_bits), from its probes.
  static void StripsOf(const PersonProfile* const* people, size_t n, Block* b);
  Rec RecOf(const PlaceProfile& place, uint32_t entry) const;
  bool Fits(const Probe& probe, const Rec& r, double* score) const;
  static bool InTime(const Probe& probe, const Rec& r);
  // The chord pre-filter: false only when the place is beyond the probe's reach for sure.
  static bool MayReach(const Probe& probe, const Rec& r);
  // The distance rule (meridian, chord, travel km); *km gets the travel km either way.
  bool InReach(const Probe& probe, const Rec& r, double* km) const;
  // Its meridian and chord parts; *chord2 gets the squared chord either way.
  static bool Near(const Probe& probe, const Rec& r, double* chord2);
  template <typename Fn>
  void Visit(const PersonProfile& person, Fn fn) const;
  // ForEachNear over the places whose record passes keep(record).
  template <typename Keep>
  void VisitNear(LatLon at, double km, Keep keep, const std::function<bool(uint32_t)>& fn) const;
  // Visit, keeping the live places of `kind_mask` that fit: sink(entry, score) per place.
  template <typename Sink>
  void VisitFeasible(const PersonProfile& person, uint32_t kind_mask, int32_t today, Sink sink,
                     uint64_t* examined) const;

  Weights w_;
  std::vector<PlaceProfile> places_;
  std::vector<bool> alive_;
  std::unordered_map<std::string, uint32_t> by_id_;
  std::unordered_map<int64_t, Cell> cells_;
  uint32_t skills_ = 0;  // 1 + the largest skill index any place asks for (required or desired)
  // Skills that key a bucket (an anchor, a learnable place's first skill) numbered densely in
  // order of arrival (kNoDense: none); a few thousand of the catalog's ~14,000.
  static constexpr uint32_t kNoDense = UINT32_MAX;
  std::vector<uint32_t> dense_of_skill_;
  uint32_t dense_skills_ = 0;
  uint32_t DenseSkill(uint32_t skill);         // numbers it when new
  mutable std::atomic<uint64_t> examined_{0};  // queries run concurrently under a shared lock
};

class PersonIndex {
 public:
  explicit PersonIndex(const Weights& weights = DefaultWeights()) : w_(weights) {}

  void Upsert(PersonProfile person);
  void Remove(const std::string& id);
  size_t size() const { return by_id_.size(); }
  // Entries, including removed ones (tombstones): an entry's profile never changes (a changed
  // person is a new entry), so an allocation round finds it again by its entry.
  uint32_t entries() const { return static_cast<uint32_t>(people_.size()); }
  bool alive(uint32_t i) const { return alive_[i]; }
  const PersonProfile& at(uint32_t i) const { return people_[i]; }

  // The best feasible people for a place, best first; ties by person id.
  std::vector<Hit> TopK(const PlaceProfile& place, size_t k, int32_t today) const;

 private:
  struct Cell {
    std::vector<uint32_t> all;
    std::unordered_map<uint32_t, std::vector<uint32_t>> by_skill;
    std::vector<uint32_t> by_sector[32];  // people interested in the sector
  };
  Weights w_;
  std::vector<PersonProfile> people_;
  std::vector<bool> alive_;
  std::unordered_map<std::string, uint32_t> by_id_;
  std::unordered_map<int64_t, Cell> cells_;
  float max_km_ = 0;  // the largest travel radius of anyone indexed
};

}  // namespace overstap::match
