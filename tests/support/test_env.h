#pragma once
// Test support: a migrated template database shared by all test processes (made once, under a
// file lock, in the build tree), fresh copies of it per test, and a real HTTP server on an
// ephemeral loopback port.

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "access/audit_log.h"
#include "common/clock.h"
#include "common/ids.h"
#include "http/server.h"
#include "service/follow_service.h"
#include "service/match_service.h"
#include "service/register_service.h"
#include "service/round_service.h"
#include "store/store.h"

namespace overstap::testing {

std::string ReferenceDir();
// A new empty temporary directory, removed at process exit.
std::string TempDir();
// A path to a fresh copy of the migrated template database (reference data loaded).
std::string FreshDatabase();
// Opens a store on `path` (already migrated).
std::unique_ptr<store::Store> OpenStore(const std::string& path);
// The catalog, loaded once per process.
std::shared_ptr<const domain::Catalog> SharedCatalog();

// Where a TestServer records the responses it gives (http::ServerOptions::
// record_responses_path): a new file per server in $OVERSTAP_RECORD_DIR, so that every test
// process writes its own; "" (no recording) when the variable is unset. tests/CMakeLists.txt
// sets it for the API tests and validates the files afterwards (api_responses_valid).
std::string RecordResponsesPath();

// A running server over a database file. Stop() or the destructor shuts it down. With
// `now_micros` the server runs on a FakeClock set to it (fake_clock() moves it); otherwise on
// the system clock. The keep-in-view service uses the built-in rules file.
class TestServer {
 public:
  explicit TestServer(const std::string& db_path, int64_t now_micros = 0);
  // With server options of the test's choice (port and threads are set here when left 8080/0,
  // record_responses_path when left empty).
  TestServer(const std::string& db_path, http::ServerOptions options, int64_t now_micros = 0);
  // Makes the store the services use from the real one (a FaultyStore around it, say); the
  // server owns what `wrap` returns.
  using StoreWrapper =
      std::function<std::unique_ptr<store::Store>(std::unique_ptr<store::Store> real)>;
  TestServer(const std::string& db_path, const StoreWrapper& wrap, int64_t now_micros = 0);
  ~TestServer();
  int port() const { return port_; }
  httplib::Client Client() const;
  store::Store* store() { return store_.get(); }
  // The fake clock, or null when the server runs on the system clock.
  FakeClock* fake_clock() { return fake_clock_; }
  service::FollowService* follow() { return follow_.get(); }
  void Stop();

 private:
  void Start(std::unique_ptr<store::Store> store, http::ServerOptions options, int64_t now_micros);

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Clock> clock_;
  FakeClock* fake_clock_ = nullptr;
  RandomIdGenerator ids_;
  std::unique_ptr<access::AuditLog> audit_;
  std::unique_ptr<service::RegisterService> reg_;
  std::unique_ptr<service::MatchService> match_;
  std::unique_ptr<service::RoundService> rounds_;
  std::unique_ptr<service::FollowService> follow_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// Some real ids from the reference data, for building valid requests.
struct Known {
  static constexpr const char* kSkill =
      "0005c151-5b5a-4a66-8aac-60e734beb1ab";  // manage musical staff
  static constexpr const char* kSkill2 =
      "00064735-8fad-454b-90c7-ed858cc993f2";  // supervise correctional procedures
  static constexpr const char* kOccupation = "7aedaa07-3884-4c5b-88f9-80997b2aa54b";  // lasser
};

}  // namespace overstap::testing
