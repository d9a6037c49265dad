// Store benchmarks (issue "Foundation", point 7a): how fast people go into the SQLite store.
//
//   BM_InsertPeople/<mode>   Store::InsertPeople of pre-generated demo people, `--batch` rows
//                            per call (one transaction each), into a store that already holds
//                            the reference data and the demo organisations.
//   BM_GenerateDemo/<mode>   service::GenerateDemo with places=0: generating and inserting the
//                            same number of people with their timelines, end to end (the
//                            `overstap demo` path).
//   BM_InsertPerson/<mode>   Store::InsertPerson, one row per transaction (the API's POST path
//                            without HTTP); with synchronous=FULL every row is one fsync.
//   BM_InsertPersonWithAudit/<mode>
//                            the same with the row's audit record inserted in its transaction,
//                            as RegisterService::CreatePerson does: what "no write without its
//                            audit record" costs a write. Run with
//                            --benchmark_enable_random_interleaving=true and repetitions to
//                            alternate the pair against drifting disk speed.
//
// <mode> is `durable` (fast_bulk_load=false: synchronous=FULL, as when serving) or `fast`
// (fast_bulk_load=true: synchronous=OFF, as `overstap demo` opens it). Peers run side by side
// and the ratio is printed. Every benchmark checks its answer once: afterwards Count() must be
// what was inserted and the last person must read back unchanged.
//
// The people are made once by GenerateDemo (fixed seed and date) in a throwaway database and
// read back; GenerateDemo with the same seed and places=0 makes the same organisations, so the
// people's institution and external ids resolve in every target store.
//
// Own flags (before the Google Benchmark ones):
//   --people=N      people per bulk benchmark (default 200000)
//   --batch=N       rows per InsertPeople call (default 10000)
//   --single=N      rows for the single-row benchmarks (default 2000)
//   --reference=DIR reference data (default <source>/data/reference)
// After the table it prints one summary line per figure with its target and PASS/MISS.

#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "domain/reference.h"
#include "service/demo.h"
#include "service/register_service.h"
#include "store/store.h"

#ifndef OVERSTAP_SOURCE_DIR
#define OVERSTAP_SOURCE_DIR "."
#endif

namespace overstap::bench {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kSeed = 7;
// 2025-06-02 12:00 UTC: a fixed "today" so that the data is the same on every run.
constexpr int64_t kNowMicros = (20241LL * 86400LL + 12LL * 3600LL) * 1000000LL;
constexpr double kBulkTarget = 50000.0;  // people per second

struct Config {
  int64_t people = 200000;
  int64_t batch = 10000;
  int64_t single = 2000;
  std::string reference = OVERSTAP_SOURCE_DIR "/data/reference";
};

Config g_config;
fs::path g_tmp;      // this run's temp dir, removed at exit
fs::path g_ref_db;   // migrated + reference data
fs::path g_orgs_db;  // migrated + reference data + the demo organisations (seed kSeed)
std::shared_ptr<const domain::Catalog> g_catalog;
std::vector<domain::Person> g_people;  // the demo people, in insertion order
int64_t g_organisations = 0;
int g_next_db = 0;

[[noreturn]] void Die(const std::string& what, const Status& st) {
  std::fprintf(stderr, "store_bench: %s: %s\n", what.c_str(), st.ToString().c_str());
  std::exit(1);
}

template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what, r.status());
  return std::move(r).value();
}

std::unique_ptr<store::Store> Open(const fs::path& path, bool fast) {
  store::SqliteOptions o;
  o.path = path.string();
  o.fast_bulk_load = fast;
  return Must(store::OpenSqliteStore(o), "open " + o.path);
}

// A fresh copy of a template database (closed, so fully checkpointed into the main file).
fs::path CopyOf(const fs::path& tmpl) {
  fs::path p = g_tmp / ("run" + std::to_string(g_next_db++) + ".db");
  fs::copy_file(tmpl, p, fs::copy_options::overwrite_existing);
  return p;
}

void RemoveDb(const fs::path& p) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix, ec);
}

service::DemoOptions Demo(int64_t people) {
  service::DemoOptions o;
  o.people = people;
  o.places = 0;
  o.seed = kSeed;
  o.now_micros = kNowMicros;
  return o;
}

void Prepare() {
  auto quiet = [](const std::string&) {};
  g_ref_db = g_tmp / "reference.db";
  {
    auto s = Open(g_ref_db, true);
    Must(service::MigrateAndLoadReference(s.get(), g_config.reference), "load reference");
    g_catalog = Must(service::LoadCatalog(s.get()), "load catalog");
  }
  g_orgs_db = CopyOf(g_ref_db);
  {
    auto s = Open(g_orgs_db, true);
    auto sum = Must(service::GenerateDemo(s.get(), *g_catalog, Demo(0), quiet), "organisations");
    g_organisations = sum.organisations;
  }
  // The people: generated in a throwaway copy and read back in insertion order.
  fs::path source = CopyOf(g_ref_db);
  {
    auto s = Open(source, true);
    Must(service::GenerateDemo(s.get(), *g_catalog, Demo(g_config.people), quiet), "people");
    g_people.reserve(static_cast<size_t>(g_config.people));
    store::PageRequest page;
    page.limit = 5000;
    while (true) {
      auto p = Must(s->ListPeople({}, page), "read back people");
      for (auto& person : p.items) g_people.push_back(std::move(person));
      if (p.next_cursor.empty()) break;
      page.cursor = p.next_cursor;
    }
  }
  RemoveDb(source);
  if (static_cast<int64_t>(g_people.size()) != g_config.people) {
    std::fprintf(stderr, "store_bench: read back %zu people, expected %lld\n", g_people.size(),
                 static_cast<long long>(g_config.people));
    std::exit(1);
  }
}

bool SamePerson(const domain::Person& a, const domain::Person& b) {
  return a.id == b.id && a.version == b.version && a.external_ids == b.external_ids &&
         a.first_name == b.first_name && a.last_name == b.last_name &&
         a.birth_date.days == b.birth_date.days && a.postcode == b.postcode &&
         a.municipality == b.municipality && a.region == b.region && a.situation == b.situation &&
         a.institution == b.institution && a.benefit == b.benefit && a.level == b.level &&
         a.skills == b.skills && a.sectors == b.sectors && a.support_needed == b.support_needed &&
         a.max_travel_km == b.max_travel_km && a.hours_per_week == b.hours_per_week &&
         a.available_from.has_value() == b.available_from.has_value() &&
         (!a.available_from || a.available_from->days == b.available_from->days) &&
         a.responsible_organisation == b.responsible_organisation &&
         a.created_micros == b.created_micros && a.updated_micros == b.updated_micros;
}

// The answer check: the store holds exactly `people` people and `last` reads back unchanged;
// with `audit` >= 0 the audit trail holds exactly that many records.
void Check(benchmark::State& state, store::Store* s, int64_t people, const domain::Person* last,
           int64_t audit = -1) {
  auto counts = s->Count();
  if (!counts.ok()) {
    state.SkipWithError(("Count: " + counts.status().ToString()).c_str());
    return;
  }
  if (counts->people != people || counts->organisations != g_organisations) {
    state.SkipWithError(("Count() says " + std::to_string(counts->people) + " people and " +
                         std::to_string(counts->organisations) + " organisations, expected " +
                         std::to_string(people) + " and " + std::to_string(g_organisations))
                            .c_str());
    return;
  }
  if (last) {
    auto back = s->GetPerson(last->id);
    if (!back.ok() || !SamePerson(*back, *last)) {
      state.SkipWithError("the last person inserted does not read back unchanged");
      return;
    }
  }
  if (audit >= 0) {
    auto records = s->RecentAudit(static_cast<int>(audit) + 1);
    if (!records.ok() || static_cast<int64_t>(records->size()) != audit ||
        (last && audit > 0 && records->front().subject_id != last->id)) {
      state.SkipWithError(("the audit trail does not hold the " + std::to_string(audit) +
                           " records of the rows inserted")
                              .c_str());
    }
  }
}

// Bulk: `iterations` calls of InsertPeople with `batch` rows each, into a growing table.
void BM_InsertPeople(benchmark::State& state, bool fast) {
  const int64_t batch = state.range(0);
  fs::path path = CopyOf(g_orgs_db);
  auto s = Open(path, fast);
  std::vector<domain::Person> rows;
  int64_t next = 0;
  for (auto _ : state) {
    state.PauseTiming();
    rows.assign(g_people.begin() + next, g_people.begin() + next + batch);
    state.ResumeTiming();
    Status st = s->InsertPeople(rows);
    if (!st.ok()) {
      state.SkipWithError(("InsertPeople: " + st.ToString()).c_str());
      break;
    }
    next += batch;
  }
  state.SetItemsProcessed(next);
  state.counters["people"] = static_cast<double>(next);
  Check(state, s.get(), next, next > 0 ? &g_people[static_cast<size_t>(next - 1)] : nullptr);
  s.reset();
  RemoveDb(path);
}

// Bulk load: BeginBulkLoad, every batch through InsertPeople, EndBulkLoad (the secondary
// indexes rebuilt once at the end): the whole load is timed, index rebuild included.
void BM_BulkLoadPeople(benchmark::State& state, bool fast) {
  const int64_t batch = state.range(0);
  fs::path path = CopyOf(g_orgs_db);
  auto s = Open(path, fast);
  int64_t next = 0;
  std::vector<std::vector<domain::Person>> batches;
  for (int64_t i = 0; i + batch <= static_cast<int64_t>(g_people.size()); i += batch) {
    batches.emplace_back(g_people.begin() + i, g_people.begin() + i + batch);
  }
  for (auto _ : state) {
    Status st = s->BeginBulkLoad();
    for (const auto& rows : batches) {
      if (st.ok()) st = s->InsertPeople(rows);
      next += static_cast<int64_t>(rows.size());
    }
    if (st.ok()) st = s->EndBulkLoad();
    if (!st.ok()) {
      state.SkipWithError(("bulk load: " + st.ToString()).c_str());
      break;
    }
  }
  state.SetItemsProcessed(next);
  state.counters["people"] = static_cast<double>(next);
  Check(state, s.get(), next, next > 0 ? &g_people[static_cast<size_t>(next - 1)] : nullptr);
  s.reset();
  RemoveDb(path);
}

// End to end: GenerateDemo(people=N, places=0) on a store with only the reference data.
void BM_GenerateDemo(benchmark::State& state, bool fast) {
  const int64_t people = state.range(0);
  fs::path path = CopyOf(g_ref_db);
  auto s = Open(path, fast);
  for (auto _ : state) {
    auto sum = service::GenerateDemo(s.get(), *g_catalog, Demo(people), [](const std::string&) {});
    if (!sum.ok()) {
      state.SkipWithError(("GenerateDemo: " + sum.status().ToString()).c_str());
      break;
    }
  }
  state.SetItemsProcessed(people * static_cast<int64_t>(state.iterations()));
  // Same seed and date as the pool: the last person generated is the pool's last one.
  const domain::Person* last = people == g_config.people ? &g_people.back() : nullptr;
  Check(state, s.get(), people, last);
  s.reset();
  RemoveDb(path);
}

// Single rows: one InsertPerson (one transaction, one commit) per iteration; `audited`: with
// the row's audit record in the same transaction (built outside the timing, as the service's
// entry costs a few string copies and no I/O).
void BM_InsertPerson(benchmark::State& state, bool fast, bool audited) {
  fs::path path = CopyOf(g_orgs_db);
  auto s = Open(path, fast);
  size_t next = 0;
  store::AuditEntries audit;
  for (auto _ : state) {
    const domain::Person& person = g_people[next];
    if (audited) {
      state.PauseTiming();
      audit = {{kNowMicros, "beheerder", "", "beheerder", "aanmaken", "deelnemer", person.id,
                "bench-" + std::to_string(next)}};
      state.ResumeTiming();
    }
    Status st = s->InsertPerson(person, audit);
    if (!st.ok()) {
      state.SkipWithError(("InsertPerson: " + st.ToString()).c_str());
      break;
    }
    ++next;
  }
  state.SetItemsProcessed(static_cast<int64_t>(next));
  Check(state, s.get(), static_cast<int64_t>(next), next > 0 ? &g_people[next - 1] : nullptr,
        audited ? static_cast<int64_t>(next) : 0);
  s.reset();
  RemoveDb(path);
}

// Keeps every run's items_per_second for the summary.
class Reporter : public benchmark::ConsoleReporter {
 public:
  explicit Reporter(OutputOptions options) : ConsoleReporter(options) {}
  struct Figure {
    double rate = 0, seconds_per_item = 0;
    bool error = false;
    std::string message;
  };
  std::map<std::string, Figure> figures;

  // With --benchmark_repetitions the figure is the median of the repetitions.
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
      if (r.run_type != Run::RT_Iteration && !median) continue;
      if (!median && medians_.count(r.run_name.str())) continue;
      if (median) medians_.insert(r.run_name.str());
      Figure f;
      f.error = r.error_occurred;
      f.message = r.error_message;
      auto it = r.counters.find("items_per_second");
      if (it != r.counters.end()) f.rate = it->second.value;
      figures[r.run_name.str()] = f;
    }
    ConsoleReporter::ReportRuns(runs);
  }

 private:
  std::set<std::string> medians_;
};

std::string Rate(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", x);
  std::string s = buf, out;
  int n = 0;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    if (n && n % 3 == 0 && *it != '-') out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++n;
  }
  return out;
}

bool StartsWith(const char* arg, const char* prefix, const char** value) {
  size_t n = std::strlen(prefix);
  if (std::strncmp(arg, prefix, n) != 0) return false;
  *value = arg + n;
  return true;
}

int Main(int argc, char** argv) {
  // Our own flags first; the rest goes to Google Benchmark.
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    const char* v = nullptr;
    if (StartsWith(argv[i], "--people=", &v))
      g_config.people = std::atoll(v);
    else if (StartsWith(argv[i], "--batch=", &v))
      g_config.batch = std::atoll(v);
    else if (StartsWith(argv[i], "--single=", &v))
      g_config.single = std::atoll(v);
    else if (StartsWith(argv[i], "--reference=", &v))
      g_config.reference = v;
    else
      rest.push_back(argv[i]);
  }
  if (g_config.batch <= 0 || g_config.people < g_config.batch || g_config.single <= 0 ||
      g_config.single > g_config.people) {
    std::fprintf(stderr,
                 "store_bench: need 0 < --batch <= --people and 0 < --single <= --people\n");
    return 2;
  }
  g_config.people -= g_config.people % g_config.batch;  // whole batches only
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_argc, rest.data())) return 2;

  std::string tmpl = (fs::temp_directory_path() / "overstap-store-bench.XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    std::perror("store_bench: mkdtemp");
    return 1;
  }
  g_tmp = tmpl;
  struct Cleanup {
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(g_tmp, ec);
    }
  } cleanup;

  auto t0 = std::chrono::steady_clock::now();
  Prepare();
  std::printf("store_bench: %lld demo people (seed %llu) ready in %.1f s; %lld organisations\n",
              static_cast<long long>(g_config.people), static_cast<unsigned long long>(kSeed),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
              static_cast<long long>(g_organisations));
  std::fflush(stdout);

  const int64_t batches = g_config.people / g_config.batch;
  for (bool fast : {false, true}) {
    const char* mode = fast ? "fast" : "durable";
    benchmark::RegisterBenchmark((std::string("BM_InsertPeople/") + mode).c_str(), BM_InsertPeople,
                                 fast)
        ->Arg(g_config.batch)
        ->Iterations(batches)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (bool fast : {false, true}) {
    const char* mode = fast ? "fast" : "durable";
    benchmark::RegisterBenchmark((std::string("BM_BulkLoadPeople/") + mode).c_str(),
                                 BM_BulkLoadPeople, fast)
        ->Arg(g_config.batch)
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (bool fast : {false, true}) {
    const char* mode = fast ? "fast" : "durable";
    benchmark::RegisterBenchmark((std::string("BM_GenerateDemo/") + mode).c_str(), BM_GenerateDemo,
                                 fast)
        ->Arg(g_config.people)
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (bool fast : {false, true}) {
    const char* mode = fast ? "fast" : "durable";
    for (bool audited : {false, true}) {
      const std::string name = audited ? "BM_InsertPersonWithAudit/" : "BM_InsertPerson/";
      benchmark::RegisterBenchmark((name + mode).c_str(), BM_InsertPerson, fast, audited)
          ->Iterations(g_config.single)
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond);
    }
  }

  // Colours only on a terminal (a custom reporter does not see --benchmark_color).
  Reporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_ColorTabular
                                          : benchmark::ConsoleReporter::OO_Tabular);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  // The summary: one line per figure, target and verdict next to it. bench/run greps "^RESULT".
  auto fig = [&](const std::string& prefix) -> const Reporter::Figure* {
    for (const auto& [name, f] : reporter.figures) {
      if (name.rfind(prefix, 0) == 0) return &f;
    }
    return nullptr;
  };
  bool all_ok = true;
  auto line = [&](const std::string& label, const std::string& bench, const char* unit,
                  double target, const char* note = nullptr) -> double {
    const auto* f = fig(bench);
    if (!f) return 0;  // filtered out
    if (f->error) {
      all_ok = false;
      std::printf("RESULT %-58s ERROR %s\n", label.c_str(), f->message.c_str());
      return 0;
    }
    if (note) {
      std::printf("RESULT %-58s %12s %s (%s)\n", label.c_str(), Rate(f->rate).c_str(), unit, note);
    } else if (target > 0) {
      std::printf("RESULT %-58s %12s %s (target >= %s) %s\n", label.c_str(), Rate(f->rate).c_str(),
                  unit, Rate(target).c_str(), f->rate >= target ? "PASS" : "MISS");
    } else {
      std::printf("RESULT %-58s %12s %s (%.2f ms per commit; no target)\n", label.c_str(),
                  Rate(f->rate).c_str(), unit, f->rate > 0 ? 1000.0 / f->rate : 0.0);
    }
    return f->rate;
  };
  std::string b = Rate(static_cast<double>(g_config.batch));
  std::string n = Rate(static_cast<double>(g_config.people));
  double a = line("(a) InsertPeople, " + b + "/tx, synchronous=FULL", "BM_InsertPeople/durable",
                  "people/s", kBulkTarget);
  double c = line("(a) InsertPeople, " + b + "/tx, fast_bulk_load (sync OFF)",
                  "BM_InsertPeople/fast", "people/s", kBulkTarget);
  line("(a) bulk load (indexes rebuilt at end), " + b + "/tx, FULL", "BM_BulkLoadPeople/durable",
       "people/s", kBulkTarget);
  line("(a) bulk load (indexes rebuilt at end), " + b + "/tx, sync OFF", "BM_BulkLoadPeople/fast",
       "people/s", kBulkTarget);
  // The demo also writes every person's timeline (4.4 events and a state each): the people
  // rate of the bulk insert's target does not apply; the demo's own target is (b).
  const char* with_timelines = "with their timelines; no target";
  double d = line("(a) GenerateDemo " + n + " people, synchronous=FULL", "BM_GenerateDemo/durable",
                  "people/s", 0, with_timelines);
  double e = line("(a) GenerateDemo " + n + " people, fast_bulk_load", "BM_GenerateDemo/fast",
                  "people/s", 0, with_timelines);
  double f = line("(a) InsertPerson single row, synchronous=FULL (durable)",
                  "BM_InsertPerson/durable", "rows/s  ", 0);
  double g = line("(a) InsertPerson single row, fast_bulk_load (sync OFF)", "BM_InsertPerson/fast",
                  "rows/s  ", 0);
  double h = line("(a) InsertPerson + audit row, synchronous=FULL (durable)",
                  "BM_InsertPersonWithAudit/durable", "rows/s  ", 0);
  double k = line("(a) InsertPerson + audit row, fast_bulk_load (sync OFF)",
                  "BM_InsertPersonWithAudit/fast", "rows/s  ", 0);
  if (a > 0 && c > 0)
    std::printf("RESULT %-58s %12.2fx\n", "(a) ratio InsertPeople fast / durable", c / a);
  if (d > 0 && e > 0)
    std::printf("RESULT %-58s %12.2fx\n", "(a) ratio GenerateDemo fast / durable", e / d);
  if (f > 0 && g > 0)
    std::printf("RESULT %-58s %12.2fx\n", "(a) ratio InsertPerson fast / durable", g / f);
  if (a > 0 && f > 0)
    std::printf("RESULT %-58s %12.2fx\n", "(a) ratio bulk / single row (both durable)", a / f);
  if (f > 0 && h > 0)
    std::printf("RESULT %-58s %12.2fx\n", "(a) ratio InsertPerson with audit / without (durable)",
                h / f);
  if (g > 0 && k > 0)
    std::printf("RESULT %-58s %12.2fx\n", "(a) ratio InsertPerson with audit / without (fast)",
                k / g);
  std::fflush(stdout);
  return all_ok ? 0 : 1;
}

}  // namespace
}  // namespace overstap::bench

int main(int argc, char** argv) { return overstap::bench::Main(argc, argv); }
