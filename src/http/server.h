#pragma once
// The HTTP server: EventServer underneath (event loops; see event_server.h for why not
// cpp-httplib's thread-per-connection server), our router, problem+json for every error, the
// API-Version header on every response, request size and JSON depth limits, and one
// last-resort guard per request that turns an escaped exception into a logged 500.
//
// Thread safety: Listen() blocks and serves on a pool of `threads` workers; Stop() may be
// called from any thread.

#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "access/actor.h"
#include "common/clock.h"
#include "common/status.h"
#include "http/event_server.h"
#include "http/json_codec.h"
#include "http/problem.h"
#include "http/router.h"

namespace overstap::service {
class RegisterService;
class MatchService;
class RoundService;
class FollowService;
}  // namespace overstap::service

namespace overstap::http {

inline constexpr const char* kApiVersion = "1.0.0";

// The event loops to run for `requested` (> 0: that many): by default one per core, at least 2.
// More loops than cores only add runnable threads the scheduler interleaves, which raises tail
// latency without adding throughput (docs/architecture.md). Handlers are short (the longest, a
// durable write, waits for one fsync; allocation rounds run in the background), so two loops
// keep a slow request from holding up everyone.
int EventLoops(int requested);

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (tests)
  // Event loops, each serving many connections with the handlers inline; 0: EventLoops(0).
  int threads = 0;
  size_t max_body_bytes = 1 << 20;
  int max_json_depth = 32;
  bool access_log = false;
  std::string static_dir;  // web UI files; empty: none

  // Browser safety (see docs/architecture.md, "The HTTP edge").
  // The URL browsers use to reach this server, e.g. "https://overstap.gemeente.nl" behind a
  // reverse proxy: its host is allowed in `Host` and its origin in `Origin`. Empty: only direct
  // access (the listen address, localhost, 127.0.0.1 and [::1]).
  std::string public_url;
  // Further host names answered (without port), e.g. an internal name of the proxy.
  std::vector<std::string> allowed_hosts;
  // Further origins ("https://app.example.nl") allowed to send state-changing requests.
  std::vector<std::string> allowed_origins;

  // Bounded resources.
  int max_connections = 10000;     // beyond it: 503 and close
  int head_timeout_ms = 10000;     // a request's head must be complete within this (408)
  int request_timeout_ms = 60000;  // a request's body must be complete within this (408)
  int idle_timeout_ms = 60000;     // an idle keep-alive connection is closed after this

  // Tests: when set, every request HandleRequest() answers appends one JSON line to this file:
  // {"method", "route" (the matched pattern, or null), "status", "contentType", "body"}, so
  // tests/api/validate_responses.py can check each response against the OpenAPI document.
  // Empty: nothing is recorded.
  std::string record_responses_path;
};

// One request being handled.
class Exchange {
 public:
  Exchange(const httplib::Request& req, httplib::Response& res, PathParams params,
           access::RequestContext ctx)
      : req(req), res(res), params(std::move(params)), ctx(std::move(ctx)) {}

  const httplib::Request& req;
  httplib::Response& res;
  PathParams params;
  access::RequestContext ctx;
  Json body;  // the parsed body of POST/PUT/PATCH

  void Reply(int status, const Json& j);
  // Replies with JSON text the caller wrote (application/json).
  void ReplyJson(int status, std::string json);
  void Problem(const Status& status);
  // A refusal of the edge; problem.cpp chooses its HTTP status.
  void Problem(Refusal refusal, const std::string& nl, const std::string& en,
               std::vector<FieldViolation> violations = {});
};

using Handler = std::function<void(Exchange&)>;
using ApiRoute = Route<Handler>;

// The use cases the routes call. Not owned.
struct Services {
  service::RegisterService* reg = nullptr;
  service::MatchService* match = nullptr;
  service::RoundService* rounds = nullptr;
  service::FollowService* follow = nullptr;  // keep in view; its routes answer 503 when null
};

// THE route table (routes.cpp). The services may be null when only the table itself is needed
// (the OpenAPI completeness test).
std::vector<ApiRoute> BuildRoutes(const Services& services);

// The OpenAPI 3.1 document: src/http/openapi.json, embedded at build time and parsed once.
// Thread-safe.
const Json& OpenApiDocument();

class Server {
 public:
  Server(const Services& services, const Clock* clock, ServerOptions options);
  ~Server();

  // Binds the listening socket; returns the port (useful with port 0).
  Result<int> Bind();
  // Serves until Stop(). Call after Bind().
  void Listen();
  void Stop();

  // Serves one parsed request without a socket: the browser-safety checks, the last-resort
  // guard and the route's handler. The transport calls it for every request; so does the API
  // fuzz target. Thread-safe.
  void HandleRequest(httplib::Request& req, httplib::Response& res);

 private:
  static TransportOptions Transport(const ServerOptions& options);
  // HandleRequest without the recording; returns the route that answered, or null.
  const ApiRoute* Answer(httplib::Request& req, httplib::Response& res);
  // Returns the route that answered, or null when none matched.
  const ApiRoute* Dispatch(const httplib::Request& req, httplib::Response& res);
  // Appends the answer to options_.record_responses_path (see ServerOptions).
  void RecordResponse(const httplib::Request& req, const httplib::Response& res,
                      const ApiRoute* route);
  // The Host header names this server (DNS rebinding: a foreign name is refused).
  bool HostAllowed(const httplib::Request& req) const;
  // A state-changing request carries no foreign Origin (cross-site request forgery).
  bool OriginAllowed(const httplib::Request& req) const;
  // "GET, PUT, ..." for the routes matching `path`; empty when none.
  std::string AllowedMethods(const std::string& path) const;

  const Clock* clock_;
  ServerOptions options_;
  std::vector<ApiRoute> routes_;
  std::vector<CompiledPattern> patterns_;  // parallel to routes_
  std::set<std::string> allowed_hosts_;    // lower case, without port
  std::set<std::string> allowed_origins_;  // lower case scheme://host[:port]
  TransportOptions transport_;
  EventServer server_;
  std::atomic<uint64_t> request_counter_{0};
  std::mutex record_mutex_;
  std::FILE* record_file_ = nullptr;  // guarded by record_mutex_; null: not recording
};

}  // namespace overstap::http
