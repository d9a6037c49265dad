#include "service/follow_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <set>

#include "common/parallel.h"
#include "common/text.h"
#include "domain/validate.h"
#include "follow/timeline.h"

namespace overstap::service {

namespace {

using access::AuditLog;
using domain::Event;
using domain::EventKind;

constexpr int64_t kMicrosPerDay = 86'400'000'000;
constexpr int64_t kCoordinatorCacheMicros = 10LL * 60 * 1000000;
constexpr size_t kSweepBatch = 2000;  // people per write transaction in the sweep

Status HandoverNotOpen() {
  return FailedPrecondition("Deze overdracht is al beantwoord.",
                            "This handover has already been answered.");
}

follow::PersonFacts FactsOf(const store::FollowRecord& r) {
  return {r.person, r.region, r.birth_date, r.planned_start, DateFromMicros(r.registered_micros)};
}

// Who is responsible for a person: the latest accepted handover, else the organisation named
// when they were registered, else the school, else the benefit agency (domain::Derive, the
// same rule that fills the person's verantwoordelijkeOrganisatie).
std::string Responsible(const store::FollowRecord& r) {
  return domain::Derive(r.state, r.register_responsible).responsible;
}

// Folds events that came after `state` was stored (the log's, in log order) into it: each on
// top while that is exact, else the whole timeline replayed (`timeline` includes them).
Status FoldLogged(domain::FollowState* state, const std::vector<Event>& logged,
                  const std::function<Result<std::vector<Event>>()>& timeline) {
  for (const Event& e : logged) {
    if (follow::NeedsReplay(*state, e)) {
      ASSIGN_OR_RETURN(std::vector<Event> events, timeline());
      *state = follow::Fold(std::move(events));
      return Status::Ok();
    }
    follow::Apply(state, e);
  }
  return Status::Ok();
}

}  // namespace

// ---- construction -------------------------------------------------------------------------------

FollowService::FollowService(store::Store* store, std::shared_ptr<const domain::Catalog> catalog,
                             const Clock* clock, IdGenerator* ids, access::AuditLog* audit,
                             follow::RulesConfig rules)
    : store_(store),
      catalog_(std::move(catalog)),
      clock_(clock),
      ids_(ids),
      audit_(audit),
      rules_(std::move(rules)) {}

FollowService::~FollowService() {
  StopScheduler();
  StopProjector();
}

std::shared_ptr<const FollowService::CoordinatorMap> FollowService::Coordinators() {
  const int64_t now = clock_->NowMicros();
  std::lock_guard lock(coordinators_mu_);
  if (coordinators_ && now - coordinators_loaded_ <= kCoordinatorCacheMicros &&
      now >= coordinators_loaded_) {
    return coordinators_;
  }
  // Per region the gemeente organisations; the one in the municipality the rules file names
  // first, then the largest municipality (by number of PC4 areas), then the oldest.
  auto map = std::make_shared<CoordinatorMap>();
  std::map<std::string, size_t> best_size;
  store::OrganisationFilter filter;
  filter.kind = domain::OrganisationKind::kGemeente;
  store::PageRequest page;
  page.limit = 100;
  while (true) {
    auto result = store_->ListOrganisations(filter, page);
    if (!result.ok()) {
      spdlog::error("keep in view: coordinators not loaded: {}", result.status().message_en());
      break;
    }
    for (const auto& org : result->items) {
      auto named = rules_.coordinator_municipality.find(org.region);
      size_t size = org.municipality.empty() ? 0 : catalog_->Pc4sOf(org.municipality).size() + 1;
      if (named != rules_.coordinator_municipality.end() && named->second == org.municipality) {
        size = SIZE_MAX;
      }
      auto [it, fresh] = best_size.emplace(org.region, size);
      if (fresh || size > it->second) {
        it->second = size;
        (*map)[org.region] = org.id;
      }
    }
    if (result->next_cursor.empty()) break;
    page.cursor = result->next_cursor;
  }
  coordinators_ = std::move(map);
  coordinators_loaded_ = now;
  return coordinators_;
}

Status FollowService::CheckOrganisation(const std::string& field, const std::string& id) {
  if (id.empty()) return Status::Ok();
  auto org = store_->GetOrganisation(id);
  if (org.ok()) return Status::Ok();
  if (!org.status().IsNotFound()) return org.status();
  return Unprocessable(
      "Er bestaat geen organisatie met dit id.", "No organisation has this id.",
      {{field, "onbekendeOrganisatie", "Organisatie '" + id.substr(0, 64) + "' bestaat niet.",
        "Organisation '" + id.substr(0, 64) + "' does not exist."}});
}

// ---- the write path -----------------------------------------------------------------------------

Status FollowService::ApplyEvent(store::FollowRecord& rec, const store::TimelineReader& timeline,
                                 Event event, store::FollowChanges* changes) {
  event.seq = rec.next_seq + static_cast<int64_t>(changes->events.size());
  domain::FollowState state = changes->state ? *changes->state : rec.state;
  if (follow::NeedsReplay(state, event)) {
    ASSIGN_OR_RETURN(std::vector<Event> events, timeline());
    if (!event.corrects.empty()) {
      auto target = std::find_if(events.begin(), events.end(),
                                 [&](const Event& e) { return e.id == event.corrects; });
      if (target != events.end() && event.kind != EventKind::kVoided &&
          target->kind != event.kind) {
        return Unprocessable(
            "Een correctie heeft dezelfde soort als de gebeurtenis die zij corrigeert.",
            "A correction has the kind of the event it corrects.",
            {{"soort", "andereSoort",
              "De gecorrigeerde gebeurtenis is van soort '" + std::string(Name(target->kind)) +
                  "'.",
              "The corrected event is of kind '" + std::string(Name(target->kind)) + "'."}});
      }
    }
    for (const auto& e : changes->events) events.push_back(e);
    events.push_back(event);
    state = follow::Fold(std::move(events));
  } else {
    follow::Apply(&state, event);
  }
  changes->events.push_back(std::move(event));
  changes->state = std::move(state);
  return Status::Ok();
}

Status FollowService::Update(const std::vector<std::string>& people,
                             const store::AuditEntries& audit, const store::FollowFn& fn) {
  return store_->UpdateFollow(people, audit,
                              [&](store::FollowRecord& rec, const store::TimelineReader& timeline,
                                  store::FollowChanges* changes) -> Status {
                                if (!rec.logged.empty()) {
                                  // The logged events are in the timeline now; fold them into the
                                  // stored state.
                                  RETURN_IF_ERROR(FoldLogged(&rec.state, rec.logged, timeline));
                                  changes->state = rec.state;
                                }
                                return fn(rec, timeline, changes);
                              });
}

Status FollowService::Evaluate(store::FollowRecord& rec, Date today, int64_t now,
                               const CoordinatorMap& coordinators, store::FollowChanges* changes,
                               const domain::Event* cause) {
  store::FollowRecord view = rec;
  if (changes->state) view.state = *changes->state;
  // Tasks and handovers changed in this same step count as they are now.
  for (const auto& t : changes->tasks) {
    auto it = std::find_if(view.open_tasks.begin(), view.open_tasks.end(),
                           [&](const domain::Task& x) { return x.id == t.id; });
    if (it != view.open_tasks.end()) *it = t;
  }
  for (const auto& h : changes->handovers) {
    auto it = std::find_if(view.open_handovers.begin(), view.open_handovers.end(),
                           [&](const domain::Handover& x) { return x.id == h.id; });
    if (it != view.open_handovers.end()) {
      *it = h;
    } else {
      view.open_handovers.push_back(h);
    }
  }
  const follow::Thresholds& t = rules_.For(rec.region);
  const follow::PersonFacts facts = FactsOf(view);
  auto hits = follow::Evaluate(facts, view.state, view.open_tasks, view.open_handovers, today, t);
  if (follow::InStep(hits, view.open_signals)) return Status::Ok();
  auto coordinator = coordinators.find(rec.region);
  follow::Routing routing{Responsible(view),
                          coordinator == coordinators.end() ? "" : coordinator->second};
  follow::Outcome outcome = follow::Reconcile(facts, hits, view.open_signals, view.open_tasks,
                                              routing, t, now, ids_, cause);
  for (auto& e : outcome.events) {
    e.seq = rec.next_seq + static_cast<int64_t>(changes->events.size());
    domain::FollowState state = changes->state ? *changes->state : rec.state;
    follow::Apply(&state, e);
    changes->state = std::move(state);
    changes->events.push_back(std::move(e));
  }
  for (auto& s : outcome.signals) changes->signals.push_back(std::move(s));
  for (auto& task : outcome.tasks) {
    auto it = std::find_if(changes->tasks.begin(), changes->tasks.end(),
                           [&](const domain::Task& x) { return x.id == task.id; });
    if (it != changes->tasks.end()) {
      *it = std::move(task);
    } else {
      changes->tasks.push_back(std::move(task));
    }
  }
  return Status::Ok();
}

Status FollowService::PrepareEvent(const RequestContext& ctx, Event* e) {
  e->id = ids_->NewTimeUuid(ctx.now_micros);
  e->recorded_micros = ctx.now_micros;
  e->actor = ctx.actor.user_id;
  e->actor_organisation = ctx.actor.organisation_id;
  RETURN_IF_ERROR(domain::ValidateEvent(e, ctx.now_micros));
  return CheckOrganisation("organisatie", e->organisation);
}

Event FollowService::SystemEvent(const RequestContext& ctx, const std::string& person,
                                 EventKind kind, int64_t now) {
  Event e;
  e.id = ids_->NewTimeUuid(now);
  e.person = person;
  e.kind = kind;
  e.fact_micros = now;
  e.recorded_micros = now;
  e.actor = ctx.actor.user_id;
  e.actor_organisation = ctx.actor.organisation_id;
  return e;
}

Result<Event> FollowService::AddEvent(const RequestContext& ctx, Event event) {
  const auto coordinators = Coordinators();  // read outside the write transaction
  RETURN_IF_ERROR(PrepareEvent(ctx, &event));
  const Date today = DateFromMicros(ctx.now_micros);
  Event stored;
  RETURN_IF_ERROR(
      Update({event.person}, {AuditLog::Entry(ctx, "aanmaken", "gebeurtenis", event.person)},
             [&](store::FollowRecord& rec, const store::TimelineReader& timeline,
                 store::FollowChanges* changes) -> Status {
               RETURN_IF_ERROR(ApplyEvent(rec, timeline, event, changes));
               stored = changes->events.back();
               return Evaluate(rec, today, ctx.now_micros, *coordinators, changes, &stored);
             }));
  return stored;
}

Result<int64_t> FollowService::AddEvents(const RequestContext& ctx, std::vector<Event> events) {
  std::set<std::string> people;
  for (size_t i = 0; i < events.size(); ++i) {
    if (Status st = PrepareEvent(ctx, &events[i]); !st.ok()) {
      return PrefixFields(st, "[" + std::to_string(i) + "].");
    }
    people.insert(events[i].person);
  }
  store::AuditEntries audit;  // one record per person, in the log's own transaction
  audit.reserve(people.size());
  for (const auto& person : people) {
    audit.push_back(AuditLog::Entry(ctx, "aanmaken", "gebeurtenis", person));
  }
  RETURN_IF_ERROR(store_->AppendLog(&events, audit));
  {
    std::lock_guard lock(projector_mu_);
    projector_wake_ = true;
  }
  projector_cv_.notify_all();
  return static_cast<int64_t>(events.size());
}

Result<int64_t> FollowService::Project(int64_t now_micros) {
  // Events (not people) per write transaction: larger ones gained little (the pages rarely
  // coincide among 1M people) and hold the write lock longer against interactive writes.
  constexpr int kEventsPerTransaction = 2000;
  int64_t people = 0;
  // People whose projection failed (only a defect can cause that: every event was checked
  // when logged). Their events stay in the log, durable and on their timeline; the others go on.
  std::set<std::string> stuck;
  Status first_failure;
  while (true) {
    ASSIGN_OR_RETURN(auto waiting, store_->LoggedPeople(kEventsPerTransaction));
    std::vector<std::string> batch;
    for (auto& p : waiting) {
      if (!stuck.count(p)) batch.push_back(std::move(p));
    }
    if (batch.empty()) break;
    const auto coordinators = Coordinators();  // read outside the write transaction
    const int64_t now = now_micros ? now_micros : clock_->NowMicros();
    const Date today = DateFromMicros(now);
    auto project = [&](const std::vector<std::string>& people) {
      // The events were audited when logged; the projection is the system's own follow-up.
      return Update(people, {},
                    [&](store::FollowRecord& rec, const store::TimelineReader&,
                        store::FollowChanges* changes) -> Status {
                      // The latest logged event stands for what was recorded.
                      const Event* cause = rec.logged.empty() ? nullptr : &rec.logged.back();
                      return Evaluate(rec, today, now, *coordinators, changes, cause);
                    });
    };
    if (project(batch).ok()) {
      people += static_cast<int64_t>(batch.size());
      continue;
    }
    for (const auto& person : batch) {  // one by one, to find who fails
      if (Status st = project({person}); st.ok()) {
        ++people;
      } else {
        if (first_failure.ok()) first_failure = st;
        stuck.insert(person);
      }
    }
  }
  if (!stuck.empty()) {
    return Status(
        first_failure.code(),
        std::to_string(stuck.size()) +
            " deelnemer(s) niet geprojecteerd: " + first_failure.message_nl(),
        std::to_string(stuck.size()) + " person(s) not projected: " + first_failure.message_en());
  }
  return people;
}

Result<store::Page<Event>> FollowService::Timeline(const RequestContext& ctx,
                                                   const std::string& person,
                                                   const store::PageRequest& page) {
  ASSIGN_OR_RETURN(auto result, store_->ListEvents(person, page));
  audit_->Record(ctx, "lezen", "tijdlijn", person);
  return result;
}

Result<domain::FollowState> FollowService::State(const RequestContext& ctx,
                                                 const std::string& person,
                                                 domain::DerivedFields* derived) {
  ASSIGN_OR_RETURN(auto state, store_->GetFollowState(person));
  // Events still waiting in the log count already (read after the state: at worst one the
  // projector took up in between is missing for this one read).
  ASSIGN_OR_RETURN(auto logged, store_->LoggedEvents(person));
  RETURN_IF_ERROR(FoldLogged(&state, logged, [&]() -> Result<std::vector<Event>> {
    std::vector<Event> events;  // the timeline with the logged events, page by page
    store::PageRequest page;
    page.limit = 1000;
    while (true) {
      ASSIGN_OR_RETURN(auto part, store_->ListEvents(person, page));
      for (auto& x : part.items) events.push_back(std::move(x));
      if (part.next_cursor.empty()) return events;
      page.cursor = part.next_cursor;
    }
  }));
  if (derived) {
    ASSIGN_OR_RETURN(std::string registered, store_->RegisteredResponsible(person));
    *derived = domain::Derive(state, registered);
  }
  audit_->Record(ctx, "lezen", "volgstand", person);
  return state;
}

// ---- signals and tasks --------------------------------------------------------------------------

Result<domain::Signal> FollowService::GetSignal(const RequestContext& ctx, const std::string& id) {
  ASSIGN_OR_RETURN(auto s, store_->GetSignal(id));
  audit_->Record(ctx, "lezen", "signaal", s.person);
  return s;
}

Result<store::Page<domain::Signal>> FollowService::ListSignals(const RequestContext& ctx,
                                                               const store::SignalFilter& filter,
                                                               const store::PageRequest& page) {
  ASSIGN_OR_RETURN(auto result, store_->ListSignals(filter, page));
  audit_->Record(ctx, "lijst", "signaal", "n=" + std::to_string(result.items.size()));
  return result;
}

Result<domain::Task> FollowService::GetTask(const RequestContext& ctx, const std::string& id) {
  ASSIGN_OR_RETURN(auto t, store_->GetTask(id));
  audit_->Record(ctx, "lezen", "taak", t.person);
  return t;
}

Result<store::Page<domain::Task>> FollowService::ListTasks(const RequestContext& ctx,
                                                           const store::TaskFilter& filter,
                                                           const store::PageRequest& page) {
  ASSIGN_OR_RETURN(auto result, store_->ListTasks(filter, page));
  audit_->Record(ctx, "lijst", "taak", "n=" + std::to_string(result.items.size()));
  return result;
}

namespace {

// Finds an open task of the record; kFailedPrecondition when it is closed.
Result<domain::Task*> OpenTask(store::FollowRecord& rec, const std::string& id) {
  for (auto& t : rec.open_tasks) {
    if (t.id == id) return &t;
  }
  return FailedPrecondition("Deze taak is al afgesloten.", "This task is already closed.");
}

}  // namespace

Status FollowService::FollowUp(const RequestContext& ctx, store::FollowRecord& rec,
                               const store::TimelineReader& timeline, const domain::Task& done,
                               store::FollowChanges* changes) {
  // The signal the task came from, unless the rules just resolved it (its condition cleared).
  auto signal =
      std::find_if(rec.open_signals.begin(), rec.open_signals.end(), [&](const domain::Signal& s) {
        return s.status == domain::SignalStatus::kOpen && s.task == done.id;
      });
  if (signal == rec.open_signals.end()) return Status::Ok();
  for (const auto& s : changes->signals) {
    if (s.id == signal->id) return Status::Ok();
  }
  // Its condition still holds: nobody may fall out of view, so the signal stays open with a new
  // task for the same organisation (docs/keep-in-view.md).
  const follow::Thresholds& t = rules_.For(rec.region);
  domain::Task next;
  next.id = ids_->NewTimeUuid(ctx.now_micros);
  next.person = rec.person;
  next.region = rec.region;
  next.signal = signal->id;
  next.kind = signal->kind;
  next.title = follow::TaskTitle(signal->kind, signal->key);
  next.organisation = done.organisation;
  next.due = Date{DateFromMicros(ctx.now_micros).days +
                  (done.escalation ? t.escalation_days : t.task_days)};
  next.escalation = done.escalation;
  next.escalates = done.escalates;
  next.created_micros = ctx.now_micros;
  domain::Signal kept = *signal;
  kept.task = next.id;
  changes->signals.push_back(std::move(kept));
  Event e = SystemEvent(ctx, rec.person, EventKind::kTaskCreated, ctx.now_micros);
  e.ref = next.id;
  e.organisation = next.organisation;
  e.text = next.title;
  changes->tasks.push_back(std::move(next));
  return ApplyEvent(rec, timeline, std::move(e), changes);
}

Result<domain::Task> FollowService::CompleteTask(const RequestContext& ctx, const std::string& id,
                                                 const std::string& note) {
  const auto coordinators = Coordinators();  // read outside the write transaction
  ASSIGN_OR_RETURN(auto task, store_->GetTask(id));
  if (Utf8Length(note) > domain::kMaxNoteLength) {
    return InvalidArgument(
        "De notitie is te lang.", "The note is too long.",
        {{"notitie", "teLang", "Maximaal 2000 tekens.", "At most 2000 characters."}});
  }
  domain::Task done;
  RETURN_IF_ERROR(
      Update({task.person}, {AuditLog::Entry(ctx, "wijzigen", "taak", task.person)},
             [&](store::FollowRecord& rec, const store::TimelineReader& timeline,
                 store::FollowChanges* changes) -> Status {
               ASSIGN_OR_RETURN(domain::Task * open, OpenTask(rec, id));
               done = *open;
               done.status = domain::TaskStatus::kDone;
               done.closed_micros = ctx.now_micros;
               done.note = note;
               changes->tasks.push_back(done);
               Event e = SystemEvent(ctx, rec.person, EventKind::kTaskCompleted, ctx.now_micros);
               e.ref = id;
               e.text = note;
               RETURN_IF_ERROR(ApplyEvent(rec, timeline, std::move(e), changes));
               const Event cause = changes->events.back();
               RETURN_IF_ERROR(Evaluate(rec, DateFromMicros(ctx.now_micros), ctx.now_micros,
                                        *coordinators, changes, &cause));
               return FollowUp(ctx, rec, timeline, done, changes);
             }));
  return done;
}

Result<domain::Task> FollowService::AssignTask(const RequestContext& ctx, const std::string& id,
                                               const std::string& professional) {
  ASSIGN_OR_RETURN(auto task, store_->GetTask(id));
  std::string name = Trim(professional);
  if (name.empty() || Utf8Length(name) > domain::kMaxProfessionalLength) {
    return InvalidArgument("Noem de medewerker (1 tot 100 tekens).",
                           "Name the professional (1 to 100 characters).",
                           {{"medewerker", name.empty() ? "verplicht" : "teLang",
                             "1 tot 100 tekens.", "1 to 100 characters."}});
  }
  domain::Task assigned;
  RETURN_IF_ERROR(Update({task.person}, {AuditLog::Entry(ctx, "wijzigen", "taak", task.person)},
                         [&](store::FollowRecord& rec, const store::TimelineReader&,
                             store::FollowChanges* changes) -> Status {
                           ASSIGN_OR_RETURN(domain::Task * open, OpenTask(rec, id));
                           assigned = *open;
                           assigned.professional = name;
                           changes->tasks.push_back(assigned);
                           return Status::Ok();
                         }));
  return assigned;
}

// ---- handovers ----------------------------------------------------------------------------------

Result<domain::Handover> FollowService::OfferHandover(const RequestContext& ctx,
                                                      domain::Handover h) {
  const auto coordinators = Coordinators();  // read outside the write transaction
  if (h.from.empty()) h.from = ctx.actor.organisation_id;
  std::vector<FieldViolation> form;
  if (h.from.empty()) {
    form.push_back({"van", "verplicht", "'van' is verplicht: de organisatie die overdraagt.",
                    "'van' is required: the organisation handing over."});
  }
  if (h.to.empty()) {
    form.push_back({"naar", "verplicht", "'naar' is verplicht: de organisatie die overneemt.",
                    "'naar' is required: the organisation taking over."});
  }
  if (Utf8Length(h.note) > domain::kMaxNoteLength) {
    form.push_back({"notitie", "teLang", "Maximaal 2000 tekens.", "At most 2000 characters."});
  }
  if (!form.empty()) {
    return InvalidArgument("De overdracht is ongeldig.", "The handover is invalid.", form);
  }
  if (h.from == h.to) {
    return Unprocessable("Een overdracht gaat naar een andere organisatie.",
                         "A handover goes to another organisation.",
                         {{"naar", "zelfdeOrganisatie", "'naar' is dezelfde organisatie als 'van'.",
                           "'naar' is the same organisation as 'van'."}});
  }
  RETURN_IF_ERROR(CheckOrganisation("van", h.from));
  RETURN_IF_ERROR(CheckOrganisation("naar", h.to));
  h.id = ids_->NewTimeUuid(ctx.now_micros);
  h.status = domain::HandoverStatus::kOffered;
  h.offered_micros = ctx.now_micros;
  RETURN_IF_ERROR(Update(
      {h.person}, {AuditLog::Entry(ctx, "aanmaken", "overdracht", h.person)},
      [&](store::FollowRecord& rec, const store::TimelineReader& timeline,
          store::FollowChanges* changes) -> Status {
        const std::string responsible = Responsible(rec);
        if (!responsible.empty() && responsible != h.from) {
          return Unprocessable(
              "Alleen de verantwoordelijke organisatie draagt over.",
              "Only the responsible organisation hands over.",
              {{"van", "nietVerantwoordelijk",
                "'van' is niet de verantwoordelijke organisatie van deze deelnemer.",
                "'van' is not this person's responsible organisation."}});
        }
        h.region = rec.region;
        h.due = Date{DateFromMicros(ctx.now_micros).days + rules_.For(rec.region).handover_days};
        changes->handovers.push_back(h);
        Event e = SystemEvent(ctx, rec.person, EventKind::kHandoverOffered, ctx.now_micros);
        e.ref = h.id;
        e.organisation = h.to;
        RETURN_IF_ERROR(ApplyEvent(rec, timeline, std::move(e), changes));
        const Event cause = changes->events.back();
        return Evaluate(rec, DateFromMicros(ctx.now_micros), ctx.now_micros, *coordinators, changes,
                        &cause);
      }));
  return h;
}

Result<domain::Handover> FollowService::AnswerHandover(const RequestContext& ctx,
                                                       const std::string& id, bool accept,
                                                       const std::string& note) {
  const auto coordinators = Coordinators();  // read outside the write transaction
  ASSIGN_OR_RETURN(auto h, store_->GetHandover(id));
  if (h.status != domain::HandoverStatus::kOffered) return HandoverNotOpen();
  if (Utf8Length(note) > domain::kMaxNoteLength) {
    return InvalidArgument(
        "De notitie is te lang.", "The note is too long.",
        {{"notitie", "teLang", "Maximaal 2000 tekens.", "At most 2000 characters."}});
  }
  // Only the receiver (or the administrator) answers.
  if (!ctx.actor.organisation_id.empty() && ctx.actor.organisation_id != h.to) {
    return Status(StatusCode::kPermissionDenied,
                  "Alleen de ontvangende organisatie beantwoordt een overdracht.",
                  "Only the receiving organisation answers a handover.");
  }
  RETURN_IF_ERROR(Update(
      {h.person}, {AuditLog::Entry(ctx, "wijzigen", "overdracht", h.person)},
      [&](store::FollowRecord& rec, const store::TimelineReader& timeline,
          store::FollowChanges* changes) -> Status {
        auto it = std::find_if(rec.open_handovers.begin(), rec.open_handovers.end(),
                               [&](const domain::Handover& x) { return x.id == id; });
        if (it == rec.open_handovers.end()) return HandoverNotOpen();
        h = *it;
        h.status = accept ? domain::HandoverStatus::kAccepted : domain::HandoverStatus::kDeclined;
        h.answered_micros = ctx.now_micros;
        h.answered_by = ctx.actor.user_id;
        changes->handovers.push_back(h);
        Event e = SystemEvent(ctx, rec.person,
                              accept ? EventKind::kHandoverAccepted : EventKind::kHandoverDeclined,
                              ctx.now_micros);
        e.ref = id;
        e.organisation = accept ? h.to : h.from;
        e.text = note;
        RETURN_IF_ERROR(ApplyEvent(rec, timeline, std::move(e), changes));
        const Event cause = changes->events.back();
        return Evaluate(rec, DateFromMicros(ctx.now_micros), ctx.now_micros, *coordinators, changes,
                        &cause);
      }));
  return h;
}

Result<domain::Handover> FollowService::GetHandover(const RequestContext& ctx,
                                                    const std::string& id) {
  ASSIGN_OR_RETURN(auto h, store_->GetHandover(id));
  audit_->Record(ctx, "lezen", "overdracht", h.person);
  return h;
}

Result<store::Page<domain::Handover>> FollowService::ListHandovers(
    const RequestContext& ctx, const store::HandoverFilter& filter,
    const store::PageRequest& page) {
  ASSIGN_OR_RETURN(auto result, store_->ListHandovers(filter, page));
  audit_->Record(ctx, "lijst", "overdracht", "n=" + std::to_string(result.items.size()));
  return result;
}

// ---- the sweep ----------------------------------------------------------------------------------

Result<SweepReport> FollowService::Sweep(Date day) {
  const auto coordinators = Coordinators();  // read outside the write transaction
  using Seconds = std::chrono::duration<double>;
  SweepReport report;
  report.day = day;
  // The sweep's moment: now when it evaluates today; the last moment of a past day it catches
  // up on (that day's own events come before its signals, and tasks are due from that day);
  // the first moment of a future day.
  const int64_t day_start = int64_t{day.days} * kMicrosPerDay;
  const int64_t now = std::clamp(clock_->NowMicros(), day_start, day_start + kMicrosPerDay - 1);
  auto t0 = std::chrono::steady_clock::now();
  // Logged events first, so the sweep sees every state as it is (one that cannot be projected
  // stays in the log, and its person's stored state as it was; the sweep goes on).
  if (auto projected = Project(now); !projected.ok()) {
    spdlog::error("sweep: {}", projected.status().message_en());
  }

  // Pass 1, read-only, one key range per core: whose open signals differ from the conditions
  // that hold today.
  const int threads = Threads(0, 2);
  std::vector<std::vector<std::string>> changed_parts(static_cast<size_t>(threads));
  std::vector<int64_t> people(static_cast<size_t>(threads), 0);
  std::vector<Status> statuses(static_cast<size_t>(threads));
  RunOnThreads(threads, [&](int part) {
    auto& out = changed_parts[static_cast<size_t>(part)];
    statuses[static_cast<size_t>(part)] = store_->ScanFollowPart(
        [&](store::FollowRecord&& rec) {
          ++people[static_cast<size_t>(part)];
          auto hits = follow::Evaluate(FactsOf(rec), rec.state, rec.open_tasks, rec.open_handovers,
                                       day, rules_.For(rec.region));
          if (!follow::InStep(hits, rec.open_signals)) out.push_back(std::move(rec.person));
        },
        part, threads, /*brief=*/true);
  });
  for (const auto& st : statuses) RETURN_IF_ERROR(st);
  std::vector<std::string> changed;
  for (int part = 0; part < threads; ++part) {
    report.people += people[static_cast<size_t>(part)];
    for (auto& p : changed_parts[static_cast<size_t>(part)]) changed.push_back(std::move(p));
  }
  auto t1 = std::chrono::steady_clock::now();
  report.scan_seconds = Seconds(t1 - t0).count();  // reading and the rules, on every core
  report.changed = static_cast<int64_t>(changed.size());

  // Pass 2: re-evaluate those people inside write transactions (their records may have moved
  // on since the scan; the write sees the current ones).
  for (size_t i = 0; i < changed.size(); i += kSweepBatch) {
    std::vector<std::string> batch(
        changed.begin() + static_cast<std::ptrdiff_t>(i),
        changed.begin() + static_cast<std::ptrdiff_t>(std::min(changed.size(), i + kSweepBatch)));
    std::vector<domain::Signal> decided;
    auto reevaluate = [&](store::FollowRecord& rec, const store::TimelineReader&,
                          store::FollowChanges* changes) -> Status {
      RETURN_IF_ERROR(Evaluate(rec, day, now, *coordinators, changes, nullptr));
      decided.insert(decided.end(), changes->signals.begin(), changes->signals.end());
      return Status::Ok();
    };
    Status st = Update(batch, {}, reevaluate);
    if (!st.ok()) {
      // Someone in the batch was deleted since the scan, or has logged events that cannot be
      // projected (logged by Project above): the rest, one by one.
      decided.clear();
      int failed = 0;
      for (const auto& person : batch) {
        const size_t before = decided.size();
        Status one = Update({person}, {}, reevaluate);
        if (!one.ok()) {
          decided.resize(before);
          failed += !one.IsNotFound();
        }
      }
      // Everyone failing is no single defective record (a full disk, say): stop with it.
      if (failed == static_cast<int>(batch.size())) return st;
      if (failed) spdlog::error("sweep: {} people not re-evaluated: {}", failed, st.message_en());
    }
    for (const auto& s : decided) {
      if (s.status == domain::SignalStatus::kOpen) {
        ++report.raised;
        ++report.raised_by_kind[std::string(domain::Name(s.kind))];
      } else {
        ++report.resolved;
      }
    }
  }
  report.write_seconds = Seconds(std::chrono::steady_clock::now() - t1).count();
  return report;
}

Result<VerifyReport> FollowService::Verify() {
  if (auto projected = Project(); !projected.ok()) {
    spdlog::error("verify: {}", projected.status().message_en());
  }
  VerifyReport report;
  std::map<std::string, domain::FollowState> states;
  RETURN_IF_ERROR(store_->ScanFollow([&](store::FollowRecord&& rec) {
    ++report.people;
    if (rec.state.events || rec.state.last_seq) states.emplace(rec.person, std::move(rec.state));
  }));
  auto mismatch = [&](const std::string& person) {
    ++report.mismatches;
    if (report.mismatched.size() < 10) report.mismatched.push_back(person);
  };
  RETURN_IF_ERROR(
      store_->ScanTimelines([&](const std::string& person, std::vector<Event>&& events) {
        report.events += static_cast<int64_t>(events.size());
        domain::FollowState replayed = follow::Fold(std::move(events));
        auto it = states.find(person);
        if (it == states.end() || !(it->second == replayed)) mismatch(person);
        if (it != states.end()) states.erase(it);
      }));
  for (const auto& [person, _] : states) mismatch(person);  // a state without a timeline
  return report;
}

// ---- scheduler ----------------------------------------------------------------------------------

void FollowService::StartScheduler(int hour, bool at_start) {
  scheduler_ = std::thread([this, hour, at_start] {
    auto run = [this] {
      auto report = Sweep(DateFromMicros(clock_->NowMicros()));
      if (report.ok()) {
        spdlog::info("sweep: {} people, {} signals raised, {} resolved", report->people,
                     report->raised, report->resolved);
      } else {
        spdlog::error("sweep failed: {}", report.status().message_en());
      }
    };
    if (at_start) run();
    std::unique_lock lock(scheduler_mu_);
    while (!scheduler_stop_) {
      const int64_t now = clock_->NowMicros();
      int64_t next = (now / kMicrosPerDay) * kMicrosPerDay + hour * 3'600'000'000LL;
      if (next <= now) next += kMicrosPerDay;
      scheduler_cv_.wait_for(lock, std::chrono::microseconds(next - now),
                             [this] { return scheduler_stop_; });
      if (scheduler_stop_) break;
      lock.unlock();
      run();
      lock.lock();
    }
  });
}

void FollowService::StartProjector() {
  projector_ = std::thread([this] {
    std::unique_lock lock(projector_mu_);
    while (!projector_stop_) {
      projector_cv_.wait_for(lock, std::chrono::seconds(1),
                             [this] { return projector_stop_ || projector_wake_; });
      if (projector_stop_) break;
      projector_wake_ = false;
      lock.unlock();
      auto projected = Project();
      if (!projected.ok()) {
        spdlog::error("projectie van gelogde gebeurtenissen: {}", projected.status().message_en());
      } else if (*projected > 0) {
        spdlog::debug("projectie: {} deelnemers bijgewerkt", *projected);
      }
      lock.lock();
    }
  });
}

void FollowService::StopProjector() {
  {
    std::lock_guard lock(projector_mu_);
    projector_stop_ = true;
  }
  projector_cv_.notify_all();
  if (projector_.joinable()) projector_.join();
}

void FollowService::StopScheduler() {
  {
    std::lock_guard lock(scheduler_mu_);
    scheduler_stop_ = true;
  }
  scheduler_cv_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
}

}  // namespace overstap::service
