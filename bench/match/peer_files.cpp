// What match_bench writes and reads besides its figures, and its textbook peer (peer_files.h).

#include "peer_files.h"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace overstap::bench {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "match_bench: %s\n", what.c_str());
  std::exit(1);
}

}  // namespace

// A plain textbook deferred acceptance (people propose): a FIFO queue of free people; each place
// keeps the people it holds in a plain vector and, when full, finds its worst by a linear scan.
// Same preference arrays as the engine's (the person's edges in order, the place's PlaceKey).
match::Assignment TextbookDeferredAcceptance(const match::Instance& in) {
  struct Held {
    uint64_t rank;
    int32_t person;
  };
  std::vector<std::vector<Held>> held(static_cast<size_t>(in.places));
  std::vector<int64_t> next(in.person_begin.begin(), in.person_begin.end() - 1);
  std::vector<int64_t> edge_of(static_cast<size_t>(in.people), -1);
  std::vector<int32_t> queue(static_cast<size_t>(in.people));
  for (int32_t p = 0; p < in.people; ++p) queue[static_cast<size_t>(p)] = p;
  size_t head = 0;
  while (head < queue.size()) {
    const int32_t p = queue[head++];
    while (next[p] < in.person_begin[p + 1]) {
      const int64_t e = next[p]++;
      const int32_t q = in.edge_place[e];
      auto& h = held[q];
      if (static_cast<int32_t>(h.size()) < in.capacity[q]) {
        h.push_back({match::PlaceKey(in, e, p), p});
        edge_of[p] = e;
        break;
      }
      if (h.empty()) continue;  // capacity 0
      size_t worst = 0;
      for (size_t i = 1; i < h.size(); ++i) {
        if (h[i].rank > h[worst].rank) worst = i;
      }
      if (const uint64_t key = match::PlaceKey(in, e, p); key < h[worst].rank) {
        const int32_t out = h[worst].person;
        h[worst] = {key, p};
        edge_of[p] = e;
        edge_of[out] = -1;
        queue.push_back(out);
        break;
      }
    }
  }
  return match::AssignmentOf(in, std::move(edge_of));
}

void WritePeerInstance(const match::Instance& in, const std::string& path, int64_t people,
                       double ours_s, int runs, int threads, const match::Objective& obj,
                       const std::string& certificate) {
  // Only the places somebody can take (the rest cannot change anything), renumbered.
  std::vector<int32_t> renumber(static_cast<size_t>(in.places), -1);
  std::vector<int32_t> capacity;
  for (int64_t e = 0; e < in.edges(); ++e) {
    int32_t& r = renumber[in.edge_place[e]];
    if (r < 0) {
      r = static_cast<int32_t>(capacity.size());
      capacity.push_back(in.capacity[in.edge_place[e]]);
    }
  }
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) Die("cannot write " + path);
  std::fprintf(f, "{\"format\": \"overstap-match-bench-1\",\n\"people\": %d,\n\"places\": %zu,\n",
               in.people, capacity.size());
  auto ints = [&](const char* name, size_t n, const std::function<int64_t(size_t)>& at, bool last) {
    std::fprintf(f, "\"%s\": [", name);
    for (size_t i = 0; i < n; ++i) std::fprintf(f, i ? ",%" PRId64 : "%" PRId64, at(i));
    std::fprintf(f, "]%s\n", last ? "" : ",");
  };
  ints(
      "capacity", capacity.size(), [&](size_t i) { return capacity[i]; }, false);
  ints(
      "person_begin", in.person_begin.size(), [&](size_t i) { return in.person_begin[i]; }, false);
  ints(
      "edge_place", static_cast<size_t>(in.edges()),
      [&](size_t i) { return renumber[in.edge_place[i]]; }, false);
  ints(
      "edge_score", static_cast<size_t>(in.edges()), [&](size_t i) { return in.edge_points[i]; },
      false);
  std::fprintf(
      f,
      "\"ours\": {\"sample_people\": %" PRId64 ", \"placed\": %" PRId64 ", \"score\": %" PRId64
      ", \"seconds\": %.9f, \"runs\": %d, \"threads\": %d, \"certificate\": \"%s\"}\n}\n",
      people, obj.placed, obj.score, ours_s, runs, threads, certificate.empty() ? "ok" : "FAILED");
  std::fclose(f);
}

// The candidate graph's arrays in a flat binary file, so solver iterations need neither the
// database nor the ~90 s graph build at 1M people. Layout: the magic; people, places, edges and
// the sizes of edge_rank and person_tiebreak; then capacity, person_begin, edge_place, edge_rank,
// edge_points and person_tiebreak as raw arrays (this machine's byte order; a scratch file for
// benchmarks, not an exchange format).
namespace {

constexpr char kInstanceMagic[8] = {'O', 'V', 'S', 'T', 'I', 'N', 'S', '3'};

template <typename T, typename A>
void WriteArray(std::FILE* f, const std::vector<T, A>& v) {
  if (!v.empty() && std::fwrite(v.data(), sizeof(T), v.size(), f) != v.size()) Die("short write");
}
template <typename T, typename A>
void ReadArray(std::FILE* f, std::vector<T, A>* v, int64_t n) {
  v->resize(static_cast<size_t>(n));
  if (n > 0 && std::fread(v->data(), sizeof(T), v->size(), f) != v->size()) Die("short read");
}

}  // namespace

void SaveInstance(const match::Instance& in, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) Die("cannot write " + path);
  const int64_t head[5] = {in.people, in.places, in.edges(),
                           static_cast<int64_t>(in.edge_rank.size()),
                           static_cast<int64_t>(in.person_tiebreak.size())};
  std::fwrite(kInstanceMagic, 1, sizeof(kInstanceMagic), f);
  std::fwrite(head, sizeof(int64_t), 5, f);
  WriteArray(f, in.capacity);
  WriteArray(f, in.person_begin);
  WriteArray(f, in.edge_place);
  WriteArray(f, in.edge_rank);
  WriteArray(f, in.edge_points);
  WriteArray(f, in.person_tiebreak);
  if (std::fclose(f) != 0) Die("cannot write " + path);
}

bool LoadInstance(const std::string& path, match::Instance* in) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char magic[sizeof(kInstanceMagic)];
  int64_t head[5];
  if (std::fread(magic, 1, sizeof(magic), f) != sizeof(magic) ||
      std::memcmp(magic, kInstanceMagic, sizeof(magic)) != 0 ||
      std::fread(head, sizeof(int64_t), 5, f) != 5) {
    Die(path + " is not a saved instance");
  }
  in->people = static_cast<int32_t>(head[0]);
  in->places = static_cast<int32_t>(head[1]);
  ReadArray(f, &in->capacity, head[1]);
  ReadArray(f, &in->person_begin, head[0] + 1);
  ReadArray(f, &in->edge_place, head[2]);
  ReadArray(f, &in->edge_rank, head[3]);
  ReadArray(f, &in->edge_points, head[2]);
  ReadArray(f, &in->person_tiebreak, head[4]);
  std::fclose(f);
  if (std::string err = in->Validate(); !err.empty()) Die(path + ": " + err);
  return true;
}

}  // namespace overstap::bench
