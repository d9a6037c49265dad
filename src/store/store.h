#pragma once
// Store: the one interface in front of the database, implemented by SQLite (store/sqlite/);
// a second store (a server database for several app servers) would implement it too.
//
// Contract for every method:
//   - Thread-safe: any number of threads may call concurrently; writes are serialised inside.
//   - A write that returns OK is durable (committed and synced) before it returns.
//   - Errors: kNotFound (no such id), kAborted (expected version is not the stored one),
//     kAlreadyExists (unique key taken, with the field named), kUnprocessable (a referenced
//     organisation does not exist, with the field named), kFailedPrecondition (still referenced
//     by other records), kInvalidArgument (a bad cursor), kUnavailable/kInternal (database).
//   - Records passed in are already validated by domain/validate.h.
//   - Audit: every write of personal data (a person, a keep-in-view change, an allocation round)
//     takes `audit`, the audit entries that record it, and inserts them into the audit trail in
//     the write's own transaction: the write and its audit records commit together or not at
//     all, so a write that returned OK always has its audit record. An empty list inserts none
//     (bulk loads, the demo, the background projection and sweep). AppendAudit is for the
//     audit records of reads, which need no write of their own.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "domain/audit.h"
#include "domain/filters.h"
#include "domain/follow.h"
#include "domain/page.h"
#include "domain/reference.h"
#include "domain/types.h"

namespace overstap::store {

// The page and filter types are domain values (the edge builds them from a request); the
// store's interface names them as before.
using domain::HandoverFilter;
using domain::OrganisationFilter;
using domain::OutcomeFilter;
using domain::Page;
using domain::PageRequest;
using domain::PersonFilter;
using domain::PlaceFilter;
using domain::SignalFilter;
using domain::SortField;
using domain::TaskFilter;

// Everything keep-in-view knows about one person (see follow/).
struct FollowRecord {
  int64_t key = 0;  // the store's internal key (scan order)
  std::string person, region;
  std::string register_responsible;  // the register's verantwoordelijkeOrganisatie
  Date birth_date;
  std::optional<Date> planned_start;
  int64_t registered_micros = 0;
  domain::FollowState state;
  std::vector<domain::Signal> open_signals;
  std::vector<domain::Task> open_tasks;
  std::vector<domain::Handover> open_handovers;
  int64_t next_seq = 0;  // UpdateFollow only: the seq the next appended event must take
  // UpdateFollow only: the person's events that waited in the log (AppendLog), in log order.
  // They are in the timeline now, but not yet in `state`: `fn` folds them in first.
  std::vector<domain::Event> logged;
};

// What to store for one person: events to append (seq assigned from next_seq on, in order),
// the new state (when it changed), and signals, tasks and handovers to insert or replace (by id).
struct FollowChanges {
  std::vector<domain::Event> events;
  std::optional<domain::FollowState> state;
  std::vector<domain::Signal> signals;
  std::vector<domain::Task> tasks;
  std::vector<domain::Handover> handovers;
};

// Reads the person's whole timeline (log order) inside the running transaction.
using TimelineReader = std::function<Result<std::vector<domain::Event>>()>;
using FollowFn =
    std::function<Status(FollowRecord& record, const TimelineReader& timeline, FollowChanges* out)>;

// The audit entries a write inserts in its own transaction (see the contract above).
using AuditEntries = std::vector<domain::AuditEntry>;

// The names list items show (domain::DisplayNames), by id.
struct Names {
  struct Person {
    std::string first, prefix, last;  // voornaam, tussenvoegsel, achternaam
  };
  struct Place {
    std::string title, organisation;  // titel, the name of its organisation
  };
  std::unordered_map<std::string, Person> people;
  std::unordered_map<std::string, std::string> organisations;
  std::unordered_map<std::string, Place> places;
};

struct Counts {
  int64_t organisations = 0, people = 0, places = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Applies every migration not yet recorded in schema_migrations; returns the new version.
  virtual Result<int> Migrate() = 0;
  virtual Result<int> SchemaVersion() = 0;

  // Reference data: the version last loaded ("" when none), replace all, load all.
  virtual Result<std::string> ReferenceVersion() = 0;
  virtual Status ReplaceReference(const domain::ReferenceData& data) = 0;
  virtual Result<domain::ReferenceData> LoadReference() = 0;

  // Records. Insert* sets nothing: the caller fills id, version (1) and timestamps.
  // Update* writes the record if the stored version equals `record.version`, and stores
  // version + 1. Delete* likewise checks `expected_version`.
  virtual Status InsertOrganisation(const domain::Organisation& org) = 0;
  virtual Result<domain::Organisation> GetOrganisation(std::string_view id) = 0;
  virtual Status UpdateOrganisation(const domain::Organisation& org) = 0;
  virtual Status DeleteOrganisation(std::string_view id, int64_t expected_version) = 0;
  virtual Result<Page<domain::Organisation>> ListOrganisations(const OrganisationFilter& filter,
                                                               const PageRequest& page) = 0;

  // A person's writes insert `audit` in their transaction.
  virtual Status InsertPerson(const domain::Person& person, const AuditEntries& audit) = 0;
  virtual Result<domain::Person> GetPerson(std::string_view id) = 0;
  // The people with these ids, read in one snapshot with one statement, in the order of `ids`.
  // An id that names no person is left out (no error); an id given twice comes once.
  virtual Result<std::vector<domain::Person>> GetPeople(const std::vector<std::string>& ids) = 0;
  virtual Status UpdatePerson(const domain::Person& person, const AuditEntries& audit) = 0;
  virtual Status DeletePerson(std::string_view id, int64_t expected_version,
                              const AuditEntries& audit) = 0;
  virtual Result<Page<domain::Person>> ListPeople(const PersonFilter& filter,
                                                  const PageRequest& page) = 0;

  // The names of these people, organisations and places, for the display fields of a page of
  // list items: one statement per kind, in one snapshot; ids that name nothing are left out.
  virtual Result<Names> GetNames(const std::vector<std::string>& people,
                                 const std::vector<std::string>& organisations,
                                 const std::vector<std::string>& places) = 0;

  virtual Status InsertPlace(const domain::Place& place) = 0;
  virtual Result<domain::Place> GetPlace(std::string_view id) = 0;
  // The places with these ids, as GetPeople: one snapshot, the order of `ids`, unknown ids
  // left out.
  virtual Result<std::vector<domain::Place>> GetPlaces(const std::vector<std::string>& ids) = 0;
  virtual Status UpdatePlace(const domain::Place& place) = 0;
  virtual Status DeletePlace(std::string_view id, int64_t expected_version) = 0;
  virtual Result<Page<domain::Place>> ListPlaces(const PlaceFilter& filter,
                                                 const PageRequest& page) = 0;

  // Bulk loads in one transaction each: all rows or none.
  virtual Status InsertOrganisations(const std::vector<domain::Organisation>& orgs) = 0;
  virtual Status InsertPeople(const std::vector<domain::Person>& people) = 0;
  virtual Status InsertPlaces(const std::vector<domain::Place>& places) = 0;

  // Bulk loading of millions of rows: BeginBulkLoad drops the secondary indexes of people and
  // places (remembering them durably), EndBulkLoad rebuilds them; Migrate() also rebuilds them
  // after a crash in between. Reads stay correct meanwhile, only slower.
  virtual Status BeginBulkLoad() = 0;
  virtual Status EndBulkLoad() = 0;

  virtual Result<Counts> Count() = 0;

  // Streams every person / place in insertion order (for building the matching indexes).
  // Reads one consistent snapshot; `fn` must not call back into the store.
  virtual Status ScanPeople(const std::function<void(domain::Person&&)>& fn) = 0;
  virtual Status ScanPlaces(const std::function<void(domain::Place&&)>& fn) = 0;

  // Allocation rounds. InsertRound stores a new round (queued) with `audit`; UpdateRound
  // rewrites its status, phase, progress and totals. FinishRound stores every outcome and then
  // the totals, marking the round done in its last transaction; the outcomes go in batches of
  // their own transactions, so a national round (a million outcomes) does not
  // hold up every other write meanwhile. A round's outcomes are listed only once it is done, so
  // a round marked done always has all of them and an unfinished one shows none. When storing
  // fails the outcomes stored so far are deleted again; when the process stops halfway,
  // FailUnfinishedRounds deletes them at the next start.
  virtual Status InsertRound(const domain::AllocationRound& round, const AuditEntries& audit) = 0;
  virtual Status UpdateRound(const domain::AllocationRound& round) = 0;
  virtual Status FinishRound(const domain::AllocationRound& round,
                             const std::vector<domain::RoundOutcome>& outcomes) = 0;
  virtual Result<domain::AllocationRound> GetRound(std::string_view id) = 0;
  // Newest first.
  virtual Result<Page<domain::AllocationRound>> ListRounds(const PageRequest& page) = 0;
  // A round's outcomes in a stable order; `filter.placed`: only placed (true) or unplaced
  // (false); `filter.reason`: only the unplaced with that reason code.
  virtual Result<Page<domain::RoundOutcome>> ListRoundOutcomes(std::string_view round_id,
                                                               const OutcomeFilter& filter,
                                                               const PageRequest& page) = 0;
  // Rounds that were queued or running when the process stopped are marked failed.
  virtual Result<int> FailUnfinishedRounds(int64_t now_micros) = 0;

  // Keep in view. UpdateFollow reads each listed person's record inside one write
  // transaction, calls `fn`, and stores its changes and `audit`; any error rolls everything
  // back (all or nothing). kNotFound names the first unknown person; an event that corrects an
  // event of another person (or none) is kUnprocessable on field "corrigeert"; a second open
  // handover for a person is kAlreadyExists. `fn` must not call back into the store.
  // Events a person has waiting in the log move into the timeline first (record.logged).
  virtual Status UpdateFollow(const std::vector<std::string>& people, const AuditEntries& audit,
                              const FollowFn& fn) = 0;
  // Log-first appends: durably appends the events (seq assigned here, in order) to the log and
  // `audit` to the audit trail, and nothing else; UpdateFollow projects them later. Checks
  // what needs no state: the person exists (kNotFound), a correction names an earlier event of
  // the same person and kind (kUnprocessable on "corrigeert"/"soort"). All or nothing.
  virtual Status AppendLog(std::vector<domain::Event>* events, const AuditEntries& audit) = 0;
  // The people with events among the `limit` oldest in the log, in key order.
  virtual Result<std::vector<std::string>> LoggedPeople(int limit) = 0;
  // One person's events waiting in the log, in log order.
  virtual Result<std::vector<domain::Event>> LoggedEvents(std::string_view person) = 0;
  // Streams every person's record from one snapshot, in key order, without next_seq and
  // without register_responsible. ScanFollowPart streams only the part-th of `parts` equal key
  // ranges, so several threads can scan at once (each part is its own snapshot); `brief` fills
  // only what the signal rules read of the open records (a signal's kind and key; a task's id,
  // escalation and due date; a handover's id and due date).
  Status ScanFollow(const std::function<void(FollowRecord&&)>& fn) {
    return ScanFollowPart(fn, 0, 1, false);
  }
  virtual Status ScanFollowPart(const std::function<void(FollowRecord&&)>& fn, int part, int parts,
                                bool brief) = 0;
  // Streams every person's whole timeline (log order) from one snapshot, person by person.
  virtual Status ScanTimelines(
      const std::function<void(const std::string& person, std::vector<domain::Event>&&)>& fn) = 0;
  // Bulk load of timelines with their folded states (demo data): one transaction, no signals.
  virtual Status LoadTimelines(
      const std::vector<domain::Event>& events,
      const std::vector<std::pair<std::string, domain::FollowState>>& states) = 0;
  // A person's timeline, newest fact first; events still waiting in the log included.
  virtual Result<Page<domain::Event>> ListEvents(std::string_view person,
                                                 const PageRequest& page) = 0;
  virtual Result<domain::Signal> GetSignal(std::string_view id) = 0;
  virtual Result<Page<domain::Signal>> ListSignals(const SignalFilter& filter,
                                                   const PageRequest& page) = 0;
  virtual Result<domain::Task> GetTask(std::string_view id) = 0;
  virtual Result<Page<domain::Task>> ListTasks(const TaskFilter& filter,
                                               const PageRequest& page) = 0;
  virtual Result<domain::Handover> GetHandover(std::string_view id) = 0;
  virtual Result<Page<domain::Handover>> ListHandovers(const HandoverFilter& filter,
                                                       const PageRequest& page) = 0;
  // The stored state of one person (an empty state when they have no timeline yet).
  virtual Result<domain::FollowState> GetFollowState(std::string_view person) = 0;
  // Everyone with an active placement: (person id, the place's id; "" when the placement names
  // none), from one snapshot.
  virtual Result<std::vector<std::pair<std::string, std::string>>> ActivePlacements() = 0;

  // Appends audit entries in a transaction of their own (the batched audit records of reads).
  virtual Status AppendAudit(const AuditEntries& entries) = 0;
  // The newest `limit` audit entries, newest first.
  virtual Result<std::vector<domain::AuditEntry>> RecentAudit(int limit) = 0;
};

struct SqliteOptions {
  std::string path;
  int read_connections = 4;
  // Bulk loads (demo) may trade durability of the load itself for speed; never for serving.
  bool fast_bulk_load = false;
  // FinishRound stores a round's outcomes in transactions of this many rows (tests set it low).
  size_t outcome_batch = 2000;
};

// Opens (creating if absent) an SQLite database in WAL mode with foreign keys on.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

}  // namespace overstap::store
