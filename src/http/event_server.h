#pragma once
// EventServer: the HTTP/1.1 transport. A few event loops (epoll, edge-triggered sockets), each
// serving many keep-alive connections and running the handler inline, so a busy server does
// not pay one thread and one context switch per connection as thread-per-connection servers
// do (measured: cpp-httplib 0.11 spent ~50% of its CPU in poll, futex and scheduling at 64
// connections). Requests and responses are httplib::Request/Response values, so handlers are
// independent of the transport.
//
// Limits: request line <= 8 KiB (414), headers <= 64 KiB (431), body <= max_body_bytes (413),
// with Content-Length or chunked transfer coding. HTTP/1.1 keep-alive and HTTP/1.0.
// Thread safety: Listen() blocks; Stop() may be called from any thread (also a signal handler
// through the self-pipe it writes to).

#include <httplib.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"

namespace overstap::http {

class EventServer {
 public:
  // Called for every complete request. `too_large` is set when the body exceeded the limit
  // (the body is then empty); the handler answers 413.
  using Handler = std::function<void(httplib::Request&, httplib::Response&)>;
  // Answers a transport-level error (400, 413, 414, 431) with a body of the caller's choice.
  using ErrorHandler = std::function<void(int status, httplib::Response&)>;

  EventServer(Handler handler, ErrorHandler on_error, size_t max_body_bytes, int loops);
  ~EventServer();
  EventServer(const EventServer&) = delete;
  EventServer& operator=(const EventServer&) = delete;

  // Binds host:port (port 0: any free port) and returns the port.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop().
  void Listen();
  void Stop();

 private:
  struct Loop;
  void RunLoop(Loop* loop);

  Handler handler_;
  ErrorHandler on_error_;
  size_t max_body_;
  int listen_fd_ = -1;
  int stop_fd_ = -1;  // eventfd: written by Stop()
  std::atomic<bool> stopping_{false};
  std::vector<Loop*> loops_;
};

}  // namespace overstap::http
