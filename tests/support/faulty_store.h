#pragma once
// FaultyStore: a store::Store for tests that forwards to a real store and fails chosen calls, to
// drive the error paths above the store (in the spirit of leveldb's ErrorEnv in
// util/testutil.h). A failed call returns its status without calling the real store, so it
// writes nothing there: whatever is in the real store afterwards was written by other calls.
//
//   FaultyStore faulty(std::move(real));
//   faulty.FailNth(FaultyStore::Op::kInsertPerson, 1, Unavailable("disk gone"));
//
// Thread-safe: the server's threads may call it concurrently; FailNth may be called meanwhile.

#include <array>
#include <memory>
#include <mutex>
#include <optional>

#include "store/store.h"

namespace overstap::testing {

class FaultyStore final : public store::Store {
 public:
  // One per Store method that can fail (the methods returning Status or Result).
  enum class Op {
    kMigrate,
    kSchemaVersion,
    kReferenceVersion,
    kReplaceReference,
    kLoadReference,
    kInsertOrganisation,
    kGetOrganisation,
    kUpdateOrganisation,
    kDeleteOrganisation,
    kListOrganisations,
    kInsertPerson,
    kGetPerson,
    kGetPeople,
    kUpdatePerson,
    kDeletePerson,
    kListPeople,
    kInsertPlace,
    kGetPlace,
    kGetPlaces,
    kUpdatePlace,
    kDeletePlace,
    kListPlaces,
    kInsertOrganisations,
    kInsertPeople,
    kInsertPlaces,
    kBeginBulkLoad,
    kEndBulkLoad,
    kCount,
    kScanPeople,
    kScanPlaces,
    kInsertRound,
    kUpdateRound,
    kFinishRound,
    kGetRound,
    kListRounds,
    kListRoundOutcomes,
    kFailUnfinishedRounds,
    kUpdateFollow,
    kAppendLog,
    kLoggedPeople,
    kLoggedEvents,
    kScanFollowPart,
    kScanTimelines,
    kLoadTimelines,
    kListEvents,
    kGetSignal,
    kListSignals,
    kGetTask,
    kListTasks,
    kGetHandover,
    kListHandovers,
    kGetFollowState,
    kActivePlacements,
    kAppendAudit,
    kRecentAudit,
    kGetNames,
    kNumOps,  // how many ops there are; not an op
  };

  explicit FaultyStore(std::unique_ptr<store::Store> base);

  // The real store (for checking what reached it).
  store::Store* base() { return base_.get(); }

  // The `n`th call of `op` from now on (1: the next one) returns `status` (not OK) instead of
  // reaching the real store; the calls before and after it go through. Replaces an earlier
  // FailNth of the same op.
  void FailNth(Op op, int n, Status status);
  // Every call of `op` from the `n`th on fails, until Clear().
  void FailFrom(Op op, int n, Status status);
  // No more failures.
  void Clear();
  // How many calls of `op` were made (failed ones included) since the store was made.
  int Calls(Op op) const;
  // How many calls failed on purpose, all ops together.
  int Failures() const;

  Result<int> Migrate() override;
  Result<int> SchemaVersion() override;
  Result<std::string> ReferenceVersion() override;
  Status ReplaceReference(const domain::ReferenceData& data) override;
  Result<domain::ReferenceData> LoadReference() override;

  Status InsertOrganisation(const domain::Organisation& org) override;
  Result<domain::Organisation> GetOrganisation(std::string_view id) override;
  Status UpdateOrganisation(const domain::Organisation& org) override;
  Status DeleteOrganisation(std::string_view id, int64_t expected_version) override;
  Result<store::Page<domain::Organisation>> ListOrganisations(
      const store::OrganisationFilter& filter, const store::PageRequest& page) override;

  Status InsertPerson(const domain::Person& person, const store::AuditEntries& audit) override;
  Result<domain::Person> GetPerson(std::string_view id) override;
  Result<std::vector<domain::Person>> GetPeople(const std::vector<std::string>& ids) override;
  Status UpdatePerson(const domain::Person& person, const store::AuditEntries& audit) override;
  Status DeletePerson(std::string_view id, int64_t expected_version,
                      const store::AuditEntries& audit) override;
  Result<store::Page<domain::Person>> ListPeople(const store::PersonFilter& filter,
                                                 const store::PageRequest& page) override;

  Status InsertPlace(const domain::Place& place) override;
  Result<domain::Place> GetPlace(std::string_view id) override;
  Result<std::vector<domain::Place>> GetPlaces(const std::vector<std::string>& ids) override;
  Result<store::Names> GetNames(const std::vector<std::string>& people,
                                const std::vector<std::string>& organisations,
                                const std::vector<std::string>& places) override;
  Status UpdatePlace(const domain::Place& place) override;
  Status DeletePlace(std::string_view id, int64_t expected_version) override;
  Result<store::Page<domain::Place>> ListPlaces(const store::PlaceFilter& filter,
                                                const store::PageRequest& page) override;

  Status InsertOrganisations(const std::vector<domain::Organisation>& orgs) override;
  Status InsertPeople(const std::vector<domain::Person>& people) override;
  Status InsertPlaces(const std::vector<domain::Place>& places) override;
  Status BeginBulkLoad() override;
  Status EndBulkLoad() override;
  Result<store::Counts> Count() override;
  Status ScanPeople(const std::function<void(domain::Person&&)>& fn) override;
  Status ScanPlaces(const std::function<void(domain::Place&&)>& fn) override;

  Status InsertRound(const domain::AllocationRound& round,
                     const store::AuditEntries& audit) override;
  Status UpdateRound(const domain::AllocationRound& round) override;
  Status FinishRound(const domain::AllocationRound& round,
                     const std::vector<domain::RoundOutcome>& outcomes) override;
  Result<domain::AllocationRound> GetRound(std::string_view id) override;
  Result<store::Page<domain::AllocationRound>> ListRounds(const store::PageRequest& page) override;
  Result<store::Page<domain::RoundOutcome>> ListRoundOutcomes(
      std::string_view round_id, const store::OutcomeFilter& filter,
      const store::PageRequest& page) override;
  Result<int> FailUnfinishedRounds(int64_t now_micros) override;

  Status UpdateFollow(const std::vector<std::string>& people, const store::AuditEntries& audit,
                      const store::FollowFn& fn) override;
  Status AppendLog(std::vector<domain::Event>* events, const store::AuditEntries& audit) override;
  Result<std::vector<std::string>> LoggedPeople(int limit) override;
  Result<std::vector<domain::Event>> LoggedEvents(std::string_view person) override;
  Status ScanFollowPart(const std::function<void(store::FollowRecord&&)>& fn, int part, int parts,
                        bool brief) override;
  Status ScanTimelines(
      const std::function<void(const std::string&, std::vector<domain::Event>&&)>& fn) override;
  Status LoadTimelines(
      const std::vector<domain::Event>& events,
      const std::vector<std::pair<std::string, domain::FollowState>>& states) override;
  Result<store::Page<domain::Event>> ListEvents(std::string_view person,
                                                const store::PageRequest& page) override;
  Result<domain::Signal> GetSignal(std::string_view id) override;
  Result<store::Page<domain::Signal>> ListSignals(const store::SignalFilter& filter,
                                                  const store::PageRequest& page) override;
  Result<domain::Task> GetTask(std::string_view id) override;
  Result<store::Page<domain::Task>> ListTasks(const store::TaskFilter& filter,
                                              const store::PageRequest& page) override;
  Result<domain::Handover> GetHandover(std::string_view id) override;
  Result<store::Page<domain::Handover>> ListHandovers(const store::HandoverFilter& filter,
                                                      const store::PageRequest& page) override;
  Result<domain::FollowState> GetFollowState(std::string_view person) override;
  Result<std::vector<std::pair<std::string, std::string>>> ActivePlacements() override;

  Status AppendAudit(const store::AuditEntries& entries) override;
  Result<std::vector<domain::AuditEntry>> RecentAudit(int limit) override;

 private:
  static constexpr size_t kOps = static_cast<size_t>(Op::kNumOps);
  struct Fault {
    int at = 0;           // the call number (of Calls(op)) that fails; 0: none
    bool onward = false;  // and every call after it
    Status status;
  };
  // Counts the call; the status to fail it with, or OK to let it through.
  Status Check(Op op);

  std::unique_ptr<store::Store> base_;
  mutable std::mutex mu_;
  std::array<int, kOps> calls_{};
  std::array<Fault, kOps> faults_{};
  int failures_ = 0;
};

}  // namespace overstap::testing
