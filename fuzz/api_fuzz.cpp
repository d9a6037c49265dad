// libFuzzer target: routing, query parsing and JSON decoding into the handlers, through
// http::Server::HandleRequest (the browser-safety checks, the last-resort guard, the route table
// and every handler) over the real services on a temporary SQLite database. No socket.
//
// Input, a request in HTTP's own shape so that seeds stay readable:
//   METHOD SP TARGET LF
//   Name: value LF          (any number of header lines, up to an empty line)
//   LF
//   BODY                    (the rest)
// Host: 127.0.0.1 is added when no Host line is given, Content-Type: application/json when the
// body is not empty and no Content-Type line is given.
// Placeholders, so that inputs reach records that exist:
//   - TARGET "@N" is the N-th route of http::BuildRoutes (modulo their number), and METHOD "*"
//     that route's method;
//   - a {name} segment of the target (a route pattern as written in the table) becomes a known
//     id or code, chosen by the segment before it: /deelnemers/{id} the person made at start;
//   - $ORG, $WERKGEVER, $DEELNEMER, $PLEK, $TAAK, $SIGNAAL, $OVERDRACHT, $RONDE, $VAARDIGHEID and
//     $BEROEP anywhere in the target, a header value or the body become the known ids.
// Aborts when the answer is a 5xx other than 501 (500: an escaped exception or an internal
// error), a status outside 100-599, or a JSON or problem+json body that is not JSON (a problem
// must be an object whose `status` is the answer's status). With API_FUZZ_VERBOSE set, each
// request and its status are printed (to see what the seeds reach: api_fuzz corpus/api/*).

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/audit_log.h"
#include "common/clock.h"
#include "common/ids.h"
#include "http/server.h"
#include "service/follow_service.h"
#include "service/match_service.h"
#include "service/register_service.h"
#include "service/round_service.h"
#include "store/store.h"

namespace overstap {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr int64_t kNow = 1790856000000000;  // 2026-10-01T12:00:00Z
constexpr const char* kUnknownId = "00000000-0000-4000-8000-000000000000";

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "api_fuzz: %s\n", what.c_str());
  std::abort();
}

// The services of `overstap serve`, wired as tests/support/test_env.cpp wires them, over a
// fresh database in a temporary directory (on /dev/shm when there is one: every write syncs).
class World {
 public:
  World() : clock_(kNow) {
    std::error_code ec;
    fs::path base =
        fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    std::string tmpl = (base / "overstap-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) Die("mkdtemp failed");
    dir_ = tmpl;
    store::SqliteOptions so{dir_ + "/overstap.db", 2, false};
    auto opened = store::OpenSqliteStore(so);
    if (!opened.ok()) Die(opened.status().ToString());
    store_ = std::move(opened).value();
    auto loaded =
        service::MigrateAndLoadReference(store_.get(), OVERSTAP_SOURCE_DIR "/data/reference");
    if (!loaded.ok()) Die(loaded.status().ToString());
    auto catalog = service::LoadCatalog(store_.get());
    if (!catalog.ok()) Die(catalog.status().ToString());
    audit_ = std::make_unique<access::AuditLog>(store_.get(), 20);
    reg_ = std::make_unique<service::RegisterService>(store_.get(), *catalog, &clock_, &ids_,
                                                      audit_.get());
    match_ = std::make_unique<service::MatchService>(store_.get(), *catalog, audit_.get());
    if (auto built = match_->Build(); !built.ok()) Die(built.status().ToString());
    reg_->set_listener(match_.get());
    rounds_ =
        std::make_unique<service::RoundService>(store_.get(), match_.get(), audit_.get(), &clock_);
    if (Status st = rounds_->Start(); !st.ok()) Die(st.ToString());
    auto rules = service::ParseRules(service::DefaultRulesText());
    if (!rules.ok()) Die(rules.status().ToString());
    follow_ = std::make_unique<service::FollowService>(store_.get(), *catalog, &clock_, &ids_,
                                                       audit_.get(), std::move(rules).value());
    follow_->StartProjector();
    http::ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<http::Server>(
        http::Services{reg_.get(), match_.get(), rounds_.get(), follow_.get()}, &clock_, options);
    routes_ = http::BuildRoutes(http::Services{});
    MakeRecords();
  }

  ~World() {
    server_.reset();
    follow_.reset();
    rounds_.reset();
    reg_.reset();
    match_.reset();
    audit_.reset();
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  http::Server& server() { return *server_; }
  const std::vector<http::ApiRoute>& routes() const { return routes_; }
  const std::map<std::string, std::string>& known() const { return known_; }

 private:
  // Serves one request with a JSON body and returns the answer's JSON.
  Json Call(const std::string& method, const std::string& target, const Json& body, int want) {
    httplib::Request req;
    req.method = method;
    req.target = target;
    req.version = "HTTP/1.1";
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) httplib::detail::parse_query_text(target.substr(q + 1), req.params);
    req.headers.emplace("Host", "127.0.0.1");
    if (!body.is_null()) {
      req.headers.emplace("Content-Type", "application/json");
      req.body = body.dump();
    }
    httplib::Response res;
    server_->HandleRequest(req, res);
    if (res.status != want) {
      Die("setup: " + method + " " + target + " answered " + std::to_string(res.status) + ": " +
          res.body);
    }
    return Json::parse(res.body, nullptr, false);
  }

  // One of each record, so that inputs can name ids that exist.
  void MakeRecords() {
    known_["$VAARDIGHEID"] = "0005c151-5b5a-4a66-8aac-60e734beb1ab";
    known_["$BEROEP"] = "7aedaa07-3884-4c5b-88f9-80997b2aa54b";
    known_["$ORG"] = Call(
        "POST", "/api/v1/organisaties",
        {{"naam", "Praktijkschool Fuzz"}, {"soort", "praktijkonderwijs"}, {"gemeente", "GM0344"}},
        201)["id"];
    known_["$WERKGEVER"] = Call(
        "POST", "/api/v1/organisaties",
        {{"naam", "Bakkerij Fuzz"}, {"soort", "werkgever"}, {"gemeente", "GM0344"}}, 201)["id"];
    known_["$DEELNEMER"] =
        Call("POST", "/api/v1/deelnemers",
             {{"voornaam", "Sanne"},
              {"achternaam", "de Vries"},
              {"geboortedatum", "2008-03-14"},
              {"postcode", "3511 AB"},
              {"situatie", "school"},
              {"niveau", "pro"},
              {"instelling", known_["$ORG"]},
              {"vaardigheden", {{{"vaardigheid", known_["$VAARDIGHEID"]}, {"niveau", 2}}}},
              {"sectoren", {"I", "G"}},
              {"ondersteuningNodig", {"jobcoach"}},
              {"maxReisafstandKm", 15},
              {"urenPerWeek", 24}},
             201)["id"];
    known_["$PLEK"] = Call("POST", "/api/v1/plekken",
                           {{"soort", "stage"},
                            {"organisatie", known_["$WERKGEVER"]},
                            {"titel", "Stage bakker"},
                            {"postcode", "3512"},
                            {"sector", "I"},
                            {"beroep", known_["$BEROEP"]},
                            {"capaciteit", 2},
                            {"urenPerWeek", 24},
                            {"ondersteuningAanwezig", {"jobcoach"}}},
                           201)["id"];
    const std::string person = "/api/v1/deelnemers/" + known_["$DEELNEMER"];
    Call("POST", person + "/gebeurtenissen",
         {{"soort", "plaatsingGestart"},
          {"tijdstip", "2026-08-01"},
          {"organisatie", known_["$WERKGEVER"]}},
         201);
    Call("POST", person + "/gebeurtenissen",
         {{"soort", "plaatsingBeeindigd"},
          {"tijdstip", "2026-09-20"},
          {"organisatie", known_["$WERKGEVER"]},
          {"reden", "voortijdig"}},
         201);
    known_["$OVERDRACHT"] = Call("POST", "/api/v1/overdrachten",
                                 {{"deelnemer", known_["$DEELNEMER"]},
                                  {"van", known_["$ORG"]},
                                  {"naar", known_["$WERKGEVER"]}},
                                 201)["id"];
    known_["$RONDE"] =
        Call("POST", "/api/v1/matchrondes",
             {{"modus", "stabiel"}, {"regios", {"AM13"}}, {"lotingZaad", 1}}, 202)["id"];
    auto first = [&](const std::string& list) -> std::string {
      Json page = Call("GET", list + "?deelnemer=" + known_["$DEELNEMER"], Json(), 200);
      const Json& items = page["resultaten"];
      return items.empty() ? kUnknownId : items[0].value("id", kUnknownId);
    };
    known_["$SIGNAAL"] = first("/api/v1/signalen");
    known_["$TAAK"] = first("/api/v1/taken");
  }

  std::string dir_;
  FakeClock clock_;
  RandomIdGenerator ids_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<access::AuditLog> audit_;
  std::unique_ptr<service::RegisterService> reg_;
  std::unique_ptr<service::MatchService> match_;
  std::unique_ptr<service::RoundService> rounds_;
  std::unique_ptr<service::FollowService> follow_;
  std::unique_ptr<http::Server> server_;
  std::vector<http::ApiRoute> routes_;  // the table alone, for "@N"
  std::map<std::string, std::string> known_;
};

World* world = nullptr;

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  for (size_t at = s->find(from); at != std::string::npos; at = s->find(from, at + to.size())) {
    s->replace(at, from.size(), to);
  }
}

void Substitute(std::string* s) {
  if (s->find('$') == std::string::npos) return;
  for (const auto& [token, id] : world->known()) ReplaceAll(s, token, id);
}

// The known value for the {name} segment after `collection`.
std::string KnownFor(std::string_view collection, std::string_view name) {
  static const std::map<std::string_view, const char*> kById = {
      {"organisaties", "$ORG"},  {"deelnemers", "$DEELNEMER"},     {"plekken", "$PLEK"},
      {"taken", "$TAAK"},        {"signalen", "$SIGNAAL"},         {"overdrachten", "$OVERDRACHT"},
      {"matchrondes", "$RONDE"}, {"vaardigheden", "$VAARDIGHEID"}, {"beroepen", "$BEROEP"}};
  if (name == "code") return collection == "regios" ? "AM13" : "GM0344";
  if (name == "domein") return "wonen";
  auto it = kById.find(collection);
  return it == kById.end() ? kUnknownId : world->known().at(it->second);
}

// Fills the {name} segments of a target with known values.
std::string FillPattern(const std::string& target) {
  if (target.find('{') == std::string::npos) return target;
  std::string out;
  std::string_view previous;
  size_t start = 0;
  while (start <= target.size()) {
    size_t end = target.find('/', start);
    if (end == std::string::npos) end = target.size();
    std::string_view segment(target.data() + start, end - start);
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
      out += KnownFor(previous, segment.substr(1, segment.size() - 2));
    } else {
      out += segment;
    }
    if (end < target.size()) out += '/';
    previous = segment;
    start = end + 1;
  }
  return out;
}

void CheckJson(const httplib::Response& res, const std::string& what) {
  const std::string type = res.get_header_value("Content-Type");
  const std::string media = type.substr(0, type.find(';'));
  if (media == "application/problem+json") {
    Json body = Json::parse(res.body, nullptr, false);
    if (!body.is_object()) Die("a problem that is not a JSON object: " + what + "\n" + res.body);
    if (body.value("status", 0) != res.status) {
      Die("a problem whose status is not the answer's: " + what + "\n" + res.body);
    }
  } else if (media == "application/json" && !res.body.empty()) {
    if (!Json::accept(res.body)) Die("a JSON answer that is not JSON: " + what + "\n" + res.body);
  }
}

}  // namespace
}  // namespace overstap

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  using overstap::world;
  spdlog::set_level(spdlog::level::warn);
  world = new overstap::World();
  std::atexit([] {
    delete world;
    world = nullptr;
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace overstap;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto line = [&in]() {
    size_t end = in.find('\n');
    std::string_view l = in.substr(0, end);
    in.remove_prefix(end == std::string_view::npos ? in.size() : end + 1);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return std::string(l);
  };

  httplib::Request req;
  std::string first = line();
  size_t space = first.find(' ');
  req.method = first.substr(0, space);
  std::string target = space == std::string::npos ? "/" : first.substr(space + 1);
  if (!target.empty() && target[0] == '@') {
    const auto& routes = world->routes();
    size_t n = std::strtoul(target.c_str() + 1, nullptr, 10) % routes.size();
    target = routes[n].pattern;
    if (req.method == "*") req.method = routes[n].method;
  }
  target = FillPattern(target);
  Substitute(&target);
  for (std::string header = line(); !header.empty(); header = line()) {
    size_t colon = header.find(':');
    std::string name = header.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : header.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    Substitute(&value);
    req.headers.emplace(std::move(name), std::move(value));
  }
  req.body = std::string(in);
  Substitute(&req.body);
  if (!req.has_header("Host")) req.headers.emplace("Host", "127.0.0.1");
  if (!req.body.empty() && !req.has_header("Content-Type")) {
    req.headers.emplace("Content-Type", "application/json");
  }
  // What RequestReader::Take() makes of a target.
  req.version = "HTTP/1.1";
  req.target = target;
  size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (req.path.find('%') != std::string::npos) {
    req.path = httplib::detail::decode_url(req.path, false);
  }
  if (q != std::string::npos) httplib::detail::parse_query_text(target.substr(q + 1), req.params);

  httplib::Response res;
  world->server().HandleRequest(req, res);
  const std::string what = req.method + " " + req.target;
  if (res.status < 100 || res.status > 599) {
    Die("status " + std::to_string(res.status) + " for " + what);
  }
  if (res.status >= 500 && res.status != 501) {
    Die("status " + std::to_string(res.status) + " for " + what + "\n" + res.body);
  }
  CheckJson(res, what);
  static const bool verbose = std::getenv("API_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::fprintf(stderr, "%s -> %d\n", what.c_str(), res.status);
  return 0;
}
