// Keep-in-view benchmarks (issue "Keep in view", point 8), on a demo database with timelines.
//
//   (a) the sweep: FollowService::Sweep on --date (the first sweep after the demo load, which
//       raises every signal the demo's histories hold) and on the next day (the daily sweep:
//       only what changed overnight). Target: the daily sweep over 1M people in <= 10 s.
//       Check: every timeline replays to its stored state afterwards (FollowService::Verify).
//   (b) durable event appends, batched: FollowService::AddEvents with --batch contact events
//       for random people per call (one transaction, synchronous=FULL), --appends in all.
//       Target >= 20,000 events/s. Log-first: the batch is acknowledged once it is in the log;
//       the projection (state, rules, signals) that follows is timed apart and end to end.
//       For reference: single-event appends (one commit each, projected inline).
//       Check: the appended events are on the timelines and moved the people's last contact.
//   (c) a person's timeline: FollowService::Timeline (newest 25 events) for --samples random
//       people, one thread; latency percentiles. Target p99 <= 2 ms. Check: each page holds
//       the person's events, newest first.
//
// Figures go to stdout, one line each, with the target and PASS/MISS; progress to stderr.
// Fixed seeds: the same database gives the same samples. The database is written to by (a)
// and (b): run on a copy.

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "access/audit_log.h"
#include "common/clock.h"
#include "common/ids.h"
#include "service/follow_service.h"
#include "service/register_service.h"
#include "store/store.h"

namespace overstap::bench {
namespace {

using Steady = std::chrono::steady_clock;

constexpr double kSweepTargetSeconds = 10;
constexpr double kAppendTargetPerSecond = 20000;
constexpr double kTimelineP99TargetMs = 2;
constexpr int64_t kDay = 86'400'000'000;

double Since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}
const char* Verdict(bool ok) { return ok ? "PASS" : "MISS"; }

// Bytes this process has handed to write system calls (Linux /proc/self/io wchar: the WAL, the
// checkpoints into the database file); -1 where the kernel does not tell. (write_bytes would
// also charge the background writeback of the bench's start-up sort files.)
int64_t BytesWritten() {
  FILE* f = std::fopen("/proc/self/io", "r");
  if (!f) return -1;
  char line[128];
  int64_t bytes = -1;
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, "wchar:", 6) == 0) bytes = std::atoll(line + 6);
  }
  std::fclose(f);
  return bytes;
}

std::string Commas(int64_t v) {
  std::string s = std::to_string(v < 0 ? -v : v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return v < 0 ? "-" + s : s;
}

struct Options {
  std::string db, date, step = "all";
  int64_t appends = 100000, batch = 1000, single = 300, samples = 20000;
};

[[noreturn]] void Fail(const std::string& what, const Status& st) {
  std::fprintf(stderr, "follow_bench: %s: %s\n", what.c_str(), st.ToString().c_str());
  std::exit(1);
}

access::RequestContext Ctx(const Clock& clock) {
  access::RequestContext ctx;
  ctx.actor = access::SystemAdmin();
  ctx.request_id = "bench";
  ctx.now_micros = clock.NowMicros();
  return ctx;
}

int Run(const Options& opt) {
  auto day = ParseDate(opt.date);
  if (!day) {
    std::fprintf(stderr, "follow_bench: --date YYYY-MM-DD is required\n");
    return 2;
  }
  store::SqliteOptions so;
  so.path = opt.db;
  so.read_connections = 4;
  auto store = store::OpenSqliteStore(so);
  if (!store.ok()) Fail("open", store.status());
  if (auto m = (*store)->Migrate(); !m.ok()) Fail("migrate", m.status());
  auto catalog = service::LoadCatalog(store->get());
  if (!catalog.ok()) Fail("catalog", catalog.status());
  auto rules = service::ParseRules(service::DefaultRulesText());
  if (!rules.ok()) Fail("rules", rules.status());
  // The clock stands at the end of the benchmark's day: facts of that day are never "future".
  FakeClock clock(day->days * kDay + 20 * 3'600'000'000LL);
  RandomIdGenerator ids;  // appended events need ids no earlier run used
  access::AuditLog audit(store->get());
  service::FollowService follow(store->get(), *catalog, &clock, &ids, &audit, *rules);

  std::vector<std::string> people;
  if (auto st = (*store)->ScanFollow(
          [&](store::FollowRecord&& r) { people.push_back(std::move(r.person)); });
      !st.ok()) {
    Fail("scan", st);
  }
  std::printf("database: %s people\n", Commas(static_cast<int64_t>(people.size())).c_str());
  std::mt19937_64 rng(2026);
  const bool all = opt.step == "all";

  if (all || opt.step == "sweep") {
    for (int i = 0; i < 2; ++i) {
      Date d{day->days + i};
      clock.Set(d.days * kDay + 20 * 3'600'000'000LL);
      auto t = Steady::now();
      auto r = follow.Sweep(d);
      if (!r.ok()) Fail("sweep", r.status());
      double s = Since(t);
      const char* what = i == 0 ? "first sweep after the demo load" : "daily sweep (next day)";
      std::printf(
          "(a) %-34s %10.2f s  %s people, %s changed, %s raised, %s resolved "
          "(read + rules %.2f s, write %.2f s)%s\n",
          what, s, Commas(r->people).c_str(), Commas(r->changed).c_str(), Commas(r->raised).c_str(),
          Commas(r->resolved).c_str(), r->scan_seconds, r->write_seconds,
          i == 1 ? (std::string("  (target <= 10 s) ") + Verdict(s <= kSweepTargetSeconds)).c_str()
                 : "  (no target)");
      std::fflush(stdout);
    }
    auto t = Steady::now();
    auto v = follow.Verify();
    if (!v.ok()) Fail("verify", v.status());
    std::printf(
        "(a) check: replaying %s events of %s people gives the stored states: %s "
        "(%s differences, %.1f s)\n",
        Commas(v->events).c_str(), Commas(v->people).c_str(), v->mismatches == 0 ? "OK" : "FAILED",
        Commas(v->mismatches).c_str(), Since(t));
    std::fflush(stdout);
    if (v->mismatches) return 1;
  }

  if ((all || opt.step == "appends") && !people.empty()) {
    clock.Set(clock.NowMicros() + 3'600'000'000LL);
    auto make = [&](int64_t n) {
      std::vector<domain::Event> events;
      for (int64_t i = 0; i < n; ++i) {
        domain::Event e;
        e.person = people[rng() % people.size()];
        e.kind = domain::EventKind::kContact;
        e.contact = domain::ContactKind::kTelefoon;
        e.fact_micros = clock.NowMicros() - static_cast<int64_t>(rng() % 3'600'000'000ULL);
        events.push_back(std::move(e));
      }
      return events;
    };
    int64_t done = 0;
    const int64_t written0 = BytesWritten();
    auto t = Steady::now();
    std::vector<domain::Event> last_batch;
    while (done < opt.appends) {
      auto batch = make(std::min(opt.batch, opt.appends - done));
      last_batch = batch;
      auto r = follow.AddEvents(Ctx(clock), std::move(batch));
      if (!r.ok()) Fail("append", r.status());
      done += *r;
    }
    double s = Since(t);
    double rate = static_cast<double>(done) / s;
    std::printf(
        "(b) durable appends, batches of %s      %10s events/s (target >= 20,000) %s  "
        "(%s events in %.1f s)\n",
        Commas(opt.batch).c_str(), Commas(static_cast<int64_t>(rate)).c_str(),
        Verdict(rate >= kAppendTargetPerSecond), Commas(done).c_str(), s);
    // Log-first: an acknowledged batch is a few log pages; the random pages per event (state
    // row, timeline-index leaf, signals) are the projection's, measured apart below.
    auto per_event = [&](const char* what, int64_t before, double seconds) {
      if (const int64_t after = BytesWritten(); before >= 0 && after >= before && done) {
        const double bytes = static_cast<double>(after - before);
        std::printf("(b) %-38s %10.1f KB per event (%.0f MB/s; WAL + checkpoints; no target)\n",
                    what, bytes / static_cast<double>(done) / 1024, bytes / seconds / 1e6);
      }
    };
    per_event("written while appending", written0, s);
    const int64_t written_p = BytesWritten();
    t = Steady::now();
    auto projected = follow.Project();
    if (!projected.ok()) Fail("project", projected.status());
    const double ps = Since(t);
    std::printf(
        "(b) projected afterwards (state, rules)   %10s events/s (no target; %s people "
        "in %.1f s)\n",
        Commas(static_cast<int64_t>(static_cast<double>(done) / ps)).c_str(),
        Commas(*projected).c_str(), ps);
    per_event("written while projecting", written_p, ps);
    std::printf("(b) appended and projected, end to end    %10s events/s (no target)\n",
                Commas(static_cast<int64_t>(static_cast<double>(done) / (s + ps))).c_str());
    t = Steady::now();
    for (int64_t i = 0; i < opt.single; ++i) {
      auto one = make(1);
      auto r = follow.AddEvent(Ctx(clock), std::move(one[0]));
      if (!r.ok()) Fail("append one", r.status());
    }
    double single_rate = static_cast<double>(opt.single) / Since(t);
    std::printf(
        "(b) durable appends, one per commit       %10s events/s (no target; %.2f ms each)\n",
        Commas(static_cast<int64_t>(single_rate)).c_str(), 1000.0 / single_rate);
    std::printf("(b) ratio batched / one per commit        %10.1fx\n", rate / single_rate);
    // Check: the last batch's people have those contacts as their latest.
    int checked = 0, ok = 0;
    for (const auto& e : last_batch) {
      if (checked == 200) break;
      ++checked;
      auto st = (*store)->GetFollowState(e.person);
      if (st.ok() && st->last_contact >= e.fact_micros) ++ok;
    }
    std::printf(
        "(b) check: %d of %d appended contacts are the person's last contact or earlier: %s\n", ok,
        checked, ok == checked ? "OK" : "FAILED");
    std::fflush(stdout);
    if (ok != checked) return 1;
  }

  if ((all || opt.step == "timeline") && !people.empty()) {
    store::PageRequest page;
    page.limit = 25;
    std::vector<double> ms;
    ms.reserve(static_cast<size_t>(opt.samples));
    int64_t bad = 0, events = 0;
    for (int64_t i = 0; i < opt.samples; ++i) {
      const std::string& person = people[rng() % people.size()];
      auto t = Steady::now();
      auto r = follow.Timeline(Ctx(clock), person, page);
      ms.push_back(Since(t) * 1000);
      if (!r.ok()) Fail("timeline", r.status());
      events += static_cast<int64_t>(r->items.size());
      for (size_t k = 0; k < r->items.size(); ++k) {
        if (r->items[k].person != person) ++bad;
        if (k && r->items[k].fact_micros > r->items[k - 1].fact_micros) ++bad;
      }
    }
    std::sort(ms.begin(), ms.end());
    auto pct = [&](double p) {
      return ms[static_cast<size_t>(p * static_cast<double>(ms.size() - 1))];
    };
    std::printf("(c) timeline of one person, p50           %10.3f ms\n", pct(0.5));
    std::printf("(c) timeline of one person, p99           %10.3f ms (target <= 2 ms) %s\n",
                pct(0.99), Verdict(pct(0.99) <= kTimelineP99TargetMs));
    std::printf(
        "(c) timeline of one person, max           %10.3f ms (%s samples, %.1f events each)\n",
        ms.back(), Commas(opt.samples).c_str(),
        static_cast<double>(events) / static_cast<double>(opt.samples));
    std::printf("(c) check: every page is the person's own events, newest first: %s\n",
                bad == 0 ? "OK" : "FAILED");
    if (bad) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace overstap::bench

int main(int argc, char** argv) {
  overstap::bench::Options opt;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      size_t n = std::strlen(name);
      if (a.compare(0, n, name) == 0 && a.size() > n && a[n] == '=') return argv[i] + n + 1;
      return nullptr;
    };
    if (auto v = value("--db"))
      opt.db = v;
    else if (auto v = value("--date"))
      opt.date = v;
    else if (auto v = value("--step"))
      opt.step = v;
    else if (auto v = value("--appends"))
      opt.appends = std::atoll(v);
    else if (auto v = value("--batch"))
      opt.batch = std::atoll(v);
    else if (auto v = value("--single"))
      opt.single = std::atoll(v);
    else if (auto v = value("--samples"))
      opt.samples = std::atoll(v);
    else {
      std::fprintf(
          stderr,
          "usage: follow_bench --db=FILE --date=YYYY-MM-DD [--step=all|sweep|appends|timeline]\n"
          "       [--appends=N] [--batch=N] [--single=N] [--samples=N]\n");
      return 2;
    }
  }
  return overstap::bench::Run(opt);
}
