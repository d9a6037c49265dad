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

struct Thresholds {
  int out_of_view_days = 30;        // uitBeeld: no school, work, benefit or contact this long
  int no_place_days = 30;           // geenPlekVoorStart: this close to the planned start
  int transition_days_before = 90;  // wordt18/wordt23: from this long before the birthday
  int transition_days_after = 180;  // ... until this long after it, unless handed over
  int task_days = 14;               // a task is due this long after it is made
  int escalation_days = 7;          // an escalation task (the coordinator's) is due after this
  int handover_days = 10;           // a handover must be answered within this
  bool operator==(const Thresholds&) const = default;
};

// Thresholds per region with defaults, and the municipality whose gemeente coordinates each
// region (escalations go there; default: the region's largest municipality).
struct RulesConfig {
  Thresholds defaults;
  std::map<std::string, Thresholds> regions;
  std::map<std::string, std::string> coordinator_municipality;
  const Thresholds& For(const std::string& region) const {
    auto it = regions.find(region);
    return it == regions.end() ? defaults : it->second;
  }
};

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
// signal whose condition no longer holds (its open task lapses). Escalations (taakVerlopen,
// overdrachtNietGeaccepteerd) go to the coordinator, everything else to the responsible
// organisation, or to the coordinator when nobody is responsible. `now` stamps the records;
// events carry `actor` ("systeem").
Outcome Reconcile(const PersonFacts& person, const std::vector<SignalHit>& hits,
                  const std::vector<domain::Signal>& open_signals,
                  const std::vector<domain::Task>& open_tasks, const Routing& routing,
                  const Thresholds& t, int64_t now_micros, IdGenerator* ids);

// The Dutch title of the task a signal becomes.
std::string TaskTitle(domain::SignalKind kind, const std::string& key);

}  // namespace overstap::follow
