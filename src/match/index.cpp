#include "match/index.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "match/allocation.h"

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
    std::sort(heap_.begin(), heap_.end(),
              [this](const Hit& a, const Hit& b) { return Better(a, b); });
    return std::move(heap_);
  }

 private:
  size_t k_;
  const std::function<const std::string&(uint32_t)>& id_of_;
  std::vector<Hit> heap_;  // a heap whose front is the worst kept hit
};

// Appends a record, and keeps the (skill, slot) pairs sorted as records arrive, and the runs by
// dense skill number in step. Slots grow with entries, so the pairs are in (skill, entry) order
// and a new pair goes at the end of its skill's run; the runs after it move up by one.
template <typename R, typename Run>
void SortedInsert(std::vector<R>* list, std::vector<std::pair<uint32_t, uint32_t>>* keys,
                  std::vector<Run>* runs, uint32_t dense, const R& item) {
  const std::pair<uint32_t, uint32_t> key{item.key, static_cast<uint32_t>(list->size())};
  const auto at = std::upper_bound(keys->begin(), keys->end(), key);
  const auto pos = static_cast<uint32_t>(at - keys->begin());
  keys->insert(at, key);
  list->push_back(item);
  if (runs->size() <= dense) runs->resize(dense + 1);
  for (Run& r : *runs) r.begin += static_cast<uint32_t>(r.count > 0 && r.begin >= pos);
  Run& own = (*runs)[dense];
  if (own.count == 0) own.begin = pos;
  ++own.count;
}

// Calls fn(record) for every record of a bucket whose skill the person holds (`dense`: the
// person's skills by dense number, in skill order). The runs are looked up first and their
// records fetched ahead, so the cache misses overlap instead of coming one after the other.
template <typename R, typename Run, typename Fn>
void ForEachWithSkill(const std::vector<R>& list,
                      const std::vector<std::pair<uint32_t, uint32_t>>& keys,
                      const std::vector<Run>& runs, const std::vector<uint32_t>& dense, Fn&& fn) {
  if (keys.empty()) return;
  constexpr size_t kRuns = 16;
  std::pair<uint32_t, uint32_t> found[kRuns];
  size_t n = 0;
  auto flush = [&] {
    for (size_t k = 0; k < n; ++k) {
      for (uint32_t i = found[k].first; i < found[k].second; ++i) fn(list[keys[i].second]);
    }
    n = 0;
  };
  for (uint32_t d : dense) {
    if (d >= runs.size() || runs[d].count == 0) continue;
    const Run& r = runs[d];
    for (uint32_t i = r.begin; i < r.begin + r.count; ++i) {
      __builtin_prefetch(&list[keys[i].second]);
      __builtin_prefetch(reinterpret_cast<const char*>(&list[keys[i].second]) + 64);
    }
    found[n++] = {r.begin, r.begin + r.count};
    if (n == kRuns) flush();
  }
  flush();
}

}  // namespace

// ---- places ------------------------------------------------------------------------------------

// The person side of the hot path: what Fits needs, computed once per query.
struct PlaceIndex::Probe {
  const PersonProfile* person = nullptr;
  double lat = 0;
  UnitVector at;
  // A place whose squared chord (between unit vectors) exceeds this is beyond reach for sure:
  // the chord of the reach's angle, squared, with a margin far above the rounding errors of
  // both computations (~1e-13 relative), so the pre-filter never rejects a pair the exact
  // great-circle rule would accept. Infinity when the reach is not a usable angle.
  double chord2_max = 0;
  double reach = 0;       // max_km / road factor, as FitScore computes it
  float max_km = 0;       // the person's
  int32_t available = 0;  // AvailableDay; INT32_MIN when not known
  int32_t start_by = 0;   // the latest start the start window allows; INT32_MAX: any
  int32_t today = 0;
  // The age rule: per WorkRules age step, the day the person is that old, or INT32_MIN when
  // they are on the day they are available (then any start will do). A record's place fits
  // when its start (INT32_MIN when none) is on or after turns[its step].
  int32_t turns[WorkRules::kAgeSteps] = {};
  bool pupil = false;
  int32_t hours = 0;
  int rank = 0;
  uint32_t sector_mask = 0;
  uint8_t needs = 0;
  const uint8_t* level_of = nullptr;  // held level per skill index < skills_, 0 = not held
};

namespace {

// A person's skill levels by skill index for one query: the thread's table (all zero between
// queries, so only the person's skills are written and cleared), or an own one when a query runs
// inside another on the same thread (a callback that queries).
class LevelTable {
 public:
  LevelTable(const PersonProfile& person, uint32_t skills) : person_(person), skills_(skills) {
    State& t = state();
    if (t.busy) {
      table_ = &own_;
    } else {
      t.busy = true;
      table_ = &t.table;
    }
    if (table_->size() < skills) table_->resize(skills, 0);
    // Backwards, so that of duplicates the first in sorted order wins, as in the merge walk
    // of FitScore.
    for (auto it = person.skills.rbegin(); it != person.skills.rend(); ++it) {
      if (it->skill < skills) (*table_)[it->skill] = it->level;
    }
  }
  ~LevelTable() {
    if (table_ == &own_) return;
    for (const auto& s : person_.skills) {
      if (s.skill < skills_) (*table_)[s.skill] = 0;
    }
    state().busy = false;
  }
  LevelTable(const LevelTable&) = delete;
  LevelTable& operator=(const LevelTable&) = delete;
  const uint8_t* data() const { return table_->data(); }

 private:
  struct State {
    std::vector<uint8_t> table;
    bool busy = false;
  };
  static State& state() {
    thread_local State s;
    return s;
  }
  const PersonProfile& person_;
  uint32_t skills_;
  std::vector<uint8_t>* table_ = nullptr;
  std::vector<uint8_t> own_;
};

}  // namespace

PlaceIndex::Rec PlaceIndex::RecOf(const PlaceProfile& place, uint32_t entry) const {
  Rec r;
  r.entry = entry;
  r.lat = place.location.lat;
  r.at = UnitOf(place.location);
  if (std::abs(place.location.lat) <= 90 && std::abs(place.location.lon) <= 180) {
    r.lat_strip = static_cast<int16_t>(Grid::LatStrip(place.location.lat));
    r.lon_strip = static_cast<int16_t>(Grid::LonStrip(place.location.lon));
  }
  r.to = place.to == kNoDate ? INT32_MAX : place.to;
  r.from = place.from;  // kNoDate is INT32_MIN
  r.age_step[0] = w_.work.MinAgeStep(place.kind, false, place.hours);
  r.age_step[1] = w_.work.MinAgeStep(place.kind, true, place.hours);
  const bool adapted = (place.offered & domain::SupportBit(domain::Support::kAangepasteUren)) != 0;
  r.hours = adapted ? INT32_MIN : place.hours;
  r.offered = place.offered;
  r.min_rank = static_cast<int8_t>(LevelRank(place.min_level));
  r.sector = place.sector;
  r.kind = static_cast<uint8_t>(place.kind);
  r.recognised = place.recognised;
  r.inline_skills = place.required.size() <= kInlineSkills && place.desired.size() <= kInlineSkills;
  auto copy = [&](const std::vector<SkillReq>& from, Rec::Skill* to) {
    for (size_t k = 0; k < from.size() && r.inline_skills; ++k) {
      if (from[k].skill > UINT16_MAX) r.inline_skills = false;
      to[k] = {static_cast<uint16_t>(from[k].skill), from[k].level, from[k].learnable};
    }
  };
  copy(place.required, r.required);
  copy(place.desired, r.desired);
  if (r.inline_skills) {
    r.n_required = static_cast<uint8_t>(place.required.size());
    r.n_desired = static_cast<uint8_t>(place.desired.size());
  }
  return r;
}

inline bool PlaceIndex::MayReach(const Probe& probe, const Rec& r) {
  return Chord2(probe.at, r.at) <= probe.chord2_max;
}

// The distance rule on the record, as FitScore applies it (the meridian, then the travel km by
// DistanceKm's arithmetic), with the chord pre-filter; *km gets the travel km (also when the
// rule does not hold). Without a branch: about half the pairs checked fail it, at random, and
// computing the km anyway costs less than the mispredicted branches did.
__attribute__((always_inline)) inline bool PlaceIndex::InReach(const Probe& probe, const Rec& r,
                                                               double* km) const {
  double chord2 = 0;
  const bool near = Near(probe, r, &chord2);
  *km = KmOfChord2(chord2) * w_.road_factor;
  return near & (*km <= probe.max_km);
}

// The first two parts of InReach: the meridian and the chord pre-filter, with *chord2 set
// either way. Where this holds, the travel km decides (InReach).
__attribute__((always_inline)) inline bool PlaceIndex::Near(const Probe& probe, const Rec& r,
                                                            double* chord2) {
  *chord2 = Chord2(probe.at, r.at);
  const bool meridian = !(std::abs(probe.lat - r.lat) * 111.19 > probe.reach);  // as in FitScore
  const bool chord = !(*chord2 > probe.chord2_max);                             // MayReach
  return meridian & chord;
}

// The day and age rules on the record, as Check applies them (see Probe).
__attribute__((always_inline)) inline bool PlaceIndex::InTime(const Probe& probe, const Rec& r) {
  return (probe.available <= r.to) & (r.from <= probe.start_by) &
         (r.from >= probe.turns[r.age_step[probe.pupil]]);
}

// FitScore on the record: the same rules, the same arithmetic (KmOfChord2, SoftScore), so
// the same answer and score bit for bit. Tests compare it with FitScore through TopK.
// Inlined into the visiting loops: a call per record examined showed in the profile.
__attribute__((always_inline)) inline bool PlaceIndex::Fits(const Probe& probe, const Rec& r,
                                                            double* score) const {
  if (!r.inline_skills) return FitScore(*probe.person, places_[r.entry], w_, probe.today, score);
  if ((probe.needs & ~r.offered) != 0) return false;
  if (probe.rank < r.min_rank) return false;
  if (r.hours > probe.hours) return false;
  if (!InTime(probe, r)) return false;
  double km = 0;
  if (!InReach(probe, r, &km)) return false;
  const bool interested = (probe.sector_mask & (1u << r.sector)) != 0;
  for (int k = 0; k < r.n_required; ++k) {
    const Rec::Skill& q = r.required[k];
    if (probe.level_of[q.skill] < q.level && !(q.learnable && interested)) return false;
  }
  int have = 0;
  for (int k = 0; k < r.n_desired; ++k)
    have += probe.level_of[r.desired[k].skill] >= r.desired[k].level;
  *score = SoftScore(w_, have, r.n_desired, interested, km, probe.max_km, probe.rank - r.min_rank,
                     r.recognised);
  return true;
}

void PlaceIndex::Upsert(PlaceProfile place) {
  Remove(place.id);
  uint32_t idx = static_cast<uint32_t>(places_.size());
  for (const auto* list : {&place.required, &place.desired}) {
    for (const auto& s : *list) skills_ = std::max(skills_, s.skill + 1);
  }
  Cell& cell = cells_[CellOf(place.location)];
  Rec rec = RecOf(place, idx);
  const SkillReq* anchor = nullptr;
  for (const auto& r : place.required) {
    if (!r.learnable) {
      anchor = &r;
      break;
    }
  }
  if (anchor) {
    rec.key = anchor->skill;
    SortedInsert(&cell.by_anchor, &cell.anchor_keys, &cell.anchor_runs, DenseSkill(rec.key), rec);
  } else if (!place.required.empty()) {
    cell.by_sector[place.sector & 31].push_back(rec);
    rec.key = place.required.front().skill;
    SortedInsert(&cell.by_learnable, &cell.learnable_keys, &cell.learnable_runs,
                 DenseSkill(rec.key), rec);
  } else {
    cell.open.push_back(rec);
  }
  by_id_[place.id] = idx;
  places_.push_back(std::move(place));
  alive_.push_back(true);
}

uint32_t PlaceIndex::DenseSkill(uint32_t skill) {
  if (skill >= dense_of_skill_.size()) dense_of_skill_.resize(skill + 1, kNoDense);
  if (dense_of_skill_[skill] == kNoDense) dense_of_skill_[skill] = dense_skills_++;
  return dense_of_skill_[skill];
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
  // The person's skills that key some bucket, by dense number, in skill order (a skill listed
  // twice counts once).
  std::vector<uint32_t> dense;
  dense.reserve(person.skills.size());
  for (size_t k = 0; k < person.skills.size(); ++k) {
    const uint32_t skill = person.skills[k].skill;
    if (k > 0 && person.skills[k - 1].skill == skill) continue;
    if (skill < dense_of_skill_.size() && dense_of_skill_[skill] != kNoDense)
      dense.push_back(dense_of_skill_[skill]);
  }
  Grid::CellsWithin(person.location, radius, [&](int64_t key) {
    auto c = cells_.find(key);
    if (c == cells_.end()) return;
    for (const Rec& r : c->second.open) fn(r);
    for (uint32_t mask = person.sector_mask; mask; mask &= mask - 1) {
      for (const Rec& r : c->second.by_sector[__builtin_ctz(mask)]) fn(r);
    }
    ForEachWithSkill(c->second.by_learnable, c->second.learnable_keys, c->second.learnable_runs,
                     dense, [&](const Rec& r) {
                       if (!(person.sector_mask & (1u << r.sector))) fn(r);  // else seen by sector
                     });
    ForEachWithSkill(c->second.by_anchor, c->second.anchor_keys, c->second.anchor_runs, dense, fn);
  });
}

namespace {

template <typename P>
void MakeProbe(const PersonProfile& person, const Weights& w, int32_t today,
               const uint8_t* level_of, P* p) {
  p->person = &person;
  p->lat = person.location.lat;
  p->at = UnitOf(person.location);
  p->reach = person.max_km / w.road_factor;
  p->max_km = person.max_km;
  const double half_angle = p->reach / kEarthKm / 2;
  if (half_angle >= 0 && half_angle < M_PI / 2) {
    const double chord = 2 * std::sin(half_angle);
    p->chord2_max = chord * chord * (1 + 1e-6) + 1e-18;
  } else {
    p->chord2_max = std::numeric_limits<double>::infinity();
  }
  p->today = today;
  p->available = AvailableDay(person, today);
  const int window = w.work.start_window_days();
  p->start_by = p->available == kNoDate || window < 0 ? INT32_MAX : p->available + window;
  p->pupil = person.pupil;
  const auto& steps = w.work.age_steps();
  for (size_t s = 0; s < std::size(p->turns); ++s) {
    // Step 0 is age 0 (no rule); steps beyond the table are never used.
    const int32_t day = person.birth == kNoDate || s == 0 || s >= steps.size()
                            ? INT32_MIN
                            : TurnsOn(person.birth, steps[s]);
    p->turns[s] = day != INT32_MIN && p->available >= day ? INT32_MIN : day;
  }
  p->hours = person.hours;
  p->rank = LevelRank(person.level);
  p->sector_mask = person.sector_mask;
  p->needs = person.needs;
  p->level_of = level_of;
}

}  // namespace

std::vector<Hit> PlaceIndex::TopK(const PersonProfile& person, const PlaceQuery& q) const {
  std::function<const std::string&(uint32_t)> id_of = [this](uint32_t i) -> const std::string& {
    return places_[i].id;
  };
  TopKeeper keep(q.k, id_of);
  uint64_t examined = 0;
  LevelTable levels(person, skills_);
  Probe probe;
  MakeProbe(person, w_, q.today, levels.data(), &probe);
  Visit(person, [&](const Rec& r) {
    ++examined;
    if (!alive_[r.entry]) return;
    if (q.kind_mask && !(q.kind_mask & (1u << r.kind))) return;
    if (q.sector >= 0 && r.sector != q.sector) return;
    double score = 0;
    if (Fits(probe, r, &score)) keep.Offer(r.entry, score);
  });
  examined_.fetch_add(examined, std::memory_order_relaxed);
  return keep.Take();
}

template <typename Sink>
void PlaceIndex::VisitFeasible(const PersonProfile& person, uint32_t kind_mask, int32_t today,
                               Sink sink, uint64_t* examined) const {
  uint64_t n = 0;
  LevelTable levels(person, skills_);
  Probe probe;
  MakeProbe(person, w_, today, levels.data(), &probe);
  Visit(person, [&](const Rec& r) {
    ++n;
    if (!alive_[r.entry]) return;
    if (kind_mask && !(kind_mask & (1u << r.kind))) return;
    double score = 0;
    if (Fits(probe, r, &score)) sink(r.entry, score);
  });
  if (examined) *examined += n;
}

void PlaceIndex::ForEachFeasible(const PersonProfile& person, uint32_t kind_mask, int32_t today,
                                 const std::function<void(uint32_t, double)>& fn,
                                 uint64_t* examined) const {
  VisitFeasible(
      person, kind_mask, today, [&](uint32_t entry, double score) { fn(entry, score); }, examined);
}

// The candidate graph's hot path: no std::function call per feasible place.
void PlaceIndex::CollectFeasible(const PersonProfile& person, uint32_t kind_mask, int32_t today,
                                 std::vector<std::pair<uint32_t, double>>* out,
                                 uint64_t* examined) const {
  VisitFeasible(
      person, kind_mask, today,
      [out](uint32_t entry, double score) { out->emplace_back(entry, score); }, examined);
}

namespace {

// A set of people of one block, a bit each.
struct Bits {
  static constexpr size_t kWords = PlaceIndex::kBlock / 64;
  uint64_t w[kWords];
  static Bits None() {
    Bits b;
    for (auto& x : b.w) x = 0;
    return b;
  }
  Bits operator&(const Bits& o) const {
    Bits b;
    for (size_t k = 0; k < kWords; ++k) b.w[k] = w[k] & o.w[k];
    return b;
  }
  Bits operator|(const Bits& o) const {
    Bits b;
    for (size_t k = 0; k < kWords; ++k) b.w[k] = w[k] | o.w[k];
    return b;
  }
  Bits operator~() const {
    Bits b;
    for (size_t k = 0; k < kWords; ++k) b.w[k] = ~w[k];
    return b;
  }
  bool Any() const {
    uint64_t a = 0;
    for (auto x : w) a |= x;
    return a != 0;
  }
  void Set(size_t j) { w[j / 64] |= uint64_t{1} << (j % 64); }
  bool Test(size_t j) const { return (w[j / 64] >> (j % 64)) & 1; }
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (size_t k = 0; k < kWords; ++k) {
      for (uint64_t m = w[k]; m; m &= m - 1) fn(k * 64 + static_cast<size_t>(__builtin_ctzll(m)));
    }
  }
};

}  // namespace

// A block of people prepared for CollectFeasibleBlock: per-thread scratch, reused.
struct PlaceIndex::Block {
  // Skill levels below this are kept as bit sets (the catalog's are 1-4); a block with a person
  // holding a higher one takes the per-person path (a place asking a higher one fits nobody in
  // the block). Levels 1-4 only: the scratch per skill a block's people hold is 256 bytes, which
  // each block clears for every skill it meets (twice as much with room for 1-7 made the block
  // setup show in the profile).
  static constexpr int kLevels = 5;
  std::vector<Probe> probes;
  Bits everyone;
  // Who holds a skill at a level or higher, by slot; slot_of[skill] is the slot + 1 (0: nobody
  // in the block holds it). Only the used skills are cleared after a block.
  std::vector<uint32_t> slot_of;
  std::vector<uint32_t> used;
  std::vector<std::array<Bits, kLevels - 1>> at_least;  // [slot][level - 1]
  Bits interested[32];
  Bits rank_at_least[8];  // LevelRank >= r
  Bits allowed[256];      // whose needs a place offering this support set meets
  static constexpr int kHours = 64;
  Bits hours_at_least[kHours + 1];  // hours >= h
  int min_hours = 0, max_hours = 0;
  // The cells within anyone's reach, with whose reach it is. Found through the box of cells
  // that holds every person's range: box[cell's place in the box] is its place in `cells` + 1
  // (0: not yet). A box too wide for that (people far apart) goes through cell_at instead.
  static constexpr int64_t kMaxBox = 4096;
  std::vector<Grid::Range> ranges;
  std::vector<uint32_t> box;
  std::unordered_map<int64_t, uint32_t> cell_at;
  std::vector<std::pair<const Cell*, Bits>> cells;
  // Who may reach a strip (Grid::LatStrip, LonStrip): lat_bits[s - lat_lo], lon_bits[s - lon_lo].
  // A person whose reach no range of strips holds is in *_any, and so in every strip.
  int lat_lo = 0, lon_lo = 0;
  std::vector<Bits> lat_bits, lon_bits;
  Bits lat_any, lon_any;
  struct Span {
    int lat_from, lat_to, lon_from, lon_to;  // strips; from > to: any
  };
  std::vector<Span> spans;

  // The people who hold `skill` at `level` or higher (level 0: everyone).
  const Bits& Holding(uint32_t skill, uint8_t level) const {
    if (level == 0) return everyone;
    const uint32_t slot = skill < slot_of.size() ? slot_of[skill] : 0;
    return slot == 0 ? nobody : at_least[slot - 1][level - 1];
  }
  const Bits nobody = Bits::None();
};

namespace {

// The strips person `probe` may reach, with margins far above the rounding errors, so that no
// pair the distance rule accepts is filtered out. Latitude: the meridian rule,
// |lat - place's lat| * 111.19 <= reach. Longitude: between unit vectors,
//   chord² = 2 (1 - cos Δφ) + 4 cos φ1 cos φ2 sin²(Δλ / 2) >= 4 c² sin²(Δλ / 2),
// with c the cosine of the larger |latitude| (at most |lat| + the meridian reach), so a place
// within the chord bound has sin(|Δλ| / 2) <= sqrt(chord2_max) / 2c. A range the strips cannot
// hold (the poles, across ±180°, over 1,024 strips, no usable reach) is "any" (from > to).
template <typename P, typename S>
void SpanOf(const P& probe, double lon, S* span) {
  constexpr int kMaxStrips = 1024;
  *span = {1, 0, 1, 0};
  const double lat = probe.lat;
  if (!(std::abs(lat) <= 90) || !(std::abs(lon) <= 180) || !(probe.reach >= 0)) return;
  const double d = probe.reach / 111.19 * (1 + 1e-9) + 1e-9;
  if (d < kMaxStrips * Grid::kLatStrip) {
    span->lat_from = Grid::LatStrip(lat - d);
    span->lat_to = Grid::LatStrip(lat + d);
  }
  const double widest = std::abs(lat) + d;
  if (widest >= 89 || !std::isfinite(probe.chord2_max)) return;
  const double s = std::sqrt(probe.chord2_max) / (2 * std::cos(widest * M_PI / 180) * (1 - 1e-9));
  if (!(s < 1)) return;
  const double dl = 2 * std::asin(s) * 180 / M_PI * (1 + 1e-9) + 1e-9;
  if (lon - dl <= -180 + 1e-6 || lon + dl >= 180 - 1e-6 || dl >= kMaxStrips * Grid::kLonStrip)
    return;
  span->lon_from = Grid::LonStrip(lon - dl);
  span->lon_to = Grid::LonStrip(lon + dl);
}

// bits[s - lo] for s in [lo, hi] of the spans' ranges, `any` in each, from `get(span)`.
template <typename Spans, typename Get>
void FillStrips(const Spans& spans, size_t n, Get get, int* lo, std::vector<Bits>* bits,
                Bits* any) {
  int from = INT32_MAX, to = INT32_MIN;
  *any = Bits::None();
  for (size_t j = 0; j < n; ++j) {
    const auto [a, z] = get(spans[j]);
    if (a > z) {
      any->Set(j);
    } else {
      from = std::min(from, a);
      to = std::max(to, z);
    }
  }
  bits->clear();
  *lo = from > to ? 0 : from;  // no range: no strips, everyone in `any` (and no overflow below)
  if (from > to) return;
  bits->assign(static_cast<size_t>(to - from) + 1, *any);
  for (size_t j = 0; j < n; ++j) {
    const auto [a, z] = get(spans[j]);
    for (int s = a; s <= z; ++s) (*bits)[static_cast<size_t>(s - from)].Set(j);
  }
}

}  // namespace

void PlaceIndex::StripsOf(const PersonProfile* const* people, size_t n, Block* b) {
  b->spans.resize(n);
  for (size_t j = 0; j < n; ++j) SpanOf(b->probes[j], people[j]->location.lon, &b->spans[j]);
  FillStrips(
      b->spans, n,
      [](const Block::Span& x) {
        return std::pair{x.lat_from, x.lat_to};
      },
      &b->lat_lo, &b->lat_bits, &b->lat_any);
  FillStrips(
      b->spans, n,
      [](const Block::Span& x) {
        return std::pair{x.lon_from, x.lon_to};
      },
      &b->lon_lo, &b->lon_bits, &b->lon_any);
}

void PlaceIndex::CollectFeasibleBlock(const PersonProfile* const* people, size_t n,
                                      uint32_t kind_mask, int32_t today,
                                      std::vector<BlockPair>* out, uint64_t* examined) const {
  struct Sink {
    std::vector<BlockPair>* out;
    uint32_t entry = 0;
    void Expect(uint32_t) {}
    bool Place(uint32_t e) {
      entry = e;
      return true;
    }
    void Pair(uint32_t person, double score) { out->push_back({person, entry, score}); }
  } sink{out};
  CollectBlock(people, n, kind_mask, today, sink, examined);
}

void PlaceIndex::CollectFeasibleBlock(const PersonProfile* const* people, size_t n,
                                      uint32_t kind_mask, int32_t today, const BlockKeys& keys,
                                      std::vector<uint64_t>* out, uint64_t* examined) const {
  struct Sink {
    const BlockKeys& keys;
    std::vector<uint64_t>* out;
    uint64_t tag = 0;
    // The rank is a read at random in a megabyte or more: requested while the people are
    // checked.
    void Expect(uint32_t e) { __builtin_prefetch(keys.rank + e); }
    bool Place(uint32_t e) {
      const int32_t r = keys.rank[e];
      tag = static_cast<uint64_t>(r);
      return r >= 0;
    }
    void Pair(uint32_t person, double score) {
      out->push_back(static_cast<uint64_t>(person) << keys.person_shift |
                     static_cast<uint64_t>(kScoreScale - ScaledScore(score)) << keys.rank_bits |
                     tag);
    }
  } sink{keys, out};
  CollectBlock(people, n, kind_mask, today, sink, examined);
}

template <typename Sink>
void PlaceIndex::CollectBlock(const PersonProfile* const* people, size_t n, uint32_t kind_mask,
                              int32_t today, Sink& sink, uint64_t* examined) const {
  thread_local Block b;
  // Anything the bit sets cannot hold exactly goes the per-person way.
  bool plain = n > kBlock;
  for (size_t j = 0; j < n && !plain; ++j) {
    for (const auto& s : people[j]->skills) plain = plain || s.level >= Block::kLevels;
    const int rank = LevelRank(people[j]->level);
    plain = plain || rank < 0 || rank >= 8;
  }
  if (plain) {
    std::vector<std::pair<uint32_t, double>> one;
    for (size_t j = 0; j < n; ++j) {
      one.clear();
      CollectFeasible(*people[j], kind_mask, today, &one, examined);
      for (const auto& [entry, score] : one) {
        if (sink.Place(entry)) sink.Pair(static_cast<uint32_t>(j), score);
      }
    }
    return;
  }
  b.probes.resize(n);
  if (b.slot_of.size() < skills_) b.slot_of.resize(skills_, 0);
  b.everyone = Bits::None();
  for (auto& x : b.interested) x = Bits::None();
  for (auto& x : b.rank_at_least) x = Bits::None();
  Bits needs[8];
  for (auto& x : needs) x = Bits::None();
  b.min_hours = INT32_MAX;
  b.max_hours = INT32_MIN;
  for (size_t j = 0; j < n; ++j) {
    const PersonProfile& person = *people[j];
    MakeProbe(person, w_, today, nullptr, &b.probes[j]);
    const Probe& probe = b.probes[j];
    b.everyone.Set(j);
    for (uint32_t m = person.sector_mask; m; m &= m - 1) b.interested[__builtin_ctz(m)].Set(j);
    for (int r = 0; r <= probe.rank; ++r) b.rank_at_least[r].Set(j);
    for (int k = 0; k < 8; ++k) {
      if (probe.needs & (1u << k)) needs[k].Set(j);
    }
    b.min_hours = std::min(b.min_hours, probe.hours);
    b.max_hours = std::max(b.max_hours, probe.hours);
    // Skill levels as LevelTable keeps them: of a skill listed twice, the first.
    for (size_t k = 0; k < person.skills.size(); ++k) {
      const SkillReq& s = person.skills[k];
      if ((k > 0 && person.skills[k - 1].skill == s.skill) || s.skill >= skills_) continue;
      uint32_t& slot = b.slot_of[s.skill];
      if (slot == 0) {
        b.used.push_back(s.skill);
        if (b.at_least.size() < b.used.size()) b.at_least.resize(b.used.size());
        slot = static_cast<uint32_t>(b.used.size());
        for (auto& x : b.at_least[slot - 1]) x = Bits::None();
      }
      for (int l = 1; l <= s.level; ++l) b.at_least[slot - 1][l - 1].Set(j);
    }
  }
  for (int o = 0; o < 256; ++o) {
    Bits lacking = Bits::None();
    for (int k = 0; k < 8; ++k) {
      if (!(o & (1 << k))) lacking = lacking | needs[k];
    }
    b.allowed[o] = b.everyone & ~lacking;
  }
  // Who works exactly h hours (beyond kHours: at kHours), then at least h, from the top down.
  // Only [min_hours, max_hours] is read (outside it, all or none: decided in Hours below).
  for (auto& x : b.hours_at_least) x = Bits::None();
  for (size_t j = 0; j < n; ++j) {
    const int32_t h = b.probes[j].hours;
    if (h >= 0) b.hours_at_least[std::min(h, int32_t{Block::kHours})].Set(j);
  }
  for (int h = Block::kHours - 1; h >= 0; --h)
    b.hours_at_least[h] = b.hours_at_least[h] | b.hours_at_least[h + 1];
  auto hours = [&](int32_t asked) {  // who works at least `asked` hours
    if (asked <= b.min_hours) return b.everyone;
    if (asked > b.max_hours) return Bits::None();
    if (asked <= Block::kHours) return b.hours_at_least[asked];
    Bits m = Bits::None();
    for (size_t j = 0; j < n; ++j) {
      if (b.probes[j].hours >= asked) m.Set(j);
    }
    return m;
  };
  // The cells within each person's reach: the very cells Visit reads for them (RangeWithin).
  b.cells.clear();
  b.ranges.resize(n);
  Grid::Range all{INT32_MAX, INT32_MIN, INT32_MAX, INT32_MIN};
  for (size_t j = 0; j < n; ++j) {
    const Grid::Range r =
        Grid::RangeWithin(people[j]->location, people[j]->max_km / w_.road_factor);
    b.ranges[j] = r;
    all = {std::min(all.lat_from, r.lat_from), std::max(all.lat_to, r.lat_to),
           std::min(all.lon_from, r.lon_from), std::max(all.lon_to, r.lon_to)};
  }
  const int64_t width = static_cast<int64_t>(all.lon_to) - all.lon_from + 1;
  const int64_t height = static_cast<int64_t>(all.lat_to) - all.lat_from + 1;
  const bool boxed = width * height <= Block::kMaxBox;
  if (boxed) {
    b.box.assign(static_cast<size_t>(width * height), 0);
  } else {
    b.cell_at.clear();
  }
  for (size_t j = 0; j < n; ++j) {
    const Grid::Range& r = b.ranges[j];
    for (int i = r.lat_from; i <= r.lat_to; ++i) {
      for (int k = r.lon_from; k <= r.lon_to; ++k) {
        // The cell's place in b.cells + 1, or 0 when it is new.
        uint32_t& slot =
            boxed ? b.box[static_cast<size_t>((i - all.lat_from) * width + (k - all.lon_from))]
                  : b.cell_at[Grid::Key(i, k)];
        if (slot == 0) {
          auto c = cells_.find(Grid::Key(i, k));
          b.cells.emplace_back(c == cells_.end() ? nullptr : &c->second, Bits::None());
          slot = static_cast<uint32_t>(b.cells.size());
        }
        b.cells[slot - 1].second.Set(j);
      }
    }
  }
  StripsOf(people, n, &b);
  uint64_t checked = 0;
  auto test = [&](const Rec& r, const Bits& cell_reach) {
    if (!alive_[r.entry]) return;
    if (kind_mask && !(kind_mask & (1u << r.kind))) return;
    Bits reach = cell_reach;
    if (r.lat_strip != Rec::kNoStrip) {
      const size_t at_lat = static_cast<size_t>(r.lat_strip - b.lat_lo);
      const size_t at_lon = static_cast<size_t>(r.lon_strip - b.lon_lo);
      reach = reach & (at_lat < b.lat_bits.size() ? b.lat_bits[at_lat] : b.lat_any) &
              (at_lon < b.lon_bits.size() ? b.lon_bits[at_lon] : b.lon_any);
      if (!reach.Any()) return;
    }
    if (!r.inline_skills) {  // as Fits: FitScore on the profile
      if (!sink.Place(r.entry)) return;
      reach.ForEach([&](size_t j) {
        ++checked;
        double score = 0;
        if (FitScore(*people[j], places_[r.entry], w_, today, &score))
          sink.Pair(static_cast<uint32_t>(j), score);
      });
      return;
    }
    Bits m = reach;
    const Bits& interested = b.interested[r.sector & 31];
    for (int k = 0; k < r.n_required && m.Any(); ++k) {
      const Rec::Skill& q = r.required[k];
      if (q.level >= Block::kLevels) {  // beyond the bit sets: nobody holds it (see `plain`)
        m = q.learnable ? m & interested : Bits::None();
        continue;
      }
      const Bits have = b.Holding(q.skill, q.level);
      m = m & (q.learnable ? have | interested : have);
    }
    if (!m.Any()) return;
    sink.Expect(r.entry);
    m = m & b.allowed[r.offered];
    if (r.min_rank > 0) m = m & (r.min_rank < 8 ? b.rank_at_least[r.min_rank] : Bits::None());
    if (r.hours > b.min_hours) m = m & hours(r.hours);
    // The dates and the distance rule for everyone left, kept without a branch per person (see
    // InReach), the travel km only for those near enough (nearly all of whom it lets through:
    // it differs from the chord's bound by the margin), then the scores of those who pass.
    uint16_t who[kBlock];
    double chord2[kBlock];
    size_t n_in = 0;
    m.ForEach([&](size_t j) {
      ++checked;
      const Probe& probe = b.probes[j];
      const bool in = Near(probe, r, &chord2[n_in]) & InTime(probe, r);
      who[n_in] = static_cast<uint16_t>(j);
      n_in += in;
    });
    if (n_in == 0 || !sink.Place(r.entry)) return;
    // Who holds each nice-to-have skill, and the record's fields, taken once for the people
    // left (the sink's writes could alias them for all the compiler knows).
    const Bits* holding[kInlineSkills];
    int n_holding = 0;
    for (int d = 0; d < r.n_desired; ++d) {
      const Rec::Skill& s = r.desired[d];
      if (s.level < Block::kLevels) holding[n_holding++] = &b.Holding(s.skill, s.level);
    }
    const size_t n_desired = r.n_desired;
    const int min_rank = r.min_rank;
    const bool recognised = r.recognised;
    for (size_t k = 0; k < n_in; ++k) {
      const size_t j = who[k];
      const Probe& probe = b.probes[j];
      const double km = KmOfChord2(chord2[k]) * w_.road_factor;
      if (!(km <= probe.max_km)) continue;
      int have = 0;
      for (int d = 0; d < n_holding; ++d) have += holding[d]->Test(j);
      const double score = SoftScore(w_, have, n_desired, interested.Test(j), km, probe.max_km,
                                     probe.rank - min_rank, recognised);
      sink.Pair(static_cast<uint32_t>(j), score);
    }
  };
  for (const auto& [cell, reach] : b.cells) {
    if (!cell) continue;
    for (const Rec& r : cell->open) test(r, reach);
    for (const Rec& r : cell->by_anchor) test(r, reach);
    for (const auto& list : cell->by_sector) {  // also every place of by_learnable
      for (const Rec& r : list) test(r, reach);
    }
  }
  for (uint32_t skill : b.used) b.slot_of[skill] = 0;
  b.used.clear();
  if (examined) *examined += checked;
}

template <typename Keep>
void PlaceIndex::VisitNear(LatLon at, double km, Keep keep,
                           const std::function<bool(uint32_t)>& fn) const {
  bool more = true;
  // false: stop. A place that is removed or not kept is passed over.
  auto offer = [&](const Rec& r) { return !alive_[r.entry] || !keep(r) || (more = fn(r.entry)); };
  Grid::CellsWithin(at, km, [&](int64_t key) {
    auto c = cells_.find(key);
    if (!more || c == cells_.end()) return;
    for (const Rec& r : c->second.open) {
      if (!offer(r)) return;
    }
    for (const auto& [skill, slot] : c->second.anchor_keys) {  // in (skill, entry) order
      if (!offer(c->second.by_anchor[slot])) return;
    }
    for (const auto& list : c->second.by_sector) {  // also every place of by_learnable
      for (const Rec& r : list) {
        if (!offer(r)) return;
      }
    }
  });
}

void PlaceIndex::ForEachNear(LatLon at, double km, const std::function<bool(uint32_t)>& fn) const {
  VisitNear(
      at, km, [](const Rec&) { return true; }, fn);
}

void PlaceIndex::ForEachInReach(const PersonProfile& person,
                                const std::function<bool(uint32_t)>& fn) const {
  Probe probe;
  MakeProbe(person, w_, kNoDate, nullptr, &probe);
  VisitNear(
      person.location, probe.reach, [&](const Rec& r) { return MayReach(probe, r); }, fn);
}

// ---- people ------------------------------------------------------------------------------------

void PersonIndex::Upsert(PersonProfile person) {
  Remove(person.id);
  uint32_t idx = static_cast<uint32_t>(people_.size());
  Cell& cell = cells_[CellOf(person.location)];
  cell.all.push_back(idx);
  for (const auto& s : person.skills) cell.by_skill[s.skill].push_back(idx);
  for (uint32_t mask = person.sector_mask; mask; mask &= mask - 1)
    cell.by_sector[__builtin_ctz(mask)].push_back(idx);
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

std::vector<Hit> PersonIndex::TopK(const PlaceProfile& place, size_t k, int32_t today) const {
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
      if (alive_[i] && FitScore(people_[i], place, w_, today, &score)) keep.Offer(i, score);
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
