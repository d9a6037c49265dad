// The malformed-request corpus (tests/data/malformed/requests.json) against a real server.
//
// One server on an ephemeral port over a fresh temporary database serves the whole binary. Before
// the corpus runs, one organisation, one person and one place are created through the API; their
// ids fill the placeholders {organisatie}, {deelnemer} and {plek} in paths and bodies.
//
// Every case is sent as raw bytes (no URL encoding by the client: paths in the corpus are already
// percent-encoded) and must come back as a 4xx problem+json with the expected status, the RFC 9457
// members, well-formed invalidParams (naming `expectField` when given), and must leave the stored
// data exactly as it was (the three records by body and ETag, the person's timeline, and the
// row counts).
//
// "expectField" names an invalidParams entry the reply must contain; "note" is for the reader only.
// Cases marked "knownBug" are skipped with the reason; set OVERSTAP_MALFORMED_KNOWN_BUGS=1 to run
// them anyway (they may change the stored data, so run them one at a time with --gtest_filter).
//
// Body kinds: "body" (a raw string), "bodyJson" (any JSON, sent as its dump), "bodyGenerator":
//   {"kind": "repeat", "prefix", "unit", "count", "suffix"}   prefix + unit * count + suffix
//   {"kind": "deepArray", "depth", "prefix", "suffix"}       [[[ ... ]]] nested `depth` deep
//   {"kind": "deepObject", "depth", "key", "prefix", "suffix"} {"key":{"key": ... {}}}
//   {"kind": "bytes", "text"}                                text with every \xHH made one byte
//
// "transport": "raw" sends the case over a plain socket with exactly the corpus headers (plus Host,
// Connection: close and, unless Transfer-Encoding is given, Content-Length): httplib::Client would
// add "Content-Type: text/plain" to a body without one and cannot send a hand-made chunked body.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Json = nlohmann::json;

const char* const kCorpusPath = OVERSTAP_SOURCE_DIR "/tests/data/malformed/requests.json";

// ---- the corpus ------------------------------------------------------------------------------

struct Case {
  std::string test_name;  // name sanitised to [A-Za-z0-9_]
  Json spec;
};

// gtest prints parameters of failing tests; keep it to the name (bodies can be 2 MiB).
void PrintTo(const Case& c, std::ostream* os) { *os << c.spec.value("name", c.test_name); }

std::string Sanitise(const std::string& name) {
  std::string out;
  for (char c : name) {
    bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    out.push_back(ok ? c : '_');
  }
  return out.empty() ? "_" : out;
}

// The corpus, or an empty list (MalformedCorpus.IsWellFormed then fails with the reason).
const Json& CorpusJson(std::string* error = nullptr) {
  static std::string load_error;
  static const Json corpus = [] {
    std::ifstream in(kCorpusPath, std::ios::binary);
    if (!in) {
      load_error = std::string("cannot open ") + kCorpusPath;
      return Json::array();
    }
    std::stringstream ss;
    ss << in.rdbuf();
    Json j = Json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_array()) {
      load_error = std::string(kCorpusPath) + " is not a JSON array";
      return Json::array();
    }
    return j;
  }();
  if (error) *error = load_error;
  return corpus;
}

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  for (const auto& spec : CorpusJson()) {
    if (!spec.is_object() || !spec.contains("name") || !spec["name"].is_string()) continue;
    cases.push_back({Sanitise(spec["name"].get<std::string>()), spec});
  }
  return cases;
}

bool IsKnownBug(const Json& spec) { return spec.contains("knownBug"); }

bool IsRaw(const Json& spec) { return spec.value("transport", "") == "raw"; }

bool RunKnownBugs() {
  const char* v = std::getenv("OVERSTAP_MALFORMED_KNOWN_BUGS");
  return v && *v && std::string(v) != "0";
}

// ---- the shared server and its three records ---------------------------------------------------

struct Records {
  std::string organisatie, deelnemer, plek;
};

class Harness {
 public:
  Harness() : server_(FreshDatabase()) {}

  TestServer& server() { return server_; }
  const Records& records() const { return records_; }

  // Creates the three records; returns "" or what went wrong.
  std::string CreateRecords() {
    auto org = Post(
        "/api/v1/organisaties",
        {{"naam", "Praktijkschool Test"}, {"soort", "praktijkonderwijs"}, {"gemeente", "GM0363"}});
    if (!org.is_object() || !org.contains("id"))
      return "creating the organisation failed: " + org.dump();
    records_.organisatie = org["id"];
    const std::string& o = records_.organisatie;
    auto person = Post("/api/v1/deelnemers",
                       {{"voornaam", "Sanne"},
                        {"achternaam", "de Vries"},
                        {"geboortedatum", "2008-03-14"},
                        {"postcode", "1011 AB"},
                        {"situatie", "school"},
                        {"niveau", "pro"},
                        {"instelling", o},
                        {"externeIds", {{{"organisatie", o}, {"id", "LLN-1"}}}},
                        {"vaardigheden", {{{"vaardigheid", Known::kSkill}, {"niveau", 2}}}},
                        {"sectoren", {"I", "G"}},
                        {"ondersteuningNodig", {"jobcoach", "structuur"}},
                        {"maxReisafstandKm", 15},
                        {"urenPerWeek", 24},
                        {"beschikbaarVanaf", "2027-08-01"}});
    if (!person.is_object() || !person.contains("id"))
      return "creating the person failed: " + person.dump();
    records_.deelnemer = person["id"];
    auto place = Post("/api/v1/plekken",
                      {{"soort", "stage"},
                       {"organisatie", o},
                       {"titel", "Stage bakkerij"},
                       {"postcode", "1011"},
                       {"sector", "I"},
                       {"beroep", Known::kOccupation},
                       {"vereisteVaardigheden", {{{"vaardigheid", Known::kSkill}, {"niveau", 2}}}},
                       {"gewensteVaardigheden", {{{"vaardigheid", Known::kSkill2}, {"niveau", 1}}}},
                       {"minimaalNiveau", "pro"},
                       {"ondersteuningAanwezig", {"jobcoach"}},
                       {"urenPerWeek", 24},
                       {"capaciteit", 2},
                       {"periode", {{"van", "2027-09-01"}, {"tot", "2028-06-30"}}},
                       {"erkendLeerbedrijf", true}});
    if (!place.is_object() || !place.contains("id"))
      return "creating the place failed: " + place.dump();
    records_.plek = place["id"];
    return "";
  }

 private:
  Json Post(const std::string& path, const Json& body) {
    auto c = server_.Client();
    auto r = c.Post(path.c_str(), body.dump(), "application/json");
    if (!r) return Json("no response: " + httplib::to_string(r.error()));
    if (r->status != 201) return Json(std::to_string(r->status) + " " + r->body);
    return Json::parse(r->body, nullptr, false);
  }

  TestServer server_;
  Records records_;
};

std::unique_ptr<Harness>& SharedHarness() {
  static std::unique_ptr<Harness> harness;
  return harness;
}
std::string& HarnessError() {
  static std::string error;
  return error;
}

// Starts the one server on first use; the environment below stops it after all tests.
Harness* AcquireHarness() {
  auto& h = SharedHarness();
  if (!h && HarnessError().empty()) {
    h = std::make_unique<Harness>();
    HarnessError() = h->CreateRecords();
    if (!HarnessError().empty()) h.reset();
  }
  return h.get();
}

class HarnessEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { SharedHarness().reset(); }
};
[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new HarnessEnvironment);

// ---- building and sending one request ----------------------------------------------------------

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

std::string Fill(std::string s, const Records& r) {
  s = ReplaceAll(std::move(s), "{organisatie}", r.organisatie);
  s = ReplaceAll(std::move(s), "{deelnemer}", r.deelnemer);
  s = ReplaceAll(std::move(s), "{plek}", r.plek);
  return s;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Turns every \xHH in `text` into the byte 0xHH.
std::string Bytes(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x' &&
        HexDigit(text[i + 2]) >= 0 && HexDigit(text[i + 3]) >= 0) {
      out.push_back(static_cast<char>(HexDigit(text[i + 2]) * 16 + HexDigit(text[i + 3])));
      i += 3;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string Generate(const Json& g) {
  const std::string kind = g.value("kind", "");
  const std::string prefix = g.value("prefix", "");
  const std::string suffix = g.value("suffix", "");
  std::string out = prefix;
  if (kind == "repeat") {
    const std::string unit = g.value("unit", "a");
    const size_t count = g.value("count", size_t{0});
    out.reserve(prefix.size() + unit.size() * count + suffix.size());
    for (size_t i = 0; i < count; ++i) out += unit;
  } else if (kind == "deepArray") {
    const size_t depth = g.value("depth", size_t{0});
    out += std::string(depth, '[') + std::string(depth, ']');
  } else if (kind == "deepObject") {
    const size_t depth = g.value("depth", size_t{0});
    const std::string open = "{\"" + g.value("key", std::string("a")) + "\":";
    for (size_t i = 0; i + 1 < depth; ++i) out += open;
    out += "{}";
    out += std::string(depth ? depth - 1 : 0, '}');
  } else if (kind == "bytes") {
    out += Bytes(g.value("text", ""));
  } else {
    ADD_FAILURE() << "unknown bodyGenerator kind '" << kind << "'";
  }
  return out + suffix;
}

httplib::Request BuildRequest(const Json& spec, const Records& records) {
  httplib::Request req;
  req.method = spec.value("method", "GET");
  req.path = Fill(spec.value("path", "/"), records);
  if (spec.contains("headers")) {
    for (const auto& [k, v] : spec["headers"].items()) req.headers.emplace(k, v.get<std::string>());
  }
  if (spec.contains("body")) {
    req.body = Fill(spec["body"].get<std::string>(), records);
  } else if (spec.contains("bodyJson")) {
    req.body = Fill(spec["bodyJson"].dump(), records);
  } else if (spec.contains("bodyGenerator")) {
    req.body = Generate(spec["bodyGenerator"]);
  }
  return req;
}

struct Reply {
  std::string transport_error;  // non-empty when no response came back
  int status = 0;
  std::string body;
  httplib::Headers headers;
  std::string Header(const char* name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

bool HasHeader(const httplib::Headers& headers, const std::string& name) {
  for (const auto& [k, v] : headers) {
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return true;
  }
  return false;
}

// Writes `req` byte for byte to a fresh connection and reads the response until the server closes.
Reply SendRaw(int port, const httplib::Request& req) {
  Reply r;
  std::string wire =
      req.method + " " + req.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [k, v] : req.headers) wire += k + ": " + v + "\r\n";
  if (!HasHeader(req.headers, "Transfer-Encoding") && !HasHeader(req.headers, "Content-Length") &&
      (!req.body.empty() || req.method == "POST" || req.method == "PUT" || req.method == "PATCH")) {
    wire += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
  }
  wire += "\r\n" + req.body;

  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return r.transport_error = "socket failed", r;
  timeval tv{30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return r.transport_error = "connect failed", r;
  }
  for (size_t off = 0; off < wire.size();) {
    ssize_t n = send(fd, wire.data() + off, wire.size() - off, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading everything
    off += static_cast<size_t>(n);
  }
  std::string in;
  char buf[65536];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) in.append(buf, static_cast<size_t>(n));
  close(fd);

  size_t head_end = in.find("\r\n\r\n");
  if (in.compare(0, 9, "HTTP/1.1 ") != 0 || head_end == std::string::npos || in.size() < 12) {
    return r.transport_error = "no HTTP response: " + in.substr(0, 200), r;
  }
  r.status = std::atoi(in.substr(9, 3).c_str());
  size_t line = in.find("\r\n") + 2;
  while (line < head_end) {
    size_t eol = in.find("\r\n", line);
    std::string h = in.substr(line, eol - line);
    size_t colon = h.find(':');
    if (colon != std::string::npos) {
      size_t v = h.find_first_not_of(' ', colon + 1);
      r.headers.emplace(h.substr(0, colon), v == std::string::npos ? "" : h.substr(v));
    }
    line = eol + 2;
  }
  r.body = in.substr(head_end + 4);
  auto length = r.headers.find("Content-Length");
  if (length != r.headers.end()) r.body = r.body.substr(0, std::stoul(length->second));
  return r;
}

Reply Send(TestServer& server, const httplib::Request& req, bool raw = false) {
  if (raw) return SendRaw(server.port(), req);
  auto client = server.Client();
  client.set_url_encode(false);  // the corpus holds paths exactly as they go on the wire
  client.set_write_timeout(30, 0);
  auto res = client.send(req);
  Reply r;
  if (!res) {
    r.transport_error = httplib::to_string(res.error());
    return r;
  }
  r.status = res->status;
  r.body = res->body;
  r.headers = res->headers;
  return r;
}

// ---- the stored data, before and after --------------------------------------------------------

struct Fingerprint {
  std::vector<std::string> views;  // "status etag body" of each record
  int64_t organisations = -1, people = -1, places = -1;
  bool operator==(const Fingerprint&) const = default;
};

Fingerprint Take(Harness& h) {
  Fingerprint f;
  const Records& r = h.records();
  const std::vector<std::string> paths = {
      "/api/v1/organisaties/" + r.organisatie, "/api/v1/deelnemers/" + r.deelnemer,
      "/api/v1/plekken/" + r.plek, "/api/v1/deelnemers/" + r.deelnemer + "/tijdlijn"};
  for (const std::string& path : paths) {
    auto c = h.server().Client();
    auto res = c.Get(path.c_str());
    f.views.push_back(res ? std::to_string(res->status) + " " + res->get_header_value("ETag") +
                                " " + res->body
                          : "no response");
  }
  auto counts = h.server().store()->Count();
  if (counts.ok()) {
    f.organisations = counts->organisations;
    f.people = counts->people;
    f.places = counts->places;
  }
  return f;
}

std::ostream& operator<<(std::ostream& os, const Fingerprint& f) {
  os << "counts " << f.organisations << "/" << f.people << "/" << f.places;
  for (const auto& v : f.views) os << "\n  " << v;
  return os;
}

// ---- the checks every error reply must pass
// ------------------------------------------------------

// Checks the reply to `spec`: status, media type, problem members, invalidParams, expectField.
void CheckProblem(const Json& spec, const Reply& r) {
  ASSERT_TRUE(r.transport_error.empty()) << "no response: " << r.transport_error;
  const int want = spec["expectStatus"].get<int>();
  EXPECT_EQ(r.status, want) << r.body.substr(0, 2000);
  EXPECT_GE(r.status, 400) << r.body.substr(0, 2000);
  EXPECT_LT(r.status, 500) << "a malformed request must never cause a server error: "
                           << r.body.substr(0, 2000);

  const std::string type = r.Header("Content-Type");
  EXPECT_EQ(type.substr(0, type.find(';')), "application/problem+json");
  if (r.status == 405) {
    EXPECT_FALSE(r.Header("Allow").empty()) << "a 405 must say what is allowed";
  }

  Json body = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(body.is_discarded()) << "not JSON: " << r.body.substr(0, 2000);
  ASSERT_TRUE(body.is_object()) << r.body.substr(0, 2000);
  ASSERT_TRUE(body.contains("status") && body["status"].is_number_integer()) << body.dump();
  EXPECT_EQ(body["status"].get<int>(), r.status);
  for (const char* member : {"type", "title", "detail", "instance"}) {
    EXPECT_TRUE(body.contains(member) && body[member].is_string())
        << "'" << member << "' missing or not a string: " << body.dump();
  }
  if (body.contains("title") && body["title"].is_string()) {
    EXPECT_FALSE(body["title"].get<std::string>().empty());
  }
  if (body.contains("detail") && body["detail"].is_string()) {
    EXPECT_FALSE(body["detail"].get<std::string>().empty());
  }

  std::set<std::string> names;
  if (body.contains("invalidParams")) {
    const Json& params = body["invalidParams"];
    ASSERT_TRUE(params.is_array()) << body.dump();
    EXPECT_FALSE(params.empty()) << body.dump();
    for (const auto& p : params) {
      ASSERT_TRUE(p.is_object()) << p.dump();
      for (const char* member : {"name", "code", "reason"}) {
        EXPECT_TRUE(p.contains(member) && p[member].is_string())
            << "invalidParams entry without string '" << member << "': " << p.dump();
      }
      if (p.contains("name") && p["name"].is_string()) names.insert(p["name"].get<std::string>());
    }
  }
  if (spec.contains("expectField")) {
    const std::string field = spec["expectField"].get<std::string>();
    EXPECT_TRUE(names.count(field))
        << "expected '" << field << "' among invalidParams: " << body.dump();
  }
}

// ---- the tests ---------------------------------------------------------------------------------

// Tests that talk to the one shared server.
class HarnessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { AcquireHarness(); }

  void SetUp() override {
    harness_ = AcquireHarness();
    ASSERT_NE(harness_, nullptr) << "test server setup failed: " << HarnessError();
  }

  Harness* harness_ = nullptr;
};

class MalformedRequest : public HarnessTest, public ::testing::WithParamInterface<Case> {};

TEST_P(MalformedRequest, IsRefusedWithAProblemAndChangesNothing) {
  const Json& spec = GetParam().spec;
  if (IsKnownBug(spec) && !RunKnownBugs()) {
    GTEST_SKIP() << "known bug: " << spec["knownBug"].get<std::string>();
  }
  httplib::Request req = BuildRequest(spec, harness_->records());
  Fingerprint before = Take(*harness_);
  Reply reply = Send(harness_->server(), req, IsRaw(spec));
  CheckProblem(spec, reply);
  Fingerprint after = Take(*harness_);
  EXPECT_EQ(before, after) << "the stored data changed\nbefore: " << before << "\nafter: " << after;
}

INSTANTIATE_TEST_SUITE_P(Corpus, MalformedRequest, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.test_name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MalformedRequest);

class MalformedShape : public HarnessTest {};

TEST(MalformedCorpus, IsWellFormed) {
  std::string error;
  const Json& corpus = CorpusJson(&error);
  ASSERT_TRUE(error.empty()) << error;
  EXPECT_GE(corpus.size(), 60u);
  const std::set<int> statuses = {400, 404, 405, 409, 412, 413, 414, 415, 422, 428};
  const std::set<std::string> methods = {"GET",    "POST",    "PUT",  "PATCH",
                                         "DELETE", "OPTIONS", "TRACE"};
  const std::set<std::string> generators = {"repeat", "deepArray", "deepObject", "bytes"};
  std::set<std::string> names;
  for (const auto& c : corpus) {
    ASSERT_TRUE(c.is_object()) << c.dump();
    ASSERT_TRUE(c.contains("name") && c["name"].is_string()) << c.dump().substr(0, 300);
    const std::string name = c["name"];
    EXPECT_TRUE(names.insert(Sanitise(name)).second) << "duplicate test name " << Sanitise(name);
    EXPECT_TRUE(c.contains("method") && c["method"].is_string() &&
                methods.count(c["method"].get<std::string>()))
        << name;
    EXPECT_TRUE(c.contains("path") && c["path"].is_string() &&
                c["path"].get<std::string>().rfind("/", 0) == 0)
        << name;
    EXPECT_TRUE(c.contains("expectStatus") && c["expectStatus"].is_number_integer() &&
                statuses.count(c["expectStatus"].get<int>()))
        << name;
    int bodies = c.contains("body") + c.contains("bodyJson") + c.contains("bodyGenerator");
    EXPECT_LE(bodies, 1) << name;
    if (c.contains("body")) {
      EXPECT_TRUE(c["body"].is_string()) << name;
    }
    if (c.contains("bodyGenerator")) {
      EXPECT_TRUE(c["bodyGenerator"].is_object() &&
                  generators.count(c["bodyGenerator"].value("kind", "")))
          << name;
    }
    if (c.contains("headers")) {
      ASSERT_TRUE(c["headers"].is_object()) << name;
      for (const auto& [k, v] : c["headers"].items()) {
        EXPECT_TRUE(v.is_string()) << name << " header " << k;
      }
    }
    if (c.contains("transport")) {
      EXPECT_TRUE(c["transport"] == "raw" || c["transport"] == "httplib") << name;
    }
    if (c.contains("expectField")) {
      EXPECT_TRUE(c["expectField"].is_string()) << name;
    }
    if (c.contains("knownBug")) {
      EXPECT_TRUE(c["knownBug"].is_string() && !c["knownBug"].get<std::string>().empty()) << name;
    }
  }
}

// datasette's test_error_shape: every error, whoever raised it, has the same members.
TEST_F(MalformedShape, ErrorShapeIsTheSameEverywhere) {
  const std::set<std::string> allowed = {"type",         "title",    "status", "detail",
                                         "detailEngels", "instance", "code",   "invalidParams"};
  const std::set<std::string> required = {"type", "title", "status", "detail", "instance"};
  std::set<std::string> statuses_seen;
  int checked = 0;
  for (const Case& c : LoadCases()) {
    if (IsKnownBug(c.spec) && !RunKnownBugs()) continue;
    SCOPED_TRACE(c.test_name);
    Reply r = Send(harness_->server(), BuildRequest(c.spec, harness_->records()), IsRaw(c.spec));
    ASSERT_TRUE(r.transport_error.empty()) << r.transport_error;
    if (r.status < 400) continue;  // reported by the corpus test
    Json body = Json::parse(r.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << r.body.substr(0, 500);
    std::set<std::string> keys;
    for (const auto& [k, v] : body.items()) keys.insert(k);
    for (const auto& k : keys) {
      EXPECT_TRUE(allowed.count(k)) << "unexpected member '" << k << "': " << body.dump();
    }
    for (const auto& k : required) {
      EXPECT_TRUE(keys.count(k)) << "member '" << k << "' missing: " << body.dump();
    }
    statuses_seen.insert(std::to_string(r.status));
    ++checked;
  }
  EXPECT_GE(checked, 60);
  // The corpus must reach every kind of error the API produces for bad input.
  for (const char* s : {"400", "404", "405", "409", "412", "413", "415", "422", "428"}) {
    EXPECT_TRUE(statuses_seen.count(s)) << "no case produced " << s;
  }
}

// Keep in view: malformed requests to the timeline, big-5, signal, task and handover routes are
// refused with a problem naming the field, and leave the person's timeline as it was.
TEST_F(MalformedShape, KeepInViewRequestsAreRefusedAndChangeNothing) {
  const std::string unknown = "00000000-0000-4000-8000-000000000000";
  const Json cases = Json::parse(R"json([
    {"name": "event not JSON", "method": "POST",
     "path": "/api/v1/deelnemers/{deelnemer}/gebeurtenissen", "body": "{soort: contact",
     "expectStatus": 400},
    {"name": "event impossible date", "method": "POST",
     "path": "/api/v1/deelnemers/{deelnemer}/gebeurtenissen",
     "body": "{\"soort\":\"contact\",\"tijdstip\":\"2026-13-01\"}", "expectStatus": 400,
     "expectField": "tijdstip"},
    {"name": "event offset without colon", "method": "POST",
     "path": "/api/v1/deelnemers/{deelnemer}/gebeurtenissen",
     "body": "{\"soort\":\"contact\",\"tijdstip\":\"2026-01-01T10:00:00+0100\"}",
     "expectStatus": 400, "expectField": "tijdstip"},
    {"name": "event time as number", "method": "POST",
     "path": "/api/v1/deelnemers/{deelnemer}/gebeurtenissen",
     "body": "{\"soort\":\"contact\",\"tijdstip\":20260101}", "expectStatus": 400,
     "expectField": "tijdstip"},
    {"name": "event system kind", "method": "POST",
     "path": "/api/v1/deelnemers/{deelnemer}/gebeurtenissen",
     "body": "{\"soort\":\"taakAfgerond\",\"tijdstip\":\"2020-01-01\"}", "expectStatus": 400,
     "expectField": "soort"},
    {"name": "event in the future", "method": "POST",
     "path": "/api/v1/deelnemers/{deelnemer}/gebeurtenissen",
     "body": "{\"soort\":\"contact\",\"tijdstip\":\"2999-01-01\"}", "expectStatus": 422,
     "expectField": "tijdstip"},
    {"name": "event organisation is a place", "method": "POST",
     "path": "/api/v1/deelnemers/{deelnemer}/gebeurtenissen",
     "body": "{\"soort\":\"contact\",\"tijdstip\":\"2020-01-01\",\"organisatie\":\"{plek}\"}",
     "expectStatus": 422, "expectField": "organisatie"},
    {"name": "event field of another kind", "method": "POST",
     "path": "/api/v1/deelnemers/{deelnemer}/gebeurtenissen",
     "body": "{\"soort\":\"contact\",\"tijdstip\":\"2020-01-01\",\"reden\":\"voortijdig\"}",
     "expectStatus": 400, "expectField": "reden"},
    {"name": "event for an unknown person", "method": "POST",
     "path": "/api/v1/deelnemers/UNKNOWN/gebeurtenissen",
     "body": "{\"soort\":\"contact\",\"tijdstip\":\"2020-01-01\"}", "expectStatus": 404},
    {"name": "event as text", "method": "POST",
     "path": "/api/v1/deelnemers/{deelnemer}/gebeurtenissen",
     "headers": {"Content-Type": "text/plain"}, "body": "contact", "expectStatus": 415},
    {"name": "timeline bad cursor", "method": "GET",
     "path": "/api/v1/deelnemers/{deelnemer}/tijdlijn?cursor=%2A", "expectStatus": 400,
     "expectField": "cursor"},
    {"name": "timeline deleted", "method": "DELETE",
     "path": "/api/v1/deelnemers/{deelnemer}/tijdlijn", "expectStatus": 405},
    {"name": "big5 status as number", "method": "PUT",
     "path": "/api/v1/deelnemers/{deelnemer}/big5/wonen", "body": "{\"status\":1}",
     "expectStatus": 400, "expectField": "status"},
    {"name": "big5 unknown domain", "method": "PUT",
     "path": "/api/v1/deelnemers/{deelnemer}/big5/geld", "body": "{\"status\":\"zorg\"}",
     "expectStatus": 404, "expectField": "domein"},
    {"name": "big5 owner is a place", "method": "PUT",
     "path": "/api/v1/deelnemers/{deelnemer}/big5/wonen",
     "body": "{\"status\":\"zorg\",\"eigenaar\":\"{plek}\"}", "expectStatus": 422,
     "expectField": "eigenaar"},
    {"name": "handover to itself", "method": "POST", "path": "/api/v1/overdrachten",
     "body": "{\"deelnemer\":\"{deelnemer}\",\"van\":\"{organisatie}\",\"naar\":\"{organisatie}\"}",
     "expectStatus": 422, "expectField": "naar"},
    {"name": "handover to a place", "method": "POST", "path": "/api/v1/overdrachten",
     "body": "{\"deelnemer\":\"{deelnemer}\",\"van\":\"{organisatie}\",\"naar\":\"{plek}\"}",
     "expectStatus": 422, "expectField": "naar"},
    {"name": "handover unknown field", "method": "POST", "path": "/api/v1/overdrachten",
     "body": "{\"deelnemer\":\"{deelnemer}\",\"naar\":\"{organisatie}\",\"spoed\":true}",
     "expectStatus": 400, "expectField": "spoed"},
    {"name": "handover accepted twice unknown", "method": "POST",
     "path": "/api/v1/overdrachten/UNKNOWN/accepteren", "body": "{}", "expectStatus": 404},
    {"name": "task completed with a list", "method": "POST",
     "path": "/api/v1/taken/UNKNOWN/afronden", "body": "[]", "expectStatus": 400,
     "expectField": "(body)"},
    {"name": "task assigned to nobody", "method": "POST", "path": "/api/v1/taken/UNKNOWN/toewijzen",
     "body": "{\"medewerker\":null}", "expectStatus": 400, "expectField": "medewerker"},
    {"name": "signals repeated parameter", "method": "GET",
     "path": "/api/v1/signalen?status=open&status=opgelost", "expectStatus": 400,
     "expectField": "status"},
    {"name": "signals bad page size", "method": "GET", "path": "/api/v1/signalen?aantal=abc",
     "expectStatus": 400, "expectField": "aantal"},
    {"name": "tasks unknown parameter", "method": "GET", "path": "/api/v1/taken?eigenaar=x",
     "expectStatus": 400, "expectField": "eigenaar"},
    {"name": "handovers bad person", "method": "GET",
     "path": "/api/v1/overdrachten?deelnemer=%27%20OR%201%3D1", "expectStatus": 400,
     "expectField": "deelnemer"},
    {"name": "signal posted", "method": "POST", "path": "/api/v1/signalen", "body": "{}",
     "expectStatus": 405}
  ])json");
  const Records& r = harness_->records();
  auto follow_view = [&] {
    auto c = harness_->server().Client();
    std::string view;
    for (const std::string& path : {"/api/v1/deelnemers/" + r.deelnemer + "/tijdlijn?aantal=100",
                                    "/api/v1/deelnemers/" + r.deelnemer + "/volgstand",
                                    std::string("/api/v1/overdrachten?aantal=100")}) {
      auto res = c.Get(path.c_str());
      view += res ? std::to_string(res->status) + " " + res->body + "\n" : "no response\n";
    }
    return view;
  };
  for (Json spec : cases) {
    SCOPED_TRACE(spec["name"].get<std::string>());
    spec["path"] = ReplaceAll(spec["path"].get<std::string>(), "UNKNOWN", unknown);
    if (!spec.contains("headers")) spec["headers"] = {{"Content-Type", "application/json"}};
    if (spec["method"] == "GET" || spec["method"] == "DELETE") spec.erase("headers");
    Fingerprint before = Take(*harness_);
    std::string follow_before = follow_view();
    CheckProblem(spec, Send(harness_->server(), BuildRequest(spec, r)));
    EXPECT_EQ(before, Take(*harness_));
    EXPECT_EQ(follow_before, follow_view());
  }
}

TEST_F(MalformedShape, MethodNotAllowedCarriesAllow) {
  auto allow_of = [&](const char* method, const std::string& path) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    if (std::string(method) != "DELETE") {
      req.headers.emplace("Content-Type", "application/json");
      req.body = "{}";
    }
    Reply r = Send(harness_->server(), req);
    EXPECT_EQ(r.status, 405) << method << " " << path << ": " << r.body;
    return r.Header("Allow");
  };
  EXPECT_EQ(allow_of("DELETE", "/api/v1/regios"), "GET");
  std::string people = allow_of("PUT", "/api/v1/deelnemers");
  EXPECT_NE(people.find("GET"), std::string::npos) << people;
  EXPECT_NE(people.find("POST"), std::string::npos) << people;
  EXPECT_EQ(people.find("PUT"), std::string::npos) << people;
  std::string item = allow_of("POST", "/api/v1/deelnemers/" + harness_->records().deelnemer);
  for (const char* m : {"GET", "PUT", "PATCH", "DELETE"}) {
    EXPECT_NE(item.find(m), std::string::npos) << item;
  }
  EXPECT_EQ(item.find("POST"), std::string::npos) << item;
}

}  // namespace
}  // namespace overstap::testing
