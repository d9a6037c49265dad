// No write without its audit record: the real binary serves eight concurrent writers (people
// created, patched and deleted; events one by one and in log-first batches) and is killed with
// SIGKILL in the middle of it. Reopened, the database must hold every write that was answered
// with a 2xx, each with its audit record: a write and its record commit in one transaction.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kWriters = 8;
constexpr auto kWriteFor = std::chrono::milliseconds(2500);

// A port nobody listens on now: the kernel's pick for a socket bound to port 0, closed again.
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  at.sin_port = 0;
  socklen_t len = sizeof(at);
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof(at)) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&at), &len) == 0;
  close(fd);
  return ok ? ntohs(at.sin_port) : -1;
}

// What the writers were told succeeded (a 2xx answer), and when the last answer came.
struct Acknowledged {
  std::mutex mu;
  std::set<std::string> created, patched, deleted;
  // People whose DELETE was sent: one the kill cut off may or may not have been applied.
  std::set<std::string> deleting;
  std::map<std::string, std::set<std::string>> events;  // person -> notes of their events
  int64_t writes = 0;
  Clock::time_point last{};

  void Add(const std::function<void()>& record) {
    std::lock_guard lock(mu);
    record();
    ++writes;
    last = Clock::now();
  }
};

Json Person(int writer, int n) {
  return {{"voornaam", "Kill"},
          {"achternaam", "W" + std::to_string(writer) + "-" + std::to_string(n)},
          {"geboortedatum", "2008-03-14"},
          {"postcode", "3511"},
          {"situatie", "geen"},
          {"niveau", "pro"},
          {"urenPerWeek", 24}};
}

Json Contact(const std::string& note) {
  return {{"soort", "contact"},
          {"tijdstip", "2025-01-10"},
          {"contactSoort", "telefoon"},
          {"notitie", note}};
}

// One writer: creates people and, every few people, patches, deletes, or records events for
// them (single events and batches), until `stop`. Only 2xx answers count as acknowledged.
void Write(int port, int writer, const std::atomic<bool>& stop, Acknowledged* acked) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(2);
  c.set_read_timeout(10);
  const std::string people = "/api/v1/deelnemers";
  std::vector<std::string> mine;  // created and not deleted
  for (int n = 0; !stop.load(); ++n) {
    auto created = c.Post(people.c_str(), Person(writer, n).dump(), "application/json");
    if (!created || created->status != 201) continue;
    const std::string id = Json::parse(created->body)["id"];
    acked->Add([&] { acked->created.insert(id); });
    mine.push_back(id);
    const std::string path = people + "/" + id;
    const std::string note = "w" + std::to_string(writer) + "-" + std::to_string(n);
    switch (n % 4) {
      case 0: {
        auto r = c.Patch(path.c_str(), {{"If-Match", "\"1\""}}, R"({"urenPerWeek": 16})",
                         "application/merge-patch+json");
        if (r && r->status == 200) acked->Add([&] { acked->patched.insert(id); });
        break;
      }
      case 1: {
        auto r =
            c.Post((path + "/gebeurtenissen").c_str(), Contact(note).dump(), "application/json");
        if (r && r->status == 201) acked->Add([&] { acked->events[id].insert(note); });
        break;
      }
      case 2: {
        if (mine.size() < 2) break;
        const std::string& other = mine[mine.size() - 2];
        Json a = Contact(note + "a"), b = Contact(note + "b");
        a["deelnemer"] = id;
        b["deelnemer"] = other;
        Json batch = {{"gebeurtenissen", {a, b}}};
        auto r = c.Post("/api/v1/gebeurtenissen", batch.dump(), "application/json");
        if (r && r->status == 202) {
          acked->Add([&] {
            acked->events[id].insert(note + "a");
            acked->events[other].insert(note + "b");
          });
        }
        break;
      }
      case 3: {
        {
          std::lock_guard lock(acked->mu);
          acked->deleting.insert(id);
        }
        auto r = c.Delete(path.c_str(), {{"If-Match", "\"1\""}});
        if (r && r->status == 204) {
          acked->Add([&] { acked->deleted.insert(id); });
          mine.pop_back();
        }
        break;
      }
    }
  }
}

// The notes of a person's events on their timeline (waiting in the log or projected).
std::set<std::string> Notes(store::Store* store, const std::string& person) {
  std::set<std::string> notes;
  store::PageRequest page;
  page.limit = 1000;
  while (true) {
    auto part = store->ListEvents(person, page);
    EXPECT_TRUE(part.ok()) << part.status().ToString();
    if (!part.ok()) return notes;
    for (const auto& e : part->items) notes.insert(e.text);
    if (part->next_cursor.empty()) return notes;
    page.cursor = part->next_cursor;
  }
}

TEST(KilledWritesTest, EveryAcknowledgedWriteHasItsRowAndItsAuditRecord) {
  const std::string db = FreshDatabase();
  const int port = FreePort();
  ASSERT_GT(port, 0) << "no free port";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl(OVERSTAP_BINARY, "overstap", "--db", db.c_str(), "--reference", ReferenceDir().c_str(),
          "serve", "--listen", ("127.0.0.1:" + std::to_string(port)).c_str(), "--no-sweep",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  httplib::Client probe("127.0.0.1", port);
  bool up = false, exited = false;
  for (int i = 0; i < 300 && !up && !exited; ++i) {
    auto r = probe.Get("/api/v1/regios");
    up = r && r->status == 200;
    if (!up) {
      int status = 0;
      exited = waitpid(pid, &status, WNOHANG) == pid;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  if (!up && !exited) kill(pid, SIGKILL);
  ASSERT_TRUE(up) << (exited ? "the server exited at its start" : "the server did not start");
  {
    auto r = probe.Post("/api/v1/deelnemers", Person(-1, 0).dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
  }

  // The writers, then the kill in their midst.
  Acknowledged acked;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] { Write(port, w, stop, &acked); });
  }
  std::this_thread::sleep_for(kWriteFor);
  kill(pid, SIGKILL);
  const Clock::time_point killed = Clock::now();
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the server ended by itself";
  stop = true;
  for (auto& t : writers) t.join();

  // The kill fell among acknowledged writes (not after the writers had gone quiet).
  ASSERT_GT(acked.writes, 20) << "too few writes to say anything";
  EXPECT_LT(killed - acked.last, std::chrono::seconds(1));

  auto store = OpenStore(db);
  auto records = store->RecentAudit(10'000'000);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  std::set<std::tuple<std::string, std::string, std::string>> audit;
  for (const auto& e : *records) audit.insert({e.action, e.subject_kind, e.subject_id});
  auto audited = [&](const char* action, const char* kind, const std::string& id) {
    return audit.count({action, kind, id}) > 0;
  };

  // Each acknowledged write whose row or audit record is missing, by what it was.
  std::map<std::string, int> lost, unaudited;
  for (const auto& id : acked.created) {
    const bool deleted = acked.deleted.count(id) > 0;
    const bool patched = acked.patched.count(id) > 0;
    auto person = store->GetPerson(id);
    if (!deleted && !person.ok() && !acked.deleting.count(id)) ++lost["created person"];
    if (deleted && !person.status().IsNotFound()) ++lost["deleted person"];
    if (patched && person.ok() && person->version < 2) ++lost["patched person"];
    if (!audited("aanmaken", "deelnemer", id)) ++unaudited["created person"];
    if (patched && !audited("wijzigen", "deelnemer", id)) ++unaudited["patched person"];
    if (deleted && !audited("verwijderen", "deelnemer", id)) ++unaudited["deleted person"];
  }
  for (const auto& [person, notes] : acked.events) {
    if (!audited("aanmaken", "gebeurtenis", person)) ++unaudited["events of a person"];
    if (acked.deleted.count(person)) continue;  // their timeline went with them
    const std::set<std::string> stored = Notes(store.get(), person);
    for (const auto& note : notes) lost["event"] += !stored.count(note);
  }
  auto named = [](const std::map<std::string, int>& counts) {
    std::string out;
    for (const auto& [what, n] : counts) {
      if (n) out += " " + std::to_string(n) + " " + what;
    }
    return out;
  };
  EXPECT_EQ(named(lost), "") << "acknowledged writes lost";
  EXPECT_EQ(named(unaudited), "") << "acknowledged writes without their audit record, of "
                                  << acked.writes;
  std::printf(
      "killed-writes: %lld acknowledged writes (%zu people created, %zu patched, %zu "
      "deleted, events for %zu people); last answer %lld ms before the kill\n",
      static_cast<long long>(acked.writes), acked.created.size(), acked.patched.size(),
      acked.deleted.size(), acked.events.size(),
      static_cast<long long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(killed - acked.last).count()));
}

}  // namespace
}  // namespace overstap::testing
