// libFuzzer target: the bytes of one connection through RequestReader, as the event loop feeds
// them (src/http/event_server.cpp): pieces of arbitrary sizes, the bytes not taken given again
// with the next piece, Parse() and Take() in turn until more bytes are needed or the connection
// is to be closed.
//
// Input: two control bytes, then the connection's bytes.
//   byte 0, bits 0-1: how the bytes arrive: 0 all at once, 1 one byte at a time, 2 in pieces of
//                     (byte 1 % 32) + 1 bytes, 3 in pseudo-random pieces of 1-64 bytes seeded by
//                     byte 1;
//   byte 0, bit 2:    the small limits (request line 256, head 1 KiB, body 4 KiB, framing 512)
//                     instead of the server's defaults, so that every limit is reached.
// Aborts when an invariant does not hold:
//   - Parse() takes no more than it was given, and makes progress (no endless kRequest);
//   - kError comes with a framing error whose status is one of 400, 413, 414, 431, 501, 505,
//     and nothing is parsed after it;
//   - a request taken has a method, a target without CR, LF, NUL or space, a body within
//     max_body_bytes, no CR, LF or NUL in a header name or value, exactly one Host when it is
//     HTTP/1.1, and never both Content-Length and Transfer-Encoding; after Take() no request is
//     in progress;
//   - the bytes in pieces give the same requests as the same bytes all at once, and end in a
//     framing error when those do, unless one of the two still waits for more bytes (which
//     error may differ: the limit crossed first).

#include <httplib.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "http/problem.h"
#include "http/request_reader.h"

namespace {

using overstap::http::FramingError;
using overstap::http::HttpStatusFor;
using overstap::http::ReaderLimits;
using overstap::http::RequestReader;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "request_reader_fuzz: invariant broken: %s\n", what);
  std::abort();
}

void Check(bool ok, const char* what) {
  if (!ok) Fail(what);
}

bool HasControl(const std::string& s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos;
}

bool IsField(const std::string& name, std::string_view field) {
  if (name.size() != field.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(name[i])) != field[i]) return false;
  }
  return true;
}

// The size of the next piece of the connection's bytes.
class Schedule {
 public:
  Schedule(uint8_t mode, uint8_t arg) : mode_(mode & 3), arg_(arg), state_(arg * 2654435761u + 1) {}
  size_t Next(size_t left) {
    size_t n = left;
    switch (mode_) {
      case 0:
        break;
      case 1:
        n = 1;
        break;
      case 2:
        n = arg_ % 32 + 1;
        break;
      default:
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        n = state_ % 64 + 1;
        break;
    }
    return n < left ? n : left;
  }

 private:
  uint8_t mode_;
  uint8_t arg_;
  uint32_t state_;
};

void CheckRequest(const httplib::Request& req, const ReaderLimits& limits) {
  Check(!req.method.empty(), "a request without a method");
  Check(!req.target.empty(), "a request without a target");
  Check(!HasControl(req.target) && req.target.find(' ') == std::string::npos,
        "CR, LF, NUL or a space in the target");
  Check(req.body.size() <= limits.max_body_bytes, "a body beyond max_body_bytes");
  Check(req.version == "HTTP/1.0" || req.version == "HTTP/1.1", "a version other than HTTP/1.x");
  size_t hosts = 0;
  bool length = false, coding = false;
  for (const auto& [name, value] : req.headers) {
    Check(!name.empty(), "an empty header name");
    Check(!HasControl(name), "CR, LF or NUL in a header name");
    Check(!HasControl(value), "CR, LF or NUL in a header value");
    if (IsField(name, "host")) ++hosts;
    if (IsField(name, "content-length")) length = true;
    if (IsField(name, "transfer-encoding")) coding = true;
  }
  if (req.version == "HTTP/1.1") Check(hosts == 1, "HTTP/1.1 without exactly one Host");
  Check(!(length && coding), "both Content-Length and Transfer-Encoding");
}

// What a connection's bytes became: each request taken (its fields, body and whether the
// connection stays open), then whether a framing error ended it.
struct Outcome {
  std::vector<std::string> requests;
  bool error = false;
  bool waiting = false;  // the bytes ended inside a request
};

std::string Describe(const httplib::Request& req, bool keep_alive) {
  std::string d = req.method + " " + req.target + " " + req.version + "\n";
  for (const auto& [name, value] : req.headers) d += name + ": " + value + "\n";
  d += "\n" + req.body + (keep_alive ? "" : "\n(close)");
  return d;
}

Outcome Read(std::string_view input, const ReaderLimits& limits, Schedule schedule) {
  Outcome outcome;
  RequestReader reader(limits);
  std::string pending;  // given to Parse() and not yet taken
  size_t fed = 0;
  size_t steps = 0;
  const size_t max_steps = 4 * input.size() + 64;
  while (fed < input.size()) {
    const size_t n = schedule.Next(input.size() - fed);
    pending.append(input.substr(fed, n));
    fed += n;
    while (true) {
      Check(++steps <= max_steps, "no progress: Parse() keeps answering without taking bytes");
      size_t consumed = 0;
      const RequestReader::State state = reader.Parse(pending, &consumed);
      Check(consumed <= pending.size(), "consumed more than given");
      pending.erase(0, consumed);
      if (state == RequestReader::State::kNeedMore) {
        // Everything given was taken, or what is left waits for more bytes.
        break;
      }
      if (state == RequestReader::State::kError) {
        const FramingError error = reader.error();
        Check(error != FramingError::kNone, "kError without an error");
        const int status = HttpStatusFor(error);
        Check(status == 400 || status == 413 || status == 414 || status == 431 || status == 501 ||
                  status == 505,
              "a framing error with an unexpected status");
        size_t again = 0;
        Check(reader.Parse(pending, &again) == RequestReader::State::kError && again == 0,
              "parsing went on after an error");
        outcome.error = true;
        return outcome;  // answered once and closed: nothing behind the bad bytes is parsed
      }
      Check(reader.head_done(), "a complete request whose head is not done");
      httplib::Request req;
      const bool keep_alive = reader.Take(&req);
      CheckRequest(req, limits);
      Check(!reader.in_request(), "a request in progress right after Take()");
      outcome.requests.push_back(Describe(req, keep_alive));
      if (!keep_alive) return outcome;  // the transport closes the connection after answering
    }
  }
  outcome.waiting = reader.in_request();
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  ReaderLimits limits;
  if (data[0] & 4) {
    limits.max_request_line = 256;
    limits.max_header_bytes = 1024;
    limits.max_body_bytes = 4096;
    limits.max_framing_bytes = 512;
  }
  const std::string_view input(reinterpret_cast<const char*>(data + 2), size - 2);
  const Outcome split = Read(input, limits, Schedule(data[0], data[1]));
  if ((data[0] & 3) != 0) {
    // The same bytes all at once must give the same requests and the same end.
    const Outcome whole = Read(input, limits, Schedule(0, 0));
    // Where one still waits for more bytes the other may have refused them already: Beast looks
    // at a head given in pieces only once it is complete, and takes a chunk's size from the
    // body limit each time it reads the chunk's line again (an unterminated quoted extension).
    Check(split.requests == whole.requests, "the requests depend on how the bytes arrive");
    Check(split.error == whole.error || split.waiting || whole.waiting,
          "a framing error depends on how the bytes arrive");
  }
  return 0;
}
