#include "http/server.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "common/text.h"
#include "http/problem.h"

namespace overstap::http {
namespace {

// Nesting depth of JSON text, ignoring brackets inside strings. Linear, no recursion.
int JsonDepth(std::string_view text) {
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

std::string MediaType(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  t = Trim(t);
  for (auto& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return t;
}

// Request ids only correlate log lines: a per-thread splitmix64, no system call per request.
std::string NewRequestId() {
  thread_local uint64_t state = [] {
    uint64_t seed;
    randombytes_buf(&seed, sizeof seed);
    return seed;
  }();
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return HexEncode(reinterpret_cast<const uint8_t*>(&z), sizeof z);
}

}  // namespace

void Exchange::Reply(int status, const Json& j) {
  res.status = status;
  res.set_content(j.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

void Exchange::ReplyJson(int status, std::string json) {
  res.status = status;
  res.body = std::move(json);
  res.headers.erase("Content-Type");
  res.headers.emplace("Content-Type", "application/json");
}

void Exchange::Problem(const Status& status) {
  int code = HttpStatusFor(status.code());
  if (code >= 500) {
    spdlog::error("request {} failed: {}", ctx.request_id, status.ToString());
  }
  res.status = code;
  res.set_content(
      ProblemJson(code, status, req.path).dump(-1, ' ', false, Json::error_handler_t::replace),
      "application/problem+json");
}

void Exchange::Problem(Refusal refusal, const std::string& nl, const std::string& en,
                       std::vector<FieldViolation> violations) {
  const int http_status = HttpStatusFor(refusal);
  res.status = http_status;
  res.set_content(SimpleProblem(http_status, ProblemCodeFor(refusal), nl, en,
                                IsValidUtf8(req.path) ? req.path : "", std::move(violations))
                      .dump(-1, ' ', false, Json::error_handler_t::replace),
                  "application/problem+json");
}

namespace {

void CommonHeaders(httplib::Response& res) {
  // A constant without CR or LF: straight into the map (set_header would scan it). The rest
  // of the security headers are the transport's fixed headers (SecurityHeaders below).
  res.headers.emplace("Cache-Control", "no-store");
}

// Headers every answer carries, the transport's refusals included: what a government web app
// sends (the coming web UI loads only its own scripts, styles, images and fonts, talks only to
// its own origin, is never framed, and leaks no URL through Referer).
std::string SecurityHeaders(const ServerOptions& options) {
  std::string h;
  h += std::string("API-Version: ") + kApiVersion + "\r\n";
  h += "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n";
  h += "Referrer-Policy: no-referrer\r\n";
  h += "X-Content-Type-Options: nosniff\r\n";
  h += "X-Frame-Options: DENY\r\n";
  h += "Cross-Origin-Opener-Policy: same-origin\r\n";
  h += "Cross-Origin-Resource-Policy: same-origin\r\n";
  h += "Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=()\r\n";
  if (options.public_url.rfind("https://", 0) == 0) {
    h += "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n";
  }
  return h;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// The host name of a Host value or an authority ("Example.nl:8080" -> "example.nl",
// "[::1]:80" -> "[::1]").
std::string HostName(std::string_view authority) {
  size_t end = authority.size();
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    end = close == std::string_view::npos ? authority.size() : close + 1;
  } else {
    end = std::min(end, authority.find(':'));
  }
  return Lower(authority.substr(0, end));
}

// "https://Example.nl:443/x" -> "https://example.nl:443" (scheme and authority, lower case).
std::string OriginOf(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  size_t end = url.find_first_of("/?#", scheme_end + 3);
  return Lower(url.substr(0, end));
}

void TransportError(FramingError error, const ReaderLimits& limits, const std::string& path,
                    httplib::Response& res) {
  res = httplib::Response();
  res.status = HttpStatusFor(error);
  CommonHeaders(res);
  res.set_content(FramingProblem(error, limits, path).dump(), "application/problem+json");
}

}  // namespace

int EventLoops(int requested) {
  if (requested > 0) return requested;
  return std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
}

TransportOptions Server::Transport(const ServerOptions& options) {
  TransportOptions t;
  t.limits.max_body_bytes = options.max_body_bytes;
  t.loops = EventLoops(options.threads);
  t.max_connections = options.max_connections;
  t.head_timeout_ms = options.head_timeout_ms;
  t.request_timeout_ms = options.request_timeout_ms;
  t.idle_timeout_ms = options.idle_timeout_ms;
  t.fixed_headers = SecurityHeaders(options);
  return t;
}

Server::Server(const Services& services, const Clock* clock, ServerOptions options)
    : clock_(clock),
      options_(std::move(options)),
      routes_(BuildRoutes(services)),
      transport_(Transport(options_)),
      server_([this](httplib::Request& req, httplib::Response& res) { HandleRequest(req, res); },
              [this](FramingError error, const std::string& path, httplib::Response& res) {
                TransportError(error, transport_.limits, path, res);
              },
              transport_) {
  for (const auto& r : routes_) patterns_.emplace_back(r.pattern);
  allowed_hosts_ = {"localhost", "127.0.0.1", "[::1]", HostName(options_.host)};
  for (const auto& h : options_.allowed_hosts) allowed_hosts_.insert(HostName(h));
  if (!options_.public_url.empty()) {
    std::string origin = OriginOf(options_.public_url);
    allowed_origins_.insert(origin);
    allowed_hosts_.insert(HostName(origin.substr(origin.find("://") + 3)));
  }
  for (const auto& o : options_.allowed_origins) allowed_origins_.insert(OriginOf(o));
  if (!options_.record_responses_path.empty()) {
    record_file_ = std::fopen(options_.record_responses_path.c_str(), "a");
    if (!record_file_) {
      spdlog::error("cannot record responses to {}", options_.record_responses_path);
    }
  }
}

bool Server::HostAllowed(const httplib::Request& req) const {
  auto it = req.headers.find("Host");
  if (it == req.headers.end()) return true;  // HTTP/1.0 (the reader demands it of HTTP/1.1)
  return allowed_hosts_.count(HostName(it->second)) > 0;
}

bool Server::OriginAllowed(const httplib::Request& req) const {
  auto it = req.headers.find("Origin");
  if (it == req.headers.end()) {
    // No Origin: not a browser, or an old one; a browser that says the request is cross-site
    // is refused all the same.
    auto site = req.headers.find("Sec-Fetch-Site");
    return site == req.headers.end() || Lower(site->second) != "cross-site";
  }
  const std::string origin = Lower(it->second);
  if (origin == "null") return false;
  if (allowed_origins_.count(origin)) return true;
  auto host = req.headers.find("Host");
  if (host == req.headers.end()) return false;
  const std::string same = Lower(host->second);
  return origin == "http://" + same || origin == "https://" + same;
}

void Server::HandleRequest(httplib::Request& req, httplib::Response& res) {
  const ApiRoute* route = Answer(req, res);
  if (record_file_) RecordResponse(req, res, route);
}

const ApiRoute* Server::Answer(httplib::Request& req, httplib::Response& res) {
  CommonHeaders(res);
  if (!HostAllowed(req)) {
    res.status = HttpStatusFor(Refusal::kWrongHost);
    res.set_content(SimpleProblem(res.status, ProblemCode::kVerkeerdeHost,
                                  "Deze server beantwoordt geen verzoeken voor deze host.",
                                  "This server does not answer requests for this host.",
                                  IsValidUtf8(req.path) ? req.path : "",
                                  {{"Host", "hostNietToegestaan",
                                    "De Host-header noemt een host die niet is ingesteld.",
                                    "The Host header names a host that is not configured."}})
                        .dump(),
                    "application/problem+json");
    return nullptr;
  }
  static const std::set<std::string> kServed = {"GET",   "HEAD",   "POST",   "PUT",
                                                "PATCH", "DELETE", "OPTIONS"};
  if (!kServed.count(req.method)) {
    // A known method we do not serve is 405 (with Allow); an unknown one 501.
    static const std::set<std::string> kKnown = {"TRACE", "CONNECT"};
    std::string allow = AllowedMethods(req.path);
    const Refusal refusal = !kKnown.count(req.method) ? Refusal::kNotImplemented
                            : allow.empty()           ? Refusal::kNotFound
                                                      : Refusal::kMethodNotAllowed;
    if (!allow.empty()) res.set_header("Allow", allow);
    const bool unknown = refusal == Refusal::kNotImplemented;
    res.status = HttpStatusFor(refusal);
    res.set_content(
        SimpleProblem(
            res.status, ProblemCodeFor(refusal),
            unknown ? "Deze methode kent de server niet." : "Deze methode is hier niet toegestaan.",
            unknown ? "This method is not implemented." : "This method is not allowed here.",
            IsValidUtf8(req.path) ? req.path : "")
            .dump(),
        "application/problem+json");
    return nullptr;
  }
  try {
    return Dispatch(req, res);
  } catch (...) {
    spdlog::error("unhandled exception while serving a request");
    res = httplib::Response();
    TransportError(FramingError::kInternal, transport_.limits,
                   IsValidUtf8(req.path) ? req.path : "", res);
    return nullptr;
  }
}

void Server::RecordResponse(const httplib::Request& req, const httplib::Response& res,
                            const ApiRoute* route) {
  Json line = {{"method", req.method},
               {"route", route ? Json(route->pattern) : Json(nullptr)},
               {"status", res.status},
               {"contentType", res.get_header_value("Content-Type")},
               {"body", res.body}};
  std::string text = line.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  std::lock_guard<std::mutex> lock(record_mutex_);
  std::fwrite(text.data(), 1, text.size(), record_file_);
  std::fflush(record_file_);
}

Server::~Server() {
  Stop();
  if (record_file_) std::fclose(record_file_);
}

std::string Server::AllowedMethods(const std::string& path) const {
  std::string allow;
  PathParams params;
  for (const auto& r : routes_) {
    if (!MatchPattern(r.pattern, path, &params)) continue;
    if (allow.find(r.method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + r.method;
  }
  return allow;
}

Result<int> Server::Bind() { return server_.Bind(options_.host, options_.port); }

void Server::Listen() { server_.Listen(); }

void Server::Stop() { server_.Stop(); }

const ApiRoute* Server::Dispatch(const httplib::Request& req, httplib::Response& res) {
  const auto start = std::chrono::steady_clock::now();
  access::RequestContext ctx{access::SystemAdmin(), NewRequestId(), clock_->NowMicros()};
  res.headers.emplace("X-Request-Id", ctx.request_id);  // hex digits only
  Exchange ex(req, res, {}, ctx);
  const ApiRoute* route = nullptr;
  std::string allow;
  PathParams params;
  if (!IsValidUtf8(req.path)) {
    ex.Problem(Refusal::kMalformed, "Het pad is geen geldige UTF-8-tekst.",
               "The path is not valid UTF-8.");
    return nullptr;
  }
  const bool changes_state = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                             req.method == "DELETE";
  if (changes_state && !OriginAllowed(req)) {
    ex.Problem(Refusal::kForeignOrigin,
               "Dit verzoek komt van een andere website (Origin) en wordt niet uitgevoerd.",
               "This request comes from another web site (Origin) and is not carried out.",
               {{"Origin", "herkomstNietToegestaan",
                 "Alleen deze server zelf en ingestelde herkomsten mogen gegevens wijzigen.",
                 "Only this server itself and configured origins may change data."}});
    return nullptr;
  }
  const bool clean_path =
      !(req.path.size() > 1 && req.path.back() == '/') && req.path.find("//") == std::string::npos;
  const auto segments = PathSegments(req.path);
  for (size_t i = 0; clean_path && i < routes_.size(); ++i) {
    const ApiRoute& r = routes_[i];
    if (!patterns_[i].Match(segments, &params)) continue;
    if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
      route = &r;
      ex.params = params;
      break;
    }
    if (allow.find(r.method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + r.method;
  }
  if (!route) {
    if (allow.empty()) {
      ex.Problem(Refusal::kNotFound, "Deze URL bestaat niet in de API.",
                 "This URL does not exist in the API.");
    } else if (req.method == "OPTIONS") {
      res.status = 204;
      res.set_header("Allow", allow + ", OPTIONS");
    } else {
      res.set_header("Allow", allow);
      ex.Problem(Refusal::kMethodNotAllowed,
                 "Methode " + req.method + " is hier niet toegestaan; wel: " + allow + ".",
                 "Method " + req.method + " is not allowed here; allowed: " + allow + ".");
    }
    return nullptr;
  }
  for (const auto& [key, value] : req.params) {
    if (!IsValidUtf8(key) || !IsValidUtf8(value)) {
      ex.Problem(Refusal::kMalformed, "Een queryparameter is geen geldige UTF-8-tekst.",
                 "A query parameter is not valid UTF-8.");
      return route;
    }
  }
  const bool takes_body = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
  if (!takes_body && !req.body.empty()) {
    ex.Problem(Refusal::kMalformed, "Dit verzoek heeft geen inhoud; stuur er geen mee.",
               "This request takes no body; send none.",
               {{"(body)", "geenInhoudVerwacht", "Er is inhoud meegestuurd.", "A body was sent."}});
    return route;
  }
  if (route->body_optional && req.body.empty() && !req.has_header("Content-Type")) {
    ex.body = Json::object();
  } else if (takes_body) {
    std::string type = MediaType(req.get_header_value("Content-Type"));
    bool json_ok = type == "application/json" ||
                   (req.method == "PATCH" && type == "application/merge-patch+json");
    if (!json_ok) {
      ex.Problem(Refusal::kUnsupportedMediaType,
                 "Stuur de inhoud als application/json" +
                     std::string(req.method == "PATCH" ? " of application/merge-patch+json." : "."),
                 "Send the body as application/json.",
                 {{"Content-Type", "verkeerdMediatype",
                   "Mediatype '" + type.substr(0, 64) + "' wordt niet ondersteund.",
                   "Media type not supported."}});
      return route;
    }
    if (req.body.size() > options_.max_body_bytes) {  // chunked bodies bypass httplib's check
      ex.Problem(Refusal::kTooLarge, "Het verzoek is te groot (maximaal 1 MiB).",
                 "The request is too large (at most 1 MiB).");
      return route;
    }
    if (!IsValidUtf8(req.body)) {
      ex.Problem(Refusal::kMalformed, "De inhoud is geen geldige UTF-8-tekst.",
                 "The body is not valid UTF-8.");
      return route;
    }
    if (JsonDepth(req.body) > options_.max_json_depth) {
      ex.Problem(Refusal::kMalformed,
                 "De JSON is te diep genest (maximaal " + std::to_string(options_.max_json_depth) +
                     " niveaus).",
                 "The JSON is nested too deeply.");
      return route;
    }
    ex.body = Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (ex.body.is_discarded()) {
      ex.Problem(Refusal::kMalformed, "De inhoud is geen geldige JSON.",
                 "The body is not valid JSON.");
      return route;
    }
  }
  try {
    route->handler(ex);
  } catch (const std::exception& e) {
    spdlog::error("request {} on {} {}: unhandled exception", ctx.request_id, route->method,
                  route->pattern);
    ex.Problem(Internal("unhandled exception"));
  }
  if (options_.access_log || res.status >= 500) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    spdlog::info("{} {} {} {}us id={}", route->method, route->pattern, res.status, us,
                 ctx.request_id);
  }
  return route;
}

}  // namespace overstap::http
