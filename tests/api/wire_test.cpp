// The wire corpus (tests/data/wire/cases.json): raw request bytes over a real TCP socket against
// the real server, and what must come back — the exact sequence of statuses, whether the server
// closed the connection, and nothing beyond those answers (issue 20, point 5a).
//
// One server on an ephemeral loopback port over a fresh temporary database serves the corpus
// (on a fake clock, so that keep-in-view raises the tasks the Origin cases need); cases with
// "server": "shortTimeouts" go to a second one with a 1 s head deadline, a 2 s request deadline
// and a 1.5 s idle timeout (on the system clock: the deadlines are real time). Before the corpus
// runs, records are created through the API; their ids fill the placeholders:
//   {host}         127.0.0.1:PORT of the case's server     {port}   its port
//   {organisatie}  a school ("Praktijkschool Wire")         {deelnemer}  a person at that school
//   {organisatie2} .. {organisatie4}  employers "Wire Doel 2" .. "Wire Doel 4", with their ETags
//                  {etag2} .. {etag4} (targets of refused PUT, PATCH and DELETE requests)
//   {taak} .. {taak4}  open tasks (plaatsingGestopt) of four people
//
// A case:
//   "name", "class" (the kind of input, for counting), "note" (one line for the reader),
//   "send": pieces sent one after another; a piece is a string, or
//       {"repeat": UNIT, "count": N}      UNIT N times
//       {"hex": "c3a9"}                   raw bytes (e.g. above 0x7F)
//       {"trickle": TEXT, "pauseMs": P}   TEXT one byte at a time, P ms apart
//       {"pauseMs": P}                    a pause before the next piece
//   "pauseMs" (a pause between all pieces), "server", "halfClose" (shutdown(SHUT_WR) after the
//   last piece; otherwise the writing side stays open, so "closed" means the server closed),
//   "timeoutMs" (how long to read after the last piece; default 3000),
//   "expect": {
//     "statuses": [400] — the answers in order, interim 100 included; an element may be a list
//                 of acceptable statuses ([[400, 413]]) where RFC 9112 allows either,
//     "statusesOneOf": [[200], [200, 408]] — instead of "statuses": any of these sequences,
//     "closed": the server closed the connection (EOF or reset) within the timeout,
//     "lastConnectionClose": the last answer says `Connection: close` (default: = closed),
//     "bodiless": indexes of answers to HEAD (no body follows their head),
//     "firstAnswerMs": {"min", "max"} — when the first answer byte arrived, from the connect },
//   "after": {"path", "status", "field", "equals"} — a GET afterwards (over a normal client)
//       that proves the refused request changed nothing.
//
// Every answer must parse as HTTP/1.1 (body by Content-Length); every answer >= 400 is
// problem+json with a matching "status"; every final answer carries the security headers; and
// after every case the server still answers GET /api/v1/regios (the process never dies).

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/date.h"
#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

const char* const kCorpusPath = OVERSTAP_SOURCE_DIR "/tests/data/wire/cases.json";

// 2026-10-01T12:00:00Z: "now" for the main server (the events below are before it).
const int64_t kNow =
    (static_cast<int64_t>(DaysFromCivil(2026, 10, 1)) * 86400 + 12 * 3600) * 1000000;

constexpr int kDefaultTimeoutMs = 3000;
// A case expecting the connection to stay open waits this long after its last expected answer
// for anything more (an extra answer or a close).
constexpr int kSettleMs = 500;

// ---- the corpus --------------------------------------------------------------------------------

struct Case {
  std::string test_name;  // name sanitised to [A-Za-z0-9_]
  Json spec;
};

// gtest prints parameters of failing tests; keep it to the name (pieces can be 1 MiB).
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

// The corpus, or an empty list (WireCorpus.IsWellFormed then fails with the reason).
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

// Bytes as a C-like string literal, for failure messages (at most `max` bytes shown).
std::string Escape(const std::string& bytes, size_t max = 1500) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (bytes.size() > max) out += "... (" + std::to_string(bytes.size()) + " bytes)";
  return out;
}

// ---- the servers and their records -------------------------------------------------------------

struct Records {
  std::map<std::string, std::string> ids;  // placeholder name ("taak") -> id
};

class Harness {
 public:
  Harness() : main_(FreshDatabase(), http::ServerOptions{}, kNow) {}

  // Creates the records the placeholders name; returns "" or what went wrong.
  std::string CreateRecords() {
    std::string error, etag;
    auto organisation = [&](const std::string& name, const std::string& kind) {
      return Create("/api/v1/organisaties",
                    {{"naam", name}, {"soort", kind}, {"gemeente", "GM0363"}}, &error, &etag);
    };
    const std::string school = organisation("Praktijkschool Wire", "praktijkonderwijs");
    organisation("Gemeente Wire", "gemeente");
    const std::string employer = organisation("Bakkerij Wire", "werkgever");
    if (!error.empty()) return error;
    records_.ids["organisatie"] = school;
    // Organisations the refused PUT, PATCH and DELETE cases aim at, with their ETags (the right
    // If-Match: had the refusal not happened, the change would have been made).
    for (const char* n : {"2", "3", "4"}) {
      records_.ids[std::string("organisatie") + n] =
          organisation(std::string("Wire Doel ") + n, "werkgever");
      records_.ids[std::string("etag") + n] = etag;
    }
    if (!error.empty()) return error;
    // Four people whose placement stopped early: each stop raises a signal with a task.
    for (const char* task : {"taak", "taak2", "taak3", "taak4"}) {
      const std::string person = Create("/api/v1/deelnemers",
                                        {{"voornaam", "Noor"},
                                         {"achternaam", "Bakker"},
                                         {"geboortedatum", "2005-05-20"},
                                         {"postcode", "1011 AB"},
                                         {"situatie", "geen"},
                                         {"niveau", "pro"}},
                                        &error, &etag);
      if (!error.empty()) return error;
      if (!records_.ids.count("deelnemer")) records_.ids["deelnemer"] = person;
      const std::string events = "/api/v1/deelnemers/" + person + "/gebeurtenissen";
      for (const Json& event : {Json{{"soort", "inschrijvingGestart"},
                                     {"tijdstip", "2025-08-25"},
                                     {"organisatie", school}},
                                Json{{"soort", "inschrijvingBeeindigd"},
                                     {"tijdstip", "2026-07-10"},
                                     {"organisatie", school},
                                     {"reden", "zonderDiploma"}},
                                Json{{"soort", "plaatsingGestart"},
                                     {"tijdstip", "2026-08-01T08:00:00Z"},
                                     {"organisatie", employer},
                                     {"tot", "2027-07-31"}},
                                Json{{"soort", "plaatsingBeeindigd"},
                                     {"tijdstip", "2026-09-20"},
                                     {"organisatie", employer},
                                     {"reden", "voortijdig"}}}) {
        Create(events, event, &error, &etag);
        if (!error.empty()) return error;
      }
      auto c = main_.Client();
      const std::string list =
          "/api/v1/signalen?deelnemer=" + person + "&soort=plaatsingGestopt&aantal=10";
      auto r = c.Get(list.c_str());
      if (!r || r->status != 200) return "listing the signals failed";
      Json body = Json::parse(r->body, nullptr, false);
      if (!body.is_object() || !body.contains("resultaten") || body["resultaten"].size() != 1 ||
          !body["resultaten"][0].contains("taak") || !body["resultaten"][0]["taak"].is_string()) {
        return "no task raised for a stopped placement: " + r->body;
      }
      records_.ids[task] = body["resultaten"][0]["taak"].get<std::string>();
    }
    return "";
  }

  TestServer& main() { return main_; }
  const Records& records() const { return records_; }

  // The server a case names, started on first use; null for an unknown name.
  TestServer* Server(const std::string& name) {
    if (name.empty() || name == "main") return &main_;
    if (name != "shortTimeouts") return nullptr;
    if (!short_timeouts_) {
      http::ServerOptions options;
      options.head_timeout_ms = 1000;
      options.request_timeout_ms = 2000;
      options.idle_timeout_ms = 1500;
      short_timeouts_ = std::make_unique<TestServer>(FreshDatabase(), options);
    }
    return short_timeouts_.get();
  }

  // The servers started so far.
  std::vector<TestServer*> Started() {
    std::vector<TestServer*> all = {&main_};
    if (short_timeouts_) all.push_back(short_timeouts_.get());
    return all;
  }

 private:
  // POSTs `body`; returns the new id and sets *etag, or returns "" with *error set (the first
  // error is kept).
  std::string Create(const std::string& path, const Json& body, std::string* error,
                     std::string* etag) {
    if (!error->empty()) return "";
    auto c = main_.Client();
    auto r = c.Post(path.c_str(), body.dump(), "application/json");
    if (!r) {
      *error = "POST " + path + ": no response: " + httplib::to_string(r.error());
      return "";
    }
    Json j = Json::parse(r->body, nullptr, false);
    if (r->status != 201 || !j.is_object()) {
      *error = "POST " + path + ": " + std::to_string(r->status) + " " + r->body;
      return "";
    }
    *etag = r->get_header_value("ETag");
    return j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : "-";
  }

  TestServer main_;
  std::unique_ptr<TestServer> short_timeouts_;
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

// Starts the main server on first use; the environment below checks and stops it at the end.
Harness* AcquireHarness() {
  auto& h = SharedHarness();
  if (!h && HarnessError().empty()) {
    h = std::make_unique<Harness>();
    HarnessError() = h->CreateRecords();
    if (!HarnessError().empty()) h.reset();
  }
  return h.get();
}

// GET /api/v1/regios over a normal client: "" when 200, otherwise what came back.
std::string Alive(TestServer& server) {
  auto c = server.Client();
  c.set_read_timeout(10, 0);
  auto r = c.Get("/api/v1/regios");
  if (!r) return "no response: " + httplib::to_string(r.error());
  if (r->status != 200) return std::to_string(r->status) + " " + r->body.substr(0, 300);
  return "";
}

// After the whole corpus every server still answers a plain GET (the process never died).
class HarnessEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    if (auto& h = SharedHarness()) {
      for (TestServer* s : h->Started()) {
        const std::string alive = Alive(*s);
        EXPECT_TRUE(alive.empty()) << "after the corpus, GET /api/v1/regios: " << alive;
      }
    }
    SharedHarness().reset();
  }
};
[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new HarnessEnvironment);

// ---- building the bytes ------------------------------------------------------------------------

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

std::string Fill(std::string s, int port, const Records& r) {
  s = ReplaceAll(std::move(s), "{host}", "127.0.0.1:" + std::to_string(port));
  s = ReplaceAll(std::move(s), "{port}", std::to_string(port));
  for (const auto& [name, id] : r.ids) s = ReplaceAll(std::move(s), "{" + name + "}", id);
  return s;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// What to send: bytes after a pause.
struct Step {
  int pause_ms = 0;
  std::string bytes;
};

// The case's pieces as steps; "" or what is wrong with a piece.
std::string BuildSteps(const Json& spec, int port, const Records& records,
                       std::vector<Step>* steps) {
  const int between = spec.value("pauseMs", 0);
  int pending_pause = 0;  // from a {"pauseMs"} piece, added before the next bytes
  bool first = true;
  auto add = [&](std::string bytes, int pause) {
    steps->push_back({pause + pending_pause + (first ? 0 : between), std::move(bytes)});
    pending_pause = 0;
    first = false;
  };
  for (const Json& piece : spec.at("send")) {
    if (piece.is_string()) {
      add(Fill(piece.get<std::string>(), port, records), 0);
    } else if (piece.is_object() && piece.contains("repeat")) {
      const std::string unit = Fill(piece["repeat"].get<std::string>(), port, records);
      const size_t count = piece.value("count", size_t{0});
      std::string bytes;
      bytes.reserve(unit.size() * count);
      for (size_t i = 0; i < count; ++i) bytes += unit;
      add(std::move(bytes), 0);
    } else if (piece.is_object() && piece.contains("hex")) {
      const std::string hex = piece["hex"].get<std::string>();
      std::string bytes;
      for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        if (HexDigit(hex[i]) < 0 || HexDigit(hex[i + 1]) < 0) return "bad hex piece " + hex;
        bytes.push_back(static_cast<char>(HexDigit(hex[i]) * 16 + HexDigit(hex[i + 1])));
      }
      add(std::move(bytes), 0);
    } else if (piece.is_object() && piece.contains("trickle")) {
      const std::string text = Fill(piece["trickle"].get<std::string>(), port, records);
      const int pause = piece.value("pauseMs", 0);
      for (size_t i = 0; i < text.size(); ++i) add(std::string(1, text[i]), i ? pause : 0);
    } else if (piece.is_object() && piece.contains("pauseMs")) {
      pending_pause += piece["pauseMs"].get<int>();
    } else {
      return "unknown piece " + piece.dump().substr(0, 200);
    }
  }
  return "";
}

// ---- one exchange over a socket ----------------------------------------------------------------

struct Response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header named `name` (ASCII case-insensitive), or "" when absent.
  std::string Header(const std::string& name) const {
    for (const auto& [k, v] : headers) {
      if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
    }
    return "";
  }
  bool Has(const std::string& name) const {
    for (const auto& [k, v] : headers) {
      if (strcasecmp(k.c_str(), name.c_str()) == 0) return true;
    }
    return false;
  }
};

// Parses the complete responses at the front of `in`. Sets *consumed to the bytes they take and
// *error when the bytes after them are not the start of a response. Answers whose index is in
// `bodiless` (answers to HEAD) have no body; with `eof`, a response without Content-Length runs
// to the end.
std::vector<Response> ParseResponses(const std::string& in, const std::set<size_t>& bodiless,
                                     bool eof, size_t* consumed, std::string* error) {
  std::vector<Response> out;
  size_t pos = 0;
  *consumed = 0;
  error->clear();
  while (pos < in.size()) {
    const std::string prefix = "HTTP/1.1 ";
    const size_t avail = std::min(in.size() - pos, prefix.size());
    if (in.compare(pos, avail, prefix, 0, avail) != 0) {
      *error = "not an HTTP/1.1 status line at byte " + std::to_string(pos);
      return out;
    }
    const size_t head_end = in.find("\r\n\r\n", pos);
    if (head_end == std::string::npos) return out;  // incomplete
    const size_t line_end = in.find("\r\n", pos);
    const std::string status_line = in.substr(pos, line_end - pos);
    if (status_line.size() < 12 || !std::isdigit(static_cast<unsigned char>(status_line[9])) ||
        !std::isdigit(static_cast<unsigned char>(status_line[10])) ||
        !std::isdigit(static_cast<unsigned char>(status_line[11])) ||
        (status_line.size() > 12 && status_line[12] != ' ')) {
      *error = "malformed status line '" + Escape(status_line, 200) + "'";
      return out;
    }
    Response r;
    r.status = std::stoi(status_line.substr(9, 3));
    for (size_t line = line_end + 2; line < head_end + 2;) {
      const size_t eol = in.find("\r\n", line);
      const std::string h = in.substr(line, eol - line);
      const size_t colon = h.find(':');
      if (colon == std::string::npos || colon == 0) {
        *error = "malformed response header line '" + Escape(h, 200) + "'";
        return out;
      }
      size_t v = colon + 1, e = h.size();
      while (v < e && (h[v] == ' ' || h[v] == '\t')) ++v;
      while (e > v && (h[e - 1] == ' ' || h[e - 1] == '\t')) --e;
      r.headers.emplace_back(h.substr(0, colon), h.substr(v, e - v));
      line = eol + 2;
    }
    size_t body_start = head_end + 4;
    size_t end = body_start;
    const bool no_body = (r.status >= 100 && r.status < 200) || r.status == 204 ||
                         r.status == 304 || bodiless.count(out.size());
    if (no_body) {
      // Nothing follows the head.
    } else if (r.Has("Content-Length")) {
      const std::string cl = r.Header("Content-Length");
      if (cl.empty() || cl.find_first_not_of("0123456789") != std::string::npos || cl.size() > 12) {
        *error = "bad Content-Length in a response: '" + Escape(cl, 100) + "'";
        return out;
      }
      const size_t n = std::stoull(cl);
      if (in.size() - body_start < n) return out;  // incomplete
      r.body = in.substr(body_start, n);
      end = body_start + n;
    } else if (strcasecmp(r.Header("Transfer-Encoding").c_str(), "chunked") == 0) {
      size_t p = body_start;
      while (true) {
        const size_t le = in.find("\r\n", p);
        if (le == std::string::npos) return out;
        const std::string size_text = in.substr(p, le - p);
        if (size_text.empty() || size_text.size() > 8 ||
            size_text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
          *error = "bad chunk size in a response";
          return out;
        }
        const size_t n = std::stoull(size_text, nullptr, 16);
        if (n == 0) {
          if (in.size() < le + 4) return out;
          end = le + 4;  // no trailers from our server
          break;
        }
        if (in.size() < le + 2 + n + 2) return out;
        r.body.append(in, le + 2, n);
        p = le + 2 + n + 2;
      }
    } else {
      if (!eof) return out;  // the body runs to the close
      r.body = in.substr(body_start);
      end = in.size();
    }
    out.push_back(std::move(r));
    pos = end;
    *consumed = pos;
  }
  return out;
}

struct Exchange {
  std::string error;           // the connection could not be made
  std::string received;        // every byte the server sent
  bool eof = false;            // the server closed (FIN)
  bool reset = false;          // the server reset the connection
  std::string send_error;      // sending stopped early (e.g. the server had closed)
  int64_t first_byte_ms = -1;  // since the connect
  std::vector<Response> responses;
  size_t consumed = 0;
  std::string parse_error;
};

int64_t MillisSince(SteadyClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - t).count();
}

// Sends `steps` to `port`, reading all the while, and reads on until the server closes, or
// `timeout_ms` after the last step, or (when `settle_after` answers are expected and the
// connection is to stay open) kSettleMs after they are all there.
Exchange Converse(int port, const std::vector<Step>& steps, bool half_close, int timeout_ms,
                  size_t settle_after, const std::set<size_t>& bodiless) {
  Exchange x;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return x.error = "socket failed", x;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return x.error = std::string("connect failed: ") + strerror(errno), x;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  const auto start = SteadyClock::now();
  size_t step = 0, offset = 0;
  auto next_send = start + std::chrono::milliseconds(steps.empty() ? 0 : steps[0].pause_ms);
  bool sending = !steps.empty();
  SteadyClock::time_point deadline = start + std::chrono::milliseconds(timeout_ms);
  SteadyClock::time_point settle_until = SteadyClock::time_point::max();
  auto stop_sending = [&] {
    sending = false;
    deadline = SteadyClock::now() + std::chrono::milliseconds(timeout_ms);
    if (half_close && x.send_error.empty()) shutdown(fd, SHUT_WR);
  };
  if (!sending) stop_sending();
  auto last_progress = start;  // of sending: a server that stops reading must not hang the test
  while (true) {
    const auto now = SteadyClock::now();
    if (!sending && now >= deadline) break;
    if (now >= settle_until) break;
    if (sending && now >= next_send &&
        now - last_progress > std::chrono::milliseconds(timeout_ms) &&
        now - next_send > std::chrono::milliseconds(timeout_ms)) {
      x.send_error = "the server stopped reading: piece " + std::to_string(step) +
                     " stuck at byte " + std::to_string(offset);
      stop_sending();
    }
    if (sending && now >= next_send) {
      const Step& s = steps[step];
      while (offset < s.bytes.size()) {
        ssize_t n = send(fd, s.bytes.data() + offset, s.bytes.size() - offset, MSG_NOSIGNAL);
        if (n > 0) {
          offset += static_cast<size_t>(n);
          last_progress = SteadyClock::now();
        } else if (n < 0 && errno == EINTR) {
          continue;
        } else {
          if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            x.send_error = std::string("send: ") + strerror(errno) + " in piece " +
                           std::to_string(step) + " at byte " + std::to_string(offset);
          }
          break;
        }
      }
      if (!x.send_error.empty()) {
        stop_sending();
      } else if (offset == s.bytes.size()) {
        ++step;
        offset = 0;
        if (step == steps.size()) {
          stop_sending();
        } else {
          next_send = SteadyClock::now() + std::chrono::milliseconds(steps[step].pause_ms);
        }
      }
    }
    // Wait for an answer, the socket to take more, the next piece's time, or the deadline.
    pollfd p{fd, POLLIN, 0};
    auto until = sending ? next_send : deadline;
    if (sending && offset > 0) p.events |= POLLOUT;  // in the middle of a piece
    if (sending && SteadyClock::now() >= next_send) p.events |= POLLOUT;
    until = std::min(until, settle_until);
    int wait_ms = static_cast<int>(std::max<int64_t>(
        0,
        std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyClock::now()).count()));
    if ((p.events & POLLOUT) != 0) wait_ms = std::min(wait_ms, 50);
    int ready = poll(&p, 1, wait_ms);
    if (ready < 0 && errno != EINTR) {
      x.error = std::string("poll: ") + strerror(errno);
      break;
    }
    if (ready <= 0 || (p.revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
    char buf[65536];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      if (x.first_byte_ms < 0) x.first_byte_ms = MillisSince(start);
      x.received.append(buf, static_cast<size_t>(n));
      if (settle_after > 0) {
        size_t consumed = 0;
        std::string parse_error;
        auto got = ParseResponses(x.received, bodiless, false, &consumed, &parse_error);
        if (got.size() >= settle_after) {
          settle_until = SteadyClock::now() + std::chrono::milliseconds(kSettleMs);
        }
      }
    } else if (n == 0) {
      x.eof = true;
      break;
    } else if (errno == ECONNRESET || errno == EPIPE) {
      x.reset = true;
      break;
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      x.error = std::string("recv: ") + strerror(errno);
      break;
    }
  }
  close(fd);
  x.responses = ParseResponses(x.received, bodiless, x.eof || x.reset, &x.consumed, &x.parse_error);
  return x;
}

// ---- the checks --------------------------------------------------------------------------------

bool StatusMatches(const Json& want, int got) {
  if (want.is_number_integer()) return want.get<int>() == got;
  if (want.is_array()) {
    for (const auto& w : want) {
      if (w.is_number_integer() && w.get<int>() == got) return true;
    }
  }
  return false;
}

bool SequenceMatches(const Json& want, const std::vector<int>& got) {
  if (!want.is_array() || want.size() != got.size()) return false;
  for (size_t i = 0; i < got.size(); ++i) {
    if (!StatusMatches(want[i], got[i])) return false;
  }
  return true;
}

std::string Describe(const Exchange& x) {
  std::string s = "received " + std::to_string(x.received.size()) + " bytes";
  s += x.eof ? ", then EOF" : x.reset ? ", then a reset" : ", connection still open";
  if (!x.send_error.empty()) s += "; " + x.send_error;
  if (x.first_byte_ms >= 0) s += "; first byte after " + std::to_string(x.first_byte_ms) + " ms";
  return s + ":\n" + Escape(x.received);
}

void CheckExchange(const Json& spec, const Exchange& x) {
  const Json& expect = spec.at("expect");
  std::vector<int> statuses;
  for (const auto& r : x.responses) statuses.push_back(r.status);
  const std::string got = Json(statuses).dump();
  if (expect.contains("statusesOneOf")) {
    bool any = false;
    for (const auto& seq : expect["statusesOneOf"]) any = any || SequenceMatches(seq, statuses);
    EXPECT_TRUE(any) << "statuses " << got << ", expected one of " << expect["statusesOneOf"].dump()
                     << "\n"
                     << Describe(x);
  } else {
    EXPECT_TRUE(SequenceMatches(expect.at("statuses"), statuses))
        << "statuses " << got << ", expected " << expect["statuses"].dump() << "\n"
        << Describe(x);
  }
  const bool want_closed = expect.at("closed").get<bool>();
  const bool closed = x.eof || x.reset;
  EXPECT_EQ(closed, want_closed) << (want_closed ? "the server did not close the connection"
                                                 : "the server closed the connection")
                                 << "\n"
                                 << Describe(x);
  EXPECT_TRUE(x.parse_error.empty()) << x.parse_error << "\n" << Describe(x);
  EXPECT_EQ(x.consumed, x.received.size())
      << "bytes beyond the parsed answers (an extra or incomplete answer): "
      << Escape(x.received.substr(x.consumed), 600);

  for (size_t i = 0; i < x.responses.size(); ++i) {
    const Response& r = x.responses[i];
    SCOPED_TRACE("answer " + std::to_string(i) + " (" + std::to_string(r.status) + ")");
    if (r.status >= 400) {
      const std::string type = r.Header("Content-Type");
      EXPECT_EQ(type.substr(0, type.find(';')), "application/problem+json");
      std::set<size_t> bodiless;
      for (const auto& b : expect.value("bodiless", Json::array()))
        bodiless.insert(b.get<size_t>());
      if (!bodiless.count(i)) {
        Json body = Json::parse(r.body, nullptr, false);
        EXPECT_TRUE(body.is_object() && body.value("status", 0) == r.status)
            << "not a problem with status " << r.status << ": " << Escape(r.body, 500);
      }
    }
    if (r.status >= 200) {
      const std::string csp = r.Header("Content-Security-Policy");
      EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos)
          << "Content-Security-Policy: '" << csp << "'";
      EXPECT_EQ(r.Header("Referrer-Policy"), "no-referrer");
      EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
      EXPECT_NE(r.Header("Cache-Control").find("no-store"), std::string::npos)
          << "Cache-Control: '" << r.Header("Cache-Control") << "'";
    }
  }
  if (!x.responses.empty()) {
    const Response& last = x.responses.back();
    const bool says_close = strcasecmp(last.Header("Connection").c_str(), "close") == 0;
    if (!want_closed) {
      EXPECT_FALSE(says_close) << "the last answer says Connection: close";
    } else if (expect.value("lastConnectionClose", true)) {
      EXPECT_TRUE(says_close) << "the last answer before the close does not say Connection: "
                                 "close (it says '"
                              << last.Header("Connection") << "')";
    }
  }
  if (expect.contains("firstAnswerMs")) {
    const Json& w = expect["firstAnswerMs"];
    EXPECT_GE(x.first_byte_ms, w.value("min", 0)) << "answered too early (or never)";
    EXPECT_LE(x.first_byte_ms, w.value("max", 1 << 30)) << "answered too late";
  }
}

// The "after" check: a normal GET shows the refused request changed nothing.
void CheckAfter(const Json& after, TestServer& server, const Records& records) {
  const std::string path = Fill(after.at("path").get<std::string>(), server.port(), records);
  auto c = server.Client();
  auto r = c.Get(path.c_str());
  ASSERT_TRUE(r) << "after: GET " << path << ": " << httplib::to_string(r.error());
  EXPECT_EQ(r->status, after.value("status", 200)) << "after: GET " << path << ": " << r->body;
  if (after.contains("field")) {
    Json body = Json::parse(r->body, nullptr, false);
    const std::string field = after["field"].get<std::string>();
    ASSERT_TRUE(body.is_object() && body.contains(field)) << "after: " << r->body;
    EXPECT_EQ(body[field], after["equals"]) << "after: GET " << path << ": " << r->body;
  }
}

// ---- the tests ---------------------------------------------------------------------------------

class Wire : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    harness_ = AcquireHarness();
    ASSERT_NE(harness_, nullptr) << "test server setup failed: " << HarnessError();
  }
  Harness* harness_ = nullptr;
};

TEST_P(Wire, IsAnsweredAsSpecified) {
  const Json& spec = GetParam().spec;
  TestServer* server = harness_->Server(spec.value("server", ""));
  ASSERT_NE(server, nullptr) << "unknown server '" << spec.value("server", "") << "'";
  std::vector<Step> steps;
  const std::string built = BuildSteps(spec, server->port(), harness_->records(), &steps);
  ASSERT_TRUE(built.empty()) << built;

  const Json& expect = spec.at("expect");
  const bool want_closed = expect.at("closed").get<bool>();
  std::set<size_t> bodiless;
  for (const auto& b : expect.value("bodiless", Json::array())) bodiless.insert(b.get<size_t>());
  const size_t settle_after = want_closed ? 0 : expect.at("statuses").size();
  Exchange x = Converse(server->port(), steps, spec.value("halfClose", false),
                        spec.value("timeoutMs", kDefaultTimeoutMs), settle_after, bodiless);
  ASSERT_TRUE(x.error.empty()) << x.error;
  CheckExchange(spec, x);
  if (spec.contains("after")) CheckAfter(spec["after"], *server, harness_->records());
  const std::string alive = Alive(*server);
  EXPECT_TRUE(alive.empty()) << "after this case the server no longer answers GET: " << alive;
}

INSTANTIATE_TEST_SUITE_P(Corpus, Wire, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.test_name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Wire);

// Placeholders a piece may use.
const std::set<std::string> kPlaceholders = {
    "host",  "port",  "organisatie", "organisatie2", "organisatie3", "organisatie4", "etag2",
    "etag3", "etag4", "deelnemer",   "taak",         "taak2",        "taak3",        "taak4"};

// "" when every {word} in `text` is a known placeholder.
std::string UnknownPlaceholder(const std::string& text) {
  static const std::regex kToken("\\{([A-Za-z0-9]+)\\}");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kToken);
       it != std::sregex_iterator(); ++it) {
    if (!kPlaceholders.count((*it)[1].str())) return (*it)[0].str();
  }
  return "";
}

bool IsStatusList(const Json& list) {
  if (!list.is_array() || list.empty()) return false;
  for (const auto& s : list) {
    if (s.is_number_integer() && s.get<int>() >= 100 && s.get<int>() <= 599) continue;
    if (s.is_array() && !s.empty() &&
        std::all_of(s.begin(), s.end(), [](const Json& v) { return v.is_number_integer(); })) {
      continue;
    }
    return false;
  }
  return true;
}

TEST(WireCorpus, IsWellFormed) {
  std::string error;
  const Json& corpus = CorpusJson(&error);
  ASSERT_TRUE(error.empty()) << error;
  EXPECT_GE(corpus.size(), 60u);
  const std::set<std::string> case_keys = {"name",    "class",  "note",      "send",      "expect",
                                           "pauseMs", "server", "halfClose", "timeoutMs", "after"};
  const std::set<std::string> expect_keys = {
      "statuses", "statusesOneOf", "closed", "lastConnectionClose", "bodiless", "firstAnswerMs"};
  std::set<std::string> names;
  for (const auto& c : corpus) {
    ASSERT_TRUE(c.is_object()) << c.dump().substr(0, 300);
    ASSERT_TRUE(c.contains("name") && c["name"].is_string()) << c.dump().substr(0, 300);
    const std::string name = c["name"];
    SCOPED_TRACE(name);
    EXPECT_TRUE(names.insert(Sanitise(name)).second) << "duplicate test name " << Sanitise(name);
    for (const auto& [k, v] : c.items()) EXPECT_TRUE(case_keys.count(k)) << "unknown key " << k;
    for (const char* text : {"class", "note"}) {
      EXPECT_TRUE(c.contains(text) && c[text].is_string() && !c[text].get<std::string>().empty())
          << "'" << text << "' missing";
    }
    ASSERT_TRUE(c.contains("send") && c["send"].is_array() && !c["send"].empty());
    for (const auto& piece : c["send"]) {
      if (piece.is_string()) {
        EXPECT_EQ(UnknownPlaceholder(piece.get<std::string>()), "");
        continue;
      }
      ASSERT_TRUE(piece.is_object()) << piece.dump().substr(0, 200);
      const bool ok =
          (piece.contains("repeat") && piece["repeat"].is_string() && piece.contains("count") &&
           piece["count"].is_number_unsigned()) ||
          (piece.contains("hex") && piece["hex"].is_string()) ||
          (piece.contains("trickle") && piece["trickle"].is_string()) ||
          (piece.size() == 1 && piece.contains("pauseMs") && piece["pauseMs"].is_number_unsigned());
      EXPECT_TRUE(ok) << "unknown piece " << piece.dump().substr(0, 200);
      for (const char* key : {"repeat", "trickle"}) {
        if (piece.contains(key) && piece[key].is_string()) {
          EXPECT_EQ(UnknownPlaceholder(piece[key].get<std::string>()), "");
        }
      }
    }
    if (c.contains("server")) {
      EXPECT_TRUE(c["server"] == "main" || c["server"] == "shortTimeouts") << c["server"];
    }
    ASSERT_TRUE(c.contains("expect") && c["expect"].is_object());
    const Json& e = c["expect"];
    for (const auto& [k, v] : e.items()) EXPECT_TRUE(expect_keys.count(k)) << "unknown key " << k;
    EXPECT_TRUE(e.contains("statuses") && IsStatusList(e["statuses"])) << e.dump();
    if (e.contains("statusesOneOf")) {
      ASSERT_TRUE(e["statusesOneOf"].is_array());
      for (const auto& seq : e["statusesOneOf"]) EXPECT_TRUE(IsStatusList(seq)) << seq.dump();
    }
    EXPECT_TRUE(e.contains("closed") && e["closed"].is_boolean()) << e.dump();
    if (c.contains("after")) {
      EXPECT_TRUE(c["after"].is_object() && c["after"].contains("path")) << c["after"].dump();
    }
  }
}

}  // namespace
}  // namespace overstap::testing
