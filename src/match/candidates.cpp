#include "match/candidates.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>

#include "common/huge_pages.h"
#include "common/parallel.h"
#include "common/radix_sort.h"
#include "common/text.h"
#include "match/rules.h"

namespace overstap::match {
namespace {

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A feasible pair on its way into the graph, as the one integer that orders a person's list:
// (kScoreScale - the score's points) << 32 | the place's rank by id.
using PairKey = uint64_t;
int32_t PointsOf(PairKey k) {
  return static_cast<int32_t>(kScoreScale - static_cast<int64_t>(k >> 32));
}
uint32_t IdRankOf(PairKey k) { return static_cast<uint32_t>(k); }

// Bits needed for values up to x (0 for 0).
int BitWidth(uint64_t x) { return x == 0 ? 0 : 64 - __builtin_clzll(x); }

// Sorts *keys, which use only their low `bits` bits, by a least-significant-digit radix sort
// (digits of at most 12 bits, a pass skipped where every key has the same digit), with *tmp
// for room.
void RadixSort(std::vector<uint64_t>* keys, std::vector<uint64_t>* tmp, int bits) {
  const int passes = std::max(1, (bits + 11) / 12);
  const int digit = (bits + passes - 1) / passes;
  if (keys->size() < 2 || bits == 0) return;
  const size_t buckets = size_t{1} << digit;
  const uint64_t mask = buckets - 1;
  thread_local std::vector<uint32_t> count;
  count.assign(buckets * static_cast<size_t>(passes), 0);
  for (const uint64_t k : *keys) {
    for (int p = 0; p < passes; ++p)
      ++count[static_cast<size_t>(p) * buckets + (k >> (p * digit) & mask)];
  }
  tmp->resize(keys->size());
  for (int p = 0; p < passes; ++p) {
    uint32_t* c = count.data() + static_cast<size_t>(p) * buckets;
    const int shift = p * digit;
    if (c[(*keys)[0] >> shift & mask] == keys->size()) continue;  // one digit: already in order
    uint32_t at = 0;
    for (size_t d = 0; d < buckets; ++d) {
      const uint32_t n = c[d];
      c[d] = at;
      at += n;
    }
    uint64_t* to = tmp->data();
    for (const uint64_t k : *keys) to[c[k >> shift & mask]++] = k;
    keys->swap(*tmp);
  }
}

// Whether place entry `i` (profile `p`) takes part: of a wanted kind (kind_mask 0: any) and
// in scope (`in_scope` per entry, null: all; entries beyond its end came later: not in scope).
bool InScope(uint32_t i, const PlaceProfile& p, uint32_t kind_mask,
             const std::vector<uint8_t>* in_scope) {
  if (in_scope && (i >= in_scope->size() || !(*in_scope)[i])) return false;
  return !kind_mask || (kind_mask & (1u << static_cast<int>(p.kind))) != 0;
}

// The Z-order (Morton) key of a point's grid cell: cells near each other mostly get keys near
// each other.
uint64_t CellZ(LatLon at) {
  auto spread = [](uint32_t v) {  // the low 16 bits of v to the even bits
    uint64_t x = v & 0xffffu;
    x = (x | (x << 8)) & 0x00ff00ffu;
    x = (x | (x << 4)) & 0x0f0f0f0fu;
    x = (x | (x << 2)) & 0x33333333u;
    x = (x | (x << 1)) & 0x55555555u;
    return x;
  };
  const uint32_t lat = static_cast<uint32_t>(Grid::LatIdx(at.lat)) + 0x8000u;
  const uint32_t lon = static_cast<uint32_t>(Grid::LonIdx(at.lon)) + 0x8000u;
  return spread(lat) << 1 | spread(lon);
}

// People in the Z-order of their grid cells, so one person's neighbours come next and find the
// same cells' place records still in the cache; within a cell by travel reach in steps of 4 km
// (ties in the given order), so a block of people (PlaceIndex::CollectFeasibleBlock) has
// reaches alike and reads the cells that most of its people reach, not the box of its farthest
// traveller. Measured on the 1M demo (docs/matching.md): a third fewer record tests.
// `person(i)` gives person i of n.
template <typename Person>
std::vector<uint32_t> VisitOrder(size_t n, Person person) {
  struct Keyed {  // no initialisers: filled on all threads, not zeroed first
    uint64_t key;
    uint32_t person;
  };
  HugeVector<Keyed> keyed(n);
  ParallelChunks(n, 16384, Threads(0, n / 16384 + 1), [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      const float km = person(i).max_km;
      const auto step = static_cast<uint64_t>(!(km > 0) ? 0.0f : std::min(km / 4, 255.0f));
      keyed[i] = {CellZ(person(i).location) << 8 | step, static_cast<uint32_t>(i)};
    }
  });
  // People already in this order (SortForGraph's) need no sort: ties keep the given order (a
  // stable sort: by person).
  auto by_key = [](const Keyed& a, const Keyed& b) { return a.key < b.key; };
  if (!std::is_sorted(keyed.begin(), keyed.end(), by_key)) {
    ParallelRadixSort(
        &keyed, [](const Keyed& k) { return k.key; }, 0);
  }
  std::vector<uint32_t> visit(n);
  for (size_t k = 0; k < keyed.size(); ++k) visit[k] = keyed[k].person;
  return visit;
}

}  // namespace

std::vector<uint32_t> GraphOrder(const std::vector<const PersonProfile*>& people) {
  return VisitOrder(people.size(), [&](size_t i) -> const PersonProfile& { return *people[i]; });
}

std::vector<uint32_t> SortForGraph(std::vector<PersonProfile>* people) {
  std::vector<uint32_t> visit =
      VisitOrder(people->size(), [&](size_t i) -> const PersonProfile& { return (*people)[i]; });
  const int threads = Threads(0, visit.size() / 4096 + 1);
  std::vector<PersonProfile>& from = *people;
  std::vector<PersonProfile> sorted;
  sorted.reserve(visit.size());
  {
    // The first touch of fresh memory costs more than constructing the profiles in it (on one
    // thread, below), so the pages are touched on all threads first: writing bytes into storage
    // no object lives in yet.
    char* raw = reinterpret_cast<char*>(sorted.data());
    const size_t bytes = visit.size() * sizeof(PersonProfile);
    ParallelChunks(bytes, size_t{1} << 20, threads, [&](size_t b, size_t e) {
      for (size_t i = b; i < e; i += 4096) raw[i] = 0;
    });
  }
  sorted.resize(visit.size());
  // Reading the profiles is at random: the ones ahead are requested early.
  ParallelChunks(visit.size(), 4096, threads, [&](size_t b, size_t e) {
    for (size_t k = b; k < e; ++k) {
      if (k + 8 < e) __builtin_prefetch(&from[visit[k + 8]]);
      sorted[k] = std::move(from[visit[k]]);
    }
  });
  *people = std::move(sorted);
  return visit;
}

// The id's hash (IdHash) mixed with the seed.
uint64_t Lottery(uint64_t seed, const std::string& person_id) {
  return SplitMix(IdHash(person_id) ^ SplitMix(seed));
}

uint64_t Lottery(uint64_t seed, const PersonProfile& person) {
  if (person.id_hash == 0) return Lottery(seed, person.id);
  return SplitMix(person.id_hash ^ SplitMix(seed));  // as above, with the hash kept
}

CandidateGraph BuildCandidateGraph(const PlaceIndex& places,
                                   const std::vector<PersonProfile>& people,
                                   const GraphOptions& options) {
  std::vector<const PersonProfile*> by_address(people.size());
  for (size_t i = 0; i < people.size(); ++i) by_address[i] = &people[i];
  return BuildCandidateGraph(places, by_address, options);
}

CandidateGraph BuildCandidateGraph(const PlaceIndex& places,
                                   const std::vector<const PersonProfile*>& people,
                                   const GraphOptions& options) {
  CandidateGraph g;
  Instance& in = g.instance;
  // Instance places: the live places in scope of a wanted kind, numbered in the Z-order of
  // their grid cells (then by entry), so the places a person and their neighbours list are
  // near each other in the solvers' arrays too.
  std::vector<int32_t> instance_place(places.entries(), -1);
  {
    struct Wanted {
      uint64_t z;
      uint32_t entry;
    };
    HugeVector<Wanted> wanted;
    wanted.reserve(places.entries());
    for (uint32_t i = 0; i < places.entries(); ++i) {
      if (!places.alive(i)) continue;
      const PlaceProfile& p = places.at(i);
      if (!InScope(i, p, options.kind_mask, options.place_in_scope)) continue;
      wanted.push_back({CellZ(p.location), i});
    }
    ParallelRadixSort(
        &wanted, [](const Wanted& w) { return w.z; }, options.threads);  // stable: by entry
    for (const auto& [z, i] : wanted) {
      instance_place[i] = static_cast<int32_t>(g.place_entry.size());
      g.place_entry.push_back(i);
      const int32_t held = options.seats_held != nullptr && i < options.seats_held->size()
                               ? (*options.seats_held)[i]
                               : 0;
      in.capacity.push_back(std::max(0, places.at(i).capacity - held));
    }
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
      std::copy_n(id.data(), std::min<size_t>(16, id.size()), b);
      uint64_t hi = 0, lo = 0;
      for (int k = 0; k < 8; ++k) hi = hi << 8 | b[k];
      for (int k = 8; k < 16; ++k) lo = lo << 8 | b[k];
      keys[q] = {hi, lo, q};
    }
    ParallelSort(keys.begin(), keys.end(), options.threads, [&](const Key& x, const Key& y) {
      if (x.hi != y.hi) return x.hi < y.hi;
      if (x.lo != y.lo) return x.lo < y.lo;
      return places.at(g.place_entry[x.q]).id < places.at(g.place_entry[y.q]).id;
    });
    for (uint32_t r = 0; r < keys.size(); ++r) id_rank[keys[r].q] = r;
  }
  std::vector<int32_t> place_by_id_rank(id_rank.size());
  for (uint32_t q = 0; q < id_rank.size(); ++q)
    place_by_id_rank[id_rank[q]] = static_cast<int32_t>(q);
  // The entries' id ranks (-1: not in the instance), so a feasible pair needs one lookup.
  std::vector<int32_t> entry_id_rank(instance_place.size(), -1);
  for (size_t i = 0; i < instance_place.size(); ++i) {
    if (instance_place[i] >= 0) entry_id_rank[i] = static_cast<int32_t>(id_rank[instance_place[i]]);
  }
  std::vector<uint32_t> visit;
  if (options.in_graph_order) {
    visit.resize(people.size());
    for (uint32_t k = 0; k < visit.size(); ++k) visit[k] = k;
  } else {
    visit = GraphOrder(people);
  }
  bool in_order = true;
  for (size_t k = 0; k < visit.size() && in_order; ++k) in_order = visit[k] == k;

  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  auto phase = Clock::now();
  // Each person's feasible places, best first, built in chunks of the visiting order on all
  // threads, the people of a chunk going to the index in blocks of neighbours. A finished chunk
  // is written straight into the instance's arrays, in visiting order: chunks are handed out in
  // order, and a chunk that finishes before the ones ahead of it waits in a buffer until they
  // are placed. The buffers are reused, so the pairs pass through memory that is already
  // mapped: first touches of fresh memory cost more than the copies here.
  constexpr size_t kChunk = 2048;
  const size_t chunks = (people.size() + kChunk - 1) / kChunk;
  HugeVector<int32_t> edge_place;
  HugeVector<int32_t> edge_points;
  {
    // Sized from a pilot of up to 1,000 people spread over the visiting order, with room to
    // spare: pages never written are never mapped. Growing copies (under arrays_mu).
    const size_t pilot = options.room > 0 ? 0 : std::min<size_t>(people.size(), 1000);
    std::atomic<uint64_t> pilot_pairs{0};
    ParallelChunks(pilot, 100, Threads(options.threads, pilot / 100), [&](size_t b, size_t e) {
      std::vector<std::pair<uint32_t, double>> one;
      for (size_t t = b; t < e; ++t) {
        one.clear();
        places.CollectFeasible(*people[visit[t * people.size() / pilot]], options.kind_mask,
                               options.today, &one);
        pilot_pairs += one.size();
      }
    });
    const double per_person =
        pilot == 0 ? 0 : static_cast<double>(pilot_pairs.load()) / static_cast<double>(pilot);
    const double projected = per_person * static_cast<double>(people.size());
    const size_t room =
        options.room > 0 ? options.room : static_cast<size_t>(projected * 1.5) + 64 * pilot + 1024;
    edge_place.resize(room);
    edge_points.resize(room);
  }
  struct Finished {
    std::vector<PairKey> pairs;  // the chunk's lists, one after the other
  };
  std::mutex mu;                                           // guards the fields below
  std::vector<std::unique_ptr<Finished>> spare;            // buffers to reuse
  std::vector<std::unique_ptr<Finished>> waiting(chunks);  // finished, not placed yet
  size_t next_chunk = 0;                                   // the first chunk not placed
  int64_t placed_pairs = 0;
  size_t chunks_done = 0;
  std::shared_mutex arrays_mu;  // exclusive: growing the arrays; shared: writing into them
  // By visiting position; not zeroed first: each block writes its people's (on all threads).
  HugeVector<uint32_t> degree(people.size());
  std::atomic<uint64_t> examined_total{0};
  // Each person's lottery number, drawn while their profile is at hand (in the pairs phase),
  // sorted for the places' order at the end: drawn[i] is person i's, as the number's high half
  // << 32 | i (8 bytes a person instead of 16: fresh memory is dear).
  HugeVector<uint64_t> drawn(people.size());
  const int threads = Threads(options.threads, chunks);
  // A pair's sort key in a block: person | kScoreScale - points | place id rank.
  static_assert(kScoreScale < (int64_t{1} << 20));
  constexpr uint64_t kPointsMask = (uint64_t{1} << 20) - 1;
  const int id_bits = BitWidth(id_rank.empty() ? 0 : id_rank.size() - 1);
  const uint64_t id_mask = (uint64_t{1} << id_bits) - 1;
  const int person_shift = id_bits + 20;  // <= 52; a block's person index has 10 bits at most
  const PlaceIndex::BlockKeys keys{entry_id_rank.data(), id_bits, person_shift};
  ParallelChunks(people.size(), kChunk, threads, [&](size_t b, size_t e) {
    std::unique_ptr<Finished> done;
    {
      std::lock_guard lock(mu);
      if (!spare.empty()) {
        done = std::move(spare.back());
        spare.pop_back();
      }
    }
    if (!done) done = std::make_unique<Finished>();
    std::vector<PairKey>& out = done->pairs;
    out.clear();
    // The index returns a block's pairs mixed, as keys (person, points, place id rank); they
    // are sorted into each person's list here (by person, then each list by key).
    thread_local std::vector<const PersonProfile*> block;
    thread_local std::vector<uint64_t> sorting, spare_keys;
    uint64_t examined = 0;
    for (size_t kb = b; kb < e; kb += PlaceIndex::kBlock) {
      const size_t ke = std::min(e, kb + PlaceIndex::kBlock);
      block.clear();
      // The profiles may lie anywhere (a round's are the index's own): the parts the index
      // reads (from the location to the skills) and the id's hash, then the skills, are
      // requested before they are read, all at once. The lottery is drawn while they are at hand.
      for (size_t k = kb; k < ke; ++k) {
        const PersonProfile* p = people[visit[k]];
        block.push_back(p);
        __builtin_prefetch(&p->location);
        __builtin_prefetch(&p->skills);
        __builtin_prefetch(&p->id_hash);
      }
      for (const PersonProfile* p : block) __builtin_prefetch(p->skills.data());
      for (size_t j = 0; j < block.size(); ++j) {
        drawn[visit[kb + j]] = Lottery(options.seed, *block[j]) >> 32 << 32 | visit[kb + j];
        degree[kb + j] = 0;
      }
      sorting.clear();
      places.CollectFeasibleBlock(block.data(), block.size(), options.kind_mask, options.today,
                                  keys, &sorting, &examined);
      // Each person's list in key order, by one radix sort of the block's pairs on (person,
      // key): the pairs of a block are a few tens of thousands, and a sort per list of ~50
      // spent most of its time on mispredicted comparisons.
      RadixSort(&sorting, &spare_keys, person_shift + BitWidth(block.size() - 1));
      for (const uint64_t k : sorting) {
        out.push_back((k >> id_bits & kPointsMask) << 32 | (k & id_mask));
        ++degree[kb + (k >> person_shift)];
      }
    }
    examined_total.fetch_add(examined);
    // Place this chunk, and those after it that finished already, once the ones ahead are placed.
    std::vector<std::pair<std::unique_ptr<Finished>, int64_t>> mine;  // with where they go
    int64_t end_of_mine = 0;
    {
      std::lock_guard lock(mu);
      waiting[b / kChunk] = std::move(done);
      while (next_chunk < chunks && waiting[next_chunk]) {
        const int64_t n = static_cast<int64_t>(waiting[next_chunk]->pairs.size());
        mine.emplace_back(std::move(waiting[next_chunk]), placed_pairs);
        placed_pairs += n;
        ++next_chunk;
      }
      end_of_mine = placed_pairs;
      ++chunks_done;
      if (options.progress)
        options.progress(static_cast<double>(chunks_done) / static_cast<double>(chunks) * 0.8);
    }
    if (mine.empty()) return;
    bool short_of_room = false;
    {
      std::shared_lock look(arrays_mu);
      short_of_room = static_cast<size_t>(end_of_mine) > edge_place.size();
    }
    if (short_of_room) {
      std::unique_lock grow(arrays_mu);
      if (static_cast<size_t>(end_of_mine) > edge_place.size()) {
        const size_t room =
            std::max(static_cast<size_t>(end_of_mine), edge_place.size() + edge_place.size() / 2);
        edge_place.resize(room);
        edge_points.resize(room);
      }
    }
    {
      std::shared_lock write(arrays_mu);
      for (const auto& [f, at] : mine) {
        // The places by id rank are read at random: requested some pairs ahead.
        constexpr size_t kAhead = 16;
        const std::vector<PairKey>& pairs = f->pairs;
        const int32_t* by_rank = place_by_id_rank.data();
        for (size_t i = 0; i < pairs.size(); ++i) {
          if (i + kAhead < pairs.size()) __builtin_prefetch(by_rank + IdRankOf(pairs[i + kAhead]));
          edge_place[at + static_cast<int64_t>(i)] = by_rank[IdRankOf(pairs[i])];
          edge_points[at + static_cast<int64_t>(i)] = PointsOf(pairs[i]);
        }
      }
    }
    std::lock_guard lock(mu);
    for (auto& [f, at] : mine) spare.push_back(std::move(f));
  });
  g.pairs_seconds = since(phase);
  phase = Clock::now();
  const int64_t edges = placed_pairs;
  edge_place.resize(edges);
  edge_points.resize(edges);
  in.person_begin.assign(people.size() + 1, 0);
  if (in_order) {
    for (size_t i = 0; i < people.size(); ++i)
      in.person_begin[i + 1] = in.person_begin[i] + degree[i];
    in.edge_place = std::move(edge_place);
    in.edge_points = std::move(edge_points);
  } else {
    // People not in SortForGraph's order: the lists are laid out again in person order.
    std::vector<int64_t> visit_begin(people.size() + 1, 0);
    for (size_t k = 0; k < people.size(); ++k) visit_begin[k + 1] = visit_begin[k] + degree[k];
    for (size_t k = 0; k < people.size(); ++k) in.person_begin[visit[k] + 1] = degree[k];
    for (size_t i = 0; i < people.size(); ++i) in.person_begin[i + 1] += in.person_begin[i];
    in.edge_place.resize(edges);
    in.edge_points.resize(edges);
    ParallelChunks(people.size(), kChunk, Threads(options.threads, chunks),
                   [&](size_t b, size_t e) {
                     for (size_t k = b; k < e; ++k) {
                       const int64_t from = visit_begin[k], n = visit_begin[k + 1] - from,
                                     to = in.person_begin[visit[k]];
                       std::copy_n(edge_place.begin() + from, n, in.edge_place.begin() + to);
                       std::copy_n(edge_points.begin() + from, n, in.edge_points.begin() + to);
                     }
                   });
  }
  g.pairs_scored = static_cast<uint64_t>(edges);
  g.pairs_examined = examined_total.load();
  g.layout_seconds = since(phase);
  phase = Clock::now();

  // Places rank the people who fit them: higher score first, ties by the seeded lottery. The
  // lottery's order is the tiebreak (ties of the lottery itself by person: never in practice).
  {
    // A stable sort on the high half (so by person within it), then the runs with an equal
    // high half (a hundred or so among a million) by the whole number, then by person.
    ParallelRadixSort(
        &drawn, [](uint64_t d) { return d >> 32; }, options.threads);
    auto person_of = [](uint64_t d) { return static_cast<uint32_t>(d); };
    std::vector<std::pair<uint64_t, uint32_t>> tied;
    for (size_t r = 0; r < drawn.size();) {
      size_t end = r + 1;
      while (end < drawn.size() && drawn[end] >> 32 == drawn[r] >> 32) ++end;
      if (end - r > 1) {
        tied.clear();
        for (size_t k = r; k < end; ++k)
          tied.emplace_back(Lottery(options.seed, *people[person_of(drawn[k])]),
                            person_of(drawn[k]));
        std::sort(tied.begin(), tied.end());
        for (size_t k = r; k < end; ++k) drawn[k] = drawn[k] >> 32 << 32 | tied[k - r].second;
      }
      r = end;
    }
    in.person_tiebreak.resize(people.size());
    for (uint32_t r = 0; r < drawn.size(); ++r) in.person_tiebreak[person_of(drawn[r])] = r;
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
  ParallelChunks(static_cast<size_t>(in.places), 1024,
                 Threads(options.threads, in.places / 1024 + 1), [&](size_t b, size_t e) {
                   for (size_t q = b; q < e; ++q) {
                     auto first = by_place.begin() + place_begin[q],
                          last = by_place.begin() + place_begin[q + 1];
                     std::sort(first, last,
                               [](const Seat& x, const Seat& y) { return x.key < y.key; });
                     int32_t r = 0;
                     for (auto it = first; it != last; ++it) rank[it->edge] = r++;
                   }
                 });
  in.edge_rank = std::move(rank);
  g.order_seconds = since(phase);
  if (options.progress) options.progress(1.0);
  return g;
}

namespace {

using domain::UnplacedCode;

UnplacedReason Unplaced(UnplacedCode code, std::string text) {
  return {domain::Name(code), std::move(text)};
}

// "jobcoach", "jobcoach of vervoer" (with `conjunction` "of"), in plain words.
std::string SupportNames(domain::SupportSet set, std::string_view conjunction = "en") {
  return JoinDutch(domain::SupportDisplayList(set), conjunction);
}

// "plek" when the round takes every kind, else the kinds in its scope: "stages of leerbanen".
std::string KindsInScope(uint32_t kind_mask) {
  std::vector<std::string> kinds;
  for (size_t k = 0; k < domain::kEnumSize<domain::PlaceKind>; ++k) {
    if (kind_mask & (1u << k)) {
      kinds.emplace_back(domain::DisplayPlural(static_cast<domain::PlaceKind>(k)));
    }
  }
  return kinds.empty() || kinds.size() == domain::kEnumSize<domain::PlaceKind>
             ? "plek"
             : JoinDutch(kinds, "of");
}

}  // namespace

UnplacedReason ExplainUnplaced(const PlaceIndex& places, const PersonProfile& person,
                               int64_t feasible_places, const UnplacedScope& scope,
                               const domain::Catalog& catalog) {
  if (feasible_places > 0) {
    const std::string were =
        feasible_places == 1 ? "Er was 1 passende plek"
                             : "Er waren " + std::to_string(feasible_places) + " passende plekken";
    const bool one = feasible_places == 1;
    const std::string went =
        scope.optimal ? std::string(one ? ", maar die ging naar een ander"
                                        : ", maar die gingen naar anderen") +
                            ": zo kregen zoveel mogelijk deelnemers een plek"
        : one ? ", maar die ging naar een deelnemer die er beter bij paste of de loting won"
              : ", maar die gingen naar deelnemers die er beter bij pasten of de loting wonnen";
    return Unplaced(UnplacedCode::kAnderenGingenVoor, were + went);
  }
  const Weights& w = places.weights();
  // The places in scope within reach: what each lacks, over a sample (enough to name the most
  // common obstacle; it keeps a national round's report fast), and what support any of them
  // offers, over all of them while a need is not yet seen offered.
  constexpr int64_t kSample = 400;
  int64_t near = 0, sampled = 0;
  bool whole = true;  // every place within reach was sampled
  domain::SupportSet offered = 0;
  std::map<uint32_t, int64_t> obstacle;       // Infeasible bit -> sampled places
  std::map<uint32_t, int64_t> missing_skill;  // catalog index -> sampled places that need it
  std::map<int, int64_t> missing_support;     // Support value -> sampled places that lack it
  places.ForEachInReach(
      person, [&](uint32_t i) {  // most places beyond reach skipped on their record
        const PlaceProfile& p = places.at(i);
        if (!InScope(i, p, scope.kind_mask, scope.place_in_scope)) return true;
        const uint32_t bits = Check(person, p, w, scope.today);
        if (bits & kTooFar) return true;  // beyond reach after all
        ++near;
        offered |= p.offered;
        if (sampled == kSample) {
          whole = false;
          return (person.needs & ~offered) != 0;
        }
        ++sampled;
        for (uint32_t b : {kMissingSkill, kLevelTooLow, kSupportMissing, kTooManyHours,
                           kNotAvailable, kStartsTooLate, kTooYoung, kHoursForAge}) {
          if (bits & b) ++obstacle[b];
        }
        if (bits & kMissingSkill) {
          const bool interested = (person.sector_mask & (1u << p.sector)) != 0;
          for (const auto& r : p.required) {
            auto it = std::lower_bound(person.skills.begin(), person.skills.end(), r);
            const int held = it != person.skills.end() && it->skill == r.skill ? it->level : 0;
            if (SkillMissing(r, held, interested)) ++missing_skill[r.skill];
          }
        }
        if (bits & kSupportMissing) {
          for (auto s :
               domain::SupportList(static_cast<domain::SupportSet>(person.needs & ~p.offered))) {
            ++missing_support[static_cast<int>(s)];
          }
        }
        return true;
      });
  if (near == 0) {
    // Nothing within reach: is there a place that would fit a bit further away?
    bool wider = false;
    places.ForEachNear(person.location, 2 * person.max_km / w.road_factor, [&](uint32_t i) {
      const PlaceProfile& p = places.at(i);
      wider = InScope(i, p, scope.kind_mask, scope.place_in_scope) &&
              Check(person, p, w, scope.today) == kTooFar;
      return !wider;
    });
    if (wider) {
      return Unplaced(UnplacedCode::kTeVer, "Binnen " +
                                                std::to_string(static_cast<int>(person.max_km)) +
                                                " km past geen plek; iets verderop wel");
    }
    return Unplaced(UnplacedCode::kGeenPlekBinnenBereik,
                    "Geen " + KindsInScope(scope.kind_mask) + " binnen bereik");
  }
  if (const auto unoffered = static_cast<domain::SupportSet>(person.needs & ~offered);
      unoffered != 0) {
    return Unplaced(
        UnplacedCode::kOndersteuningNietAangeboden,
        (near == 1 ? std::string("De enige plek binnen bereik biedt geen ")
                   : "Geen van de " + std::to_string(near) + " plekken binnen bereik biedt ") +
            SupportNames(unoffered, "of"));
  }
  const std::string of =
      whole ? "de " + Counted(sampled, "plek", "plekken") + " binnen bereik"
            : Counted(sampled, "bekeken plek", "bekeken plekken") + " binnen bereik";
  auto with = [&](int64_t n) {
    if (whole && sampled == 1) return std::string(" (bij de enige plek binnen bereik)");
    if (whole && n == sampled)
      return " (bij alle " + Counted(n, "plek", "plekken") + " binnen bereik)";
    return " (bij " + std::to_string(n) + " van " + of + ")";
  };
  // The most common obstacle; on a tie the first of skill, level, support, hours, dates.
  auto most = std::max_element(obstacle.begin(), obstacle.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  if (most == obstacle.end()) {
    // Every sampled place fits, yet none was in the person's list: cannot happen in a round
    // (the list holds every place in scope that fits); said as it is rather than guessed.
    return Unplaced(UnplacedCode::kAnderenGingenVoor,
                    "Er zijn passende plekken binnen bereik, maar die gingen naar anderen");
  }
  switch (most->first) {
    case kMissingSkill: {
      auto s = std::max_element(missing_skill.begin(), missing_skill.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
      std::string text = "Mist een vereiste vaardigheid" + with(most->second);
      if (s != missing_skill.end()) {
        const auto& skill = catalog.data().skills[s->first];
        text += ", het vaakst " + domain::QuotedSkillLabel(skill) + " (bij " +
                std::to_string(s->second) + ")";
      }
      return Unplaced(UnplacedCode::kOntbrekendeVaardigheid, std::move(text));
    }
    case kSupportMissing: {  // each need is offered somewhere within reach, but mostly not
      auto s = std::max_element(missing_support.begin(), missing_support.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
      return Unplaced(UnplacedCode::kOndersteuningNietAangeboden,
                      SupportNames(domain::SupportBit(static_cast<domain::Support>(s->first))) +
                          " ontbreekt" + with(s->second));
    }
    case kLevelTooLow:
      return Unplaced(UnplacedCode::kNiveauTeLaag,
                      "Opleidingsniveau lager dan gevraagd" + with(most->second));
    case kTooManyHours:
      return Unplaced(UnplacedCode::kUrenPassenNiet,
                      "Gevraagde uren passen niet bij de beschikbare uren" + with(most->second));
    case kStartsTooLate:
      return Unplaced(
          UnplacedCode::kStartTeLaat,
          "De plekken beginnen te lang nadat de deelnemer beschikbaar is" + with(most->second));
    case kTooYoung:
      return Unplaced(
          UnplacedCode::kTeJong,
          "Te jong voor dit soort plek (Arbeidstijdenwet, leerplicht)" + with(most->second));
    case kHoursForAge:
      return Unplaced(UnplacedCode::kTeVeelUrenVoorLeeftijd,
                      "De plekken vragen meer uren per week dan op deze leeftijd mag "
                      "(Arbeidstijdenwet)" +
                          with(most->second));
    default:
      return Unplaced(UnplacedCode::kNietBeschikbaar,
                      "De periode van de plekken is voorbij of eindigt voordat de deelnemer "
                      "beschikbaar is" +
                          with(most->second));
  }
}

}  // namespace overstap::match
