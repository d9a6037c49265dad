#pragma once
// EventServer: the HTTP/1.1 transport. A few event loops (epoll, edge-triggered sockets), each
// serving many keep-alive connections and running the handler inline, so a busy server does
// not pay one thread and one context switch per connection as thread-per-connection servers
// do. Requests and responses are httplib::Request/Response values, so handlers are
// independent of the transport. Bytes become requests in RequestReader (Boost.Beast's parser
// and our head checks, request_reader.h).
//
// Bounds: a connection cap across all loops (beyond it: 503 and close; the soft RLIMIT_NOFILE
// is raised to fit); a deadline for a request's head and one for its body, both counted from
// the request's first byte (a trickle of bytes does not extend them: 408 and close); an idle
// keep-alive timeout; per connection at most one request head, one body and the framing
// around it in memory, and no reading while an answer waits to be written. When accept()
// runs out of descriptors a reserve descriptor is given up to accept and refuse the
// connection (503), and accepting pauses briefly if even that fails, so the loops never spin.
// Every framing error is answered once and the connection closed: nothing after it is read.
//
// Thread safety: Listen() blocks; Stop() may be called from any thread (also a signal handler:
// it writes to an eventfd).

#include <httplib.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "http/request_reader.h"

namespace overstap::http {

struct TransportOptions {
  ReaderLimits limits;
  int loops = 2;
  int max_connections = 10000;
  int head_timeout_ms = 10000;
  int request_timeout_ms = 60000;
  int idle_timeout_ms = 60000;
  // "Name: value\r\n" lines written into every answer, the transport's refusals included.
  std::string fixed_headers;
};

class EventServer {
 public:
  // Called for every complete request, under a last-resort guard (an escaped exception
  // becomes the error handler's 500).
  using Handler = std::function<void(httplib::Request&, httplib::Response&)>;
  // Answers a request the transport refuses (framing, limits, deadlines, capacity, 500).
  // `path`: the refused request's path when its head was read, else "".
  using ErrorHandler =
      std::function<void(FramingError error, const std::string& path, httplib::Response&)>;

  EventServer(Handler handler, ErrorHandler on_error, const TransportOptions& options);
  ~EventServer();
  EventServer(const EventServer&) = delete;
  EventServer& operator=(const EventServer&) = delete;

  // Binds host:port (port 0: any free port) and returns the port. Raises the soft limit of
  // open files to fit the connection cap (up to the hard limit).
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop().
  void Listen();
  void Stop();

  // Open connections across all loops (for tests and the soak benchmark).
  int connections() const { return open_connections_.load(); }

 private:
  struct Loop;
  void RunLoop(Loop* loop);
  // Accepts what waits on the listening socket; false when accepting must pause.
  bool AcceptAll(Loop* loop, int64_t now_ms);
  void Refuse(int fd, FramingError error);

  Handler handler_;
  ErrorHandler on_error_;
  TransportOptions options_;
  int listen_fd_ = -1;
  int stop_fd_ = -1;  // eventfd: written by Stop()
  std::mutex reserve_mu_;
  int reserve_fd_ = -1;  // given up when accept() runs out of descriptors
  std::atomic<bool> stopping_{false};
  std::atomic<int> open_connections_{0};
  std::vector<Loop*> loops_;
};

}  // namespace overstap::http
