#pragma once
// FollowService: the keep-in-view use cases. Records events on a person's timeline and keeps the
// derived state, signals and tasks in step in the same transaction; offers and answers warm
// handovers; completes and assigns tasks; runs the daily sweep; verifies that replaying every
// timeline gives the stored states.
//
// Every read or write of a person's keep-in-view data is recorded in the audit trail: a write's
// record in the write's own transaction (an acknowledged write always has it), a read's batched.
// Returns the store's codes plus kInvalidArgument/kUnprocessable from validation and
// kFailedPrecondition for an action on something already closed. Thread-safe (the store
// serialises the writes; each write re-reads the person's record inside its transaction).

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "access/actor.h"
#include "access/audit_log.h"
#include "common/clock.h"
#include "common/ids.h"
#include "domain/follow.h"
#include "domain/reference.h"
#include "follow/signals.h"
#include "io/rules_file.h"
#include "store/store.h"

namespace overstap::service {

using access::RequestContext;

// The rules file is read in io/ (io/rules_file.h); these names stay for the service's callers.
using io::DefaultRulesText;
using io::ParseRules;

struct SweepReport {
  Date day;
  int64_t people = 0;   // records scanned
  int64_t changed = 0;  // people whose signals changed
  int64_t raised = 0, resolved = 0;
  std::map<std::string, int64_t> raised_by_kind;
  double scan_seconds = 0;   // pass 1: reading every record and evaluating the rules
  double write_seconds = 0;  // pass 2: re-evaluating and storing the changed people
};

struct VerifyReport {
  int64_t people = 0, events = 0, mismatches = 0;
  std::vector<std::string> mismatched;  // the first few person ids
};

class FollowService {
 public:
  FollowService(store::Store* store, std::shared_ptr<const domain::Catalog> catalog,
                const Clock* clock, IdGenerator* ids, access::AuditLog* audit,
                follow::RulesConfig rules);
  ~FollowService();

  // Records a client's event (see domain::ValidateEvent) and what follows from it.
  Result<domain::Event> AddEvent(const RequestContext& ctx, domain::Event event);
  // Batched appends, log-first: validates every event and appends them durably to the log in
  // one transaction (all or nothing), then returns; their state, signals and tasks follow when
  // the projector (or Project) takes them up. A person's timeline shows them at once, and any
  // write for that person folds them in first.
  Result<int64_t> AddEvents(const RequestContext& ctx, std::vector<domain::Event> events);
  // Projects every event waiting in the log (state, rules, signals, tasks), in write
  // transactions of up to 2,000 events; returns how many people it took up. The rules run for
  // the moment `now_micros` (0: the clock's now; the sweep passes the moment it evaluates).
  // A person whose projection fails keeps their events in the log and is named by count in the
  // error, after everyone else was projected.
  Result<int64_t> Project(int64_t now_micros = 0);
  Result<store::Page<domain::Event>> Timeline(const RequestContext& ctx, const std::string& person,
                                              const store::PageRequest& page);
  // The state; with `derived`, also the fields it gives the person's register record
  // (verantwoordelijkeOrganisatie and the rest: domain::Derive), so every view reads the same.
  Result<domain::FollowState> State(const RequestContext& ctx, const std::string& person,
                                    domain::DerivedFields* derived = nullptr);

  Result<domain::Signal> GetSignal(const RequestContext& ctx, const std::string& id);
  Result<store::Page<domain::Signal>> ListSignals(const RequestContext& ctx,
                                                  const store::SignalFilter& filter,
                                                  const store::PageRequest& page);
  Result<domain::Task> GetTask(const RequestContext& ctx, const std::string& id);
  Result<store::Page<domain::Task>> ListTasks(const RequestContext& ctx,
                                              const store::TaskFilter& filter,
                                              const store::PageRequest& page);
  // Completes an open task (kFailedPrecondition when it is not open).
  Result<domain::Task> CompleteTask(const RequestContext& ctx, const std::string& id,
                                    const std::string& note);
  // Assigns an open task to a professional of its organisation.
  Result<domain::Task> AssignTask(const RequestContext& ctx, const std::string& id,
                                  const std::string& professional);

  // Offers a handover from `handover.from` (the actor's organisation when empty) to
  // `handover.to`, with a note. kUnprocessable for an unknown organisation or a handover to
  // the same organisation; kAlreadyExists when one is open for the person.
  Result<domain::Handover> OfferHandover(const RequestContext& ctx, domain::Handover handover);
  // Accepts (responsibility moves to the receiver) or declines (it stays with the sender).
  Result<domain::Handover> AnswerHandover(const RequestContext& ctx, const std::string& id,
                                          bool accept, const std::string& note);
  Result<domain::Handover> GetHandover(const RequestContext& ctx, const std::string& id);
  Result<store::Page<domain::Handover>> ListHandovers(const RequestContext& ctx,
                                                      const store::HandoverFilter& filter,
                                                      const store::PageRequest& page);

  // Evaluates every person's rules for `day` and raises or resolves signals where they changed.
  Result<SweepReport> Sweep(Date day);
  // Replays every timeline and compares the result with the stored state.
  Result<VerifyReport> Verify();

  // Runs Sweep once a day at `hour` (UTC) in a background thread, and once at start when
  // `at_start`; StopScheduler() (or the destructor) ends it.
  void StartScheduler(int hour, bool at_start);
  void StopScheduler();
  // Runs Project in a background thread whenever AddEvents has logged events (and every
  // second, for events another process logged); StopProjector() (or the destructor) ends it.
  void StartProjector();
  void StopProjector();

  const follow::RulesConfig& rules() const { return rules_; }

 private:
  // Region code -> the organisation coordinating it (escalations; regions without a gemeente
  // organisation are absent). Cached for ten minutes; read before a write transaction starts,
  // since the callbacks inside one must not call the store.
  using CoordinatorMap = std::map<std::string, std::string>;
  std::shared_ptr<const CoordinatorMap> Coordinators();
  // Re-evaluates one person's record inside the write transaction and adds the outcome.
  // `cause`: the event recorded in this step (null for the sweep); a task whose condition it
  // cleared is done rather than lapsed.
  Status Evaluate(store::FollowRecord& record, Date today, int64_t now,
                  const CoordinatorMap& coordinators, store::FollowChanges* changes,
                  const domain::Event* cause);
  // UpdateFollow with every callback folding the person's logged events in first; `audit` goes
  // into the same transaction.
  Status Update(const std::vector<std::string>& people, const store::AuditEntries& audit,
                const store::FollowFn& fn);
  // Applies `event` (seq set) to the record's state, replaying the timeline when needed.
  Status ApplyEvent(store::FollowRecord& record, const store::TimelineReader& timeline,
                    domain::Event event, store::FollowChanges* changes);
  // After `done` was completed: its signal, when still open, gets a new task.
  Status FollowUp(const RequestContext& ctx, store::FollowRecord& rec,
                  const store::TimelineReader& timeline, const domain::Task& done,
                  store::FollowChanges* changes);
  Status CheckOrganisation(const std::string& field, const std::string& id);
  Status PrepareEvent(const RequestContext& ctx, domain::Event* event);
  domain::Event SystemEvent(const RequestContext& ctx, const std::string& person,
                            domain::EventKind kind, int64_t now);

  store::Store* store_;
  std::shared_ptr<const domain::Catalog> catalog_;
  const Clock* clock_;
  IdGenerator* ids_;
  access::AuditLog* audit_;
  follow::RulesConfig rules_;

  std::mutex coordinators_mu_;
  std::shared_ptr<const CoordinatorMap> coordinators_;
  int64_t coordinators_loaded_ = 0;

  std::mutex scheduler_mu_;
  std::condition_variable scheduler_cv_;
  bool scheduler_stop_ = false;
  std::thread scheduler_;

  std::mutex projector_mu_;
  std::condition_variable projector_cv_;
  bool projector_stop_ = false, projector_wake_ = false;
  std::thread projector_;
};

}  // namespace overstap::service
