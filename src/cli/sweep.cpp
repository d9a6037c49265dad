// `overstap sweep`: the daily keep-in-view sweep, and a check that every timeline replays to
// its stored state.

#include <chrono>
#include <iostream>

#include "cli/app.h"
#include "common/clock.h"
#include "common/ids.h"
#include "service/follow_service.h"
#include "service/register_service.h"

namespace overstap::cli {

void AddSweepCommand(CLI::App& app, GlobalOptions& global) {
  auto* cmd = app.add_subcommand(
      "sweep", "Evaluate every person's signal rules for a day (raise and resolve signals, tasks)");
  auto date = std::make_shared<std::string>();
  auto verify = std::make_shared<bool>(false);
  cmd->add_option("--date", *date, "The day to evaluate (YYYY-MM-DD; default: today, UTC)");
  cmd->add_flag("--verify", *verify,
                "Also replay every timeline and compare it with the stored state (exit 3 on a "
                "difference)");
  cmd->callback([&global, date, verify] {
    auto fail = [](const Status& st) {
      std::cerr << "sweep: " << st.ToString() << "\n";
      throw CLI::RuntimeError(1);
    };
    SystemClock clock;
    Date day = DateFromMicros(clock.NowMicros());
    if (!date->empty()) {
      auto parsed = ParseDate(*date);
      if (!parsed) throw CLI::ValidationError("--date", "expected YYYY-MM-DD");
      day = *parsed;
    }
    auto rules = LoadRules(global);
    if (!rules.ok()) fail(rules.status());
    auto store = OpenAndMigrate(global, false, true);
    if (!store.ok()) fail(store.status());
    auto catalog = service::LoadCatalog(store->get());
    if (!catalog.ok()) fail(catalog.status());
    RandomIdGenerator ids;
    access::AuditLog audit(store->get());
    service::FollowService follow(store->get(), *catalog, &clock, &ids, &audit, *rules);
    auto start = std::chrono::steady_clock::now();
    auto report = follow.Sweep(day);
    if (!report.ok()) fail(report.status());
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "sweep " << FormatDate(day) << ": " << report->people << " deelnemers in "
              << seconds << " s (lezen en regels " << report->scan_seconds << " s, schrijven "
              << report->write_seconds << " s); " << report->changed << " gewijzigd, "
              << report->raised << " signalen opgeworpen, " << report->resolved << " opgelost\n";
    for (const auto& [kind, n] : report->raised_by_kind) {
      std::cout << "  " << kind << ": " << n << "\n";
    }
    if (*verify) {
      auto checked = follow.Verify();
      if (!checked.ok()) fail(checked.status());
      std::cout << "verify: " << checked->people << " deelnemers, " << checked->events
                << " gebeurtenissen, " << checked->mismatches << " verschillen\n";
      if (checked->mismatches) throw CLI::RuntimeError(3);
    }
  });
}

}  // namespace overstap::cli
