#include "service/demo.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>

#include "cli/app.h"
#include "common/clock.h"
#include "service/register_service.h"

namespace overstap::cli {

void AddDemoCommand(CLI::App& app, GlobalOptions& global) {
  auto* cmd = app.add_subcommand("demo", "Fill the database with deterministic demo data");
  auto opt = std::make_shared<service::DemoOptions>();
  auto if_empty = std::make_shared<bool>(false);
  auto date = std::make_shared<std::string>();
  cmd->add_option("--people", opt->people, "Number of people")->capture_default_str();
  cmd->add_option("--places", opt->places, "Number of places")->capture_default_str();
  cmd->add_option("--seed", opt->seed, "Random seed")->capture_default_str();
  cmd->add_option("--region", opt->region, "Only this arbeidsmarktregio (AMxx)");
  cmd->add_option("--date", *date, "Reference date YYYY-MM-DD (default: today)");
  cmd->add_flag("--if-empty", *if_empty, "Do nothing when the database already has people");
  cmd->callback([&global, opt, if_empty, date] {
    auto fail = [](const Status& st) {
      std::cerr << "demo: " << st.ToString() << "\n";
      throw CLI::RuntimeError(1);
    };
    auto store = OpenAndMigrate(global, /*fast_bulk_load=*/true);
    if (!store.ok()) fail(store.status());
    if (*if_empty) {
      auto counts = (*store)->Count();
      if (!counts.ok()) fail(counts.status());
      if (counts->people > 0) {
        spdlog::info("demo: database already has {} people; nothing to do", counts->people);
        return;
      }
    }
    SystemClock clock;
    opt->now_micros = clock.NowMicros();
    if (!date->empty()) {
      auto d = ParseDate(*date);
      if (!d) throw CLI::ValidationError("--date", "expected YYYY-MM-DD");
      opt->now_micros = static_cast<int64_t>(d->days) * 86400000000LL + 12LL * 3600000000LL;
    }
    auto catalog = service::LoadCatalog(store->get());
    if (!catalog.ok()) fail(catalog.status());
    auto start = std::chrono::steady_clock::now();
    auto summary = service::GenerateDemo(store->get(), **catalog, *opt,
                                         [](const std::string& s) { spdlog::info("demo: {}", s); });
    if (!summary.ok()) fail(summary.status());
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    spdlog::info(
        "demo: {} organisaties, {} deelnemers, {} plekken in {:.1f} s ({:.0f} deelnemers/s)",
        summary->organisations, summary->people, summary->places, secs,
        secs > 0 ? static_cast<double>(summary->people) / secs : 0.0);
  });
}

}  // namespace overstap::cli
