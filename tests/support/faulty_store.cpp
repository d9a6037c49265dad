#include "support/faulty_store.h"

#include <utility>

namespace overstap::testing {

FaultyStore::FaultyStore(std::unique_ptr<store::Store> base) : base_(std::move(base)) {}

void FaultyStore::FailNth(Op op, int n, Status status) {
  std::lock_guard lock(mu_);
  const size_t i = static_cast<size_t>(op);
  faults_[i] = {calls_[i] + n, false, std::move(status)};
}

void FaultyStore::FailFrom(Op op, int n, Status status) {
  std::lock_guard lock(mu_);
  const size_t i = static_cast<size_t>(op);
  faults_[i] = {calls_[i] + n, true, std::move(status)};
}

void FaultyStore::Clear() {
  std::lock_guard lock(mu_);
  faults_ = {};
}

int FaultyStore::Calls(Op op) const {
  std::lock_guard lock(mu_);
  return calls_[static_cast<size_t>(op)];
}

int FaultyStore::Failures() const {
  std::lock_guard lock(mu_);
  return failures_;
}

Status FaultyStore::Check(Op op) {
  std::lock_guard lock(mu_);
  const size_t i = static_cast<size_t>(op);
  const int call = ++calls_[i];
  const Fault& f = faults_[i];
  if (f.at == 0 || call < f.at || (call > f.at && !f.onward)) return Status::Ok();
  ++failures_;
  return f.status;
}

// Every method: count the call, fail it if chosen, or forward it.

Result<int> FaultyStore::Migrate() {
  RETURN_IF_ERROR(Check(Op::kMigrate));
  return base_->Migrate();
}

Result<int> FaultyStore::SchemaVersion() {
  RETURN_IF_ERROR(Check(Op::kSchemaVersion));
  return base_->SchemaVersion();
}

Result<std::string> FaultyStore::ReferenceVersion() {
  RETURN_IF_ERROR(Check(Op::kReferenceVersion));
  return base_->ReferenceVersion();
}

Status FaultyStore::ReplaceReference(const domain::ReferenceData& data) {
  RETURN_IF_ERROR(Check(Op::kReplaceReference));
  return base_->ReplaceReference(data);
}

Result<domain::ReferenceData> FaultyStore::LoadReference() {
  RETURN_IF_ERROR(Check(Op::kLoadReference));
  return base_->LoadReference();
}

Status FaultyStore::InsertOrganisation(const domain::Organisation& org) {
  RETURN_IF_ERROR(Check(Op::kInsertOrganisation));
  return base_->InsertOrganisation(org);
}

Result<domain::Organisation> FaultyStore::GetOrganisation(std::string_view id) {
  RETURN_IF_ERROR(Check(Op::kGetOrganisation));
  return base_->GetOrganisation(id);
}

Status FaultyStore::UpdateOrganisation(const domain::Organisation& org) {
  RETURN_IF_ERROR(Check(Op::kUpdateOrganisation));
  return base_->UpdateOrganisation(org);
}

Status FaultyStore::DeleteOrganisation(std::string_view id, int64_t expected_version) {
  RETURN_IF_ERROR(Check(Op::kDeleteOrganisation));
  return base_->DeleteOrganisation(id, expected_version);
}

Result<store::Page<domain::Organisation>> FaultyStore::ListOrganisations(
    const store::OrganisationFilter& filter, const store::PageRequest& page) {
  RETURN_IF_ERROR(Check(Op::kListOrganisations));
  return base_->ListOrganisations(filter, page);
}

Status FaultyStore::InsertPerson(const domain::Person& person, const store::AuditEntries& audit) {
  RETURN_IF_ERROR(Check(Op::kInsertPerson));
  return base_->InsertPerson(person, audit);
}

Result<domain::Person> FaultyStore::GetPerson(std::string_view id) {
  RETURN_IF_ERROR(Check(Op::kGetPerson));
  return base_->GetPerson(id);
}

Result<store::Names> FaultyStore::GetNames(const std::vector<std::string>& people,
                                           const std::vector<std::string>& organisations,
                                           const std::vector<std::string>& places) {
  RETURN_IF_ERROR(Check(Op::kGetNames));
  return base_->GetNames(people, organisations, places);
}

Result<std::vector<domain::Person>> FaultyStore::GetPeople(const std::vector<std::string>& ids) {
  RETURN_IF_ERROR(Check(Op::kGetPeople));
  return base_->GetPeople(ids);
}

Status FaultyStore::UpdatePerson(const domain::Person& person, const store::AuditEntries& audit) {
  RETURN_IF_ERROR(Check(Op::kUpdatePerson));
  return base_->UpdatePerson(person, audit);
}

Status FaultyStore::DeletePerson(std::string_view id, int64_t expected_version,
                                 const store::AuditEntries& audit) {
  RETURN_IF_ERROR(Check(Op::kDeletePerson));
  return base_->DeletePerson(id, expected_version, audit);
}

Result<store::Page<domain::Person>> FaultyStore::ListPeople(const store::PersonFilter& filter,
                                                            const store::PageRequest& page) {
  RETURN_IF_ERROR(Check(Op::kListPeople));
  return base_->ListPeople(filter, page);
}

Status FaultyStore::InsertPlace(const domain::Place& place) {
  RETURN_IF_ERROR(Check(Op::kInsertPlace));
  return base_->InsertPlace(place);
}

Result<domain::Place> FaultyStore::GetPlace(std::string_view id) {
  RETURN_IF_ERROR(Check(Op::kGetPlace));
  return base_->GetPlace(id);
}

Result<std::vector<domain::Place>> FaultyStore::GetPlaces(const std::vector<std::string>& ids) {
  RETURN_IF_ERROR(Check(Op::kGetPlaces));
  return base_->GetPlaces(ids);
}

Status FaultyStore::UpdatePlace(const domain::Place& place) {
  RETURN_IF_ERROR(Check(Op::kUpdatePlace));
  return base_->UpdatePlace(place);
}

Status FaultyStore::DeletePlace(std::string_view id, int64_t expected_version) {
  RETURN_IF_ERROR(Check(Op::kDeletePlace));
  return base_->DeletePlace(id, expected_version);
}

Result<store::Page<domain::Place>> FaultyStore::ListPlaces(const store::PlaceFilter& filter,
                                                           const store::PageRequest& page) {
  RETURN_IF_ERROR(Check(Op::kListPlaces));
  return base_->ListPlaces(filter, page);
}

Status FaultyStore::InsertOrganisations(const std::vector<domain::Organisation>& orgs) {
  RETURN_IF_ERROR(Check(Op::kInsertOrganisations));
  return base_->InsertOrganisations(orgs);
}

Status FaultyStore::InsertPeople(const std::vector<domain::Person>& people) {
  RETURN_IF_ERROR(Check(Op::kInsertPeople));
  return base_->InsertPeople(people);
}

Status FaultyStore::InsertPlaces(const std::vector<domain::Place>& places) {
  RETURN_IF_ERROR(Check(Op::kInsertPlaces));
  return base_->InsertPlaces(places);
}

Status FaultyStore::BeginBulkLoad() {
  RETURN_IF_ERROR(Check(Op::kBeginBulkLoad));
  return base_->BeginBulkLoad();
}

Status FaultyStore::EndBulkLoad() {
  RETURN_IF_ERROR(Check(Op::kEndBulkLoad));
  return base_->EndBulkLoad();
}

Result<store::Counts> FaultyStore::Count() {
  RETURN_IF_ERROR(Check(Op::kCount));
  return base_->Count();
}

Status FaultyStore::ScanPeople(const std::function<void(domain::Person&&)>& fn) {
  RETURN_IF_ERROR(Check(Op::kScanPeople));
  return base_->ScanPeople(fn);
}

Status FaultyStore::ScanPlaces(const std::function<void(domain::Place&&)>& fn) {
  RETURN_IF_ERROR(Check(Op::kScanPlaces));
  return base_->ScanPlaces(fn);
}

Status FaultyStore::InsertRound(const domain::AllocationRound& round,
                                const store::AuditEntries& audit) {
  RETURN_IF_ERROR(Check(Op::kInsertRound));
  return base_->InsertRound(round, audit);
}

Status FaultyStore::UpdateRound(const domain::AllocationRound& round) {
  RETURN_IF_ERROR(Check(Op::kUpdateRound));
  return base_->UpdateRound(round);
}

Status FaultyStore::FinishRound(const domain::AllocationRound& round,
                                const std::vector<domain::RoundOutcome>& outcomes) {
  RETURN_IF_ERROR(Check(Op::kFinishRound));
  return base_->FinishRound(round, outcomes);
}

Result<domain::AllocationRound> FaultyStore::GetRound(std::string_view id) {
  RETURN_IF_ERROR(Check(Op::kGetRound));
  return base_->GetRound(id);
}

Result<store::Page<domain::AllocationRound>> FaultyStore::ListRounds(
    const store::PageRequest& page) {
  RETURN_IF_ERROR(Check(Op::kListRounds));
  return base_->ListRounds(page);
}

Result<store::Page<domain::RoundOutcome>> FaultyStore::ListRoundOutcomes(
    std::string_view round_id, const store::OutcomeFilter& filter, const store::PageRequest& page) {
  RETURN_IF_ERROR(Check(Op::kListRoundOutcomes));
  return base_->ListRoundOutcomes(round_id, filter, page);
}

Result<int> FaultyStore::FailUnfinishedRounds(int64_t now_micros) {
  RETURN_IF_ERROR(Check(Op::kFailUnfinishedRounds));
  return base_->FailUnfinishedRounds(now_micros);
}

Status FaultyStore::UpdateFollow(const std::vector<std::string>& people,
                                 const store::AuditEntries& audit, const store::FollowFn& fn) {
  RETURN_IF_ERROR(Check(Op::kUpdateFollow));
  return base_->UpdateFollow(people, audit, fn);
}

Status FaultyStore::AppendLog(std::vector<domain::Event>* events,
                              const store::AuditEntries& audit) {
  RETURN_IF_ERROR(Check(Op::kAppendLog));
  return base_->AppendLog(events, audit);
}

Result<std::vector<std::string>> FaultyStore::LoggedPeople(int limit) {
  RETURN_IF_ERROR(Check(Op::kLoggedPeople));
  return base_->LoggedPeople(limit);
}

Result<std::vector<domain::Event>> FaultyStore::LoggedEvents(std::string_view person) {
  RETURN_IF_ERROR(Check(Op::kLoggedEvents));
  return base_->LoggedEvents(person);
}

Status FaultyStore::ScanFollowPart(const std::function<void(store::FollowRecord&&)>& fn, int part,
                                   int parts, bool brief) {
  RETURN_IF_ERROR(Check(Op::kScanFollowPart));
  return base_->ScanFollowPart(fn, part, parts, brief);
}

Status FaultyStore::ScanTimelines(
    const std::function<void(const std::string&, std::vector<domain::Event>&&)>& fn) {
  RETURN_IF_ERROR(Check(Op::kScanTimelines));
  return base_->ScanTimelines(fn);
}

Status FaultyStore::LoadTimelines(
    const std::vector<domain::Event>& events,
    const std::vector<std::pair<std::string, domain::FollowState>>& states) {
  RETURN_IF_ERROR(Check(Op::kLoadTimelines));
  return base_->LoadTimelines(events, states);
}

Result<store::Page<domain::Event>> FaultyStore::ListEvents(std::string_view person,
                                                           const store::PageRequest& page) {
  RETURN_IF_ERROR(Check(Op::kListEvents));
  return base_->ListEvents(person, page);
}

Result<domain::Signal> FaultyStore::GetSignal(std::string_view id) {
  RETURN_IF_ERROR(Check(Op::kGetSignal));
  return base_->GetSignal(id);
}

Result<store::Page<domain::Signal>> FaultyStore::ListSignals(const store::SignalFilter& filter,
                                                             const store::PageRequest& page) {
  RETURN_IF_ERROR(Check(Op::kListSignals));
  return base_->ListSignals(filter, page);
}

Result<domain::Task> FaultyStore::GetTask(std::string_view id) {
  RETURN_IF_ERROR(Check(Op::kGetTask));
  return base_->GetTask(id);
}

Result<store::Page<domain::Task>> FaultyStore::ListTasks(const store::TaskFilter& filter,
                                                         const store::PageRequest& page) {
  RETURN_IF_ERROR(Check(Op::kListTasks));
  return base_->ListTasks(filter, page);
}

Result<domain::Handover> FaultyStore::GetHandover(std::string_view id) {
  RETURN_IF_ERROR(Check(Op::kGetHandover));
  return base_->GetHandover(id);
}

Result<store::Page<domain::Handover>> FaultyStore::ListHandovers(
    const store::HandoverFilter& filter, const store::PageRequest& page) {
  RETURN_IF_ERROR(Check(Op::kListHandovers));
  return base_->ListHandovers(filter, page);
}

Result<domain::FollowState> FaultyStore::GetFollowState(std::string_view person) {
  RETURN_IF_ERROR(Check(Op::kGetFollowState));
  return base_->GetFollowState(person);
}

Result<std::vector<std::pair<std::string, std::string>>> FaultyStore::ActivePlacements() {
  RETURN_IF_ERROR(Check(Op::kActivePlacements));
  return base_->ActivePlacements();
}

Status FaultyStore::AppendAudit(const store::AuditEntries& entries) {
  RETURN_IF_ERROR(Check(Op::kAppendAudit));
  return base_->AppendAudit(entries);
}

Result<std::vector<domain::AuditEntry>> FaultyStore::RecentAudit(int limit) {
  RETURN_IF_ERROR(Check(Op::kRecentAudit));
  return base_->RecentAudit(limit);
}

}  // namespace overstap::testing
