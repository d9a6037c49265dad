// The transport's bounds over real sockets: the connection cap, the head and body deadlines
// (which a trickle of bytes does not extend), the idle timeout, and accept() running out of
// descriptors without the loops spinning.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Clock = std::chrono::steady_clock;

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

bool Send(int fd, const std::string& bytes) {
  return send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

// Reads until the server closes the connection or the receive timeout; *closed tells which.
std::string ReadAll(int fd, bool* closed) {
  std::string out;
  char buf[4096];
  *closed = false;
  while (true) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      out.append(buf, static_cast<size_t>(n));
    } else {
      *closed = n == 0;
      return out;
    }
  }
}

// Reads one answer to a request sent with keep-alive (enough bytes for its status line).
std::string ReadStatusLine(int fd) {
  std::string out;
  char c;
  while (out.find("\r\n") == std::string::npos && recv(fd, &c, 1, 0) == 1) out.push_back(c);
  return out;
}

std::string Get(int port) {
  return "GET /api/v1/sectoren HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n\r\n";
}

// True when a new connection's GET is answered 200 within about a second (the server may
// need a moment to see a closed connection).
bool ServedWithinOneSecond(int port) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    int fd = Connect(port);
    if (fd < 0) continue;
    Send(fd, Get(port));
    const std::string status = ReadStatusLine(fd);
    close(fd);
    if (status.rfind("HTTP/1.1 200", 0) == 0) return true;
  }
  return false;
}

TEST(Transport, ConnectionCapAnswers503AndFreesUp) {
  http::ServerOptions options;
  options.max_connections = 20;
  options.threads = 2;
  TestServer server(FreshDatabase(), options);
  std::vector<int> held;
  for (int i = 0; i < 20; ++i) {
    int fd = Connect(server.port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(Send(fd, Get(server.port())));
    EXPECT_EQ(ReadStatusLine(fd).substr(0, 12), "HTTP/1.1 200") << "connection " << i;
    held.push_back(fd);
  }
  int extra = Connect(server.port());
  ASSERT_GE(extra, 0);
  Send(extra, Get(server.port()));
  bool closed = false;
  std::string answer = ReadAll(extra, &closed);
  close(extra);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 503") << answer;
  EXPECT_NE(answer.find("teVeelVerbindingen"), std::string::npos);
  EXPECT_TRUE(closed);
  // One held connection closes; a new one is served again.
  close(held.back());
  held.pop_back();
  EXPECT_TRUE(ServedWithinOneSecond(server.port()));
  for (int fd : held) close(fd);
}

TEST(Transport, HeadDeadlineIsNotExtendedByTrickledBytes) {
  http::ServerOptions options;
  options.head_timeout_ms = 600;
  TestServer server(FreshDatabase(), options);
  int fd = Connect(server.port());
  ASSERT_GE(fd, 0);
  const std::string head = "GET /api/v1/sectoren HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  const auto start = Clock::now();
  // One byte every 100 ms for 3 s: each byte arrives well within any idle timeout.
  std::thread trickle([&] {
    for (size_t i = 0; i < 30; ++i) {
      if (!Send(fd, std::string(1, i < head.size() ? head[i] : 'a'))) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  bool closed = false;
  std::string answer = ReadAll(fd, &closed);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  trickle.join();
  close(fd);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 408") << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(closed);
  EXPECT_LT(seconds, 2.0) << "the deadline counts from the first byte";
}

TEST(Transport, BodyDeadline) {
  http::ServerOptions options;
  options.request_timeout_ms = 500;
  TestServer server(FreshDatabase(), options);
  int fd = Connect(server.port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(Send(fd,
                   "POST /api/v1/organisaties HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"na"));
  bool closed = false;
  std::string answer = ReadAll(fd, &closed);
  close(fd);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 408") << answer;
  EXPECT_TRUE(closed);
}

TEST(Transport, IdleKeepAliveConnectionIsClosed) {
  http::ServerOptions options;
  options.idle_timeout_ms = 300;
  TestServer server(FreshDatabase(), options);
  int fd = Connect(server.port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(Send(fd, Get(server.port())));
  EXPECT_EQ(ReadStatusLine(fd).substr(0, 12), "HTTP/1.1 200");
  const auto start = Clock::now();
  bool closed = false;
  ReadAll(fd, &closed);  // the rest of the answer, then the close
  close(fd);
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - start).count(), 2.0);
}

// CPU seconds this process has used (all threads).
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// The clients of the test below, in a process of their own (its own descriptor limit): 40
// connections each send a GET; within 1.5 s the status of each answer is read; the counts of
// 200 and 503 are printed; the connections are held 2 s more, then closed.
constexpr const char* kClientScript = R"(
import socket, sys, time, selectors
port = int(sys.argv[1])
socks = []
for i in range(40):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /api/v1/sectoren HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    s.setblocking(False)
    socks.append(s)
sel = selectors.DefaultSelector()
got = {}
for s in socks:
    sel.register(s, selectors.EVENT_READ)
deadline = time.time() + 1.5
while time.time() < deadline and len(got) < len(socks):
    for key, _ in sel.select(0.05):
        try:
            data = key.fileobj.recv(64)
        except OSError:
            data = b""
        got[key.fileobj] = data[:12]
        sel.unregister(key.fileobj)
ok = sum(1 for v in got.values() if v == b"HTTP/1.1 200")
refused = sum(1 for v in got.values() if v == b"HTTP/1.1 503")
print(ok, refused, flush=True)
time.sleep(2)
)";

TEST(Transport, OutOfDescriptorsNeitherSpinsNorStops) {
  http::ServerOptions options;
  options.threads = 2;
  TestServer server(FreshDatabase(), options);
  const int port = server.port();
  // One request first: UBSan checks a polymorphic type's first use through a pipe, which
  // cannot be had once descriptors run out (a false "invalid vptr" report).
  ASSERT_TRUE(ServedWithinOneSecond(port));
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  // Leave the server (this process) only a few free descriptors.
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  int probe = dup(0);
  ASSERT_GE(probe, 0);
  close(probe);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    dup2(out[1], 1);
    execlp("python3", "python3", "-c", kClientScript, std::to_string(port).c_str(), nullptr);
    _exit(127);
  }
  close(out[1]);
  rlimit tight = saved;
  tight.rlim_cur = static_cast<rlim_t>(probe) + 8;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &tight), 0);
  std::string counts;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') counts.push_back(c);
  // The clients hold their connections; those not accepted wait in the backlog, where a
  // spinning accept loop would burn a core.
  const double cpu_before = CpuSeconds();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const double cpu = CpuSeconds() - cpu_before;
  int status = 0;
  waitpid(child, &status, 0);
  setrlimit(RLIMIT_NOFILE, &saved);
  close(out[0]);
  int answered = 0, refused = 0;
  ASSERT_EQ(sscanf(counts.c_str(), "%d %d", &answered, &refused), 2) << counts;
  EXPECT_GT(answered, 0) << "some connections were served";
  EXPECT_GT(refused, 0) << "some were refused with 503 through the reserve descriptor";
  EXPECT_LT(cpu, 0.5) << "the loops spin while accept() fails";
  // Descriptors back: the server serves again.
  EXPECT_TRUE(ServedWithinOneSecond(port));
}

}  // namespace
}  // namespace overstap::testing
