#pragma once
// RequestReader: the bytes of one connection in, complete HTTP/1.1 requests or one framing
// error out. Boost.Beast's request_parser does the parsing (a fuzzed, widely deployed parser);
// this class adds what Beast 1.74 leaves to its user (RFC 9112):
//   - Transfer-Encoding other than exactly a final `chunked`: 501 when `chunked` is final but
//     other codings precede it, 400 otherwise (the body's length cannot be known);
//   - Transfer-Encoding together with Content-Length: 400;
//   - obs-fold (a header line starting with a space or tab): 400 (Beast would unfold it);
//   - a request line over `max_request_line` bytes: 414; a head over `max_header_bytes`: 431;
//     a version other than HTTP/1.x: 505;
//   - HTTP/1.1 without exactly one Host: 400;
//   - a byte cap per request: the framing around the body (chunk-size lines, chunk extensions,
//     trailers) at most `max_framing_bytes`, the body at most `max_body_bytes` (413).
// After an error the connection must be answered once and closed: nothing behind the bad
// bytes is parsed. No socket is touched, so the fuzz target drives it with arbitrary bytes.
//
// Not thread-safe: one reader per connection.

#include <httplib.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace overstap::http {

struct ReaderLimits {
  size_t max_request_line = 8192;
  size_t max_header_bytes = 65536;
  size_t max_body_bytes = 1 << 20;
  size_t max_framing_bytes = 65536;
};

// Why a request was refused before it reached a handler; Problem() words it.
enum class FramingError {
  kNone,
  kMalformed,           // 400: the head or the chunked framing is not valid HTTP/1.1
  kObsFold,             // 400
  kHost,                // 400: HTTP/1.1 without a Host, or with several
  kContentLengthAndTe,  // 400
  kTransferEncoding,    // 400: the final transfer coding is not chunked
  kUnsupportedCoding,   // 501: a transfer coding other than chunked
  kBodyTooLarge,        // 413
  kFramingTooLarge,     // 413: chunk extensions and trailers beyond the limit
  kUriTooLong,          // 414
  kHeadTooLarge,        // 431
  kVersion,             // 505
  // Refusals of the transport that are not about the bytes themselves.
  kTimeout,             // 408: the head or the body did not arrive in time
  kTooManyConnections,  // 503: the connection cap is reached
  kInternal,            // 500: reading the request failed on our side
};

class RequestReader {
 public:
  enum class State {
    kNeedMore,  // everything given was taken; more bytes are needed
    kRequest,   // a complete request: Take() it, then call Parse() again for the next one
    kError,     // a framing error: error(); the connection is to be answered and closed
  };

  explicit RequestReader(const ReaderLimits& limits);
  ~RequestReader();
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  // Parses from the front of `data` and sets *consumed to the bytes taken (the caller drops
  // them; bytes not taken must be given again, followed by any new ones). Returns kRequest as
  // soon as one request is complete, without looking at what follows it.
  State Parse(std::string_view data, size_t* consumed);

  // True once the head of the request being read is complete (the body may still be coming).
  bool head_done() const;
  // True when the head asked for "Expect: 100-continue" and its body has not yet begun.
  bool expects_continue() const;
  // True when some bytes of a request (not yet complete) have been taken or are pending.
  bool in_request() const { return in_request_; }

  // After kRequest: fills *req (method, target, version, path, params, headers, body) and
  // returns whether the connection stays open afterwards. The reader is then ready for the
  // next request.
  bool Take(httplib::Request* req);

  FramingError error() const { return error_; }
  // The path of the request being read (its target up to '?') once its request line is parsed
  // and when it is valid UTF-8; "" otherwise. A refusal's problem names it as its instance.
  std::string path() const;

 private:
  struct Impl;
  State Fail(FramingError error);
  bool CheckHead();
  size_t FramingBytes(size_t pending) const;

  ReaderLimits limits_;
  std::unique_ptr<Impl> impl_;
  FramingError error_ = FramingError::kNone;
  bool in_request_ = false;
  bool head_checked_ = false;
  size_t head_bytes_ = 0;     // bytes of the current request's head
  size_t request_bytes_ = 0;  // bytes of the current request taken so far
};

}  // namespace overstap::http
