#include "http/event_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>

namespace overstap::http {
namespace {

const char* Reason(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 421:
      return "Misdirected Request";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

// After an error answer the client may still be sending its body. Closing at once would make
// the kernel reset the connection, and a reset can destroy the answer before the client reads
// it. So: stop writing, read and discard up to this many bytes for at most kDrainMs, then
// close (lingering close).
constexpr size_t kMaxDrainBytes = 16 << 20;
constexpr int64_t kDrainMs = 5000;
// How long a loop stops accepting when even the reserve descriptor could not be had.
constexpr int64_t kAcceptPauseMs = 100;
// Descriptors beyond the connection cap: the database, logs, the listening socket, epoll.
constexpr rlim_t kSpareDescriptors = 1024;

constexpr size_t kReadChunk = 65536;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Conn {
  Conn(int fd, const ReaderLimits& limits, int64_t now)
      : fd(fd), reader(limits), last_active(now) {}
  int fd;
  RequestReader reader;
  std::string in;   // bytes read, not yet taken by the reader
  std::string out;  // bytes to write
  size_t out_pos = 0;
  bool close_after_write = false;  // the last answer ends the connection
  bool continue_sent = false;      // "100 Continue" already sent for the request being read
  size_t draining = 0;             // > 0: answered and half-closed; discarding what still comes
  int64_t last_active = 0;         // steady ms of the last event or progress
  int64_t request_start = 0;       // steady ms of the current request's first byte; 0: none
};

void Serialize(const httplib::Response& res, const std::string& fixed_headers, bool head,
               bool keep_alive, std::string* out) {
  out->append("HTTP/1.1 ");
  out->append(std::to_string(res.status));
  out->push_back(' ');
  out->append(Reason(res.status));
  out->append("\r\n");
  for (const auto& [k, v] : res.headers) {
    if (k == "Content-Length" || k == "Connection") continue;
    out->append(k).append(": ").append(v).append("\r\n");
  }
  out->append(fixed_headers);
  if (res.status != 204 && res.status != 304 && res.status >= 200) {
    out->append("Content-Length: ").append(std::to_string(res.body.size())).append("\r\n");
  }
  out->append(keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
  if (!head && res.status != 204 && res.status != 304) out->append(res.body);
}

enum class Flush { kDone, kPending, kFailed };

}  // namespace

struct EventServer::Loop {
  int epfd = -1;
  std::thread thread;
  std::unordered_map<int, std::unique_ptr<Conn>> conns;
  int64_t accept_paused_until = 0;  // > 0: the listening socket is out of this loop's epoll
};

EventServer::EventServer(Handler handler, ErrorHandler on_error, const TransportOptions& options)
    : handler_(std::move(handler)), on_error_(std::move(on_error)), options_(options) {
  for (int i = 0; i < std::max(1, options_.loops); ++i) loops_.push_back(new Loop());
  stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  reserve_fd_ = open("/dev/null", O_RDONLY | O_CLOEXEC);
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
  if (reserve_fd_ >= 0) close(reserve_fd_);
}

Result<int> EventServer::Bind(const std::string& host, int port) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    rlim_t want = static_cast<rlim_t>(options_.max_connections) + kSpareDescriptors;
    if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < want) {
      files.rlim_cur = files.rlim_max == RLIM_INFINITY ? want : std::min(want, files.rlim_max);
      setrlimit(RLIMIT_NOFILE, &files);
    }
  }
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

void EventServer::Refuse(int fd, FramingError error) {
  httplib::Response res;
  on_error_(error, "", res);
  std::string out;
  Serialize(res, options_.fixed_headers, false, false, &out);
  [[maybe_unused]] ssize_t n = send(fd, out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  shutdown(fd, SHUT_WR);
  // Unread bytes at close() make the kernel send a reset, which can destroy the answer: read
  // what has already arrived first (no waiting).
  char sink[4096];
  for (int i = 0; i < 16 && recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
  }
  close(fd);
}

bool EventServer::AcceptAll(Loop* loop, int64_t now) {
  while (true) {
    int cfd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (cfd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: the connection would wait in the backlog and the level-triggered
        // listening socket would wake the loops at once, forever. Give up the reserve
        // descriptor to accept and refuse it; pause this loop's accepting briefly either way.
        std::lock_guard lock(reserve_mu_);
        if (reserve_fd_ >= 0) {
          close(reserve_fd_);
          reserve_fd_ = -1;
          int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (fd >= 0) Refuse(fd, FramingError::kTooManyConnections);
          reserve_fd_ = open("/dev/null", O_RDONLY | O_CLOEXEC);
        }
        return false;
      }
      return true;  // EAGAIN: nothing more waits
    }
    if (open_connections_.load(std::memory_order_relaxed) >= options_.max_connections) {
      Refuse(cfd, FramingError::kTooManyConnections);
      continue;
    }
    int one = 1;
    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLET | EPOLLRDHUP;
    ev.data.fd = cfd;
    if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, cfd, &ev) != 0) {
      close(cfd);
      continue;
    }
    open_connections_.fetch_add(1, std::memory_order_relaxed);
    loop->conns.emplace(cfd, std::make_unique<Conn>(cfd, options_.limits, now));
  }
}

void EventServer::RunLoop(Loop* loop) {
  std::vector<epoll_event> events(256);
  auto close_conn = [&](int fd) {
    epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
    if (loop->conns.erase(fd)) open_connections_.fetch_sub(1, std::memory_order_relaxed);
  };
  auto arm = [&](int fd, bool want_write) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLET | EPOLLRDHUP | (want_write ? EPOLLOUT : 0u);
    ev.data.fd = fd;
    epoll_ctl(loop->epfd, EPOLL_CTL_MOD, fd, &ev);
  };
  // Writes what is pending.
  auto flush = [&](Conn* c, int64_t now) {
    while (c->out_pos < c->out.size()) {
      ssize_t n = send(c->fd, c->out.data() + c->out_pos, c->out.size() - c->out_pos, MSG_NOSIGNAL);
      if (n > 0) {
        c->out_pos += static_cast<size_t>(n);
        c->last_active = now;
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        arm(c->fd, true);
        return Flush::kPending;  // the rest when the socket is writable again
      } else {
        return Flush::kFailed;
      }
    }
    c->out.clear();
    c->out_pos = 0;
    if (c->out.capacity() > (1u << 20)) std::string().swap(c->out);
    return Flush::kDone;
  };
  // The answer is written: stop writing, let the client finish sending, then close.
  auto start_drain = [&](Conn* c) {
    shutdown(c->fd, SHUT_WR);
    c->draining = 1;
    std::string().swap(c->in);
  };
  // Queues a refusal of the transport and ends the connection after it.
  auto refuse = [&](Conn* c, FramingError error) {
    httplib::Response res;
    on_error_(error, c->reader.path(), res);
    Serialize(res, options_.fixed_headers, false, false, &c->out);
    c->close_after_write = true;
    std::string().swap(c->in);
  };
  // After a write completed or a refusal was queued: true when the connection lives on.
  auto after_write = [&](Conn* c, Flush f) {
    if (f == Flush::kFailed) return close_conn(c->fd), false;
    if (f == Flush::kPending) return false;
    if (c->close_after_write) return start_drain(c), false;
    return true;
  };

  enum class Next { kRead, kStop };
  // Parses the buffered bytes and serves every complete request in them.
  auto serve_buffered = [&](Conn* c, int64_t now) {
    while (true) {
      size_t pos = 0;
      bool more = false;  // stopped to write a large pipelined answer first
      while (!c->close_after_write) {
        size_t consumed = 0;
        RequestReader::State state;
        FramingError error = FramingError::kNone;
        try {
          state = c->reader.Parse(std::string_view(c->in).substr(pos), &consumed);
          error = c->reader.error();
        } catch (...) {
          state = RequestReader::State::kError;
          error = FramingError::kInternal;
        }
        pos += consumed;
        if (c->reader.in_request() && c->request_start == 0) c->request_start = now;
        if (state == RequestReader::State::kNeedMore) {
          if (!c->continue_sent && c->reader.expects_continue()) {
            c->continue_sent = true;
            c->out.append("HTTP/1.1 100 Continue\r\n\r\n");
          }
          break;
        }
        if (state == RequestReader::State::kError) {
          refuse(c, error);
          return after_write(c, flush(c, now)), Next::kStop;
        }
        httplib::Response res;
        bool keep_alive = false, head = false;
        try {
          httplib::Request req;
          keep_alive = c->reader.Take(&req);
          head = req.method == "HEAD";
          handler_(req, res);
        } catch (...) {
          res = httplib::Response();
          on_error_(FramingError::kInternal, "", res);
        }
        c->request_start = 0;
        c->continue_sent = false;
        if (res.status <= 0) res.status = 200;
        Serialize(res, options_.fixed_headers, head, keep_alive, &c->out);
        if (!keep_alive) {
          c->close_after_write = true;
          std::string().swap(c->in);
          pos = 0;
          break;
        }
        if (c->out.size() - c->out_pos >= kReadChunk) {  // write before parsing on
          more = true;
          break;
        }
      }
      if (pos > 0) c->in.erase(0, pos);
      if (c->in.empty() && c->in.capacity() > 4 * kReadChunk) std::string().swap(c->in);
      if (!c->out.empty()) {
        if (!after_write(c, flush(c, now))) return Next::kStop;
        if (!c->out.empty()) return Next::kStop;
      }
      if (!more) return Next::kRead;
    }
  };

  // Deadlines and idle connections, checked a few times a second.
  auto sweep = [&](int64_t now) {
    std::vector<int> expired;
    std::vector<Conn*> late;
    for (const auto& [fd, conn] : loop->conns) {
      Conn* c = conn.get();
      if (c->draining) {
        if (now - c->last_active > kDrainMs) expired.push_back(fd);
      } else if (!c->out.empty()) {
        if (now - c->last_active > options_.idle_timeout_ms) expired.push_back(fd);  // not reading
      } else if (c->request_start != 0) {
        const int64_t limit =
            c->reader.head_done() ? options_.request_timeout_ms : options_.head_timeout_ms;
        if (now - c->request_start > limit) late.push_back(c);
      } else if (now - c->last_active > options_.idle_timeout_ms) {
        expired.push_back(fd);
      }
    }
    for (Conn* c : late) {
      refuse(c, FramingError::kTimeout);
      after_write(c, flush(c, now));
    }
    for (int fd : expired) close_conn(fd);
  };

  int64_t last_sweep = NowMs();
  while (!stopping_.load()) {
    const int timeout = loop->accept_paused_until ? static_cast<int>(kAcceptPauseMs) / 2 : 250;
    int n = epoll_wait(loop->epfd, events.data(), static_cast<int>(events.size()), timeout);
    if (n < 0 && errno != EINTR) break;
    const int64_t now = NowMs();
    if (loop->accept_paused_until && now >= loop->accept_paused_until) {
      loop->accept_paused_until = 0;
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLEXCLUSIVE;
      ev.data.fd = listen_fd_;
      epoll_ctl(loop->epfd, EPOLL_CTL_ADD, listen_fd_, &ev);
    }
    if (now - last_sweep >= 250) {
      last_sweep = now;
      sweep(now);
    }
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == stop_fd_) continue;
      if (fd == listen_fd_) {
        if (!AcceptAll(loop, now) && !loop->accept_paused_until) {
          loop->accept_paused_until = now + kAcceptPauseMs;
          epoll_ctl(loop->epfd, EPOLL_CTL_DEL, listen_fd_, nullptr);
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
        if (!after_write(c, flush(c, now))) continue;
        arm(fd, false);
      }
      const bool hung_up = (events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0;
      // Serve what is buffered (requests pipelined behind one whose answer had to wait), then
      // read and serve until the socket is empty or an answer waits to be written.
      bool open = serve_buffered(c, now) == Next::kRead;
      while (open) {
        char buf[kReadChunk];
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r > 0) {
          c->in.append(buf, static_cast<size_t>(r));
          open = serve_buffered(c, now) == Next::kRead;
          // A short read emptied the socket: no second recv() only to be told EAGAIN. Data
          // or a FIN arriving later raises a new edge-triggered event; one that came with
          // this event (EPOLLRDHUP) is seen by reading on to the end.
          if (static_cast<size_t>(r) < sizeof buf && !hung_up) break;
        } else if (r == 0) {
          close_conn(fd);  // the client is gone; what it sent was served
          break;
        } else if (errno == EINTR) {
          continue;
        } else {
          if (errno != EAGAIN && errno != EWOULDBLOCK) close_conn(fd);
          break;
        }
      }
    }
  }
}

}  // namespace overstap::http
