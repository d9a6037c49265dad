// SqliteStore: keep in view. The tables' reads and writes are follow_tables.h's; here they run
// in the store's transactions, with the writes' audit records.

#include "store/sqlite/follow_tables.h"
#include "store/sqlite/sqlite_store.h"

namespace overstap::store::sqlite {

using domain::Event;

Status SqliteStore::UpdateFollow(const std::vector<std::string>& people, const AuditEntries& audit,
                                 const FollowFn& fn) {
  return WithWrite([&](Connection* c) -> Status {
    RETURN_IF_ERROR(UpdateFollowOn(c, people, fn));
    return InsertAuditOn(c, audit);
  });
}

Status SqliteStore::AppendLog(std::vector<Event>* events, const AuditEntries& audit) {
  return WithWrite([&](Connection* c) -> Status {
    RETURN_IF_ERROR(AppendLogOn(c, events));
    return InsertAuditOn(c, audit);
  });
}

Result<std::vector<std::string>> SqliteStore::LoggedPeople(int limit) {
  return WithRead<std::vector<std::string>>(
      [&](Connection* c) { return LoggedPeopleOn(c, limit); });
}

Result<std::vector<Event>> SqliteStore::LoggedEvents(std::string_view person) {
  return WithRead<std::vector<Event>>([&](Connection* c) { return LoggedEventsOn(c, person); });
}

Status SqliteStore::LoadTimelines(
    const std::vector<Event>& events,
    const std::vector<std::pair<std::string, domain::FollowState>>& states) {
  return WithWrite([&](Connection* c) { return LoadTimelinesOn(c, events, states); });
}

Status SqliteStore::ScanFollowPart(const std::function<void(FollowRecord&&)>& fn, int part,
                                   int parts, bool brief) {
  return WithReadStatus(ReadKind::kScan,
                        [&](Connection* c) { return ScanFollowOn(c, fn, part, parts, brief); });
}

Status SqliteStore::ScanTimelines(
    const std::function<void(const std::string&, std::vector<Event>&&)>& fn) {
  return WithReadStatus(ReadKind::kScan, [&](Connection* c) { return ScanTimelinesOn(c, fn); });
}

Result<Page<Event>> SqliteStore::ListEvents(std::string_view person, const PageRequest& page) {
  return WithRead<Page<Event>>([&](Connection* c) { return ListEventsOn(c, person, page); });
}

Result<domain::Signal> SqliteStore::GetSignal(std::string_view id) {
  return WithRead<domain::Signal>([&](Connection* c) { return GetSignalOn(c, id); });
}

Result<Page<domain::Signal>> SqliteStore::ListSignals(const SignalFilter& f,
                                                      const PageRequest& page) {
  return WithRead<Page<domain::Signal>>([&](Connection* c) { return ListSignalsOn(c, f, page); });
}

Result<domain::Task> SqliteStore::GetTask(std::string_view id) {
  return WithRead<domain::Task>([&](Connection* c) { return GetTaskOn(c, id); });
}

Result<Page<domain::Task>> SqliteStore::ListTasks(const TaskFilter& f, const PageRequest& page) {
  return WithRead<Page<domain::Task>>([&](Connection* c) { return ListTasksOn(c, f, page); });
}

Result<domain::Handover> SqliteStore::GetHandover(std::string_view id) {
  return WithRead<domain::Handover>([&](Connection* c) { return GetHandoverOn(c, id); });
}

Result<Page<domain::Handover>> SqliteStore::ListHandovers(const HandoverFilter& f,
                                                          const PageRequest& page) {
  return WithRead<Page<domain::Handover>>(
      [&](Connection* c) { return ListHandoversOn(c, f, page); });
}

Result<domain::FollowState> SqliteStore::GetFollowState(std::string_view person) {
  return WithRead<domain::FollowState>([&](Connection* c) { return GetFollowStateOn(c, person); });
}

Result<std::vector<std::pair<std::string, std::string>>> SqliteStore::ActivePlacements() {
  using Placements = std::vector<std::pair<std::string, std::string>>;
  return WithRead<Placements>([&](Connection* c) -> Result<Placements> {
    ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT d.public_id, v.plek FROM volgstanden v "
                                         "JOIN deelnemers d ON d.id = v.deelnemer "
                                         "WHERE v.geplaatst = 1"));
    Placements out;
    RETURN_IF_ERROR(
        ForEachRow(st, [&](Statement& row) { out.emplace_back(row.Text(0), row.Text(1)); }));
    return out;
  });
}

}  // namespace overstap::store::sqlite
