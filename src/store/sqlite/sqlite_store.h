#pragma once
// SqliteStore: the SQLite implementation of store::Store, private to store/sqlite/ (callers use
// store.h and OpenSqliteStore). The contracts are those of store.h.
//
// One write connection guarded by a mutex (writes are serialised; SQLite allows one writer)
// and a small pool of read connections, so reads never wait for a write in WAL mode.
// Multi-valued attributes live in child tables with real foreign keys, except a person's skills
// and sectors, which are read and written only with the person and so live in its row (see
// migration 0005). Skills are referenced by integer key and mapped to ESCO ids through an
// in-memory map loaded with the reference data.
//
// One class, its members defined per aggregate: sqlite_store.cpp (connections, transactions,
// schema, bulk loads, counts), reference.cpp, organisations.cpp, people.cpp and places.cpp (their
// CRUD written once in records.h), rounds.cpp, audit.cpp, follow_store.cpp (keep in view, over
// follow_tables.h).

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sqlite/db.h"
#include "store/sqlite/page.h"
#include "store/store.h"

namespace overstap::store::sqlite {

// ESCO id <-> integer key for skills and occupations; rebuilt after a reference load.
struct KeyMapsData {
  std::unordered_map<std::string, int64_t> skill_key, occupation_key;
  std::unordered_map<int64_t, std::string> skill_id, occupation_id;
};
using KeyMaps = const KeyMapsData*;

// Public id -> internal key of organisations, memoised for the length of one write
// transaction (bulk loads refer to the same schools and employers many times).
using OrgKeys = std::unordered_map<std::string, int64_t>;

// How a read uses its connection. kSnapshot: several statements that must see one snapshot
// (an explicit read transaction). kOneStatement: one statement, which is its own snapshot
// (SQLite reads a statement's rows, subqueries included, in one implicit transaction). kScan:
// a snapshot that reads (nearly) whole tables; it maps the database file for its length, so
// pages come without a system call or a copy.
enum class ReadKind { kSnapshot, kOneStatement, kScan };

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(SqliteOptions options) : options_(std::move(options)) {}
  // Opens the write and read connections; kUnavailable when the file cannot be opened.
  Status Open();

  Result<int> Migrate() override;
  Result<int> SchemaVersion() override;

  Result<std::string> ReferenceVersion() override;
  Status ReplaceReference(const domain::ReferenceData& data) override;
  Result<domain::ReferenceData> LoadReference() override;

  Status InsertOrganisation(const domain::Organisation& org) override;
  Result<domain::Organisation> GetOrganisation(std::string_view id) override;
  Status UpdateOrganisation(const domain::Organisation& org) override;
  Status DeleteOrganisation(std::string_view id, int64_t expected_version) override;
  Result<Page<domain::Organisation>> ListOrganisations(const OrganisationFilter& filter,
                                                       const PageRequest& page) override;

  Status InsertPerson(const domain::Person& person, const AuditEntries& audit) override;
  Result<domain::Person> GetPerson(std::string_view id) override;
  Result<std::vector<domain::Person>> GetPeople(const std::vector<std::string>& ids) override;
  Status UpdatePerson(const domain::Person& person, const AuditEntries& audit) override;
  Status DeletePerson(std::string_view id, int64_t expected_version,
                      const AuditEntries& audit) override;
  Result<Page<domain::Person>> ListPeople(const PersonFilter& filter,
                                          const PageRequest& page) override;

  Result<Names> GetNames(const std::vector<std::string>& people,
                         const std::vector<std::string>& organisations,
                         const std::vector<std::string>& places) override;

  Status InsertPlace(const domain::Place& place) override;
  Result<domain::Place> GetPlace(std::string_view id) override;
  Result<std::vector<domain::Place>> GetPlaces(const std::vector<std::string>& ids) override;
  Status UpdatePlace(const domain::Place& place) override;
  Status DeletePlace(std::string_view id, int64_t expected_version) override;
  Result<Page<domain::Place>> ListPlaces(const PlaceFilter& filter,
                                         const PageRequest& page) override;

  Status InsertOrganisations(const std::vector<domain::Organisation>& orgs) override;
  Status InsertPeople(const std::vector<domain::Person>& people) override;
  Status InsertPlaces(const std::vector<domain::Place>& places) override;
  Status BeginBulkLoad() override;
  Status EndBulkLoad() override;
  Result<Counts> Count() override;
  Status ScanPeople(const std::function<void(domain::Person&&)>& fn) override;
  Status ScanPlaces(const std::function<void(domain::Place&&)>& fn) override;

  Status InsertRound(const domain::AllocationRound& round, const AuditEntries& audit) override;
  Status UpdateRound(const domain::AllocationRound& round) override;
  Status FinishRound(const domain::AllocationRound& round,
                     const std::vector<domain::RoundOutcome>& outcomes) override;
  Result<domain::AllocationRound> GetRound(std::string_view id) override;
  Result<Page<domain::AllocationRound>> ListRounds(const PageRequest& page) override;
  Result<Page<domain::RoundOutcome>> ListRoundOutcomes(std::string_view round_id,
                                                       const OutcomeFilter& filter,
                                                       const PageRequest& page) override;
  Result<int> FailUnfinishedRounds(int64_t now_micros) override;

  Status UpdateFollow(const std::vector<std::string>& people, const AuditEntries& audit,
                      const FollowFn& fn) override;
  Status AppendLog(std::vector<domain::Event>* events, const AuditEntries& audit) override;
  Result<std::vector<std::string>> LoggedPeople(int limit) override;
  Result<std::vector<domain::Event>> LoggedEvents(std::string_view person) override;
  Status ScanFollowPart(const std::function<void(FollowRecord&&)>& fn, int part, int parts,
                        bool brief) override;
  Status ScanTimelines(
      const std::function<void(const std::string&, std::vector<domain::Event>&&)>& fn) override;
  Status LoadTimelines(
      const std::vector<domain::Event>& events,
      const std::vector<std::pair<std::string, domain::FollowState>>& states) override;
  Result<Page<domain::Event>> ListEvents(std::string_view person, const PageRequest& page) override;
  Result<domain::Signal> GetSignal(std::string_view id) override;
  Result<Page<domain::Signal>> ListSignals(const SignalFilter& filter,
                                           const PageRequest& page) override;
  Result<domain::Task> GetTask(std::string_view id) override;
  Result<Page<domain::Task>> ListTasks(const TaskFilter& filter, const PageRequest& page) override;
  Result<domain::Handover> GetHandover(std::string_view id) override;
  Result<Page<domain::Handover>> ListHandovers(const HandoverFilter& filter,
                                               const PageRequest& page) override;
  Result<domain::FollowState> GetFollowState(std::string_view person) override;
  Result<std::vector<std::pair<std::string, std::string>>> ActivePlacements() override;

  Status AppendAudit(const AuditEntries& entries) override;
  Result<std::vector<domain::AuditEntry>> RecentAudit(int limit) override;

 private:
  // Runs `fn` on a read connection of this thread (see AcquireReader) as `kind` says; the read
  // transaction ends and a borrowed connection goes back however `fn` ends.
  template <typename T>
  Result<T> WithRead(const std::function<Result<T>(Connection*)>& fn) {
    return WithRead<T>(ReadKind::kSnapshot, fn);
  }
  template <typename T>
  Result<T> WithRead(ReadKind kind, const std::function<Result<T>(Connection*)>& fn);
  // Reads that return only a status (scans).
  Status WithReadStatus(ReadKind kind, const std::function<Status(Connection*)>& fn);

  // One read: a connection of this thread, in the transaction `kind` asks for. The destructor
  // ends the transaction and gives a borrowed connection back.
  class ReadSession {
   public:
    ReadSession(SqliteStore* store, ReadKind kind);
    ~ReadSession();
    ReadSession(const ReadSession&) = delete;
    ReadSession& operator=(const ReadSession&) = delete;
    // Maps the file (kScan) and begins the read transaction (all but kOneStatement).
    Status Begin();
    Connection* conn() { return conn_; }

   private:
    SqliteStore* store_;
    ReadKind kind_;
    Connection* conn_ = nullptr;
    bool borrowed_ = false, in_transaction_ = false, mapped_ = false;
  };

  // Runs `fn` in one write transaction on the write connection: committed when it returns OK,
  // rolled back otherwise. `synced` false: a transaction whose commit need not reach the disk by
  // itself (WAL with synchronous = NORMAL), for data worthless until a later durable commit,
  // which syncs the log with it; every other write, before or after, is synced as usual.
  Status WithWrite(const std::function<Status(Connection*)>& fn, bool synced = true);
  Status WriteTransaction(const std::function<Status(Connection*)>& fn);

  // A read connection for this thread. A thread that reads often keeps one for itself (no
  // lock on the hot path) while the pool holds more than kSharedReaders; other threads borrow
  // one from the pool and give it back. `*borrowed` tells which.
  static constexpr size_t kSharedReaders = 2;
  Connection* AcquireReader(bool* borrowed);
  void ReturnReader(Connection* conn);

  // Lock-free on the hot path: maps are immutable once published and live as long as the
  // store (a reload publishes a new one; readers holding the old pointer stay valid). A map
  // that fails to load is not published.
  Result<KeyMaps> LoadKeyMaps(Connection* c);
  void InvalidateKeyMaps() { maps_.store(nullptr, std::memory_order_release); }

  // A keyset page (page.h) of `select` read in one snapshot; `read(c, st)` makes an item.
  template <typename T, typename Read>
  Result<Page<T>> ListKeyset(const char* select, const char* alias, const char* col,
                             std::vector<std::string> where, std::vector<std::string> args,
                             const PageRequest& page, Read read) {
    ASSIGN_OR_RETURN(const Keyset keyset,
                     Keyset::Make(select, alias, col, std::move(where), std::move(args), page));
    return WithRead<Page<T>>([&](Connection* c) -> Result<Page<T>> {
      return keyset.Run<T>(c, [&](Statement& st) { return read(c, st); });
    });
  }

  // The CRUD of people and places, written once over a table descriptor (records.h).
  template <typename Table>
  Status WriteRecord(const typename Table::Record& record, bool update, const AuditEntries& audit);
  template <typename Table>
  Status InsertRecords(const std::vector<typename Table::Record>& records);
  template <typename Table>
  Result<typename Table::Record> GetRecord(std::string_view id);
  template <typename Table>
  Result<std::vector<typename Table::Record>> GetRecords(const std::vector<std::string>& ids);
  template <typename Table>
  Status DeleteRecord(std::string_view id, int64_t expected_version, const AuditEntries& audit);

  SqliteOptions options_;
  std::mutex write_mu_;
  std::atomic<int> writes_waiting_{0};  // WithWrite calls waiting for write_mu_
  bool unsynced_ = false;               // the writer is at synchronous = NORMAL (under write_mu_)
  std::unique_ptr<Connection> write_;
  std::mutex read_mu_;
  std::condition_variable read_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::mutex maps_mu_;
  std::vector<std::unique_ptr<KeyMapsData>> maps_storage_;
  std::atomic<KeyMaps> maps_{nullptr};
  std::vector<std::unique_ptr<Connection>> thread_owned_;  // readers kept by one thread each
  // Distinguishes this store from any earlier one at the same address (thread-local caches).
  const uint64_t generation_ = NextGeneration();
  static uint64_t NextGeneration() {
    static std::atomic<uint64_t> counter{0};
    return ++counter;
  }
};

// ---- helpers shared by the aggregates' files --------------------------------------------------

// Runs a cached statement without results (BEGIN, COMMIT, PRAGMA: sqlite3_exec would parse
// them every time).
Status RunCached(Connection* c, const char* sql);

// Distinguishes "no such id" (kNotFound) from "someone else changed it first" (kAborted) after
// an UPDATE/DELETE guarded by the version matched no row; OK when it changed a row.
Status CheckChanged(Connection* c, const char* table, const std::string& id);

// Inserts audit entries inside the running write transaction (a write's own records, or a
// batch of reads' records from AppendAudit). audit.cpp.
Status InsertAuditOn(Connection* c, const AuditEntries& entries);

std::optional<int64_t> OptDays(const std::optional<Date>& d);
std::optional<std::string> NullIfEmpty(const std::string& s);

// Internal key of an organisation by public id; 0 when absent. organisations.cpp.
Result<int64_t> OrganisationKey(Connection* c, const std::string& public_id,
                                OrgKeys* cache = nullptr);
// kUnprocessable naming `field`: no organisation has id `id`.
Status UnknownOrganisation(const std::string& field, const std::string& id);
// Resolves an optional organisation reference; nullopt when `id` is empty.
Result<std::optional<int64_t>> OptionalOrganisation(Connection* c, const std::string& field,
                                                    const std::string& id, OrgKeys* cache);

// ---- WithRead ------------------------------------------------------------------------------

template <typename T>
Result<T> SqliteStore::WithRead(ReadKind kind, const std::function<Result<T>(Connection*)>& fn) {
  ReadSession session(this, kind);
  RETURN_IF_ERROR(session.Begin());
  try {
    return fn(session.conn());
  } catch (const std::exception& e) {
    return Internal(std::string("exception in read: ") + e.what());
  }
}

}  // namespace overstap::store::sqlite
