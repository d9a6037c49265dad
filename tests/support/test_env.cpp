#include "support/test_env.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "io/match_rules_file.h"
#include "service/register_service.h"

namespace overstap::testing {
namespace fs = std::filesystem;

std::string ReferenceDir() { return std::string(OVERSTAP_SOURCE_DIR) + "/data/reference"; }

std::string TempDir() {
  static std::vector<std::string>* dirs = [] {
    auto* v = new std::vector<std::string>();
    std::atexit([] {
      std::error_code ec;
      for (const auto& d : *dirs) fs::remove_all(d, ec);
    });
    return v;
  }();
  std::string tmpl = (fs::temp_directory_path() / "overstap-test-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  char* dir = mkdtemp(buf.data());
  if (!dir) throw std::runtime_error("mkdtemp failed");
  dirs->push_back(dir);
  return dir;
}

static std::string TemplatePath() { return std::string(OVERSTAP_BUILD_DIR) + "/test-template.db"; }

std::string FreshDatabase() {
  static std::once_flag once;
  std::call_once(once, [] {
    // One process builds the template; the others wait on the lock and reuse it.
    std::string lock_path = TemplatePath() + ".lock";
    int fd = open(lock_path.c_str(), O_CREAT | O_RDWR, 0644);
    flock(fd, LOCK_EX);
    if (!fs::exists(TemplatePath())) {
      std::string tmp = TemplatePath() + ".tmp";
      fs::remove(tmp);
      {
        store::SqliteOptions so{tmp, 1, false};
        auto st = store::OpenSqliteStore(so);
        if (!st.ok()) throw std::runtime_error(st.status().ToString());
        auto summary = service::MigrateAndLoadReference(st->get(), ReferenceDir());
        if (!summary.ok()) throw std::runtime_error(summary.status().ToString());
      }
      // Fold the WAL into the main file so one file is the whole database.
      std::string wal = tmp + "-wal";
      fs::remove(wal);
      fs::remove(tmp + "-shm");
      fs::rename(tmp, TemplatePath());
    }
    flock(fd, LOCK_UN);
    close(fd);
  });
  std::string path = TempDir() + "/overstap.db";
  fs::copy_file(TemplatePath(), path);
  return path;
}

std::unique_ptr<store::Store> OpenStore(const std::string& path) {
  store::SqliteOptions so{path, 2, false};
  auto st = store::OpenSqliteStore(so);
  if (!st.ok()) throw std::runtime_error(st.status().ToString());
  auto migrated = (*st)->Migrate();
  if (!migrated.ok()) throw std::runtime_error(migrated.status().ToString());
  return std::move(st).value();
}

std::shared_ptr<const domain::Catalog> SharedCatalog() {
  static std::shared_ptr<const domain::Catalog> catalog = [] {
    auto store = OpenStore(FreshDatabase());
    auto c = service::LoadCatalog(store.get());
    if (!c.ok()) throw std::runtime_error(c.status().ToString());
    return *c;
  }();
  return catalog;
}

std::string RecordResponsesPath() {
  const char* dir = std::getenv("OVERSTAP_RECORD_DIR");
  if (!dir || !*dir) return "";
  static std::atomic<int> servers{0};
  std::error_code ec;
  fs::create_directories(dir, ec);
  return std::string(dir) + "/" + std::to_string(getpid()) + "-" + std::to_string(servers++) +
         ".jsonl";
}

TestServer::TestServer(const std::string& db_path, int64_t now_micros)
    : TestServer(db_path, http::ServerOptions{}, now_micros) {}

TestServer::TestServer(const std::string& db_path, http::ServerOptions options,
                       int64_t now_micros) {
  Start(OpenStore(db_path), std::move(options), now_micros);
}

TestServer::TestServer(const std::string& db_path, const StoreWrapper& wrap, int64_t now_micros) {
  Start(wrap(OpenStore(db_path)), http::ServerOptions{}, now_micros);
}

void TestServer::Start(std::unique_ptr<store::Store> store, http::ServerOptions options,
                       int64_t now_micros) {
  store_ = std::move(store);
  if (now_micros) {
    auto fake = std::make_unique<FakeClock>(now_micros);
    fake_clock_ = fake.get();
    clock_ = std::move(fake);
  } else {
    clock_ = std::make_unique<SystemClock>();
  }
  audit_ = std::make_unique<access::AuditLog>(store_.get(), 20);
  reg_ = std::make_unique<service::RegisterService>(store_.get(), SharedCatalog(), clock_.get(),
                                                    &ids_, audit_.get());
  // The matching rules the binary ships (data/rules/matchregels.json), as `serve` uses them.
  match::Weights weights = match::DefaultWeights();
  auto work = io::ParseMatchRules(io::DefaultMatchRulesText());
  if (!work.ok()) throw std::runtime_error(work.status().ToString());
  weights.work = *work;
  match_ =
      std::make_unique<service::MatchService>(store_.get(), SharedCatalog(), audit_.get(), weights);
  auto built = match_->Build();
  if (!built.ok()) throw std::runtime_error(built.status().ToString());
  reg_->set_listener(match_.get());
  rounds_ = std::make_unique<service::RoundService>(store_.get(), match_.get(), audit_.get(),
                                                    clock_.get());
  if (Status st = rounds_->Start(); !st.ok()) throw std::runtime_error(st.ToString());
  auto rules = service::ParseRules(service::DefaultRulesText());
  if (!rules.ok()) throw std::runtime_error(rules.status().ToString());
  follow_ = std::make_unique<service::FollowService>(store_.get(), SharedCatalog(), clock_.get(),
                                                     &ids_, audit_.get(), std::move(rules).value());
  follow_->StartProjector();
  if (options.port == 8080) options.port = 0;
  if (options.threads == 0) options.threads = 8;
  if (options.record_responses_path.empty()) options.record_responses_path = RecordResponsesPath();
  server_ = std::make_unique<http::Server>(
      http::Services{reg_.get(), match_.get(), rounds_.get(), follow_.get()}, clock_.get(),
      options);
  auto port = server_->Bind();
  if (!port.ok()) throw std::runtime_error(port.status().ToString());
  port_ = *port;
  thread_ = std::thread([this] { server_->Listen(); });
}

TestServer::~TestServer() { Stop(); }

void TestServer::Stop() {
  if (!server_) return;
  server_->Stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
  follow_.reset();
  rounds_.reset();
  reg_.reset();
  match_.reset();
  audit_.reset();
  store_.reset();
}

httplib::Client TestServer::Client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(30, 0);
  return c;
}

}  // namespace overstap::testing
