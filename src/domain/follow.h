#pragma once
// Keep in view: the plain types of the timeline, the big-5 plan, signals, tasks and handovers.
// No I/O, no JSON, no SQL. How events fold into a FollowState and which signals a state raises
// live in follow/; docs/keep-in-view.md explains the model.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/date.h"
#include "domain/enums.h"

namespace overstap::domain {

// One entry of a person's append-only timeline. Which payload fields apply depends on `kind`:
//   enrolment*   organisation (the school), reason (ended: diploma | zonderDiploma | overstap)
//   placement*   organisation (employer), place (optional), until (planned end, started),
//                reason (ended: afgerond | voortijdig | ontslag | anders)
//   benefit*     organisation (gemeente/UWV), benefit
//   contact      organisation (with whom), contact, text (note; never logged)
//   big5Changed  domain, big5_status, organisation (owner), professional, text (goal),
//                actions, until (next review)
//   signal*/task*/handover*   ref (the signal, task or handover id), organisation (receiver
//                of a task or handover), text (note)
//   consent*     text (purpose)
//   voided       corrects (the voided event); nothing else
// Any kind but signal*/task*/handover* may carry `corrects`: it then replaces that event.
struct Event {
  int64_t seq = 0;  // position in the store's log; assigned by the store on append
  std::string id;
  std::string person;
  EventKind kind = EventKind::kContact;
  int64_t fact_micros = 0;         // when it happened
  int64_t recorded_micros = 0;     // when it was recorded
  std::string actor;               // user id
  std::string actor_organisation;  // "" for the built-in administrator
  std::string corrects;            // id of the event this one corrects or voids
  std::string organisation;
  std::string place;
  std::string reason;
  std::optional<Date> until;
  Benefit benefit = Benefit::kGeen;
  ContactKind contact = ContactKind::kGesprek;
  Big5Domain domain = Big5Domain::kWonen;
  Big5Status big5_status = Big5Status::kOpOrde;
  std::string professional;
  std::string text;
  std::string actions;
  std::string ref;
  bool operator==(const Event&) const = default;
};

// One domain of the big-5 plan as the timeline last set it.
struct Big5Entry {
  bool set = false;
  Big5Status status = Big5Status::kOpOrde;
  std::string owner;         // organisation id ("" when nobody owns it)
  std::string professional;  // the owner's professional (a name or user id)
  std::string goal;
  std::string actions;
  std::optional<Date> review;
  int64_t changed_micros = 0;
  bool operator==(const Big5Entry&) const = default;
};

// A person's current keep-in-view state, derived from the timeline (follow::Fold) and stored
// beside it so that the daily sweep reads one row per person. Replaying the timeline must give
// exactly this value back.
struct FollowState {
  int64_t events = 0;    // events folded (after corrections)
  int64_t last_seq = 0;  // highest seq folded
  int64_t last_fact_micros = 0;
  std::string school;  // active enrolment: organisation id ("" when none)
  int64_t school_since = 0;
  bool placed = false;  // active placement
  std::string employer;
  std::string place;
  int64_t placed_since = 0;
  std::optional<Date> placed_until;  // planned end
  std::optional<Benefit> benefit;    // active benefit
  std::string benefit_agency;
  int64_t benefit_since = 0;
  int64_t last_contact = 0;       // micros of the latest contact; 0 when none
  int64_t last_activity_end = 0;  // micros of the latest end of enrolment/placement/benefit
  std::string stopped_placement;  // id of the latest placement that ended early, while no
  int64_t stopped_micros = 0;     // new placement or enrolment started since
  std::string responsible;        // organisation id set by the latest accepted handover
  int64_t responsible_since = 0;
  bool consent = false;  // consent given and not withdrawn
  std::array<Big5Entry, kBig5Domains> big5{};
  bool operator==(const FollowState&) const = default;

  Situation situation() const;
};

// What the register shows of a person that follows from their timeline (docs/keep-in-view.md):
// the situation, the institution (the active school, else the active placement's employer) and
// the responsible organisation (the latest accepted handover, else the one named when the person
// was registered, else the school, else the benefit agency). The store keeps these fields of a
// person in step with the folded state in the transaction of every event.
struct DerivedFields {
  Situation situation = Situation::kGeen;
  std::string institution;  // organisation id ("" when none)
  std::string responsible;  // organisation id ("" when none)
  bool operator==(const DerivedFields&) const = default;
};
DerivedFields Derive(const FollowState& state, const std::string& registered_responsible);

// A fact that raised a signal: a name and a value, both shown as they are ("dagenZonderContact",
// "45").
using Fact = std::pair<std::string, std::string>;

struct Signal {
  std::string id;
  std::string person;
  std::string region;
  SignalKind kind = SignalKind::kUitBeeld;
  std::string key;  // dedup key within (person, kind): "" or a domain, task or handover id
  SignalStatus status = SignalStatus::kOpen;
  std::vector<Fact> facts;
  int64_t raised_micros = 0;
  int64_t resolved_micros = 0;
  std::string task;  // the task it became
  bool operator==(const Signal&) const = default;
};

struct Task {
  std::string id;
  std::string person;
  std::string region;
  std::string signal;  // the signal it came from ("" for none)
  SignalKind kind = SignalKind::kUitBeeld;
  std::string title;         // Dutch
  std::string organisation;  // owner organisation
  std::string professional;  // assigned professional ("" until assigned)
  TaskStatus status = TaskStatus::kOpen;
  Date due;
  int escalation = 0;     // 0: the responsible organisation's; 1: the region coordinator's
  std::string escalates;  // for escalation tasks: the task that was overdue
  std::string note;
  int64_t created_micros = 0;
  int64_t closed_micros = 0;
  bool operator==(const Task&) const = default;
};

struct Handover {
  std::string id;
  std::string person;
  std::string region;
  std::string from;  // organisation handing over (stays responsible until accepted)
  std::string to;
  std::string note;  // never logged
  HandoverStatus status = HandoverStatus::kOffered;
  Date due;  // answer expected by
  int64_t offered_micros = 0;
  int64_t answered_micros = 0;
  std::string answered_by;
  bool operator==(const Handover&) const = default;
};

// Limits that validation enforces.
inline constexpr size_t kMaxNoteLength = 2000;
inline constexpr size_t kMaxReasonLength = 40;
inline constexpr size_t kMaxProfessionalLength = 100;
inline constexpr size_t kMaxEventsPerBatch = 10000;  // events recorded in one request
inline constexpr int kMaxEscalation = 1;             // Task::escalation: 0 or 1 (the coordinator's)
// The reasons an enrolment and a placement end (Event::reason), as the API spells them.
inline constexpr std::array<std::string_view, 4> kEnrolmentEndReasons = {"diploma", "zonderDiploma",
                                                                         "overstap", "anders"};
inline constexpr std::array<std::string_view, 4> kPlacementEndReasons = {"afgerond", "voortijdig",
                                                                         "ontslag", "anders"};

// The signal rules' thresholds, in days.
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

}  // namespace overstap::domain
