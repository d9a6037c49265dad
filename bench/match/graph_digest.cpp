// graph_digest: a fingerprint of the candidate graph, to check that a change to the engine's
// hot path builds exactly the same graph as before (same pairs, same scores bit for bit, same
// order, same ranks).
//
//   graph_digest --db=PATH [--sample=N] [--threads=T] [--seed=S] [--migrate]
//
// --migrate brings the database to the current schema first (it writes: use it on a copy).
//
// Loads every place into the index and every person as a profile (as match_bench does), takes
// the N people with the lowest Lottery(salt, id) (deterministic, independent of the engine),
// builds BuildCandidateGraph over them and prints the number of pairs, a 64-bit FNV-1a digest of
// every array of the instance, and the user CPU seconds the build took (load-independent enough
// to compare builds on a shared machine; wall seconds are printed too). Build it before and
// after a change and compare the digests.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "domain/reference.h"
#include "match/candidates.h"
#include "match/index.h"
#include "match/profile.h"
#include "service/register_service.h"
#include "store/store.h"

namespace overstap::bench {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "graph_digest: %s\n", what.c_str());
  std::exit(1);
}

double UserSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec) * 1e-6;
}

class Digest {
 public:
  template <typename T, typename A>
  void Add(const std::vector<T, A>& v) {
    Bytes(v.size());
    for (const T& x : v) Bytes(x);
  }
  template <typename T>
  void Bytes(const T& x) {
    unsigned char b[sizeof(T)];
    std::memcpy(b, &x, sizeof(T));  // doubles by their bits: "equal" means bit for bit
    for (unsigned char c : b) h_ = (h_ ^ c) * 1099511628211ULL;
  }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 1469598103934665603ULL;
};

int Main(int argc, char** argv) {
  std::string db;
  size_t sample = 20000;
  int threads = 1;
  uint64_t seed = 1;
  bool migrate = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&](const char* name) -> const char* {
      const size_t n = std::strlen(name);
      return a.compare(0, n, name) == 0 && a.size() > n && a[n] == '=' ? a.c_str() + n + 1
                                                                       : nullptr;
    };
    if (const char* v = val("--db"))
      db = v;
    else if (const char* v = val("--sample"))
      sample = std::stoull(v);
    else if (const char* v = val("--threads"))
      threads = std::stoi(v);
    else if (const char* v = val("--seed"))
      seed = std::stoull(v);
    else if (a == "--migrate")
      migrate = true;
    else
      Die("unknown argument " + a +
          "; usage: graph_digest --db=PATH [--sample=N] [--threads=T] [--seed=S] [--migrate]");
  }
  if (db.empty()) Die("--db=PATH is required");

  store::SqliteOptions o;
  o.path = db;
  o.read_connections = 1;
  auto s = store::OpenSqliteStore(o);
  if (!s.ok()) Die("open " + db + ": " + s.status().ToString());
  if (migrate) {
    auto m = (*s)->Migrate();
    if (!m.ok()) Die("migrate: " + m.status().ToString());
  }
  auto catalog = service::LoadCatalog(s->get());
  if (!catalog.ok()) Die("load catalog: " + catalog.status().ToString());
  match::PlaceIndex places;
  std::vector<match::PersonProfile> people;
  Status st =
      (*s)->ScanPlaces([&](domain::Place&& p) { places.Upsert(match::ProfileOf(p, **catalog)); });
  if (!st.ok()) Die("scan places: " + st.ToString());
  st = (*s)->ScanPeople(
      [&](domain::Person&& p) { people.push_back(match::ProfileOf(p, **catalog)); });
  if (!st.ok()) Die("scan people: " + st.ToString());

  // A deterministic sample, in scan order.
  std::vector<std::pair<uint64_t, uint32_t>> keyed(people.size());
  for (size_t i = 0; i < people.size(); ++i)
    keyed[i] = {match::Lottery(404, people[i].id), static_cast<uint32_t>(i)};
  sample = std::min(sample, keyed.size());
  std::nth_element(keyed.begin(), keyed.begin() + static_cast<ptrdiff_t>(sample), keyed.end());
  std::vector<uint32_t> chosen(sample);
  for (size_t i = 0; i < sample; ++i) chosen[i] = keyed[i].second;
  std::sort(chosen.begin(), chosen.end());
  std::vector<match::PersonProfile> in_graph;
  for (uint32_t i : chosen) in_graph.push_back(people[i]);

  match::GraphOptions g;
  g.seed = seed;
  g.threads = threads;
  const double u0 = UserSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  match::CandidateGraph graph = match::BuildCandidateGraph(places, in_graph, g);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double user = UserSeconds() - u0;

  const match::Instance& in = graph.instance;
  Digest d;
  d.Bytes(in.people);
  d.Bytes(in.places);
  d.Add(in.capacity);
  d.Add(in.person_begin);
  d.Add(in.edge_place);
  d.Add(in.edge_points);
  d.Add(in.edge_rank);
  d.Add(in.person_tiebreak);
  d.Add(graph.place_entry);
  std::printf("people %zu places %d pairs %" PRIu64 " examined %" PRIu64 " digest %016" PRIx64
              " user %.2f s wall %.2f s pairs/user-s %.0f\n",
              in_graph.size(), in.places, graph.pairs_scored, graph.pairs_examined, d.value(), user,
              wall, static_cast<double>(graph.pairs_scored) / std::max(user, 1e-9));
  return 0;
}

}  // namespace
}  // namespace overstap::bench

int main(int argc, char** argv) { return overstap::bench::Main(argc, argv); }
