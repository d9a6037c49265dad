#include "http/event_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace overstap::http {
namespace {

constexpr size_t kMaxRequestLine = 8192;
constexpr size_t kMaxHeaderBytes = 65536;

const char* Reason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// ASCII case-insensitive equality; `lower` is already lower case.
bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (LowerAscii(s[i]) != lower[i]) return false;
  }
  return true;
}

// ASCII case-insensitive substring search; `lower` is already lower case.
bool ContainsLower(std::string_view s, std::string_view lower) {
  for (size_t i = 0; i + lower.size() <= s.size(); ++i) {
    if (EqualsLower(s.substr(i, lower.size()), lower)) return true;
  }
  return false;
}

struct Conn {
  int fd = -1;
  std::string in;        // bytes read, not yet consumed
  std::string out;       // bytes to write
  size_t out_pos = 0;
  bool close_after_write = false;
  bool continue_sent = false;  // "100 Continue" already sent for the request being read
  size_t draining = 0;         // > 0: answered and half-closed; discarding what still comes
  int64_t last_active = 0;     // steady seconds of the last event
};

// Connections idle this long are closed (keep-alive, slow or stalled clients).
constexpr int64_t kIdleSeconds = 60;
constexpr int64_t kDrainSeconds = 5;

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// After an error answer the client may still be sending its body. Closing at once would make
// the kernel reset the connection, and a reset can destroy the answer before the client reads
// it. So: stop writing, read and discard up to this many bytes, then close (lingering close).
constexpr size_t kMaxDrainBytes = 16 << 20;

enum class Parse { kNeedMore, kRequest, kError };

// Parses one request from the front of `in`. On kRequest fills `req` and erases the bytes;
// on kError sets *status (400/413/414/431).
Parse ParseRequest(std::string& in, size_t max_body, httplib::Request* req, bool* keep_alive,
                   bool* too_large, int* status, bool* expect_continue) {
  size_t line_end = in.find("\r\n");
  if (line_end == std::string::npos) {
    if (in.size() > kMaxRequestLine) return *status = 414, Parse::kError;
    return Parse::kNeedMore;
  }
  if (line_end > kMaxRequestLine) return *status = 414, Parse::kError;
  size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    if (in.size() > kMaxHeaderBytes) return *status = 431, Parse::kError;
    return Parse::kNeedMore;
  }
  if (head_end > kMaxHeaderBytes) return *status = 431, Parse::kError;
  // Request line.
  const std::string_view line(in.data(), line_end);
  size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return *status = 400, Parse::kError;
  httplib::Request r;
  r.method = line.substr(0, sp1);
  r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  r.version = line.substr(sp2 + 1);
  if (r.method.empty() || r.target.empty() || r.target[0] != '/' ||
      (r.version != "HTTP/1.1" && r.version != "HTTP/1.0")) {
    return *status = 400, Parse::kError;
  }
  for (char c : r.method) {
    if (c < 'A' || c > 'Z') return *status = 400, Parse::kError;
  }
  // Headers. The ones the transport itself needs are noted on the way (the first of each).
  std::optional<std::string_view> transfer_encoding, expect, content_length, connection;
  auto note = [](std::optional<std::string_view>* slot, std::string_view value) {
    if (!*slot) *slot = value;
  };
  size_t pos = line_end + 2;
  while (pos < head_end) {
    size_t eol = in.find("\r\n", pos);
    const std::string_view h(in.data() + pos, eol - pos);
    pos = eol + 2;
    size_t colon = h.find(':');
    if (colon == std::string_view::npos || colon == 0) return *status = 400, Parse::kError;
    const std::string_view name = h.substr(0, colon);
    size_t v = colon + 1;
    while (v < h.size() && (h[v] == ' ' || h[v] == '\t')) ++v;
    size_t e = h.size();
    while (e > v && (h[e - 1] == ' ' || h[e - 1] == '\t')) --e;
    const std::string_view value = h.substr(v, e - v);
    if (EqualsLower(name, "transfer-encoding")) note(&transfer_encoding, value);
    if (EqualsLower(name, "expect")) note(&expect, value);
    if (EqualsLower(name, "content-length")) note(&content_length, value);
    if (EqualsLower(name, "connection")) note(&connection, value);
    r.headers.emplace(name, value);
  }
  size_t body_start = head_end + 4;
  const bool chunked = transfer_encoding && ContainsLower(*transfer_encoding, "chunked");
  *too_large = false;
  *expect_continue = expect && EqualsLower(*expect, "100-continue");
  size_t consumed = body_start;
  if (chunked) {
    std::string body;
    size_t p = body_start;
    while (true) {
      size_t le = in.find("\r\n", p);
      if (le == std::string::npos) {
        if (in.size() - p > 64) return *status = 400, Parse::kError;
        return Parse::kNeedMore;
      }
      std::string size_text = in.substr(p, le - p);
      size_t semi = size_text.find(';');
      if (semi != std::string::npos) size_text.resize(semi);
      char* endp = nullptr;
      unsigned long long n = std::strtoull(size_text.c_str(), &endp, 16);
      if (size_text.empty() || *endp != '\0') return *status = 400, Parse::kError;
      if (body.size() + n > max_body) return *status = 413, Parse::kError;
      if (n == 0) {
        // Trailers (ignored) end with an empty line.
        size_t end = in.find("\r\n", le + 2);
        if (end == std::string::npos) return Parse::kNeedMore;
        while (end != le + 2 && end != std::string::npos) {
          size_t next = in.find("\r\n", end + 2);
          if (next == std::string::npos) return Parse::kNeedMore;
          if (next == end + 2) { end = next; break; }
          end = next;
        }
        consumed = end + 2;
        break;
      }
      if (in.size() < le + 2 + n + 2) {
        *expect_continue = false;
        return Parse::kNeedMore;
      }
      body.append(in, le + 2, n);
      if (in.compare(le + 2 + n, 2, "\r\n") != 0) return *status = 400, Parse::kError;
      p = le + 2 + n + 2;
    }
    r.body = std::move(body);
  } else if (content_length) {
    const std::string cl(*content_length);
    char* endp = nullptr;
    unsigned long long n = std::strtoull(cl.c_str(), &endp, 10);
    if (cl.empty() || *endp != '\0' || cl[0] == '-') return *status = 400, Parse::kError;
    if (n > max_body) return *status = 413, Parse::kError;
    if (in.size() < body_start + n) return Parse::kNeedMore;
    r.body = in.substr(body_start, n);
    consumed = body_start + n;
  }
  *expect_continue = false;
  // Path and query (the path is decoded only when it has something to decode).
  size_t q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (r.path.find('%') != std::string::npos) r.path = httplib::detail::decode_url(r.path, false);
  if (q != std::string::npos) httplib::detail::parse_query_text(r.target.substr(q + 1), r.params);
  *keep_alive = r.version == "HTTP/1.1" ? !(connection && EqualsLower(*connection, "close"))
                                        : connection && EqualsLower(*connection, "keep-alive");
  in.erase(0, consumed);  // last: the header views above point into `in`
  *req = std::move(r);
  return Parse::kRequest;
}

void Serialize(const httplib::Response& res, bool head, bool keep_alive, std::string* out) {
  out->append("HTTP/1.1 ");
  out->append(std::to_string(res.status));
  out->push_back(' ');
  out->append(Reason(res.status));
  out->append("\r\n");
  for (const auto& [k, v] : res.headers) {
    if (k == "Content-Length" || k == "Connection") continue;
    out->append(k).append(": ").append(v).append("\r\n");
  }
  if (res.status != 204 && res.status >= 200) {
    out->append("Content-Length: ").append(std::to_string(res.body.size())).append("\r\n");
  }
  out->append(keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
  if (!head && res.status != 204) out->append(res.body);
}

}  // namespace

struct EventServer::Loop {
  int epfd = -1;
  std::thread thread;
  std::unordered_map<int, std::unique_ptr<Conn>> conns;
};

EventServer::EventServer(Handler handler, ErrorHandler on_error, size_t max_body_bytes, int loops)
    : handler_(std::move(handler)), on_error_(std::move(on_error)), max_body_(max_body_bytes) {
  for (int i = 0; i < std::max(1, loops); ++i) loops_.push_back(new Loop());
  stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

EventServer::~EventServer() {
  Stop();
  for (Loop* l : loops_) {
    if (l->thread.joinable()) l->thread.join();
    for (auto& [fd, c] : l->conns) close(fd);
    if (l->epfd >= 0) close(l->epfd);
    delete l;
  }
  if (listen_fd_ >= 0) close(listen_fd_);
  if (stop_fd_ >= 0) close(stop_fd_);
}

Result<int> EventServer::Bind(const std::string& host, int port) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return Unavailable("socket: " + std::string(strerror(errno)));
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  std::string h = host == "localhost" ? "127.0.0.1" : host;
  if (inet_pton(AF_INET, h.c_str(), &addr.sin_addr) != 1) {
    return Unavailable("cannot bind " + host + ": not an IPv4 address");
  }
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 1024) != 0) {
    return Unavailable("cannot bind " + host + ":" + std::to_string(port) + ": " + strerror(errno));
  }
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  return static_cast<int>(ntohs(addr.sin_port));
}

void EventServer::Stop() {
  stopping_.store(true);
  if (stop_fd_ >= 0) {
    uint64_t one = 1;
    [[maybe_unused]] auto n = write(stop_fd_, &one, sizeof one);
  }
}

void EventServer::Listen() {
  for (Loop* l : loops_) {
    l->epfd = epoll_create1(EPOLL_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = stop_fd_;
    epoll_ctl(l->epfd, EPOLL_CTL_ADD, stop_fd_, &ev);
    // Every loop accepts from the shared listening socket (EPOLLEXCLUSIVE: one wakes).
    ev.events = EPOLLIN | EPOLLEXCLUSIVE;
    ev.data.fd = listen_fd_;
    epoll_ctl(l->epfd, EPOLL_CTL_ADD, listen_fd_, &ev);
  }
  for (size_t i = 1; i < loops_.size(); ++i) {
    loops_[i]->thread = std::thread([this, i] { RunLoop(loops_[i]); });
  }
  RunLoop(loops_[0]);
  for (size_t i = 1; i < loops_.size(); ++i) {
    if (loops_[i]->thread.joinable()) loops_[i]->thread.join();
  }
}

void EventServer::RunLoop(Loop* loop) {
  std::vector<epoll_event> events(256);
  auto close_conn = [&](int fd) {
    epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
    loop->conns.erase(fd);
  };
  // Writes what is pending; false when the connection is to be closed.
  auto flush = [&](Conn* c) {
    while (c->out_pos < c->out.size()) {
      ssize_t n = send(c->fd, c->out.data() + c->out_pos, c->out.size() - c->out_pos, MSG_NOSIGNAL);
      if (n > 0) {
        c->out_pos += static_cast<size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLET | EPOLLRDHUP;
        ev.data.fd = c->fd;
        epoll_ctl(loop->epfd, EPOLL_CTL_MOD, c->fd, &ev);
        return true;  // the rest when the socket is writable again
      } else {
        return false;
      }
    }
    c->out.clear();
    c->out_pos = 0;
    return !c->close_after_write;
  };
  int64_t last_sweep = NowSeconds();
  while (!stopping_.load()) {
    int n = epoll_wait(loop->epfd, events.data(), static_cast<int>(events.size()), 1000);
    if (n < 0 && errno != EINTR) break;
    const int64_t now = NowSeconds();
    if (now != last_sweep) {
      last_sweep = now;
      std::vector<int> idle;
      for (const auto& [cfd, conn] : loop->conns) {
        if (now - conn->last_active > (conn->draining ? kDrainSeconds : kIdleSeconds)) idle.push_back(cfd);
      }
      for (int cfd : idle) close_conn(cfd);
    }
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == stop_fd_) continue;
      if (fd == listen_fd_) {
        while (true) {
          int cfd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (cfd < 0) break;
          int one = 1;
          setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          auto c = std::make_unique<Conn>();
          c->fd = cfd;
          c->last_active = now;
          epoll_event ev{};
          ev.events = EPOLLIN | EPOLLET | EPOLLRDHUP;
          ev.data.fd = cfd;
          epoll_ctl(loop->epfd, EPOLL_CTL_ADD, cfd, &ev);
          loop->conns.emplace(cfd, std::move(c));
        }
        continue;
      }
      auto it = loop->conns.find(fd);
      if (it == loop->conns.end()) continue;
      Conn* c = it->second.get();
      c->last_active = now;
      if (c->draining) {
        char sink[65536];
        ssize_t r;
        while ((r = recv(fd, sink, sizeof sink, 0)) > 0) c->draining += static_cast<size_t>(r);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) ||
            c->draining > kMaxDrainBytes) {
          close_conn(fd);
        }
        continue;
      }
      if (!c->out.empty()) {  // finish a pending write first
        if (!flush(c)) {
          close_conn(fd);
          continue;
        }
        if (!c->out.empty()) continue;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLET | EPOLLRDHUP;
        ev.data.fd = fd;
        epoll_ctl(loop->epfd, EPOLL_CTL_MOD, fd, &ev);
      }
      bool peer_closed = false;
      const bool hung_up = (events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0;
      char buf[65536];
      while (true) {
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r > 0) {
          c->in.append(buf, static_cast<size_t>(r));
          if (c->in.size() > max_body_ + kMaxHeaderBytes + 65536) break;  // parse will refuse
          // A short read emptied the socket: no second recv() only to be told EAGAIN. Data
          // or a FIN arriving later raises a new edge-triggered event; one that came with
          // this event (EPOLLRDHUP) is seen by reading on to the end.
          if (static_cast<size_t>(r) < sizeof buf && !hung_up) break;
        } else if (r == 0) {
          peer_closed = true;
          break;
        } else if (errno == EINTR) {
          continue;
        } else {
          if (errno != EAGAIN && errno != EWOULDBLOCK) peer_closed = true;
          break;
        }
      }
      bool alive = true;
      while (alive && !c->in.empty()) {
        httplib::Request req;
        bool keep_alive = true, too_large = false, expect_continue = false;
        int status = 0;
        Parse p = ParseRequest(c->in, max_body_, &req, &keep_alive, &too_large, &status, &expect_continue);
        if (p == Parse::kNeedMore) {
          if (expect_continue && !c->continue_sent) {
            c->continue_sent = true;
            c->out.append("HTTP/1.1 100 Continue\r\n\r\n");
            alive = flush(c);
          }
          break;
        }
        c->continue_sent = false;
        httplib::Response res;
        bool head = false;
        if (p == Parse::kError) {
          res.status = status;
          on_error_(status, res);
          keep_alive = false;
          c->in.clear();
        } else {
          head = req.method == "HEAD";
          try {
            handler_(req, res);
          } catch (...) {
            res = httplib::Response();
            res.status = 500;
            on_error_(500, res);
          }
        }
        if (res.status <= 0) res.status = 200;
        Serialize(res, head, keep_alive, &c->out);
        c->close_after_write = !keep_alive;
        alive = flush(c);
        if (!c->out.empty()) break;  // wait for EPOLLOUT before the next request
      }
      if (!alive && c->close_after_write && c->out.empty() && !peer_closed) {
        shutdown(fd, SHUT_WR);  // answer sent; let the client finish sending, then close
        c->draining = 1;
        c->in.clear();
        continue;
      }
      if (!alive || (peer_closed && c->out.empty())) close_conn(fd);
    }
  }
}

}  // namespace overstap::http
