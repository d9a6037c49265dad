#pragma once
// The keep-in-view tables (migration 0004): timeline, derived state, signals, tasks and
// handovers. Free functions over a Connection, called by SqliteStore inside its read or write
// transactions (so they share its connections, locks and transaction handling). Private to
// store/sqlite/; the contracts are those of the matching Store methods.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace overstap::store::sqlite {

// Inside a write transaction.
Status UpdateFollowOn(Connection* c, const std::vector<std::string>& people, const FollowFn& fn);
Status AppendLogOn(Connection* c, std::vector<domain::Event>* events);
Result<std::vector<std::string>> LoggedPeopleOn(Connection* c, int limit);
Result<std::vector<domain::Event>> LoggedEventsOn(Connection* c, std::string_view person);
Status LoadTimelinesOn(Connection* c, const std::vector<domain::Event>& events,
                       const std::vector<std::pair<std::string, domain::FollowState>>& states);

// Inside a read transaction.
Status ScanFollowOn(Connection* c, const std::function<void(FollowRecord&&)>& fn, int part,
                    int parts, bool brief);
Status ScanTimelinesOn(
    Connection* c, const std::function<void(const std::string&, std::vector<domain::Event>&&)>& fn);
Result<Page<domain::Event>> ListEventsOn(Connection* c, std::string_view person,
                                         const PageRequest& page);
Result<domain::Signal> GetSignalOn(Connection* c, std::string_view id);
Result<Page<domain::Signal>> ListSignalsOn(Connection* c, const SignalFilter& f,
                                           const PageRequest& page);
Result<domain::Task> GetTaskOn(Connection* c, std::string_view id);
Result<Page<domain::Task>> ListTasksOn(Connection* c, const TaskFilter& f, const PageRequest& page);
Result<domain::Handover> GetHandoverOn(Connection* c, std::string_view id);
Result<Page<domain::Handover>> ListHandoversOn(Connection* c, const HandoverFilter& f,
                                               const PageRequest& page);
Result<domain::FollowState> GetFollowStateOn(Connection* c, std::string_view person);

}  // namespace overstap::store::sqlite
