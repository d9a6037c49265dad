#include "http/request_reader.h"

#include <algorithm>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <iterator>
#include <optional>
#include <vector>

#include "common/text.h"

namespace overstap::http {
namespace beast_http = boost::beast::http;

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

std::string_view View(boost::beast::string_view s) { return {s.data(), s.size()}; }

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The transfer codings of all Transfer-Encoding fields, in order (empty list elements dropped,
// as RFC 9110 section 5.6.1 allows).
void AppendCodings(std::string_view value, std::vector<std::string_view>* codings) {
  while (true) {
    size_t comma = value.find(',');
    std::string_view element = TrimOws(value.substr(0, comma));
    if (!element.empty()) codings->push_back(element);
    if (comma == std::string_view::npos) return;
    value.remove_prefix(comma + 1);
  }
}

// True when the request line at the front of `data` ends in a well-formed "HTTP/d.d" (Beast
// accepts only 1.0 and 1.1 and reports any other version like a malformed one).
bool IsWellFormedVersion(std::string_view data) {
  size_t eol = data.find('\n');
  if (eol == std::string_view::npos || eol == 0 || data[eol - 1] != '\r') return false;
  std::string_view line = data.substr(0, eol - 1);
  // METHOD SP TARGET SP VERSION, nothing else.
  size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp1 == 0 || sp2 <= sp1 + 1 ||
      line.find(' ', sp1 + 1) != sp2) {
    return false;
  }
  std::string_view v = line.substr(sp2 + 1);
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return v.size() == 8 && v.substr(0, 5) == "HTTP/" && digit(v[5]) && v[6] == '.' && digit(v[7]);
}

// True when `bytes`, complete header lines Beast took, hold a line that starts with a space
// or tab: obs-fold, which Beast would unfold. `at_line_start`: the first byte starts a line.
bool HasObsFold(std::string_view bytes, bool at_line_start) {
  if (at_line_start && !bytes.empty() && (bytes[0] == ' ' || bytes[0] == '\t')) return true;
  for (size_t i = bytes.find("\r\n"); i != std::string_view::npos; i = bytes.find("\r\n", i + 2)) {
    if (i + 2 < bytes.size() && (bytes[i + 2] == ' ' || bytes[i + 2] == '\t')) return true;
  }
  return false;
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A chunk size has at most this many hex digits: more (leading zeros) is refused, as front
// ends that cut long sizes would read a different body (a desync).
constexpr size_t kMaxChunkSizeDigits = 16;

}  // namespace

struct RequestReader::Impl {
  std::optional<beast_http::request_parser<beast_http::string_body>> parser;
  size_t line_scanned = 0;          // bytes of the request line searched for its end so far
  httplib::Headers head_fields;     // the head's fields, as they were when the head was checked
  size_t pending = 0;               // bytes given and not taken at the last kNeedMore
  const char* put_begin = nullptr;  // the buffer of the running put()
  bool chunk_size_too_long = false;
  // Beast calls this with a chunk's extensions, which follow its size in the buffer: counts
  // the size's digits back from there.
  std::function<void(std::uint64_t, boost::beast::string_view, boost::beast::error_code&)>
      on_chunk_header =
          [this](std::uint64_t, boost::beast::string_view ext, boost::beast::error_code& ec) {
            size_t digits = 0;
            for (const char* p = ext.data(); p > put_begin && IsHexDigit(p[-1]); --p) ++digits;
            if (digits > kMaxChunkSizeDigits) {
              chunk_size_too_long = true;
              ec = beast_http::error::bad_chunk;
            }
          };
};

RequestReader::RequestReader(const ReaderLimits& limits)
    : limits_(limits), impl_(std::make_unique<Impl>()) {}

RequestReader::~RequestReader() = default;

RequestReader::State RequestReader::Fail(FramingError error) {
  error_ = error;
  return State::kError;
}

bool RequestReader::head_done() const { return impl_->parser && impl_->parser->is_header_done(); }

std::string RequestReader::path() const {
  if (!impl_->parser) return "";
  // The request line is parsed before the fields: a head refused for its size still has it.
  const auto target = impl_->parser->get().target();
  std::string path(target.data(), std::min(target.size(), target.find('?')));
  return IsValidUtf8(path) ? path : "";
}

bool RequestReader::expects_continue() const {
  if (!head_done() || impl_->parser->is_done()) return false;
  const auto& msg = impl_->parser->get();
  if (!msg.body().empty()) return false;
  auto it = msg.find(beast_http::field::expect);
  return it != msg.end() && EqualsIgnoreCase(TrimOws(View(it->value())), "100-continue");
}

RequestReader::State RequestReader::Parse(std::string_view data, size_t* consumed) {
  *consumed = 0;
  if (error_ != FramingError::kNone) return State::kError;
  if (data.empty()) return State::kNeedMore;
  in_request_ = true;
  auto& parser = impl_->parser;
  if (!parser) {
    parser.emplace();
    parser->header_limit(static_cast<uint32_t>(limits_.max_header_bytes));
    parser->body_limit(limits_.max_body_bytes);
    parser->eager(false);  // stop after the head, so the head is checked before any body
    parser->on_chunk_header(impl_->on_chunk_header);
    impl_->line_scanned = 0;
  }
  if (request_bytes_ == 0) {
    // The request line's own limit (Beast reports an over-long line like any bad head). Beast
    // takes nothing of a request until its request line is complete.
    size_t limit = std::min(data.size(), limits_.max_request_line + 2);
    size_t eol = data.substr(0, limit).find('\n', impl_->line_scanned);
    if (eol == std::string_view::npos) {
      if (data.size() > limits_.max_request_line + 1) return Fail(FramingError::kUriTooLong);
      impl_->line_scanned = limit;
    } else if (eol > limits_.max_request_line + 1) {
      return Fail(FramingError::kUriTooLong);
    }
  }
  // Beast 1.74 asserts that a last chunk seen before is given again with at least two more
  // bytes ("0\r\n" then "\r\n"), so a chunked body is fed only once 5 bytes wait: any rest
  // of a chunked message is at least its last chunk, "0\r\n\r\n". Nothing new: nothing to do.
  if (data.size() == impl_->pending || (head_checked_ && parser->chunked() && data.size() < 5)) {
    impl_->pending = data.size();
    return State::kNeedMore;
  }
  size_t pos = 0;
  while (true) {
    boost::beast::error_code ec;
    const std::string_view rest = data.substr(pos);
    impl_->put_begin = rest.data();
    size_t n = parser->put(boost::asio::const_buffer(rest.data(), rest.size()), ec);
    if (!head_checked_ && HasObsFold(rest.substr(0, n), request_bytes_ > 0)) {
      return Fail(FramingError::kObsFold);
    }
    pos += n;
    request_bytes_ += n;
    *consumed = pos;
    if (impl_->chunk_size_too_long) return Fail(FramingError::kMalformed);
    if (ec == beast_http::error::need_more) break;
    if (ec == beast_http::error::body_limit) return Fail(FramingError::kBodyTooLarge);
    if (ec == beast_http::error::header_limit) return Fail(FramingError::kHeadTooLarge);
    if (ec == beast_http::error::bad_version && request_bytes_ == 0 && IsWellFormedVersion(data)) {
      return Fail(FramingError::kVersion);  // HTTP/2.0, HTTP/0.9: well-formed, not ours
    }
    if (ec) return Fail(FramingError::kMalformed);
    if (parser->is_header_done() && !head_checked_) {
      head_bytes_ = request_bytes_;
      if (head_bytes_ > limits_.max_header_bytes) return Fail(FramingError::kHeadTooLarge);
      if (!CheckHead()) return State::kError;
      head_checked_ = true;
      parser->eager(true);
    }
    if (parser->is_done()) {
      if (FramingBytes(0) > limits_.max_framing_bytes) return Fail(FramingError::kFramingTooLarge);
      return State::kRequest;
    }
    if (n == 0 && pos >= data.size()) break;
  }
  const size_t pending = data.size() - pos;
  impl_->pending = pending;
  if (!parser->is_header_done()) {
    // Beast checks its header limit per put() and takes complete header lines as it goes, so
    // the head's total is counted here.
    if (request_bytes_ + pending > limits_.max_header_bytes) {
      return Fail(FramingError::kHeadTooLarge);
    }
  } else if (FramingBytes(pending) > limits_.max_framing_bytes) {
    return Fail(FramingError::kFramingTooLarge);
  }
  return State::kNeedMore;
}

// Bytes of this request beyond its head and body: chunk-size lines, extensions, trailers,
// counted with `pending` bytes that wait unparsed (a chunk-size line or trailers not yet
// complete).
size_t RequestReader::FramingBytes(size_t pending) const {
  return request_bytes_ + pending - head_bytes_ - impl_->parser->get().body().size();
}

bool RequestReader::CheckHead() {
  const auto& msg = impl_->parser->get();
  if (msg.version() / 10 != 1) return Fail(FramingError::kVersion), false;
  // The head's fields, copied now: Beast adds trailers to the same fields (a repeated name
  // next to its first occurrence), and trailers never act as headers (RFC 9110 6.5.1), or an
  // Origin or If-Match could come after the head was checked.
  impl_->head_fields.clear();
  for (const auto& f : msg) impl_->head_fields.emplace(View(f.name_string()), View(f.value()));
  int hosts = 0, lengths = 0;
  std::vector<std::string_view> codings;
  bool has_te = false;
  for (const auto& f : msg) {
    switch (f.name()) {
      case beast_http::field::host:
        ++hosts;
        break;
      case beast_http::field::content_length:
        ++lengths;
        if (f.value().find(',') != std::string_view::npos) ++lengths;  // "1, 1"
        break;
      case beast_http::field::transfer_encoding:
        has_te = true;
        AppendCodings(View(f.value()), &codings);
        break;
      default:
        break;
    }
  }
  if (hosts > 1 || (hosts == 0 && msg.version() >= 11)) return Fail(FramingError::kHost), false;
  if (lengths > 1) return Fail(FramingError::kMalformed), false;
  if (has_te) {
    if (lengths > 0) return Fail(FramingError::kContentLengthAndTe), false;
    if (codings.empty() || !EqualsIgnoreCase(codings.back(), "chunked")) {
      return Fail(FramingError::kTransferEncoding), false;
    }
    if (codings.size() > 1) return Fail(FramingError::kUnsupportedCoding), false;
  }
  return true;
}

bool RequestReader::Take(httplib::Request* req) {
  auto& parser = *impl_->parser;
  auto& msg = parser.get();
  const bool keep_alive = parser.keep_alive();
  httplib::Request r;
  r.method = View(msg.method_string());
  r.target = View(msg.target());
  r.version = msg.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
  r.headers = std::move(impl_->head_fields);
  impl_->head_fields.clear();
  r.body = std::move(msg.body());
  // The absolute form ("GET http://host/path"): its authority replaces the Host header
  // (RFC 9112 section 3.2.2), so the Host allowlist sees the name actually asked for.
  for (std::string_view scheme : {"http://", "https://"}) {
    if (r.target.size() > scheme.size() &&
        EqualsIgnoreCase(std::string_view(r.target).substr(0, scheme.size()), scheme)) {
      size_t path = r.target.find_first_of("/?", scheme.size());
      std::string authority = r.target.substr(scheme.size(), path - scheme.size());
      r.target = path == std::string::npos ? "/" : r.target.substr(path);
      if (r.target[0] == '?') r.target.insert(0, "/");
      r.headers.erase("Host");
      r.headers.emplace("Host", std::move(authority));
      break;
    }
  }
  size_t q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (r.path.find('%') != std::string::npos) r.path = httplib::detail::decode_url(r.path, false);
  if (q != std::string::npos) httplib::detail::parse_query_text(r.target.substr(q + 1), r.params);
  *req = std::move(r);
  impl_->parser.reset();
  impl_->pending = 0;
  in_request_ = false;
  head_checked_ = false;
  head_bytes_ = 0;
  request_bytes_ = 0;
  return keep_alive;
}

}  // namespace overstap::http
