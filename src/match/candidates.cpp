#include "match/candidates.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>

#include "common/huge_pages.h"
#include "common/parallel.h"
#include "match/rules.h"

namespace overstap::match {
namespace {

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A feasible pair on its way into the graph. The key orders a person's list with one integer
// compare: (kScoreScale - scaled score) << 32 | the place's rank by id.
struct Pair {
  double score;
  uint64_t key;
  uint32_t id_rank() const { return static_cast<uint32_t>(key); }
};

}  // namespace

uint64_t Lottery(uint64_t seed, const std::string& person_id) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a over the id, then mixed with the seed
  for (unsigned char c : person_id) h = (h ^ c) * 1099511628211ULL;
  return SplitMix(h ^ SplitMix(seed));
}

CandidateGraph BuildCandidateGraph(const PlaceIndex& places, const std::vector<PersonProfile>& people,
                                   const GraphOptions& options) {
  CandidateGraph g;
  Instance& in = g.instance;
  // Instance places: the live places in scope of a wanted kind.
  std::vector<int32_t> instance_place(places.entries(), -1);
  for (uint32_t i = 0; i < places.entries(); ++i) {
    if (!places.alive(i)) continue;
    if (options.place_in_scope && !(*options.place_in_scope)[i]) continue;
    const PlaceProfile& p = places.at(i);
    if (options.kind_mask && !(options.kind_mask & (1u << static_cast<int>(p.kind)))) continue;
    instance_place[i] = static_cast<int32_t>(g.place_entry.size());
    g.place_entry.push_back(i);
    in.capacity.push_back(std::max(0, p.capacity));
  }
  in.places = static_cast<int32_t>(g.place_entry.size());
  in.people = static_cast<int32_t>(people.size());

  // Ties in score are broken by place id: rank the instance places by id once, so the sort per
  // person compares integers instead of strings of profiles scattered over the heap.
  std::vector<uint32_t> id_rank(g.place_entry.size());
  {
    // Sorted on the ids' first 16 bytes, copied out once (big-endian and zero-padded, so they
    // order as std::string does: unsigned bytes, a prefix first); the full strings only where
    // those 16 bytes are equal.
    struct Key {
      uint64_t hi, lo;
      uint32_t q;
    };
    std::vector<Key> keys(g.place_entry.size());
    for (uint32_t q = 0; q < keys.size(); ++q) {
      const std::string& id = places.at(g.place_entry[q]).id;
      unsigned char b[16] = {};
      std::memcpy(b, id.data(), std::min<size_t>(16, id.size()));
      uint64_t hi = 0, lo = 0;
      for (int k = 0; k < 8; ++k) hi = hi << 8 | b[k];
      for (int k = 8; k < 16; ++k) lo = lo << 8 | b[k];
      keys[q] = {hi, lo, q};
    }
    std::sort(keys.begin(), keys.end(), [&](const Key& x, const Key& y) {
      if (x.hi != y.hi) return x.hi < y.hi;
      if (x.lo != y.lo) return x.lo < y.lo;
      return places.at(g.place_entry[x.q]).id < places.at(g.place_entry[y.q]).id;
    });
    for (uint32_t r = 0; r < keys.size(); ++r) id_rank[keys[r].q] = r;
  }
  std::vector<int32_t> place_by_id_rank(id_rank.size());
  for (uint32_t q = 0; q < id_rank.size(); ++q) place_by_id_rank[id_rank[q]] = static_cast<int32_t>(q);
  // The entries' id ranks (-1: not in the instance), so a feasible pair needs one lookup.
  std::vector<int32_t> entry_id_rank(instance_place.size(), -1);
  for (size_t i = 0; i < instance_place.size(); ++i) {
    if (instance_place[i] >= 0) entry_id_rank[i] = id_rank[instance_place[i]];
  }
  // People are visited in the Z-order of their grid cells, so one person's neighbours come
  // next and find the same cells' place records still in the cache (in scan order nearly every
  // record came from memory: most of the time per place examined). The order of visits does
  // not change the graph: each list is sorted, and laid out in person order below.
  std::vector<uint32_t> visit(people.size());
  {
    auto spread = [](uint32_t v) {  // the low 16 bits of v to the even bits
      uint64_t x = v & 0xffffu;
      x = (x | (x << 8)) & 0x00ff00ffu;
      x = (x | (x << 4)) & 0x0f0f0f0fu;
      x = (x | (x << 2)) & 0x33333333u;
      x = (x | (x << 1)) & 0x55555555u;
      return x;
    };
    std::vector<std::pair<uint64_t, uint32_t>> keyed(people.size());
    for (size_t i = 0; i < people.size(); ++i) {
      const LatLon at = people[i].location;
      const uint32_t lat = static_cast<uint32_t>(Grid::LatIdx(at.lat)) + 0x8000u;
      const uint32_t lon = static_cast<uint32_t>(Grid::LonIdx(at.lon)) + 0x8000u;
      keyed[i] = {spread(lat) << 1 | spread(lon), static_cast<uint32_t>(i)};
    }
    std::sort(keyed.begin(), keyed.end());
    for (size_t k = 0; k < keyed.size(); ++k) visit[k] = keyed[k].second;
  }

  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  auto phase = Clock::now();
  // Each person's feasible places, best first, built in chunks (of the visiting order) on all
  // threads; the chunks are then laid out in person order.
  constexpr size_t kChunk = 2048;
  const size_t chunks = (people.size() + kChunk - 1) / kChunk;
  std::vector<std::vector<Pair>> chunk_pairs(chunks);
  std::vector<uint32_t> degree(people.size(), 0);
  std::mutex progress_mu;
  size_t chunks_done = 0;
  std::atomic<uint64_t> examined_total{0};
  std::atomic<uint64_t> listed_pairs{0}, listed_people{0};  // so far: to size the next chunk
  const int threads = Threads(options.threads, chunks);
  ParallelChunks(people.size(), kChunk, threads, [&](size_t b, size_t e) {
    std::vector<Pair>& out = chunk_pairs[b / kChunk];
    if (const uint64_t seen = listed_people.load(); seen > 0) {  // growing it copies and faults
      out.reserve(static_cast<size_t>(static_cast<double>(e - b) * static_cast<double>(listed_pairs.load()) /
                                      static_cast<double>(seen) * 1.1) + 64);
    }
    std::vector<std::pair<uint32_t, double>> feasible;
    uint64_t examined = 0;
    for (size_t k = b; k < e; ++k) {
      const size_t i = visit[k];
      feasible.clear();
      places.CollectFeasible(people[i], options.kind_mask, &feasible, &examined);
      const size_t first = out.size();
      for (const auto& [entry, score] : feasible) {
        const int32_t r = entry_id_rank[entry];
        if (r >= 0) out.push_back({score, static_cast<uint64_t>(kScoreScale - ScaledScore(score)) << 32 | static_cast<uint64_t>(r)});
      }
      std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                [](const Pair& x, const Pair& y) { return x.key < y.key; });
      degree[i] = static_cast<uint32_t>(out.size() - first);
    }
    listed_pairs.fetch_add(out.size());
    listed_people.fetch_add(e - b);
    examined_total.fetch_add(examined);
    if (options.progress) {
      std::lock_guard lock(progress_mu);
      options.progress(static_cast<double>(++chunks_done) / static_cast<double>(chunks) * 0.8);
    }
  });
  g.pairs_seconds = since(phase);
  phase = Clock::now();
  in.person_begin.assign(people.size() + 1, 0);
  for (size_t i = 0; i < people.size(); ++i) in.person_begin[i + 1] = in.person_begin[i] + degree[i];
  const int64_t edges = in.person_begin.back();
  in.edge_place.resize(edges);
  in.edge_score.resize(edges);
  // Each chunk fills the edges of its own people: disjoint ranges, so on all threads.
  ParallelChunks(chunks, 1, Threads(options.threads, chunks), [&](size_t cb, size_t ce) {
    for (size_t c = cb; c < ce; ++c) {
      const Pair* pr = chunk_pairs[c].data();
      for (size_t k = c * kChunk; k < std::min(people.size(), (c + 1) * kChunk); ++k) {
        const size_t i = visit[k];
        for (int64_t at = in.person_begin[i]; at < in.person_begin[i + 1]; ++at, ++pr) {
          in.edge_place[at] = place_by_id_rank[pr->id_rank()];
          in.edge_score[at] = pr->score;
        }
      }
      std::vector<Pair>().swap(chunk_pairs[c]);
    }
  });
  g.pairs_scored = static_cast<uint64_t>(edges);
  g.pairs_examined = examined_total.load();
  g.layout_seconds = since(phase);
  phase = Clock::now();

  // Places rank the people who fit them: higher score first, ties by the seeded lottery. The
  // lottery's order is the tiebreak (ties of the lottery itself by person: never in practice).
  {
    std::vector<std::pair<uint64_t, uint32_t>> drawn(people.size());
    ParallelChunks(people.size(), 4096, Threads(options.threads, people.size() / 4096 + 1), [&](size_t b, size_t e) {
      for (size_t i = b; i < e; ++i) drawn[i] = {Lottery(options.seed, people[i].id), static_cast<uint32_t>(i)};
    });
    std::sort(drawn.begin(), drawn.end());
    in.person_tiebreak.resize(people.size());
    for (uint32_t r = 0; r < drawn.size(); ++r) in.person_tiebreak[drawn[r].second] = r;
  }
  if (!options.place_ranks) {
    g.order_seconds = since(phase);
    if (options.progress) options.progress(1.0);
    return g;
  }
  // The explicit ranks are the places' order by PlaceKey (score, then tiebreak), written out.
  std::vector<int64_t> place_begin(static_cast<size_t>(in.places) + 1, 0);
  for (int64_t e = 0; e < edges; ++e) ++place_begin[in.edge_place[e] + 1];
  for (int32_t q = 0; q < in.places; ++q) place_begin[q + 1] += place_begin[q];
  std::vector<int64_t> fill(place_begin.begin(), place_begin.end() - 1);
  // The sort key travels with the edge, so sorting a place's people reads one contiguous run.
  struct Seat {
    uint64_t key;  // PlaceKey, taken while the instance has no ranks yet
    int64_t edge;
  };
  HugeVector<Seat> by_place(edges);  // every element written below
  for (int32_t p = 0; p < in.people; ++p) {
    for (int64_t e = in.person_begin[p]; e < in.person_begin[p + 1]; ++e) {
      by_place[fill[in.edge_place[e]]++] = {PlaceKey(in, e, p), e};
    }
  }
  HugeVector<int32_t> rank(edges);
  ParallelChunks(static_cast<size_t>(in.places), 1024, Threads(options.threads, in.places / 1024 + 1),
                 [&](size_t b, size_t e) {
                   for (size_t q = b; q < e; ++q) {
                     auto first = by_place.begin() + place_begin[q], last = by_place.begin() + place_begin[q + 1];
                     std::sort(first, last, [](const Seat& x, const Seat& y) { return x.key < y.key; });
                     int32_t r = 0;
                     for (auto it = first; it != last; ++it) rank[it->edge] = r++;
                   }
                 });
  in.edge_rank = std::move(rank);
  g.order_seconds = since(phase);
  if (options.progress) options.progress(1.0);
  return g;
}

UnplacedReason ExplainUnplaced(const PlaceIndex& places, const PersonProfile& person,
                               uint32_t kind_mask, int64_t feasible_places,
                               const domain::Catalog& catalog) {
  if (feasible_places > 0) {
    return {"anderenGingenVoor", "Er " + std::string(feasible_places == 1 ? "was 1 passende plek" : "waren " + std::to_string(feasible_places) + " passende plekken") +
                                     ", maar die gingen naar deelnemers die er beter bij pasten"};
  }
  const Weights& w = places.weights();
  // Places of the wanted kinds within reach, and how each fails.
  int64_t near = 0;
  std::map<uint32_t, int64_t> bit_count;
  std::map<uint32_t, int64_t> missing_skill;  // catalog index -> places that ask for it
  std::map<int, int64_t> missing_support;     // Support value -> places that lack it
  int64_t examined = 0;
  // A sample is enough to name the most common obstacle; it keeps a national round's report fast.
  constexpr int64_t kMaxExamined = 400;
  places.ForEachInReach(person, [&](uint32_t i) {  // most places beyond reach skipped on their record
    const PlaceProfile& p = places.at(i);
    if (kind_mask && !(kind_mask & (1u << static_cast<int>(p.kind)))) return true;
    const uint32_t bits = Check(person, p, w);
    if (bits & kTooFar) return true;  // beyond reach after all
    if (++examined > kMaxExamined) return false;
    ++near;
    for (uint32_t b = 1; b <= kNotAvailable; b <<= 1) {
      if (bits & b) ++bit_count[b];
    }
    if (bits & kMissingSkill) {
      for (const auto& r : p.required) {
        auto it = std::lower_bound(person.skills.begin(), person.skills.end(), r);
        if (it == person.skills.end() || it->skill != r.skill || it->level < r.level) ++missing_skill[r.skill];
      }
    }
    if (bits & kSupportMissing) {
      for (auto s : domain::SupportList(static_cast<domain::SupportSet>(person.needs & ~p.offered))) {
        ++missing_support[static_cast<int>(s)];
      }
    }
    return true;
  });
  // Nothing within reach: is there a place that would fit a bit further away?
  int64_t wider = 0;
  if (near == 0) {
    places.ForEachNear(person.location, 2 * person.max_km / w.road_factor, [&](uint32_t i) {
      const PlaceProfile& p = places.at(i);
      if (kind_mask && !(kind_mask & (1u << static_cast<int>(p.kind)))) return true;
      if (Check(person, p, w) == kTooFar) ++wider;
      return wider == 0;
    });
  }
  if (near == 0 && wider > 0) {
    return {"teVer", "Binnen " + std::to_string(static_cast<int>(person.max_km)) +
                         " km past geen plek; iets verderop wel"};
  }
  if (near == 0) return {"geenPlekBinnenBereik", "Geen plek van deze soort binnen bereik"};
  auto most = std::max_element(bit_count.begin(), bit_count.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  const std::string of = " (" + std::to_string(most->second) + " van " + std::to_string(near) + " plekken binnen bereik)";
  switch (most->first) {
    case kMissingSkill: {
      auto s = std::max_element(missing_skill.begin(), missing_skill.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
      const auto& skill = catalog.data().skills[s->first];
      return {"ontbrekendeVaardigheid",
              "Mist vaardigheid '" + (skill.label_nl.empty() ? skill.label_en : skill.label_nl) + "'" + of};
    }
    case kSupportMissing: {
      auto s = std::max_element(missing_support.begin(), missing_support.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
      return {"ondersteuningNietAangeboden",
              "Ondersteuning '" + std::string(domain::Name(static_cast<domain::Support>(s->first))) +
                  "' wordt binnen bereik niet aangeboden" + of};
    }
    case kLevelTooLow:
      return {"niveauTeLaag", "Opleidingsniveau lager dan gevraagd" + of};
    case kTooManyHours:
      return {"urenPassenNiet", "Gevraagde uren passen niet bij de beschikbare uren" + of};
    default:
      return {"nietBeschikbaar", "Pas beschikbaar na de periode van de plekken" + of};
  }
}

}  // namespace overstap::match
