#pragma once
// The signal rules and what follows from them: which signals a person's state raises today,
// and, given the signals already open, which to raise, which to resolve and which tasks come
// with them.
//
// Pure functions over values; thread-safe. Thresholds come per region from the rules file
// (data/rules/signaalregels.json, see docs/keep-in-view.md); every threshold is in days.

#include <map>
#include <string>
#include <vector>

#include "common/ids.h"
#include "domain/follow.h"

namespace overstap::follow {

// The thresholds and the rules configuration are domain values (domain/follow.h), read from
// the rules file by io/rules_file.h.
using domain::RulesConfig;
using domain::Thresholds;

// What the rules read about a person besides their state.
struct PersonFacts {
  std::string person;
  std::string region;
  Date birth_date;
  std::optional<Date> planned_start;  // the register's beschikbaarVanaf
  Date registered;                    // when the person entered the register
};

// One condition that holds today. (kind, key) identifies it: at most one open signal each.
struct SignalHit {
  domain::SignalKind kind;
  std::string key;
  std::vector<domain::Fact> facts;
};

// Every condition that holds for this person on `today`, in a fixed order.
std::vector<SignalHit> Evaluate(const PersonFacts& person, const domain::FollowState& state,
                                const std::vector<domain::Task>& open_tasks,
                                const std::vector<domain::Handover>& open_handovers, Date today,
                                const Thresholds& t);

// True when the open signals are exactly the conditions that hold (nothing to raise or
// resolve): the sweep's cheap first pass.
bool InStep(const std::vector<SignalHit>& hits, const std::vector<domain::Signal>& open_signals);

// Who gets the tasks of a person's signals.
struct Routing {
  std::string responsible;  // the organisation responsible for the person ("" when none)
  std::string coordinator;  // the region's coordinating organisation ("" when none)
};

// What reconciling a person's signals decided. Signals and tasks are whole records to store
// (new or changed); events go on the person's timeline.
struct Outcome {
  std::vector<domain::Signal> signals;
  std::vector<domain::Task> tasks;
  std::vector<domain::Event> events;
  bool empty() const { return signals.empty() && tasks.empty(); }
};

// Raises a signal (with a task) for every hit without an open signal, and resolves every open
// signal whose condition no longer holds. Its open task is then done (afgerond, with a note and
// a taakAfgerond event naming `cause`) when an event recorded now cleared the condition, and
// lapses (vervallen) when nobody acted (`cause` null: the sweep, time passing). Escalations
// (taakVerlopen,
// overdrachtNietGeaccepteerd) go to the coordinator, everything else to the responsible
// organisation, or to the coordinator when nobody is responsible. `now` stamps the records;
// events carry `actor` ("systeem").
Outcome Reconcile(const PersonFacts& person, const std::vector<SignalHit>& hits,
                  const std::vector<domain::Signal>& open_signals,
                  const std::vector<domain::Task>& open_tasks, const Routing& routing,
                  const Thresholds& t, int64_t now_micros, IdGenerator* ids,
                  const domain::Event* cause = nullptr);

// The Dutch title of the task a signal becomes.
std::string TaskTitle(domain::SignalKind kind, const std::string& key);
// The note of the timeline event that records a signal raised or resolved, in plain words.
std::string SignalEventText(domain::SignalKind kind, bool raised);

}  // namespace overstap::follow
