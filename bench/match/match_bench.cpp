// Matching benchmarks on the demo database; bench/match/README.md says what each step measures
// and why.
//
//   --step=topk      (a) PlaceIndex::TopK for one person, k=10, no filters, one thread, over all
//                        places; latency percentiles of --queries random people. Peer and check:
//                        a full scan (Check + Score) for the first --scan-queries of them.
//   --step=graph     (b) BuildCandidateGraph over --graph-sample random people and all places,
//                        threads=1 and 2: feasible pairs scored and places examined per second.
//                        Check: both graphs identical and valid. --graph-repeat=N: the fastest of
//                        N + 1 builds on 1 thread too.
//   --step=national  (c) the national round in process, --mode=stable|optimal: time and peak RSS
//                        per phase. Check: feasible, and no blocking pair / the certificate.
//   --step=compare   (d) at --sizes people (nested subsets, all places): OptimalBipartite vs
//                        LEMON NetworkSimplex and CostScaling, DeferredAcceptancePeople vs a
//                        textbook loop (times, ratios, identical answers); with --peer-dir the
//                        graphs at --peer-sizes as JSON for bench/match/peers.py.
//   --step=solve     (e) OptimalBipartite alone on the graph saved at --instance=FILE (built at
//                        the first of --sizes people when FILE does not exist): wall and CPU time,
//                        work counters, the certificate; --lemon adds NetworkSimplex;
//                        --mode=stable runs deferred acceptance instead (three times).
//   --step=calibrate     fixed work that does not change with the engine (no database): one
//                        thread sorting 20M random integers, 20M dependent random reads over
//                        512 MB, and a first write of 410 MB on huge pages (a national graph's
//                        pair arrays), so runs at different times can be compared.
//
// Figures go to stdout, one line each, with the target and PASS/MISS where one is set; progress
// to stderr. Fixed seeds: the same database gives the same queries and graphs, and it is only
// read. A graph or solver that would not fit in the memory available is skipped with a line
// saying so; each solver's own peak (VmHWM after a reset) is printed per pair.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/huge_pages.h"
#include "domain/reference.h"
#include "io/match_rules_file.h"
#include "match/allocation.h"
#include "match/bipartite.h"
#include "match/candidates.h"
#include "match/index.h"
#include "match/lemon_solver.h"
#include "match/profile.h"
#include "match/rules.h"
#include "peer_files.h"
#include "service/register_service.h"
#include "store/store.h"

namespace overstap::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Targets (issue "Matching engine", point 6).
constexpr double kTopKP50TargetMs = 2;
constexpr double kTopKP99TargetMs = 10;
constexpr double kStableTargetS = 3;
constexpr double kOptimalTargetS = 60;
constexpr double kRssTargetGb = 6;
constexpr double kLemonRatioTarget = 3;  // ours faster than the faster LEMON, at 1M people
constexpr int32_t kLemonRatioAtPeople = 1000000;
// Salts of the deterministic samples (different ones so the samples are independent).
constexpr uint64_t kQuerySalt = 101, kGraphSalt = 202, kSubsetSalt = 303;

struct Config {
  std::string db;
  std::string step;
  std::string mode;
  int64_t queries = 20000;
  int64_t scan_queries = 50;
  int64_t graph_sample = 100000;
  int graph_repeat = 0;
  std::vector<int64_t> sizes = {10000, 100000, 1000000};
  std::vector<int64_t> peer_sizes = {2000, 10000};
  std::string peer_dir;
  int threads = 2;
  uint64_t seed = 7;  // the lottery's seed
  bool quick = false;
  std::string instance;  // (solve) the saved graph
  bool lemon = false;    // (solve) also LEMON NetworkSimplex
  // The day the matching rules (data/rules/matchregels.json: periods, age) apply on; the demo
  // data is made for it (bench/match/run).
  int32_t today = DateFromMicros(std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count())
                      .days;
};

Config g_config;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "match_bench: %s\n", what.c_str());
  std::exit(1);
}

template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what + ": " + r.status().ToString());
  return std::move(r).value();
}

double Since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void Progress(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void Progress(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::fputs("  .. ", stderr);
  std::vfprintf(stderr, fmt, ap);
  std::fputc('\n', stderr);
  va_end(ap);
}

// ---- output ------------------------------------------------------------------------------------

std::string Commas(int64_t v) {
  std::string s = std::to_string(v < 0 ? -v : v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return v < 0 ? "-" + s : s;
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// A duration with a sensible unit.
std::string Duration(double s) {
  if (s < 1e-3) return Fixed(s * 1e6, 0) + " us";
  if (s < 1) return Fixed(s * 1e3, s < 0.1 ? 2 : 1) + " ms";
  return Fixed(s, s < 10 ? 2 : 1) + " s";
}

const char* Verdict(bool ok) { return ok ? "PASS" : "MISS"; }

// One figure: label, value, and the rest (unit, target, verdict), aligned like bench/run.
void Figure(const std::string& label, const std::string& value, const std::string& rest) {
  std::printf("%-65s %11s %s\n", label.c_str(), value.c_str(), rest.c_str());
  std::fflush(stdout);
}
void Line(const std::string& text) {
  std::printf("%s\n", text.c_str());
  std::fflush(stdout);
}

// ---- memory ------------------------------------------------------------------------------------

// A line of /proc/self/status or /proc/meminfo, in MB ("VmRSS", "VmHWM", "MemAvailable").
double ProcMb(const char* file, const char* key) {
  FILE* f = std::fopen(file, "r");
  if (!f) return -1;
  char line[256];
  double kb = -1;
  const size_t len = std::strlen(key);
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, key, len) == 0 && line[len] == ':') {
      kb = std::strtod(line + len + 1, nullptr);
      break;
    }
  }
  std::fclose(f);
  return kb < 0 ? -1 : kb / 1024.0;
}
double RssMb() { return ProcMb("/proc/self/status", "VmRSS"); }
double AvailableMb() { return ProcMb("/proc/meminfo", "MemAvailable"); }

// The memory a phase adds at its peak: the high-water mark is reset first (Linux: "5" to
// /proc/self/clear_refs), so VmHWM afterwards is the phase's own peak. -1 when not supported.
class PhaseMemory {
 public:
  PhaseMemory() : base_(RssMb()) {
    FILE* f = std::fopen("/proc/self/clear_refs", "w");
    ok_ = f && std::fputs("5", f) >= 0;
    if (f) ok_ = (std::fclose(f) == 0) && ok_;
  }
  double AddedMb() const { return ok_ ? ProcMb("/proc/self/status", "VmHWM") - base_ : -1; }
  std::string Text() const {
    double mb = AddedMb();
    return mb < 0 ? "" : "; peak +" + Commas(static_cast<int64_t>(mb)) + " MB";
  }

 private:
  double base_;
  bool ok_ = false;
};

// Rough bytes per candidate pair, measured on the demo (peak over the phase, including the
// instance's own 16 bytes per pair only where it is built): used to skip, with a message, what
// would not fit in the memory available instead of running the machine out of memory.
constexpr double kGraphBuildBytesPerPair = 64;
constexpr double kNetworkSimplexBytesPerPair = 110;  // measured 98-109
constexpr double kCostScalingBytesPerPair = 200;     // measured 175-195
constexpr double kOursBytesPerPair = 20;  // its arcs: 16 (sorted copy of the pairs with keys)

// "" when `pairs` x `bytes_per_pair` fits in 85% of MemAvailable; else why not.
std::string WontFit(double pairs, double bytes_per_pair) {
  const double need_mb = pairs * bytes_per_pair / 1048576.0;
  const double avail_mb = AvailableMb();
  if (avail_mb < 0 || need_mb <= 0.85 * avail_mb) return "";
  return "would need about " + Fixed(need_mb / 1024.0, 1) + " GB (" +
         Commas(static_cast<int64_t>(pairs)) + " pairs x ~" + Fixed(bytes_per_pair, 0) +
         " bytes) and " + Fixed(avail_mb / 1024.0, 1) + " GB is available";
}

// ---- data --------------------------------------------------------------------------------------

// The weights with the matching rules the binary ships, as `serve` applies them.
match::Weights RuledWeights() {
  match::Weights w = match::DefaultWeights();
  auto work = io::ParseMatchRules(io::DefaultMatchRulesText());
  if (!work.ok()) Die("matching rules: " + work.status().ToString());
  w.work = *work;
  return w;
}

struct Data {
  std::shared_ptr<const domain::Catalog> catalog;
  std::unique_ptr<match::PlaceIndex> places = std::make_unique<match::PlaceIndex>(RuledWeights());
  std::vector<match::PersonProfile> people;
  double open_s = 0, places_s = 0, people_s = 0;
};

// Opens the store as the service does and loads every place into the index and every person
// as a profile, timing each phase.
Data Load(const std::string& path) {
  Data d;
  auto t0 = Clock::now();
  store::SqliteOptions o;
  o.path = path;
  o.read_connections = 1;
  auto s = Must(store::OpenSqliteStore(o), "open " + path);
  d.catalog = Must(service::LoadCatalog(s.get()), "load catalog");
  d.open_s = Since(t0);
  t0 = Clock::now();
  Status st =
      s->ScanPlaces([&](domain::Place&& p) { d.places->Upsert(match::ProfileOf(p, *d.catalog)); });
  if (!st.ok()) Die("scan places: " + st.ToString());
  d.places_s = Since(t0);
  t0 = Clock::now();
  st = s->ScanPeople(
      [&](domain::Person&& p) { d.people.push_back(match::ProfileOf(p, *d.catalog)); });
  if (!st.ok()) Die("scan people: " + st.ToString());
  d.people_s = Since(t0);
  if (d.places->size() == 0 || d.people.empty()) Die("the database has no places or no people");
  Progress("loaded %s places in %.1f s, %s people in %.1f s (catalog %.1f s), peak RSS %.0f MB",
           Commas(static_cast<int64_t>(d.places->size())).c_str(), d.places_s,
           Commas(static_cast<int64_t>(d.people.size())).c_str(), d.people_s, d.open_s,
           PeakRssMb());
  return d;
}

// The `n` people with the lowest Lottery(salt, id), in their original (scan) order: a
// deterministic random sample, and nested (the sample of n is part of the sample of n' > n).
std::vector<uint32_t> SampleIndices(const std::vector<match::PersonProfile>& people, size_t n,
                                    uint64_t salt) {
  std::vector<std::pair<uint64_t, uint32_t>> keyed(people.size());
  for (size_t i = 0; i < people.size(); ++i)
    keyed[i] = {match::Lottery(salt, people[i].id), static_cast<uint32_t>(i)};
  n = std::min(n, keyed.size());
  std::nth_element(keyed.begin(), keyed.begin() + static_cast<ptrdiff_t>(n), keyed.end());
  std::vector<uint32_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = keyed[i].second;
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<match::PersonProfile> Sample(const std::vector<match::PersonProfile>& people, size_t n,
                                         uint64_t salt) {
  std::vector<match::PersonProfile> out;
  for (uint32_t i : SampleIndices(people, n, salt)) out.push_back(people[i]);
  return out;
}

match::CandidateGraph Graph(const Data& d, const std::vector<match::PersonProfile>& people,
                            int threads, double* seconds) {
  match::GraphOptions o;
  o.today = g_config.today;
  o.seed = g_config.seed;
  o.threads = threads;
  auto t0 = Clock::now();
  match::CandidateGraph g = match::BuildCandidateGraph(*d.places, people, o);
  *seconds = Since(t0);
  return g;
}

// Runs fn once; when that took under 0.2 s, runs it again until about 1 s has gone by (at most
// 25 runs) and reports the median. Returns the seconds; *out gets the last result.
template <typename T>
double Timed(const std::function<T()>& fn, T* out, int* runs = nullptr) {
  std::vector<double> times;
  auto t0 = Clock::now();
  *out = fn();
  times.push_back(Since(t0));
  double total = times[0];
  while (times[0] < 0.2 && total < 1.0 && times.size() < 25) {
    t0 = Clock::now();
    *out = fn();
    times.push_back(Since(t0));
    total += times.back();
  }
  if (runs) *runs = static_cast<int>(times.size());
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::string RunsNote(int runs) {
  return runs > 1 ? " (median of " + std::to_string(runs) + " runs)" : "";
}

// ---- (a) top-k ----------------------------------------------------------------------------------

// The peer and the answer check: every live place through Check and Score, the best k kept in
// the index's order (score descending, then place id).
std::vector<match::Hit> FullScan(const match::PlaceIndex& index, const match::PersonProfile& person,
                                 size_t k) {
  std::vector<match::Hit> all;
  for (uint32_t i = 0; i < index.entries(); ++i) {
    if (!index.alive(i)) continue;
    const auto& p = index.at(i);
    if (match::Check(person, p, index.weights(), g_config.today) != match::kFeasible) continue;
    all.push_back({i, match::Score(person, p, index.weights())});
  }
  auto better = [&](const match::Hit& a, const match::Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    return index.at(a.index).id < index.at(b.index).id;
  };
  const size_t keep = std::min(k, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<ptrdiff_t>(keep), all.end(), better);
  all.resize(keep);
  return all;
}

void StepTopK(const Data& d) {
  const auto queries = Sample(d.people, static_cast<size_t>(g_config.queries), kQuerySalt);
  match::PlaceQuery q;
  q.k = 10;
  q.today = g_config.today;
  Progress("TopK: %zu queries over %s places", queries.size(),
           Commas(static_cast<int64_t>(d.places->size())).c_str());
  // Warm up the caches and the allocator on a few queries, untimed.
  for (size_t i = 0; i < std::min<size_t>(200, queries.size()); ++i)
    (void)d.places->TopK(queries[i], q);
  std::vector<double> ms(queries.size());
  std::vector<std::vector<match::Hit>> hits(queries.size());
  const uint64_t examined0 = d.places->examined();
  uint64_t found = 0, empty = 0;
  auto all0 = Clock::now();
  for (size_t i = 0; i < queries.size(); ++i) {
    auto t0 = Clock::now();
    hits[i] = d.places->TopK(queries[i], q);
    ms[i] = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    found += hits[i].size();
    empty += hits[i].empty();
  }
  const double all_s = Since(all0);
  const uint64_t examined = d.places->examined() - examined0;
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  auto pct = [&](double p) {
    size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
  };
  double mean = 0;
  for (double x : ms) mean += x;
  mean /= static_cast<double>(ms.size());
  const double p50 = pct(50), p90 = pct(90), p99 = pct(99), max = sorted.back();
  const std::string n = Commas(static_cast<int64_t>(d.places->size()));
  Figure(
      "(a) TopK k=10, " + n + " places, 1 thread, p50", Fixed(p50, 3),
      "ms  (target <= " + Fixed(kTopKP50TargetMs, 0) + " ms) " + Verdict(p50 <= kTopKP50TargetMs));
  Figure(
      "(a) TopK k=10, " + n + " places, 1 thread, p99", Fixed(p99, 3),
      "ms  (target <= " + Fixed(kTopKP99TargetMs, 0) + " ms) " + Verdict(p99 <= kTopKP99TargetMs));
  Figure("(a) TopK p90 / mean / max",
         Fixed(p90, 3) + " / " + Fixed(mean, 3) + " / " + Fixed(max, 2), "ms");
  Figure("(a) TopK throughput, 1 thread",
         Commas(static_cast<int64_t>(static_cast<double>(queries.size()) / all_s)),
         "queries/s (" + Commas(static_cast<int64_t>(queries.size())) +
             " random demo people, seed-fixed)");
  Figure("(a) TopK places examined per query (index candidates)",
         Commas(static_cast<int64_t>(examined / queries.size())),
         "of " + n + "; " +
             Fixed(static_cast<double>(found) / static_cast<double>(queries.size()), 1) +
             " hits per query, " + Commas(static_cast<int64_t>(empty)) + " queries with none");

  // Peer and check: the full scan of every place for the first queries.
  const size_t scans = std::min<size_t>(static_cast<size_t>(g_config.scan_queries), queries.size());
  size_t same = 0;
  double scan_ms = 0, index_ms = 0;
  for (size_t i = 0; i < scans; ++i) {
    auto t0 = Clock::now();
    auto want = FullScan(*d.places, queries[i], q.k);
    scan_ms += std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    index_ms += ms[i];
    bool ok = want.size() == hits[i].size();
    for (size_t j = 0; ok && j < want.size(); ++j) {
      ok = want[j].index == hits[i][j].index && want[j].score == hits[i][j].score;
    }
    if (ok) {
      ++same;
    } else if (same + 5 > i) {
      Progress("TopK differs from the full scan for person %s", queries[i].id.c_str());
    }
  }
  if (scans > 0) {
    Figure("(a) peer: full scan of every place (Check+Score), mean",
           Fixed(scan_ms / static_cast<double>(scans), 2),
           "ms  over the first " + std::to_string(scans) + " queries; the index is " +
               Fixed(scan_ms / std::max(index_ms, 1e-9), 0) + "x faster on them");
    Line(std::string("(a) check: TopK equals the full scan (same places, scores, order) for ") +
         std::to_string(same) + " of " + std::to_string(scans) +
         " queries: " + (same == scans ? "OK" : "FAILED"));
  }
}

// ---- (b) candidate graph ------------------------------------------------------------------------

bool SameGraph(const match::CandidateGraph& a, const match::CandidateGraph& b) {
  const auto &x = a.instance, &y = b.instance;
  return x.people == y.people && x.places == y.places && x.capacity == y.capacity &&
         x.person_begin == y.person_begin && x.edge_place == y.edge_place &&
         x.edge_rank == y.edge_rank && x.person_tiebreak == y.person_tiebreak &&
         x.edge_points == y.edge_points && a.place_entry == b.place_entry;
}

void StepGraph(const Data& d) {
  const auto sample = Sample(d.people, static_cast<size_t>(g_config.graph_sample), kGraphSalt);
  const std::string who = Commas(static_cast<int64_t>(sample.size())) + " people x " +
                          Commas(static_cast<int64_t>(d.places->size())) + " places";
  Progress("BuildCandidateGraph: %s, threads=1", who.c_str());
  double t1 = 0, t2 = 0;
  match::CandidateGraph g1 = Graph(d, sample, 1, &t1);
  Progress("  %.2f s; threads=2", t1);
  if (g_config.graph_repeat > 0) {  // on a busy machine the fastest of several says more
    double best = t1, best_pairs = g1.pairs_seconds;
    for (int k = 0; k < g_config.graph_repeat; ++k) {
      double t = 0;
      const auto g = Graph(d, sample, 1, &t);
      best = std::min(best, t);
      best_pairs = std::min(best_pairs, g.pairs_seconds);
    }
    Figure("(b) BuildCandidateGraph, threads=1, fastest of " +
               std::to_string(g_config.graph_repeat + 1),
           Fixed(best, 2), "s   (finding and scoring the pairs: " + Fixed(best_pairs, 2) + " s)");
  }
  match::CandidateGraph g2 = Graph(d, sample, 2, &t2);
  // The places the index visits for these people: the same Visit as ForEachFeasible, counted
  // through TopK (ForEachFeasible does not count), untimed.
  match::PlaceQuery q;
  q.k = 1;
  q.today = g_config.today;
  const uint64_t e0 = d.places->examined();
  for (const auto& p : sample) (void)d.places->TopK(p, q);
  const uint64_t examined = d.places->examined() - e0;
  const double pairs = static_cast<double>(g1.pairs_scored);
  Figure("(b) BuildCandidateGraph " + who + ", threads=1", Fixed(t1, 2),
         "s   (" + Commas(static_cast<int64_t>(pairs)) + " feasible pairs, " +
             Fixed(pairs / static_cast<double>(sample.size()), 1) + " per person)");
  Figure("(b) feasible pairs scored per second per core (threads=1)",
         Commas(static_cast<int64_t>(pairs / t1)), "pairs/s (no target)");
  Figure("(b) places examined per second per core (threads=1)",
         Commas(static_cast<int64_t>(examined / t1)),
         "places/s (" + Commas(static_cast<int64_t>(examined)) + " index candidates checked, " +
             Fixed(100.0 * pairs / std::max<double>(1, examined), 0) + "% feasible)");
  Figure("(b) BuildCandidateGraph, threads=2", Fixed(t2, 2),
         "s   (" + Fixed(t1 / t2, 2) + "x the speed of threads=1)");
  Figure("(b) feasible pairs scored per second, threads=2",
         Commas(static_cast<int64_t>(pairs / t2)),
         "pairs/s (" + Commas(static_cast<int64_t>(pairs / t2 / 2)) + " per core)");
  const std::string valid = g1.instance.Validate();
  const bool same = SameGraph(g1, g2);
  Line(std::string("(b) check: the graph is valid (") + (valid.empty() ? "yes" : valid) +
       ") and threads=1 and threads=2 build the identical graph (" + (same ? "yes" : "no") +
       "): " + (valid.empty() && same ? "OK" : "FAILED"));
}

// ---- (c) national, in process
// ---------------------------------------------------------------------

// The candidate pairs a graph over `people` will have, projected from a pilot graph over 2,000
// of them; -1 for small groups (no pilot needed).
double ProjectedPairs(const Data& d, const std::vector<match::PersonProfile>& people) {
  constexpr size_t kPilot = 2000;
  if (people.size() <= 20000) return -1;
  const auto pilot = Sample(people, kPilot, kGraphSalt + 1);
  double s = 0;
  const auto g = Graph(d, pilot, g_config.threads, &s);
  return static_cast<double>(g.instance.edges()) * static_cast<double>(people.size()) /
         static_cast<double>(pilot.size());
}

// "" when the graph over `people` fits in memory; else a sentence saying why it is skipped.
std::string GraphWontFit(const Data& d, const std::vector<match::PersonProfile>& people) {
  const double projected = ProjectedPairs(d, people);
  if (projected < 0) return "";
  const std::string why = WontFit(projected, kGraphBuildBytesPerPair);
  if (why.empty()) return "";
  return "SKIPPED: building the candidate graph " + why +
         " (pairs projected from a sample of 2,000 people: " +
         Fixed(projected / static_cast<double>(people.size()), 1) + " per person)";
}

void StepNational(Data& d, double load_s) {
  const bool stable = g_config.mode == "stable";
  const double target = stable ? kStableTargetS : kOptimalTargetS;
  const std::string who = Commas(static_cast<int64_t>(d.people.size())) + " people x " +
                          Commas(static_cast<int64_t>(d.places->size())) + " places";
  const std::string tag = "(c) in process, " + g_config.mode + ": ";
  Figure(tag + "load profiles and place index (store scan)", Fixed(load_s, 1),
         "s   (catalog " + Fixed(d.open_s, 1) + ", places " + Fixed(d.places_s, 1) + ", people " +
             Fixed(d.people_s, 1) + "); peak RSS " + Fixed(PeakRssMb(), 0) + " MB");
  if (std::string skip = GraphWontFit(d, d.people); !skip.empty()) {
    Line(tag + skip);
    return;
  }
  Progress("national %s: BuildCandidateGraph(threads=%d) over %s", g_config.mode.c_str(),
           g_config.threads, who.c_str());
  double graph_s = 0;
  // As a round does (service/round_service.cpp): the profiles stay where they were loaded, the
  // graph visits them through pointers in GraphOrder (timed with it), and no explicit place
  // ranks (places order people by PlaceKey). Moving the profiles themselves into that order
  // (SortForGraph) took 0.3 s on 2026-12-07, most of it the first touch of the new array.
  auto sort_t0 = Clock::now();
  std::vector<const match::PersonProfile*> loaded(d.people.size());
  for (size_t i = 0; i < d.people.size(); ++i) loaded[i] = &d.people[i];
  const std::vector<uint32_t> order = match::GraphOrder(loaded);
  std::vector<const match::PersonProfile*> people(order.size());
  for (size_t k = 0; k < order.size(); ++k) people[k] = loaded[order[k]];
  const double sort_s = Since(sort_t0);
  match::GraphOptions o;
  o.today = g_config.today;
  o.seed = g_config.seed;
  o.threads = g_config.threads;
  o.in_graph_order = true;
  auto graph_t0 = Clock::now();
  match::CandidateGraph g = match::BuildCandidateGraph(*d.places, people, o);
  graph_s = Since(graph_t0) + sort_s;
  const match::Instance& in = g.instance;
  Figure(
      tag + "BuildCandidateGraph, threads=" + std::to_string(g_config.threads), Fixed(graph_s, 2),
      "s   (" + Commas(in.edges()) + " feasible pairs, " +
          Fixed(static_cast<double>(in.edges()) / in.people, 1) + " per person; people ordered " +
          Fixed(sort_s, 2) + " s, pairs " + Fixed(g.pairs_seconds, 2) + " s, layout " +
          Fixed(g.layout_seconds, 2) + " s, places' order " + Fixed(g.order_seconds, 2) +
          " s); peak RSS " + Commas(static_cast<int64_t>(PeakRssMb())) + " MB");
  if (!stable) {
    if (std::string why = WontFit(static_cast<double>(in.edges()), kOursBytesPerPair);
        !why.empty()) {
      Line(tag + "SKIPPED: OptimalBipartite " + why);
      return;
    }
  }
  Progress("national %s: solving", g_config.mode.c_str());
  match::Duals duals;
  auto t0 = Clock::now();
  match::Assignment a = stable ? match::DeferredAcceptancePeople(in, g_config.threads)
                               : match::OptimalBipartite(in, &duals, g_config.threads);
  const double solve_s = Since(t0);
  const double rss_mb = PeakRssMb();
  const auto obj = match::ObjectiveOf(in, a);
  Figure(tag + (stable ? "DeferredAcceptancePeople" : "OptimalBipartite") +
             ", threads=" + std::to_string(g_config.threads),
         Fixed(solve_s, 2),
         "s   (" + Commas(obj.placed) + " placed, " +
             Fixed(100.0 * static_cast<double>(obj.placed) / in.people, 1) + "%; total score " +
             Fixed(a.total_score, 1) + ")");
  const double wall = graph_s + solve_s;
  const std::string scale = g_config.quick ? " [quick: not the target's scale]" : "";
  Figure(tag + "graph + solve, wall", Fixed(wall, 2),
         "s   (target <= " + Fixed(target, 0) + " s) " + Verdict(wall <= target) + scale);
  Figure(tag + "load + graph + solve, wall", Fixed(load_s + wall, 2),
         "s   (the store scan included; no target)");
  Figure(tag + "peak RSS (getrusage ru_maxrss)", Fixed(rss_mb / 1024.0, 2),
         "GB  (target <= " + Fixed(kRssTargetGb, 0) + " GB) " +
             Verdict(rss_mb / 1024.0 <= kRssTargetGb) + scale);
  std::string problem = match::CheckFeasible(in, a);
  if (problem.empty()) {
    if (stable) {
      auto bp = match::FindBlockingPair(in, a);
      if (bp.first >= 0)
        problem =
            "blocking pair (" + std::to_string(bp.first) + ", " + std::to_string(bp.second) + ")";
    } else {
      problem = match::CheckCertificate(in, a, duals);
    }
  }
  Line(tag + "check: feasible and " +
       (stable ? "no blocking pair" : "the optimality certificate holds") + ": " +
       (problem.empty() ? "OK" : "FAILED (" + problem + ")"));
}

// ---- (d) side by side
// -------------------------------------------------------------------------------

std::string ObjText(const match::Objective& o) {
  return Commas(o.placed) + " placed, score " + Commas(o.score);
}

std::string PerPair(const PhaseMemory& m, int64_t pairs) {
  const double mb = m.AddedMb();
  if (mb < 0 || pairs <= 0) return "";
  return "; peak +" + Commas(static_cast<int64_t>(mb)) + " MB, " +
         Fixed(mb * 1048576.0 / static_cast<double>(pairs), 0) + " B/pair";
}

void CompareAt(const Data& d, int64_t n) {
  const bool all = n >= static_cast<int64_t>(d.people.size());
  const std::vector<match::PersonProfile> subset =
      all ? std::vector<match::PersonProfile>()
          : Sample(d.people, static_cast<size_t>(n), kSubsetSalt);
  const auto& people = all ? d.people : subset;
  n = static_cast<int64_t>(people.size());
  const std::string at = "(d) " + Commas(n) + " people: ";
  Line("");
  if (std::string skip = GraphWontFit(d, people); !skip.empty()) {
    Line(at + skip);
    return;
  }
  Progress("compare at %s people: building the graph", Commas(n).c_str());
  double graph_s = 0;
  PhaseMemory graph_mem;
  match::CandidateGraph g = Graph(d, people, g_config.threads, &graph_s);
  const match::Instance& in = g.instance;
  Figure(at + "candidate graph (BuildCandidateGraph, threads=" + std::to_string(g_config.threads) +
             ")",
         Commas(in.edges()),
         "pairs, " + Commas(in.places) + " places, built in " + Duration(graph_s) +
             PerPair(graph_mem, in.edges()));

  // stable: ours vs the textbook loop (first, as it is quick).
  Progress("  stable: ours and the textbook loop");
  match::Assignment da, book;
  int da_runs = 0, book_runs = 0;
  // One thread, like the textbook loop: the algorithms compared, not the cores.
  const double da_s = Timed<match::Assignment>(
      [&] { return match::DeferredAcceptancePeople(in, 1); }, &da, &da_runs);
  const double book_s =
      Timed<match::Assignment>([&] { return TextbookDeferredAcceptance(in); }, &book, &book_runs);
  Figure(at + "stable, ours (DeferredAcceptancePeople)", Duration(da_s),
         "(" + Commas(da.placed) + " placed)" + RunsNote(da_runs));
  Figure(at + "stable, textbook loop (FIFO queue, linear scan)", Duration(book_s),
         "(" + Commas(book.placed) + " placed)" + RunsNote(book_runs));
  Figure(at + "speed-up of ours (stable)", Fixed(book_s / da_s, 2),
         "x   faster than the textbook loop (no target)");
  const bool same_matching = da.edge_of_person == book.edge_of_person;
  const auto bp = match::FindBlockingPair(in, da);
  Line(at + "check: identical matchings (the person-optimal stable matching is unique): " +
       (same_matching ? "OK" : "!!!!! MISMATCH !!!!!"));
  Line(at + "check: no blocking pair in ours: " + (bp.first < 0 ? "OK" : "FAILED"));

  // optimal: ours vs LEMON.
  if (std::string why = WontFit(static_cast<double>(in.edges()), kOursBytesPerPair); !why.empty()) {
    Line(at + "SKIPPED: OptimalBipartite " + why);
    return;
  }
  Progress("  ours (OptimalBipartite, threads=%d)", g_config.threads);
  match::Duals duals;
  match::Assignment ours;
  int ours_runs = 0;
  PhaseMemory ours_mem;
  const double ours_s = Timed<match::Assignment>(
      [&] { return match::OptimalBipartite(in, &duals, g_config.threads); }, &ours, &ours_runs);
  const std::string ours_mem_text = PerPair(ours_mem, in.edges());
  const std::string cert = match::CheckCertificate(in, ours, duals);
  const auto ours_obj = match::ObjectiveOf(in, ours);
  Figure(at + "optimal, ours (OptimalBipartite, threads=" + std::to_string(g_config.threads) + ")",
         Duration(ours_s), "(" + ObjText(ours_obj) + ours_mem_text + ")" + RunsNote(ours_runs));
  Line(at + "check: certificate of ours (CheckCertificate): " +
       (cert.empty() ? "OK" : "FAILED (" + cert + ")"));
  std::string feasible = match::CheckFeasible(in, ours);
  // The LEMON solvers, each unless its network would not fit in memory.
  struct Peer {
    const char* name;
    double bytes_per_pair;
    match::Assignment (*solve)(const match::Instance&);
    bool ran = false;
    double seconds = 0;
    match::Objective objective;
  };
  Peer peers[] = {
      {"NetworkSimplex", kNetworkSimplexBytesPerPair, &match::OptimalLemon, false, 0, {}},
      {"CostScaling", kCostScalingBytesPerPair, &match::OptimalLemonCostScaling, false, 0, {}}};
  for (Peer& peer : peers) {
    if (std::string why = WontFit(static_cast<double>(in.edges()), peer.bytes_per_pair);
        !why.empty()) {
      Line(at + "SKIPPED: LEMON " + peer.name + ": its network " + why);
      continue;
    }
    Progress("  LEMON %s", peer.name);
    match::Assignment a;
    int runs = 0;
    PhaseMemory mem;
    peer.seconds = Timed<match::Assignment>([&] { return peer.solve(in); }, &a, &runs);
    peer.ran = true;
    peer.objective = match::ObjectiveOf(in, a);
    Figure(at + "optimal, LEMON " + peer.name, Duration(peer.seconds),
           "(" + ObjText(peer.objective) + PerPair(mem, in.edges()) + ")" + RunsNote(runs));
    const double r = peer.seconds / ours_s;
    Figure(at + "ours vs LEMON " + peer.name, Fixed(r, 2),
           "x   faster" + (r < 1 ? " (ours is " + Fixed(1 / r, 1) + "x SLOWER)" : std::string()) +
               "; objective " + (peer.objective == ours_obj ? "identical" : "DIFFERENT"));
    if (feasible.empty()) feasible = match::CheckFeasible(in, a);
  }
  const Peer* fastest = nullptr;
  std::string ran_names, objectives;
  bool same = true;
  for (const Peer& peer : peers) {
    if (!peer.ran) continue;
    if (!fastest || peer.seconds < fastest->seconds) fastest = &peer;
    ran_names += std::string(" = ") + peer.name;
    objectives += std::string(" | ") + peer.name + " " + ObjText(peer.objective);
    same = same && peer.objective == ours_obj;
  }
  if (fastest) {
    const double ratio = fastest->seconds / ours_s;
    std::string rest = "x   faster than the faster LEMON (" + std::string(fastest->name) +
                       (ratio < 1 ? "; ours is " + Fixed(1 / ratio, 1) + "x SLOWER)" : ")");
    if (!peers[0].ran || !peers[1].ran) rest += " [only " + std::string(fastest->name) + " ran]";
    if (n == kLemonRatioAtPeople) {
      rest += " (target >= " + Fixed(kLemonRatioTarget, 0) + "x) " +
              Verdict(ratio >= kLemonRatioTarget);
    } else {
      rest += " (the >= " + Fixed(kLemonRatioTarget, 0) + "x target is at 1,000,000 people)";
    }
    Figure(at + "speed-up of ours", Fixed(ratio, 2), rest);
    if (same) {
      Line(at + "check: objectives identical (ours" + ran_names + "): OK");
    } else {
      Line(at + "!!!!! MISMATCH of objectives: ours " + ObjText(ours_obj) + objectives + " !!!!!");
    }
  } else if (n == kLemonRatioAtPeople) {
    Line(at + "speed-up of ours: no LEMON solver fits in memory here (target >= " +
         Fixed(kLemonRatioTarget, 0) + "x): not measured");
  }
  Line(at + "check: every solution feasible (CheckFeasible): " +
       (feasible.empty() ? "OK" : "FAILED (" + feasible + ")"));
}

void StepCompare(const Data& d) {
  for (int64_t n : g_config.sizes) CompareAt(d, n);
  if (g_config.peer_dir.empty()) return;
  for (int64_t n : g_config.peer_sizes) {
    auto people = Sample(d.people, static_cast<size_t>(n), kSubsetSalt);
    double graph_s = 0;
    match::CandidateGraph g = Graph(d, people, g_config.threads, &graph_s);
    match::Duals duals;
    match::Assignment ours;
    int runs = 0;
    const double s = Timed<match::Assignment>(
        [&] { return match::OptimalBipartite(g.instance, &duals, g_config.threads); }, &ours,
        &runs);
    const std::string cert = match::CheckCertificate(g.instance, ours, duals);
    const std::string path = g_config.peer_dir + "/peer-" + std::to_string(n) + ".json";
    WritePeerInstance(g.instance, path, n, s, runs, g_config.threads,
                      match::ObjectiveOf(g.instance, ours), cert);
    Progress("wrote %s (%s people, %s pairs; ours %s)", path.c_str(), Commas(n).c_str(),
             Commas(g.instance.edges()).c_str(), Duration(s).c_str());
  }
}

// ---- (e) the solver alone, on a saved graph ----------------------------------------------------

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec) + static_cast<double>(ru.ru_utime.tv_usec) * 1e-6;
}

// --step=solve: OptimalBipartite once on the graph saved at --instance (built from the database
// at the first of --sizes people and saved there when the file does not exist yet); wall and user
// CPU time, the work counters, the certificate; with --lemon also LEMON NetworkSimplex and the
// objectives side by side.
void StepSolve(const Data* d) {
  match::Instance in;
  if (!LoadInstance(g_config.instance, &in)) {
    if (!d) Die("no saved instance at " + g_config.instance + " and no --db to build one");
    const int64_t n = g_config.sizes.empty() ? 100000 : g_config.sizes[0];
    const bool all = n >= static_cast<int64_t>(d->people.size());
    const auto people = all ? d->people : Sample(d->people, static_cast<size_t>(n), kSubsetSalt);
    double graph_s = 0;
    in = Graph(*d, people, g_config.threads, &graph_s).instance;
    SaveInstance(in, g_config.instance);
    Progress("built the graph of %s people in %s, saved to %s", Commas(in.people).c_str(),
             Duration(graph_s).c_str(), g_config.instance.c_str());
  }
  const std::string at = "(e) " + Commas(in.people) + " people, " + Commas(in.edges()) + " pairs: ";
  if (g_config.mode == "stable") {  // deferred acceptance instead, three times
    match::Assignment da;
    for (int run = 1; run <= 3; ++run) {
      const auto t = Clock::now();
      da = match::DeferredAcceptancePeople(in, g_config.threads);
      Figure(at + "stable, ours (DeferredAcceptancePeople), run " + std::to_string(run),
             Duration(Since(t)), "(" + Commas(da.placed) + " placed)");
    }
    Line(at + "check: no blocking pair: " +
         (match::FindBlockingPair(in, da).first < 0 ? "OK" : "FAILED"));
    return;
  }
  match::Duals duals;
  match::SolverStats stats;
  const double cpu0 = CpuSeconds();
  auto t0 = Clock::now();
  match::Assignment ours = match::OptimalBipartite(in, &duals, g_config.threads, &stats);
  const double wall = Since(t0), cpu = CpuSeconds() - cpu0;
  const auto obj = match::ObjectiveOf(in, ours);
  Figure(at + "optimal, ours (OptimalBipartite, threads=" + std::to_string(g_config.threads) + ")",
         Duration(wall), "wall, " + Duration(cpu) + " user CPU (" + ObjText(obj) + ")");
  Line(at + "counters: " + Commas(stats.searches) + " searches, " + Commas(stats.heap_pops) +
       " heap pops (at most " + Commas(stats.max_pops) + " in one search), " +
       Commas(stats.edges_scanned) + " arcs relaxed");
  const std::string cert = match::CheckCertificate(in, ours, duals);
  Line(at + "check: certificate of ours (CheckCertificate): " +
       (cert.empty() ? "OK" : "FAILED (" + cert + ")"));
  if (!g_config.lemon) return;
  t0 = Clock::now();
  match::Assignment lemon = match::OptimalLemon(in);
  const double lemon_s = Since(t0);
  const auto lemon_obj = match::ObjectiveOf(in, lemon);
  Figure(at + "optimal, LEMON NetworkSimplex", Duration(lemon_s), "(" + ObjText(lemon_obj) + ")");
  Line(at + "check: objectives identical: " + (lemon_obj == obj ? "OK" : "!!!!! MISMATCH !!!!!"));
}

// ---- main --------------------------------------------------------------------------------------

std::vector<int64_t> ParseList(const std::string& s) {
  std::vector<int64_t> out;
  size_t at = 0;
  while (at <= s.size()) {
    size_t comma = s.find(',', at);
    if (comma == std::string::npos) comma = s.size();
    if (comma > at) out.push_back(std::stoll(s.substr(at, comma - at)));
    at = comma + 1;
  }
  return out;
}

// --step=calibrate: fixed single-thread work, the same in every build (see the top).
void StepCalibrate() {
  double touch_s = 0;
  {
    HugeVector<uint64_t> fresh(size_t{410} << 17);  // 410 MB, not zeroed: written below
    auto t = Clock::now();
    for (size_t i = 0; i < fresh.size(); i += 512) fresh[i] = i;  // once per 4 KiB
    touch_s = Since(t);
  }
  constexpr size_t kSort = 20'000'000, kSlots = size_t{64} << 20, kReads = 20'000'000;
  uint64_t x = 0x9e3779b97f4a7c15ull;
  auto next = [&x] {  // splitmix64
    uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  std::vector<uint64_t> keys(kSort);
  for (auto& k : keys) k = next();
  auto t0 = Clock::now();
  std::sort(keys.begin(), keys.end());
  const double sort_s = Since(t0);
  // One cycle through all slots in random order (Sattolo), so every read depends on the last.
  std::vector<uint64_t> ring(kSlots);
  std::iota(ring.begin(), ring.end(), uint64_t{0});
  for (size_t i = kSlots - 1; i > 0; --i) std::swap(ring[i], ring[next() % i]);
  uint64_t at = 0;
  t0 = Clock::now();
  for (size_t i = 0; i < kReads; ++i) at = ring[at];
  const double read_ns = Since(t0) * 1e9 / static_cast<double>(kReads);
  Figure("(calibration) std::sort of 20M random integers, 1 thread", Fixed(sort_s, 2),
         "s   (fixed work: compare runs of different days by it)");
  Figure("(calibration) dependent random read over 512 MB, 1 thread", Fixed(read_ns, 1),
         "ns  (fixed work; end of the walk " + std::to_string(at % 10) + ")");
  Figure("(calibration) first write of 410 MB of fresh memory, huge pages, 1 thread",
         Fixed(touch_s, 2),
         "s   (about 0.03 s where the host still backs the pages, over 0.5 s where it took them "
         "back)");
}

void Usage(FILE* f) {
  std::fputs(
      "usage: match_bench --db=PATH --step=STEP[,STEP...] [options]; STEP: topk graph national "
      "compare solve\n"
      "       match_bench --step=calibrate   (the machine's speed by fixed work; no database)\n"
      "  --mode=stable|optimal   (national) the round's mode\n"
      "  --queries=N             (topk) random people as queries (default 20000)\n"
      "  --scan-queries=N        (topk) of which checked against a full scan (default 50)\n"
      "  --graph-sample=N        (graph) random people in the graph (default 100000)\n"
      "  --graph-repeat=N        (graph) build it N more times on 1 thread, print the fastest\n"
      "  --sizes=N,N,...         (compare) people per graph (default 10000,100000,1000000)\n"
      "  --peer-sizes=N,N,...    (compare) people per instance for peers.py (default 2000,10000)\n"
      "  --peer-dir=DIR          (compare) write peer-N.json there (default: none)\n"
      "  --threads=N             threads of BuildCandidateGraph and OptimalBipartite (default 2)\n"
      "  --seed=N                the lottery's seed (default 7)\n"
      "  --today=YYYY-MM-DD      the day the matching rules apply on (default today, UTC)\n"
      "  --instance=FILE         (solve) the saved candidate graph (written when missing)\n"
      "  --lemon                 (solve) also run LEMON NetworkSimplex\n"
      "  --quick                 label figures as quick scale\n",
      f);
}

int Main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&](const char* name) -> const char* {
      size_t len = std::strlen(name);
      return a.compare(0, len, name) == 0 && a.size() > len && a[len] == '=' ? argv[i] + len + 1
                                                                             : nullptr;
    };
    try {
      if (const char* v = val("--db"))
        g_config.db = v;
      else if (const char* v = val("--step"))
        g_config.step = v;
      else if (const char* v = val("--mode"))
        g_config.mode = v;
      else if (const char* v = val("--queries"))
        g_config.queries = std::stoll(v);
      else if (const char* v = val("--scan-queries"))
        g_config.scan_queries = std::stoll(v);
      else if (const char* v = val("--graph-sample"))
        g_config.graph_sample = std::stoll(v);
      else if (const char* v = val("--graph-repeat"))
        g_config.graph_repeat = std::stoi(v);
      else if (const char* v = val("--sizes"))
        g_config.sizes = ParseList(v);
      else if (const char* v = val("--peer-sizes"))
        g_config.peer_sizes = ParseList(v);
      else if (const char* v = val("--peer-dir"))
        g_config.peer_dir = v;
      else if (const char* v = val("--threads"))
        g_config.threads = std::stoi(v);
      else if (const char* v = val("--seed"))
        g_config.seed = std::stoull(v);
      else if (const char* v = val("--today")) {
        const auto day = ParseDate(v);
        if (!day) Die(std::string("--today: not a date: ") + v);
        g_config.today = day->days;
      } else if (const char* v = val("--instance"))
        g_config.instance = v;
      else if (a == "--lemon")
        g_config.lemon = true;
      else if (a == "--quick")
        g_config.quick = true;
      else if (a == "-h" || a == "--help") {
        Usage(stdout);
        return 0;
      } else {
        Usage(stderr);
        return 2;
      }
    } catch (const std::exception&) {
      std::fprintf(stderr, "match_bench: bad value in %s\n", a.c_str());
      return 2;
    }
  }
  const std::vector<std::string> known = {"topk", "graph", "national", "compare", "solve"};
  std::set<std::string> steps;
  for (size_t at = 0; at <= g_config.step.size();) {
    size_t comma = g_config.step.find(',', at);
    if (comma == std::string::npos) comma = g_config.step.size();
    steps.insert(g_config.step.substr(at, comma - at));
    at = comma + 1;
  }
  if (steps.size() == 1 && steps.count("calibrate")) {
    StepCalibrate();
    return 0;
  }
  // solve on an already saved graph needs no database.
  const bool saved_only = steps.size() == 1 && steps.count("solve") && g_config.db.empty();
  bool ok = (!g_config.db.empty() || saved_only) && !steps.empty();
  if (steps.count("solve") && g_config.instance.empty()) ok = false;
  for (const auto& s : steps) ok = ok && std::find(known.begin(), known.end(), s) != known.end();
  if (steps.count("national") && g_config.mode != "stable" && g_config.mode != "optimal")
    ok = false;
  if (!ok) {
    Usage(stderr);
    return 2;
  }
  if (saved_only) {
    StepSolve(nullptr);
    return 0;
  }
  auto t0 = Clock::now();
  Data d = Load(g_config.db);
  const double load_s = Since(t0);
  for (const auto& s : known) {  // in this order, whatever the order given
    if (!steps.count(s)) continue;
    if (s == "topk") StepTopK(d);
    if (s == "graph") StepGraph(d);
    if (s == "national") StepNational(d, load_s);
    if (s == "compare") StepCompare(d);
    if (s == "solve") StepSolve(&d);
  }
  return 0;
}

}  // namespace
}  // namespace overstap::bench

int main(int argc, char** argv) { return overstap::bench::Main(argc, argv); }
