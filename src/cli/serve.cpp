#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <iostream>

#include "access/audit_log.h"
#include "cli/app.h"
#include "common/clock.h"
#include "common/ids.h"
#include "http/server.h"
#include "service/follow_service.h"
#include "service/match_service.h"
#include "service/register_service.h"
#include "service/round_service.h"

namespace overstap::cli {
namespace {

http::Server* g_server = nullptr;

void OnSignal(int) {
  if (g_server) g_server->Stop();
}

}  // namespace

void AddServeCommand(CLI::App& app, GlobalOptions& global) {
  auto* cmd = app.add_subcommand("serve", "Serve the API and web UI over HTTP");
  auto listen = std::make_shared<std::string>("127.0.0.1:8080");
  auto options = std::make_shared<http::ServerOptions>();
  cmd->add_option("--listen", *listen, "HOST:PORT to listen on")->capture_default_str();
  cmd->add_option("--threads", options->threads,
                  "Event loops serving connections, handlers inline (0: one per core, at least 2)")
      ->capture_default_str();
  cmd->add_flag("--access-log", options->access_log, "Log every request (never personal data)");
  cmd->add_option("--public-url", options->public_url,
                  "URL browsers use to reach this server (behind a reverse proxy), e.g. "
                  "https://overstap.example.nl: its host is answered, its origin may write");
  cmd->add_option("--allowed-host", options->allowed_hosts,
                  "A further Host name to answer (repeatable); localhost, 127.0.0.1, [::1] and "
                  "the listen address always are");
  cmd->add_option("--allowed-origin", options->allowed_origins,
                  "A further origin (scheme://host[:port]) allowed to send state-changing "
                  "requests (repeatable)");
  cmd->add_option("--max-connections", options->max_connections,
                  "Open connections at most; beyond it new ones get 503")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--head-timeout-ms", options->head_timeout_ms,
                  "A request's head must arrive within this many ms (else 408)")
      ->check(CLI::Range(100, 600000))
      ->capture_default_str();
  cmd->add_option("--request-timeout-ms", options->request_timeout_ms,
                  "A request's body must arrive within this many ms (else 408)")
      ->check(CLI::Range(100, 3600000))
      ->capture_default_str();
  cmd->add_option("--idle-timeout-ms", options->idle_timeout_ms,
                  "An idle keep-alive connection is closed after this many ms")
      ->check(CLI::Range(100, 3600000))
      ->capture_default_str();
  auto sweep_hour = std::make_shared<int>(2);
  cmd->add_option("--sweep-hour", *sweep_hour,
                  "Hour of the day (UTC) of the daily keep-in-view sweep; it also runs at start")
      ->check(CLI::Range(0, 23))
      ->capture_default_str();
  // With several servers on one database only one of them should sweep; benchmarks of the
  // register want a quiet server.
  auto no_sweep = std::make_shared<bool>(false);
  cmd->add_flag("--no-sweep", *no_sweep, "Do not run the keep-in-view sweep in this server");
  cmd->callback([&global, listen, options, sweep_hour, no_sweep] {
    auto colon = listen->rfind(':');
    if (colon == std::string::npos) throw CLI::ValidationError("--listen", "expected HOST:PORT");
    options->host = listen->substr(0, colon);
    try {
      options->port = std::stoi(listen->substr(colon + 1));
    } catch (...) {
      throw CLI::ValidationError("--listen", "expected HOST:PORT");
    }
    // One read connection per worker thread: a request never waits for another's reader.
    auto store = OpenAndMigrate(global, false, false, http::EventLoops(options->threads) + 4);
    if (!store.ok()) {
      std::cerr << "serve: " << store.status().ToString() << "\n";
      throw CLI::RuntimeError(1);
    }
    auto catalog = service::LoadCatalog(store->get());
    if (!catalog.ok()) {
      std::cerr << "serve: " << catalog.status().ToString() << "\n";
      throw CLI::RuntimeError(1);
    }
    SystemClock clock;
    RandomIdGenerator ids;
    access::AuditLog audit(store->get());
    service::RegisterService reg(store->get(), *catalog, &clock, &ids, &audit);
    auto weights = MatchWeights(global);
    if (!weights.ok()) {
      std::cerr << "serve: " << weights.status().ToString() << "\n";
      throw CLI::RuntimeError(1);
    }
    service::MatchService match(store->get(), *catalog, &audit, *weights);
    auto start = std::chrono::steady_clock::now();
    auto built = match.Build();
    if (!built.ok()) {
      std::cerr << "serve: " << built.status().ToString() << "\n";
      throw CLI::RuntimeError(1);
    }
    spdlog::info("matching index: {} plekken, {} deelnemers in {:.1f} s", built->first,
                 built->second,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    reg.set_listener(&match);
    service::RoundService rounds(store->get(), &match, &audit, &clock);
    if (Status st = rounds.Start(); !st.ok()) {
      std::cerr << "serve: " << st.ToString() << "\n";
      throw CLI::RuntimeError(1);
    }
    auto rules = LoadRules(global);
    if (!rules.ok()) {
      std::cerr << "serve: " << rules.status().ToString() << "\n";
      throw CLI::RuntimeError(1);
    }
    service::FollowService follow(store->get(), *catalog, &clock, &ids, &audit, *rules);
    if (!*no_sweep) follow.StartScheduler(*sweep_hour, true);
    follow.StartProjector();  // events logged by batched appends (here or by another process)
    http::Services services{&reg, &match, &rounds};
    services.follow = &follow;
    http::Server server(services, &clock, *options);
    auto port = server.Bind();
    if (!port.ok()) {
      std::cerr << "serve: " << port.status().ToString() << "\n";
      throw CLI::RuntimeError(1);
    }
    g_server = &server;
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    spdlog::info("Overstap luistert op http://{}:{} (API: /api/v1, OpenAPI: /api/v1/openapi.json)",
                 options->host, *port);
    std::cout.flush();
    server.Listen();
    g_server = nullptr;
    spdlog::info("Overstap gestopt");
  });
}

}  // namespace overstap::cli
