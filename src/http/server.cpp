#include "http/server.h"

#include <spdlog/spdlog.h>
#include <sodium.h>

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
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
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
  res.set_content(ProblemJson(code, status, req.path).dump(-1, ' ', false, Json::error_handler_t::replace),
                  "application/problem+json");
}

void Exchange::Problem(int http_status, const std::string& nl, const std::string& en,
                       std::vector<FieldViolation> violations) {
  res.status = http_status;
  res.set_content(SimpleProblem(http_status, nl, en, req.path, std::move(violations))
                      .dump(-1, ' ', false, Json::error_handler_t::replace),
                  "application/problem+json");
}

namespace {

void CommonHeaders(httplib::Response& res) {
  // Constants without CR or LF: straight into the map (set_header would scan them).
  res.headers.emplace("API-Version", kApiVersion);
  res.headers.emplace("X-Content-Type-Options", "nosniff");
  res.headers.emplace("Cache-Control", "no-store");
}

// Errors of the transport itself (unparsable request, body or URI too large).
void TransportError(int status, httplib::Response& res) {
  std::string nl = "Het verzoek kon niet worden verwerkt.";
  std::string en = "The request could not be processed.";
  if (status == 413) {
    nl = "Het verzoek is te groot (maximaal 1 MiB).";
    en = "The request is too large (at most 1 MiB).";
  } else if (status == 414) {
    nl = "De URL is te lang (maximaal 8 KiB).";
    en = "The URL is too long (at most 8 KiB).";
  } else if (status == 431) {
    nl = "De headers zijn te groot.";
    en = "The request headers are too large.";
  } else if (status >= 500) {
    nl = "Er ging iets mis aan onze kant.";
    en = "Something went wrong on our side.";
  }
  res.status = status;
  CommonHeaders(res);
  res.set_content(SimpleProblem(status, nl, en, "").dump(), "application/problem+json");
}

}  // namespace

int EventLoops(int requested) {
  if (requested > 0) return requested;
  return std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
}

Server::Server(const Services& services, const Clock* clock, ServerOptions options)
    : clock_(clock),
      options_(std::move(options)),
      routes_(BuildRoutes(services)),
      server_([this](httplib::Request& req, httplib::Response& res) { Handle(req, res); },
              TransportError, options_.max_body_bytes, EventLoops(options_.threads)) {
  for (const auto& r : routes_) patterns_.emplace_back(r.pattern);
}

void Server::Handle(httplib::Request& req, httplib::Response& res) {
  CommonHeaders(res);
  static const std::set<std::string> kServed = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                                                "OPTIONS"};
  if (!kServed.count(req.method)) {
    // A known method we do not serve is 405 (with Allow); an unknown one 501.
    static const std::set<std::string> kKnown = {"TRACE", "CONNECT"};
    std::string allow = AllowedMethods(req.path);
    int status = kKnown.count(req.method) ? (allow.empty() ? 404 : 405) : 501;
    if (!allow.empty()) res.set_header("Allow", allow);
    res.status = status;
    res.set_content(SimpleProblem(status,
                                  status == 501 ? "Deze methode kent de server niet."
                                                : "Deze methode is hier niet toegestaan.",
                                  status == 501 ? "This method is not implemented."
                                                : "This method is not allowed here.",
                                  IsValidUtf8(req.path) ? req.path : "")
                        .dump(),
                    "application/problem+json");
    return;
  }
  try {
    Dispatch(req, res);
  } catch (...) {
    spdlog::error("unhandled exception while serving a request");
    res = httplib::Response();
    TransportError(500, res);
  }
}

Server::~Server() { Stop(); }

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

void Server::Dispatch(const httplib::Request& req, httplib::Response& res) {
  const auto start = std::chrono::steady_clock::now();
  access::RequestContext ctx{access::SystemAdmin(), NewRequestId(), clock_->NowMicros()};
  res.headers.emplace("X-Request-Id", ctx.request_id);  // hex digits only
  Exchange ex(req, res, {}, ctx);
  const ApiRoute* route = nullptr;
  std::string allow;
  PathParams params;
  if (!IsValidUtf8(req.path)) {
    ex.Problem(400, "Het pad is geen geldige UTF-8-tekst.", "The path is not valid UTF-8.");
    return;
  }
  const bool clean_path = !(req.path.size() > 1 && req.path.back() == '/') &&
                          req.path.find("//") == std::string::npos;
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
      ex.Problem(404, "Deze URL bestaat niet in de API.", "This URL does not exist in the API.");
    } else if (req.method == "OPTIONS") {
      res.status = 204;
      res.set_header("Allow", allow + ", OPTIONS");
    } else {
      res.set_header("Allow", allow);
      ex.Problem(405, "Methode " + req.method + " is hier niet toegestaan; wel: " + allow + ".",
                 "Method " + req.method + " is not allowed here; allowed: " + allow + ".");
    }
    return;
  }
  for (const auto& [key, value] : req.params) {
    if (!IsValidUtf8(key) || !IsValidUtf8(value)) {
      ex.Problem(400, "Een queryparameter is geen geldige UTF-8-tekst.",
                 "A query parameter is not valid UTF-8.");
      return;
    }
  }
  if (route->body_optional && req.body.empty() && !req.has_header("Content-Type")) {
    ex.body = Json::object();
  } else if (req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
    std::string type = MediaType(req.get_header_value("Content-Type"));
    bool json_ok = type == "application/json" ||
                   (req.method == "PATCH" && type == "application/merge-patch+json");
    if (!json_ok) {
      ex.Problem(415,
                 "Stuur de inhoud als application/json" +
                     std::string(req.method == "PATCH" ? " of application/merge-patch+json." : "."),
                 "Send the body as application/json.",
                 {{"Content-Type", "verkeerdMediatype", "Mediatype '" + type.substr(0, 64) +
                                                           "' wordt niet ondersteund.",
                   "Media type not supported."}});
      return;
    }
    if (req.body.size() > options_.max_body_bytes) {  // chunked bodies bypass httplib's check
      ex.Problem(413, "Het verzoek is te groot (maximaal 1 MiB).",
                 "The request is too large (at most 1 MiB).");
      return;
    }
    if (!IsValidUtf8(req.body)) {
      ex.Problem(400, "De inhoud is geen geldige UTF-8-tekst.", "The body is not valid UTF-8.");
      return;
    }
    if (JsonDepth(req.body) > options_.max_json_depth) {
      ex.Problem(400,
                 "De JSON is te diep genest (maximaal " + std::to_string(options_.max_json_depth) +
                     " niveaus).",
                 "The JSON is nested too deeply.");
      return;
    }
    ex.body = Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (ex.body.is_discarded()) {
      ex.Problem(400, "De inhoud is geen geldige JSON.", "The body is not valid JSON.");
      return;
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
}

}  // namespace overstap::http
