#include "follow/signals.h"

#include <algorithm>
#include <set>

namespace overstap::follow {

using domain::Event;
using domain::EventKind;
using domain::SignalKind;

namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000;

int64_t StartOfDay(Date d) { return static_cast<int64_t>(d.days) * kMicrosPerDay; }

// The date a person born on `birth` turns `years` (29 February: 1 March in other years).
Date Birthday(Date birth, int years) {
  int y;
  unsigned m, d;
  CivilFromDays(birth.days, &y, &m, &d);
  // 28 February + 1: 29 February in a leap year, 1 March otherwise.
  if (m == 2 && d == 29) return Date{DaysFromCivil(y + years, 2, 28) + 1};
  return Date{DaysFromCivil(y + years, m, d)};
}

std::string DateOf(int64_t micros) { return FormatDate(DateFromMicros(micros)); }

bool IsEscalation(SignalKind k) {
  return k == SignalKind::kTaakVerlopen || k == SignalKind::kOverdrachtNietGeaccepteerd;
}

void Transition(const PersonFacts& p, const domain::FollowState& s, Date today, const Thresholds& t,
                int years, SignalKind kind, std::vector<SignalHit>* out) {
  Date birthday = Birthday(p.birth_date, years);
  Date from{birthday.days - t.transition_days_before};
  Date to{birthday.days + t.transition_days_after};
  if (today < from || today > to) return;
  if (s.responsible_since >= StartOfDay(from)) return;  // handed over since the window opened
  out->push_back({kind,
                  "",
                  {{"verjaardag", FormatDate(birthday)},
                   {"dagenTotVerjaardag", std::to_string(birthday.days - today.days)}}});
}

}  // namespace

std::vector<SignalHit> Evaluate(const PersonFacts& p, const domain::FollowState& s,
                                const std::vector<domain::Task>& open_tasks,
                                const std::vector<domain::Handover>& open_handovers, Date today,
                                const Thresholds& t) {
  std::vector<SignalHit> out;

  // In view: an active enrolment, placement or benefit, or recent contact or activity.
  if (s.school.empty() && !s.placed && !s.benefit) {
    Date since = p.registered;
    if (s.last_contact) since = std::max(since, DateFromMicros(s.last_contact));
    if (s.last_activity_end) since = std::max(since, DateFromMicros(s.last_activity_end));
    int days = today.days - since.days;
    if (days >= t.out_of_view_days) {
      out.push_back({SignalKind::kUitBeeld,
                     "",
                     {{"laatsteContact", s.last_contact ? DateOf(s.last_contact) : "geen"},
                      {"inBeeldTot", FormatDate(since)},
                      {"dagenUitBeeld", std::to_string(days)}}});
    }
  }

  if (!s.stopped_placement.empty()) {
    out.push_back({SignalKind::kPlaatsingGestopt,
                   s.stopped_placement,
                   {{"gestoptOp", DateOf(s.stopped_micros)}}});
  }

  if (p.planned_start && !s.placed) {
    int days = p.planned_start->days - today.days;
    if (days <= t.no_place_days && days >= -t.no_place_days) {
      out.push_back({SignalKind::kGeenPlekVoorStart,
                     FormatDate(*p.planned_start),
                     {{"geplandeStart", FormatDate(*p.planned_start)},
                      {"dagenTotStart", std::to_string(days)}}});
    }
  }

  Transition(p, s, today, t, 18, SignalKind::kWordt18, &out);
  Transition(p, s, today, t, 23, SignalKind::kWordt23, &out);

  for (int d = 0; d < domain::kBig5Domains; ++d) {
    const auto& b = s.big5[static_cast<size_t>(d)];
    if (!b.set) continue;
    std::string domain_name(domain::Name(static_cast<domain::Big5Domain>(d)));
    if (b.status == domain::Big5Status::kZorg && b.owner.empty()) {
      out.push_back({SignalKind::kBig5ZorgZonderEigenaar, domain_name, {{"domein", domain_name}}});
    }
    if (b.review && *b.review < today) {
      out.push_back({SignalKind::kEvaluatieVerlopen,
                     domain_name,
                     {{"domein", domain_name}, {"evaluatieDatum", FormatDate(*b.review)}}});
    }
  }

  for (const auto& task : open_tasks) {
    if (task.status != domain::TaskStatus::kOpen || task.escalation > 0 || !(task.due < today)) {
      continue;
    }
    out.push_back({SignalKind::kTaakVerlopen,
                   task.id,
                   {{"taak", task.id},
                    {"vervaldatum", FormatDate(task.due)},
                    {"dagenTeLaat", std::to_string(today.days - task.due.days)}}});
  }
  for (const auto& h : open_handovers) {
    if (h.status != domain::HandoverStatus::kOffered || !(h.due < today)) continue;
    out.push_back({SignalKind::kOverdrachtNietGeaccepteerd,
                   h.id,
                   {{"overdracht", h.id},
                    {"vervaldatum", FormatDate(h.due)},
                    {"dagenTeLaat", std::to_string(today.days - h.due.days)}}});
  }
  return out;
}

bool InStep(const std::vector<SignalHit>& hits, const std::vector<domain::Signal>& open) {
  size_t matched = 0;
  for (const auto& h : hits) {
    bool found = false;
    for (const auto& s : open) {
      if (s.status == domain::SignalStatus::kOpen && s.kind == h.kind && s.key == h.key) {
        found = true;
        break;
      }
    }
    if (!found) return false;
    ++matched;
  }
  size_t open_count = 0;
  for (const auto& s : open) open_count += s.status == domain::SignalStatus::kOpen;
  return matched == open_count;
}

namespace {

// A signal key that names a big 5 domain (its API code) in plain words: "werk en school".
std::string DomainWords(const std::string& key) {
  auto d = domain::ParseEnum<domain::Big5Domain>(key, domain::Big5DomainNames());
  return d ? std::string(domain::DisplayName(*d)) : key;
}

// A signal key that holds a date (YYYY-MM-DD) as a sentence writes it the Dutch way
// (FormatDateDutch: day, month name, year).
std::string StartWords(const std::string& key) {
  auto date = ParseDate(key);
  return date ? FormatDateDutch(*date) : key;
}

}  // namespace

std::string SignalEventText(SignalKind kind, bool raised) {
  return std::string(raised ? "Signaal '" : "Signaal opgelost: '") +
         std::string(domain::DisplayName(kind)) + "'";
}

std::string TaskTitle(SignalKind kind, const std::string& key) {
  switch (kind) {
    case SignalKind::kUitBeeld:
      return "Breng de deelnemer weer in beeld: neem contact op.";
    case SignalKind::kPlaatsingGestopt:
      return "De plaatsing is voortijdig gestopt: zoek samen een vervolg.";
    case SignalKind::kGeenPlekVoorStart:
      return "Nog geen plek terwijl de start (" + StartWords(key) + ") nadert: zoek een plek.";
    case SignalKind::kWordt18:
      return "De deelnemer wordt 18: draag warm over aan gemeente of UWV.";
    case SignalKind::kWordt23:
      return "De deelnemer wordt 23: draag warm over aan gemeente of UWV.";
    case SignalKind::kBig5ZorgZonderEigenaar:
      return "Big 5 '" + DomainWords(key) +
             "' staat op zorg zonder eigenaar: wijs een eigenaar aan.";
    case SignalKind::kTaakVerlopen:
      return "Een taak is over de termijn: pak haar op of wijs haar toe.";
    case SignalKind::kOverdrachtNietGeaccepteerd:
      return "Een overdracht is niet op tijd geaccepteerd: zorg dat iemand haar oppakt.";
    case SignalKind::kEvaluatieVerlopen:
      return "De evaluatie van big 5 '" + DomainWords(key) + "' is verlopen: evalueer het plan.";
  }
  return "Pak het signaal op.";
}

Outcome Reconcile(const PersonFacts& p, const std::vector<SignalHit>& hits,
                  const std::vector<domain::Signal>& open_signals,
                  const std::vector<domain::Task>& open_tasks, const Routing& routing,
                  const Thresholds& t, int64_t now, IdGenerator* ids, const domain::Event* cause) {
  Outcome out;
  const Date today = DateFromMicros(now);
  auto event = [&](EventKind kind, const std::string& ref, const std::string& org,
                   const std::string& text) {
    Event e;
    e.id = ids->NewTimeUuid(now);
    e.person = p.person;
    e.kind = kind;
    e.fact_micros = now;
    e.recorded_micros = now;
    e.actor = "systeem";
    e.ref = ref;
    e.organisation = org;
    e.text = text;
    out.events.push_back(std::move(e));
  };

  std::set<std::pair<SignalKind, std::string>> holding;
  for (const auto& h : hits) holding.emplace(h.kind, h.key);

  // Resolve first, so a condition that cleared and came back in one step is a new signal.
  std::set<std::pair<SignalKind, std::string>> open_keys;
  for (const auto& s : open_signals) {
    if (s.status != domain::SignalStatus::kOpen) continue;
    if (holding.count({s.kind, s.key})) {
      open_keys.emplace(s.kind, s.key);
      continue;
    }
    domain::Signal resolved = s;
    resolved.status = domain::SignalStatus::kResolved;
    resolved.resolved_micros = now;
    event(EventKind::kSignalResolved, s.id, "", SignalEventText(s.kind, false));
    for (const auto& task : open_tasks) {
      if (task.id != s.task || task.status != domain::TaskStatus::kOpen) continue;
      domain::Task closed = task;
      closed.closed_micros = now;
      if (cause) {  // someone acted: what they recorded closes the task
        closed.status = domain::TaskStatus::kDone;
        closed.note = "Afgerond door de gebeurtenis '" + std::string(domain::Name(cause->kind)) +
                      "' (" + cause->id + ").";
        event(EventKind::kTaskCompleted, task.id, "", closed.note);
      } else {
        closed.status = domain::TaskStatus::kLapsed;
      }
      out.tasks.push_back(std::move(closed));
    }
    out.signals.push_back(std::move(resolved));
  }

  for (const auto& h : hits) {
    if (open_keys.count({h.kind, h.key})) continue;
    open_keys.emplace(h.kind, h.key);
    const bool escalation = IsEscalation(h.kind);
    domain::Signal s;
    s.id = ids->NewTimeUuid(now);
    s.person = p.person;
    s.region = p.region;
    s.kind = h.kind;
    s.key = h.key;
    s.facts = h.facts;
    s.raised_micros = now;
    domain::Task task;
    task.id = ids->NewTimeUuid(now);
    task.person = p.person;
    task.region = p.region;
    task.signal = s.id;
    task.kind = h.kind;
    task.title = TaskTitle(h.kind, h.key);
    task.organisation =
        escalation || routing.responsible.empty() ? routing.coordinator : routing.responsible;
    task.due = Date{today.days + (escalation ? t.escalation_days : t.task_days)};
    task.escalation = escalation ? 1 : 0;
    if (h.kind == SignalKind::kTaakVerlopen) task.escalates = h.key;
    task.created_micros = now;
    s.task = task.id;
    event(EventKind::kSignalRaised, s.id, "", SignalEventText(h.kind, true));
    if (h.kind == SignalKind::kTaakVerlopen) {
      event(EventKind::kTaskEscalated, h.key, task.organisation, "");
    }
    event(EventKind::kTaskCreated, task.id, task.organisation, task.title);
    out.signals.push_back(std::move(s));
    out.tasks.push_back(std::move(task));
  }
  return out;
}

}  // namespace overstap::follow
