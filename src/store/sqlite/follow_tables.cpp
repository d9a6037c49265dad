#include "store/sqlite/follow_tables.h"

#include <charconv>
#include <unordered_map>

#include "common/text.h"
#include "store/sqlite/page.h"

namespace overstap::store::sqlite {
namespace {

using domain::Event;
using domain::EventKind;
using domain::FollowState;
using domain::Handover;
using domain::Signal;
using domain::Task;

// Column lists; macros so that " WHERE ..." concatenates into one literal.
#define SQL_EVENT_COLUMNS                                                                    \
  "g.id, g.public_id, g.soort, g.feit, g.vastgelegd, g.actor, g.actor_organisatie, "         \
  "k.public_id, g.organisatie, g.plek, g.reden, g.tot, g.detail, g.status, g.medewerker, "   \
  "g.tekst, g.acties, g.verwijzing, d.public_id FROM gebeurtenissen g JOIN deelnemers d ON " \
  "d.id = g.deelnemer LEFT JOIN gebeurtenissen k ON k.id = g.corrigeert"
// The same columns from the log; a correction there may name an event still in the log too.
#define SQL_LOG_COLUMNS                                                                         \
  "g.id, g.public_id, g.soort, g.feit, g.vastgelegd, g.actor, g.actor_organisatie, "            \
  "coalesce(k.public_id, kl.public_id), g.organisatie, g.plek, g.reden, g.tot, g.detail, "      \
  "g.status, g.medewerker, g.tekst, g.acties, g.verwijzing, d.public_id FROM gebeurtenislog g " \
  "JOIN deelnemers d ON d.id = g.deelnemer LEFT JOIN gebeurtenissen k ON k.id = g.corrigeert "  \
  "LEFT JOIN gebeurtenislog kl ON kl.id = g.corrigeert"
#define kStateColumns                                                                    \
  "s.gebeurtenissen, s.laatste, s.laatste_feit, s.school, s.school_sinds, s.geplaatst, " \
  "s.werkgever, s.plek, s.geplaatst_sinds, s.geplaatst_tot, s.uitkering, "               \
  "s.uitkeringsinstantie, s.uitkering_sinds, s.laatste_contact, s.laatste_einde, "       \
  "s.gestopte_plaatsing, s.gestopt_op, s.verantwoordelijke, s.verantwoordelijk_sinds, "  \
  "s.toestemming, s.big5"
// `person` is the SQL for the third column, the person's public id: the join below, or a
// parameter when the caller knows it (one B-tree lookup less per row).
#define kSignalFrom(person)                             \
  "SELECT s.id, s.public_id, " person                   \
  ", s.regio, s.soort, s.sleutel, s.status, s.feiten, " \
  "s.opgeworpen, s.opgelost, s.taak, s.deelnemer FROM signalen s"
#define kTaskFrom(person)                                                            \
  "SELECT t.id, t.public_id, " person                                                \
  ", t.regio, t.signaal, t.soort, t.titel, "                                         \
  "t.organisatie, t.medewerker, t.status, t.vervaldatum, t.escalatie, t.escaleert, " \
  "t.notitie, t.aangemaakt, t.afgesloten, t.deelnemer FROM taken t"
#define kHandoverFrom(person)                       \
  "SELECT h.id, h.public_id, " person               \
  ", h.regio, h.van, h.naar, h.notitie, h.status, " \
  "h.termijn, h.aangeboden, h.beantwoord, h.beantwoord_door, h.deelnemer FROM overdrachten h"
#define SQL_SIGNAL_SELECT kSignalFrom("d.public_id") " JOIN deelnemers d ON d.id = s.deelnemer"
#define SQL_TASK_SELECT kTaskFrom("d.public_id") " JOIN deelnemers d ON d.id = t.deelnemer"
#define SQL_HANDOVER_SELECT kHandoverFrom("d.public_id") " JOIN deelnemers d ON d.id = h.deelnemer"

std::optional<std::string> NullIfEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// ---- events -----------------------------------------------------------------------------------

// The one integer column that carries the kind-dependent enumeration.
std::optional<int64_t> DetailOf(const Event& e) {
  switch (e.kind) {
    case EventKind::kBenefitStarted:
    case EventKind::kBenefitEnded:
      return static_cast<int64_t>(e.benefit);
    case EventKind::kContact:
      return static_cast<int64_t>(e.contact);
    case EventKind::kBig5Changed:
      return static_cast<int64_t>(e.domain);
    default:
      return std::nullopt;
  }
}

Event ReadEvent(const Statement& st) {
  Event e;
  e.seq = st.Int(0);
  e.id = st.Text(1);
  e.kind = static_cast<EventKind>(st.Int(2));
  e.fact_micros = st.Int(3);
  e.recorded_micros = st.Int(4);
  e.actor = st.Text(5);
  e.actor_organisation = st.Text(6);
  e.corrects = st.Text(7);
  e.organisation = st.Text(8);
  e.place = st.Text(9);
  e.reason = st.Text(10);
  if (!st.IsNull(11)) e.until = Date{static_cast<int32_t>(st.Int(11))};
  if (!st.IsNull(12)) {
    const int64_t detail = st.Int(12);
    switch (e.kind) {
      case EventKind::kBenefitStarted:
      case EventKind::kBenefitEnded:
        e.benefit = static_cast<domain::Benefit>(detail);
        break;
      case EventKind::kContact:
        e.contact = static_cast<domain::ContactKind>(detail);
        break;
      case EventKind::kBig5Changed:
        e.domain = static_cast<domain::Big5Domain>(detail);
        break;
      default:
        break;
    }
  }
  if (!st.IsNull(13)) e.big5_status = static_cast<domain::Big5Status>(st.Int(13));
  e.professional = st.Text(14);
  e.text = st.Text(15);
  e.actions = st.Text(16);
  e.ref = st.Text(17);
  e.person = st.Text(18);
  return e;
}

// Into the timeline (`gebeurtenissen`) or, log-first, into the log (`gebeurtenislog`). A
// correction must name an event of the same person in the timeline or, for the log, in either.
Status InsertEvent(Connection* c, int64_t person_key, const Event& e, bool log = false) {
  std::optional<int64_t> corrects;
  if (!e.corrects.empty()) {
    ASSIGN_OR_RETURN(
        auto find,
        c->Prepare(
            log ? "SELECT id, soort FROM gebeurtenissen WHERE public_id = ?1 AND deelnemer = ?2 "
                  "UNION ALL "
                  "SELECT id, soort FROM gebeurtenislog WHERE public_id = ?1 AND deelnemer = ?2"
                : "SELECT id, soort FROM gebeurtenissen WHERE public_id = ?1 AND deelnemer = ?2"));
    find.Bind(1, e.corrects).Bind(2, person_key);
    ASSIGN_OR_RETURN(bool row, find.Step());
    if (!row) {
      return Unprocessable(
          "De gecorrigeerde gebeurtenis bestaat niet in de tijdlijn van deze deelnemer.",
          "The corrected event is not in this person's timeline.",
          {{"corrigeert", "onbekendeGebeurtenis",
            "Gebeurtenis '" + e.corrects.substr(0, 64) + "' bestaat niet bij deze deelnemer.",
            "Event '" + e.corrects.substr(0, 64) + "' does not exist for this person."}});
    }
    corrects = find.Int(0);
    const auto target_kind = static_cast<EventKind>(find.Int(1));
    find.Run().IgnoreError();
    // The log's events are checked now, as nothing may fail once they are acknowledged; the
    // timeline's are checked by the service against the whole timeline (the same rule).
    if (log && e.kind != EventKind::kVoided && target_kind != e.kind) {
      return Unprocessable(
          "Een correctie heeft dezelfde soort als de gebeurtenis die zij corrigeert.",
          "A correction has the kind of the event it corrects.",
          {{"soort", "andereSoort",
            "De gecorrigeerde gebeurtenis is van soort '" + std::string(Name(target_kind)) + "'.",
            "The corrected event is of kind '" + std::string(Name(target_kind)) + "'."}});
    }
  }
  ASSIGN_OR_RETURN(auto st, c->Prepare(log ? "INSERT INTO gebeurtenislog (id, public_id, "
                                             "deelnemer, soort, feit, vastgelegd, actor, "
                                             "actor_organisatie, corrigeert, organisatie, plek, "
                                             "reden, tot, detail, status, medewerker, "
                                             "tekst, acties, verwijzing) VALUES (?, ?, ?, ?, ?, ?, "
                                             "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                           : "INSERT INTO gebeurtenissen (id, public_id, "
                                             "deelnemer, soort, feit, vastgelegd, actor, "
                                             "actor_organisatie, corrigeert, organisatie, plek, "
                                             "reden, tot, detail, status, medewerker, "
                                             "tekst, acties, verwijzing) VALUES (?, ?, ?, ?, ?, ?, "
                                             "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  std::optional<int64_t> until;
  if (e.until) until = e.until->days;
  std::optional<int64_t> status;
  if (e.kind == EventKind::kBig5Changed) status = static_cast<int64_t>(e.big5_status);
  st.Bind(1, e.seq)
      .Bind(2, e.id)
      .Bind(3, person_key)
      .Bind(4, static_cast<int>(e.kind))
      .Bind(5, e.fact_micros)
      .Bind(6, e.recorded_micros)
      .Bind(7, e.actor)
      .Bind(8, NullIfEmpty(e.actor_organisation))
      .Bind(9, corrects)
      .Bind(10, NullIfEmpty(e.organisation))
      .Bind(11, NullIfEmpty(e.place))
      .Bind(12, NullIfEmpty(e.reason))
      .Bind(13, until)
      .Bind(14, DetailOf(e))
      .Bind(15, status)
      .Bind(16, NullIfEmpty(e.professional))
      .Bind(17, NullIfEmpty(e.text))
      .Bind(18, NullIfEmpty(e.actions))
      .Bind(19, NullIfEmpty(e.ref));
  int rc = st.StepRc();
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return AlreadyExists("Deze gebeurtenis bestaat al.", "This event already exists.");
  }
  if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "insert event");
  return Status::Ok();
}

// ---- state ------------------------------------------------------------------------------------

// The five domains in one column: set domains only, separated by \x1e, their fields by \x1f
// (domain, status, owner, professional, goal, actions, review days or "", changed micros).
// Validation keeps control characters out of every text field, so the separators are safe.
std::string EncodeBig5(const FollowState& s) {
  std::string out;
  for (int d = 0; d < domain::kBig5Domains; ++d) {
    const auto& b = s.big5[static_cast<size_t>(d)];
    if (!b.set) continue;
    if (!out.empty()) out += '\x1e';
    out += std::to_string(d);
    out += '\x1f';
    out += std::to_string(static_cast<int>(b.status));
    for (const std::string* f : {&b.owner, &b.professional, &b.goal, &b.actions}) {
      out += '\x1f';
      out += *f;
    }
    out += '\x1f';
    if (b.review) out += std::to_string(b.review->days);
    out += '\x1f';
    out += std::to_string(b.changed_micros);
  }
  return out;
}

void DecodeBig5(std::string_view text, FollowState* s) {
  while (!text.empty()) {
    size_t end = text.find('\x1e');
    std::string_view entry = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    std::string_view f[8];
    size_t n = 0;
    while (n < 8) {
      size_t sep = entry.find('\x1f');
      f[n++] = entry.substr(0, sep);
      if (sep == std::string_view::npos) break;
      entry = entry.substr(sep + 1);
    }
    int64_t domain = -1, status = 0, review = 0, changed = 0;
    if (n != 8 || !ParseWholeInt(f[0], &domain) || domain < 0 || domain >= domain::kBig5Domains ||
        !ParseWholeInt(f[1], &status) || !ParseWholeInt(f[7], &changed)) {
      continue;  // not written by EncodeBig5; the replay check reports the person
    }
    auto& b = s->big5[static_cast<size_t>(domain)];
    b.set = true;
    b.status = static_cast<domain::Big5Status>(status);
    b.owner = f[2];
    b.professional = f[3];
    b.goal = f[4];
    b.actions = f[5];
    if (ParseWholeInt(f[6], &review)) b.review = Date{static_cast<int32_t>(review)};
    b.changed_micros = changed;
  }
}

// Reads kStateColumns starting at column `i`; a NULL first column means no state row.
FollowState ReadState(Statement& st, int i) {
  FollowState s;
  if (st.IsNull(i)) return s;
  s.events = st.Int(i);
  s.last_seq = st.Int(i + 1);
  s.last_fact_micros = st.Int(i + 2);
  s.school = st.Text(i + 3);
  s.school_since = st.Int(i + 4);
  s.placed = st.Int(i + 5) != 0;
  s.employer = st.Text(i + 6);
  s.place = st.Text(i + 7);
  s.placed_since = st.Int(i + 8);
  if (!st.IsNull(i + 9)) s.placed_until = Date{static_cast<int32_t>(st.Int(i + 9))};
  if (!st.IsNull(i + 10)) s.benefit = static_cast<domain::Benefit>(st.Int(i + 10));
  s.benefit_agency = st.Text(i + 11);
  s.benefit_since = st.Int(i + 12);
  s.last_contact = st.Int(i + 13);
  s.last_activity_end = st.Int(i + 14);
  s.stopped_placement = st.Text(i + 15);
  s.stopped_micros = st.Int(i + 16);
  s.responsible = st.Text(i + 17);
  s.responsible_since = st.Int(i + 18);
  s.consent = st.Int(i + 19) != 0;
  if (const auto* big5 = sqlite3_column_text(st.raw(), i + 20)) {
    DecodeBig5(std::string_view(reinterpret_cast<const char*>(big5),
                                static_cast<size_t>(sqlite3_column_bytes(st.raw(), i + 20))),
               &s);
  }
  return s;
}

Statement& BindState(Statement& st, int64_t person_key, const FollowState& s);

// Updates the row in place, or inserts it when the person has none yet (an INSERT OR REPLACE
// would delete and re-insert, rebalancing the page each time).
Status WriteState(Connection* c, int64_t person_key, const FollowState& s) {
  ASSIGN_OR_RETURN(
      auto update,
      c->Prepare(
          "UPDATE volgstanden SET gebeurtenissen = ?2, laatste = ?3, laatste_feit = ?4, school = "
          "?5, "
          "school_sinds = ?6, geplaatst = ?7, werkgever = ?8, plek = ?9, geplaatst_sinds = ?10, "
          "geplaatst_tot = ?11, uitkering = ?12, uitkeringsinstantie = ?13, uitkering_sinds = ?14, "
          "laatste_contact = ?15, laatste_einde = ?16, gestopte_plaatsing = ?17, gestopt_op = ?18, "
          "verantwoordelijke = ?19, verantwoordelijk_sinds = ?20, toestemming = ?21, big5 = ?22 "
          "WHERE deelnemer = ?1"));
  RETURN_IF_ERROR(BindState(update, person_key, s).Run());
  if (sqlite3_changes(c->raw()) > 0) return Status::Ok();
  ASSIGN_OR_RETURN(
      auto insert,
      c->Prepare(
          "INSERT INTO volgstanden (deelnemer, gebeurtenissen, laatste, laatste_feit, "
          "school, school_sinds, geplaatst, werkgever, plek, geplaatst_sinds, geplaatst_tot, "
          "uitkering, uitkeringsinstantie, uitkering_sinds, laatste_contact, laatste_einde, "
          "gestopte_plaatsing, gestopt_op, verantwoordelijke, verantwoordelijk_sinds, toestemming, "
          "big5) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  return BindState(insert, person_key, s).Run();
}

// Binds a state to parameters 1 (the person's key) to 22, in the column order of volgstanden.
Statement& BindState(Statement& st, int64_t person_key, const FollowState& s) {
  std::optional<int64_t> until, benefit;
  if (s.placed_until) until = s.placed_until->days;
  if (s.benefit) benefit = static_cast<int64_t>(*s.benefit);
  st.Bind(1, person_key)
      .Bind(2, s.events)
      .Bind(3, s.last_seq)
      .Bind(4, s.last_fact_micros)
      .Bind(5, s.school)
      .Bind(6, s.school_since)
      .Bind(7, s.placed ? 1 : 0)
      .Bind(8, s.employer)
      .Bind(9, s.place)
      .Bind(10, s.placed_since)
      .Bind(11, until)
      .Bind(12, benefit)
      .Bind(13, s.benefit_agency)
      .Bind(14, s.benefit_since)
      .Bind(15, s.last_contact)
      .Bind(16, s.last_activity_end)
      .Bind(17, s.stopped_placement)
      .Bind(18, s.stopped_micros)
      .Bind(19, s.responsible)
      .Bind(20, s.responsible_since)
      .Bind(21, s.consent ? 1 : 0)
      .Bind(22, EncodeBig5(s));
  return st;
}

// ---- signals, tasks, handovers ------------------------------------------------------------

// Facts as "name\x1fvalue" pairs separated by \x1e (names and values are the rules' own:
// codes, numbers, dates and ids, never control characters).
std::string EncodeFacts(const std::vector<domain::Fact>& facts) {
  std::string out;
  for (const auto& [k, v] : facts) {
    if (!out.empty()) out += '\x1e';
    out += k;
    out += '\x1f';
    out += v;
  }
  return out;
}

std::vector<domain::Fact> DecodeFacts(std::string_view text) {
  std::vector<domain::Fact> out;
  while (!text.empty()) {
    size_t end = text.find('\x1e');
    std::string_view pair = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    size_t sep = pair.find('\x1f');
    if (sep == std::string_view::npos) continue;
    out.emplace_back(std::string(pair.substr(0, sep)), std::string(pair.substr(sep + 1)));
  }
  return out;
}

Signal ReadSignal(const Statement& st) {
  Signal s;
  s.id = st.Text(1);
  s.person = st.Text(2);
  s.region = st.Text(3);
  s.kind = static_cast<domain::SignalKind>(st.Int(4));
  s.key = st.Text(5);
  s.status = static_cast<domain::SignalStatus>(st.Int(6));
  s.facts = DecodeFacts(st.Text(7));
  s.raised_micros = st.Int(8);
  s.resolved_micros = st.Int(9);
  s.task = st.Text(10);
  return s;
}

Task ReadTask(const Statement& st) {
  Task t;
  t.id = st.Text(1);
  t.person = st.Text(2);
  t.region = st.Text(3);
  t.signal = st.Text(4);
  t.kind = static_cast<domain::SignalKind>(st.Int(5));
  t.title = st.Text(6);
  t.organisation = st.Text(7);
  t.professional = st.Text(8);
  t.status = static_cast<domain::TaskStatus>(st.Int(9));
  t.due = Date{static_cast<int32_t>(st.Int(10))};
  t.escalation = static_cast<int>(st.Int(11));
  t.escalates = st.Text(12);
  t.note = st.Text(13);
  t.created_micros = st.Int(14);
  t.closed_micros = st.Int(15);
  return t;
}

Handover ReadHandover(const Statement& st) {
  Handover h;
  h.id = st.Text(1);
  h.person = st.Text(2);
  h.region = st.Text(3);
  h.from = st.Text(4);
  h.to = st.Text(5);
  h.note = st.Text(6);
  h.status = static_cast<domain::HandoverStatus>(st.Int(7));
  h.due = Date{static_cast<int32_t>(st.Int(8))};
  h.offered_micros = st.Int(9);
  h.answered_micros = st.Int(10);
  h.answered_by = st.Text(11);
  return h;
}

Status UpsertSignal(Connection* c, int64_t person_key, const Signal& s) {
  ASSIGN_OR_RETURN(
      auto st,
      c->Prepare(
          "INSERT INTO signalen (public_id, deelnemer, regio, soort, sleutel, status, feiten, "
          "opgeworpen, opgelost, taak) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
          "(public_id) "
          "DO UPDATE SET status = excluded.status, feiten = excluded.feiten, "
          "opgelost = excluded.opgelost, taak = excluded.taak"));
  st.Bind(1, s.id)
      .Bind(2, person_key)
      .Bind(3, s.region)
      .Bind(4, static_cast<int>(s.kind))
      .Bind(5, s.key)
      .Bind(6, static_cast<int>(s.status))
      .Bind(7, EncodeFacts(s.facts))
      .Bind(8, s.raised_micros)
      .Bind(9, s.resolved_micros)
      .Bind(10, s.task);
  int rc = st.StepRc();
  if (rc == SQLITE_CONSTRAINT_UNIQUE) {
    return AlreadyExists("Dit signaal staat al open.", "This signal is already open.");
  }
  if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "upsert signal");
  return Status::Ok();
}

Status UpsertTask(Connection* c, int64_t person_key, const Task& t) {
  ASSIGN_OR_RETURN(
      auto st,
      c->Prepare(
          "INSERT INTO taken (public_id, deelnemer, regio, signaal, soort, titel, organisatie, "
          "medewerker, status, vervaldatum, escalatie, escaleert, notitie, aangemaakt, afgesloten) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (public_id) DO UPDATE "
          "SET "
          "organisatie = excluded.organisatie, medewerker = excluded.medewerker, "
          "status = excluded.status, vervaldatum = excluded.vervaldatum, notitie = "
          "excluded.notitie, "
          "afgesloten = excluded.afgesloten"));
  st.Bind(1, t.id)
      .Bind(2, person_key)
      .Bind(3, t.region)
      .Bind(4, t.signal)
      .Bind(5, static_cast<int>(t.kind))
      .Bind(6, t.title)
      .Bind(7, t.organisation)
      .Bind(8, t.professional)
      .Bind(9, static_cast<int>(t.status))
      .Bind(10, t.due.days)
      .Bind(11, t.escalation)
      .Bind(12, t.escalates)
      .Bind(13, t.note)
      .Bind(14, t.created_micros)
      .Bind(15, t.closed_micros);
  return st.Run();
}

Status UpsertHandover(Connection* c, int64_t person_key, const Handover& h) {
  ASSIGN_OR_RETURN(
      auto st,
      c->Prepare(
          "INSERT INTO overdrachten (public_id, deelnemer, regio, van, naar, notitie, status, "
          "termijn, aangeboden, beantwoord, beantwoord_door) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?) "
          "ON CONFLICT (public_id) DO UPDATE SET status = excluded.status, "
          "beantwoord = excluded.beantwoord, beantwoord_door = excluded.beantwoord_door"));
  st.Bind(1, h.id)
      .Bind(2, person_key)
      .Bind(3, h.region)
      .Bind(4, h.from)
      .Bind(5, h.to)
      .Bind(6, h.note)
      .Bind(7, static_cast<int>(h.status))
      .Bind(8, h.due.days)
      .Bind(9, h.offered_micros)
      .Bind(10, h.answered_micros)
      .Bind(11, h.answered_by);
  int rc = st.StepRc();
  if (rc == SQLITE_CONSTRAINT_UNIQUE) {
    return AlreadyExists(
        "Voor deze deelnemer staat al een overdracht open; die moet eerst beantwoord worden.",
        "This person already has an open handover; it must be answered first.",
        {{"deelnemer", "overdrachtOpen", "Er staat al een overdracht open.",
          "A handover is already open."}});
  }
  if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "upsert handover");
  return Status::Ok();
}

// Reads the open signals, tasks and handovers of one person.
Status ReadOpen(Connection* c, FollowRecord* rec) {
  ASSIGN_OR_RETURN(auto signals, c->Prepare(kSignalFrom("?1") " WHERE s.deelnemer = ?2 AND "
                                                              "s.status = 0 ORDER BY s.id"));
  signals.Bind(1, rec->person).Bind(2, rec->key);
  RETURN_IF_ERROR(
      ForEachRow(signals, [&](Statement& row) { rec->open_signals.push_back(ReadSignal(row)); }));
  ASSIGN_OR_RETURN(auto tasks, c->Prepare(kTaskFrom("?1") " WHERE t.deelnemer = ?2 AND "
                                                          "t.status = 0 ORDER BY t.id"));
  tasks.Bind(1, rec->person).Bind(2, rec->key);
  RETURN_IF_ERROR(
      ForEachRow(tasks, [&](Statement& row) { rec->open_tasks.push_back(ReadTask(row)); }));
  ASSIGN_OR_RETURN(auto handovers, c->Prepare(kHandoverFrom("?1") " WHERE h.deelnemer = ?2 "
                                                                  "AND h.status = 0"));
  handovers.Bind(1, rec->person).Bind(2, rec->key);
  RETURN_IF_ERROR(ForEachRow(
      handovers, [&](Statement& row) { rec->open_handovers.push_back(ReadHandover(row)); }));
  return Status::Ok();
}

#define SQL_RECORD_SELECT                                                                   \
  "SELECT d.id, d.public_id, d.regio, d.geboortedatum, d.beschikbaar_vanaf, d.aangemaakt, " \
  "v.public_id, " kStateColumns                                                             \
  " FROM deelnemers d LEFT JOIN organisaties v ON "                                         \
  "v.id = d.verantwoordelijke LEFT JOIN volgstanden s ON s.deelnemer = d.id"

FollowRecord ReadRecordRow(Statement& st) {
  FollowRecord r;
  r.key = st.Int(0);
  r.person = st.Text(1);
  r.region = st.Text(2);
  r.birth_date = Date{static_cast<int32_t>(st.Int(3))};
  if (!st.IsNull(4)) r.planned_start = Date{static_cast<int32_t>(st.Int(4))};
  r.registered_micros = st.Int(5);
  r.register_responsible = st.Text(6);
  r.state = ReadState(st, 7);
  return r;
}

Status PersonNotFound(const std::string& id) {
  return NotFound("Er is geen deelnemer met id '" + id.substr(0, 64) + "'.",
                  "No person has id '" + id.substr(0, 64) + "'.");
}

Result<int64_t> PersonKey(Connection* c, std::string_view person) {
  ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT id FROM deelnemers WHERE public_id = ?"));
  st.Bind(1, person);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return PersonNotFound(std::string(person));
  int64_t key = st.Int(0);
  st.Run().IgnoreError();
  return key;
}

template <typename T>
Result<Page<T>> ListNewestFirst(Connection* c, std::string sql, std::vector<std::string> where,
                                const std::vector<std::string>& args, const char* id_col,
                                const PageRequest& page, T (*read)(const Statement&)) {
  // The cursor is the last id shown (0: from the newest).
  ASSIGN_OR_RETURN(const int64_t before, DecodeKeyCursor(page.cursor));
  if (before) where.push_back(std::string(id_col) + " < ?");
  for (size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  sql += std::string(" ORDER BY ") + id_col + " DESC LIMIT " + std::to_string(page.limit + 1);
  ASSIGN_OR_RETURN(auto st, c->PrepareOnce(sql));
  int i = 1;
  for (const auto& a : args) st.Bind(i++, a);
  if (before) st.Bind(i++, before);
  return ReadKeyPage<T>(st, page.limit, read);
}

// One record by public id; `not_found` when there is none.
template <typename T>
Result<T> GetByPublicId(Connection* c, const char* sql, std::string_view id,
                        T (*read)(const Statement&), Status not_found) {
  ASSIGN_OR_RETURN(auto st, c->Prepare(sql));
  st.Bind(1, id);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return not_found;
  T item = read(st);
  RETURN_IF_ERROR(st.Run());
  return item;
}

}  // namespace

// ---- write side ---------------------------------------------------------------------------------

// The next seq: the timeline and the log draw from one sequence.
Result<int64_t> NextSeq(Connection* c) {
  ASSIGN_OR_RETURN(auto seq,
                   c->Prepare("SELECT max(coalesce((SELECT max(id) FROM gebeurtenissen), 0), "
                              "coalesce((SELECT max(id) FROM gebeurtenislog), 0)) + 1"));
  ASSIGN_OR_RETURN(bool seq_row, seq.Step());
  (void)seq_row;
  int64_t next = seq.Int(0);
  RETURN_IF_ERROR(seq.Run());
  return next;
}

// One person's events in log order, from the timeline (`log` false) or the log.
Result<std::vector<Event>> ReadEvents(Connection* c, int64_t key, bool log) {
  ASSIGN_OR_RETURN(
      auto st,
      c->Prepare(log ? "SELECT " SQL_LOG_COLUMNS " WHERE g.deelnemer = ? ORDER BY g.id"
                     : "SELECT " SQL_EVENT_COLUMNS " WHERE g.deelnemer = ? ORDER BY g.id"));
  st.Bind(1, key);
  std::vector<Event> events;
  RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) { events.push_back(ReadEvent(row)); }));
  return events;
}

// Moves the person's waiting events from the log into the timeline (same rows, same seq; log
// order, so a correction's target always arrives first) and returns them.
Result<std::vector<Event>> MoveLogged(Connection* c, int64_t key) {
  ASSIGN_OR_RETURN(auto events, ReadEvents(c, key, /*log=*/true));
  if (events.empty()) return events;
  ASSIGN_OR_RETURN(auto move, c->Prepare("INSERT INTO gebeurtenissen SELECT * FROM gebeurtenislog "
                                         "WHERE deelnemer = ? ORDER BY id"));
  RETURN_IF_ERROR(move.Bind(1, key).Run());
  ASSIGN_OR_RETURN(auto drop, c->Prepare("DELETE FROM gebeurtenislog WHERE deelnemer = ?"));
  RETURN_IF_ERROR(drop.Bind(1, key).Run());
  return events;
}

Status UpdateFollowOn(Connection* c, const std::vector<std::string>& people, const FollowFn& fn) {
  ASSIGN_OR_RETURN(int64_t next_seq, NextSeq(c));

  for (const auto& person : people) {
    FollowRecord rec;
    {
      ASSIGN_OR_RETURN(auto st, c->Prepare(SQL_RECORD_SELECT " WHERE d.public_id = ?"));
      st.Bind(1, person);
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return PersonNotFound(person);
      rec = ReadRecordRow(st);
      RETURN_IF_ERROR(st.Run());
    }
    RETURN_IF_ERROR(ReadOpen(c, &rec));
    rec.next_seq = next_seq;
    const int64_t key = rec.key;
    ASSIGN_OR_RETURN(rec.logged, MoveLogged(c, key));
    TimelineReader timeline = [c, key] { return ReadEvents(c, key, /*log=*/false); };
    FollowChanges changes;
    RETURN_IF_ERROR(fn(rec, timeline, &changes));
    for (const auto& e : changes.events) {
      OVERSTAP_ASSERT(e.seq == next_seq);
      RETURN_IF_ERROR(InsertEvent(c, key, e));
      ++next_seq;
    }
    if (changes.state) RETURN_IF_ERROR(WriteState(c, key, *changes.state));
    // Resolutions before new signals: a cleared condition frees its dedup slot.
    for (const auto& s : changes.signals) {
      if (s.status != domain::SignalStatus::kOpen) RETURN_IF_ERROR(UpsertSignal(c, key, s));
    }
    for (const auto& s : changes.signals) {
      if (s.status == domain::SignalStatus::kOpen) RETURN_IF_ERROR(UpsertSignal(c, key, s));
    }
    for (const auto& t : changes.tasks) RETURN_IF_ERROR(UpsertTask(c, key, t));
    for (const auto& h : changes.handovers) RETURN_IF_ERROR(UpsertHandover(c, key, h));
  }
  return Status::Ok();
}

Status AppendLogOn(Connection* c, std::vector<Event>* events) {
  ASSIGN_OR_RETURN(int64_t next_seq, NextSeq(c));
  std::unordered_map<std::string, int64_t> keys;
  for (size_t i = 0; i < events->size(); ++i) {
    auto& e = (*events)[i];
    const std::string item = "[" + std::to_string(i) + "].";
    auto it = keys.find(e.person);
    if (it == keys.end()) {
      auto key = PersonKey(c, e.person);
      if (!key.ok()) {
        return Unprocessable(key.status().message_nl(), key.status().message_en(),
                             {{item + "deelnemer", "onbekendeDeelnemer", key.status().message_nl(),
                               key.status().message_en()}});
      }
      it = keys.emplace(e.person, *key).first;
    }
    e.seq = next_seq++;
    if (Status st = InsertEvent(c, it->second, e, /*log=*/true); !st.ok()) {
      return PrefixFields(st, item);
    }
  }
  return Status::Ok();
}

Status LoadTimelinesOn(Connection* c, const std::vector<Event>& events,
                       const std::vector<std::pair<std::string, FollowState>>& states) {
  std::unordered_map<std::string, int64_t> keys;
  auto key_of = [&](const std::string& person) -> Result<int64_t> {
    auto it = keys.find(person);
    if (it != keys.end()) return it->second;
    ASSIGN_OR_RETURN(int64_t key, PersonKey(c, person));
    keys.emplace(person, key);
    return key;
  };
  for (const auto& e : events) {
    ASSIGN_OR_RETURN(int64_t key, key_of(e.person));
    RETURN_IF_ERROR(InsertEvent(c, key, e));
  }
  for (const auto& [person, state] : states) {
    ASSIGN_OR_RETURN(int64_t key, key_of(person));
    RETURN_IF_ERROR(WriteState(c, key, state));
  }
  return Status::Ok();
}

// ---- read side ----------------------------------------------------------------------------------

Status ScanFollowOn(Connection* c, const std::function<void(FollowRecord&&)>& fn, int part,
                    int parts, bool brief) {
  // This part's key range: an equal share of [min(id), max(id)].
  int64_t lo = 0, hi = -1;
  {
    ASSIGN_OR_RETURN(
        auto st, c->Prepare("SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM deelnemers"));
    ASSIGN_OR_RETURN(bool row, st.Step());
    (void)row;
    const int64_t min = st.Int(0), span = st.Int(1) - st.Int(0) + 1;
    RETURN_IF_ERROR(st.Run());
    lo = min + span * part / parts;
    hi = min + span * (part + 1) / parts - 1;
  }
  // The open records are few next to the people; gather this range's by person key first.
  std::unordered_map<int64_t, std::vector<Signal>> signals;
  std::unordered_map<int64_t, std::vector<Task>> tasks;
  std::unordered_map<int64_t, std::vector<Handover>> handovers;
  auto gather = [&](const char* sql, int key_col, auto read, auto* by_key) -> Status {
    ASSIGN_OR_RETURN(auto st, c->Prepare(sql));
    st.Bind(1, lo).Bind(2, hi);
    return ForEachRow(st,
                      [&](Statement& row) { (*by_key)[row.Int(key_col)].push_back(read(row)); });
  };
  if (brief) {
    // What the rules read, and nothing else: no joins, no texts.
    RETURN_IF_ERROR(gather(
        "SELECT s.soort, s.sleutel, s.deelnemer FROM signalen s WHERE s.status = 0 AND "
        "s.deelnemer BETWEEN ? AND ?",
        2,
        [](Statement& st) {
          Signal x;
          x.kind = static_cast<domain::SignalKind>(st.Int(0));
          x.key = st.Text(1);
          return x;
        },
        &signals));
    RETURN_IF_ERROR(gather(
        "SELECT t.public_id, t.escalatie, t.vervaldatum, t.deelnemer FROM taken t WHERE "
        "t.status = 0 AND t.deelnemer BETWEEN ? AND ?",
        3,
        [](Statement& st) {
          Task x;
          x.id = st.Text(0);
          x.escalation = static_cast<int>(st.Int(1));
          x.due = Date{static_cast<int32_t>(st.Int(2))};
          return x;
        },
        &tasks));
    RETURN_IF_ERROR(gather(
        "SELECT h.public_id, h.termijn, h.deelnemer FROM overdrachten h WHERE h.status = 0 AND "
        "h.deelnemer BETWEEN ? AND ?",
        2,
        [](Statement& st) {
          Handover x;
          x.id = st.Text(0);
          x.due = Date{static_cast<int32_t>(st.Int(1))};
          return x;
        },
        &handovers));
  } else {
    RETURN_IF_ERROR(gather(SQL_SIGNAL_SELECT " WHERE s.status = 0 AND s.deelnemer BETWEEN ? AND ? "
                                             "ORDER BY s.id",
                           11, ReadSignal, &signals));
    RETURN_IF_ERROR(gather(SQL_TASK_SELECT " WHERE t.status = 0 AND t.deelnemer BETWEEN ? AND ? "
                                           "ORDER BY t.id",
                           16, ReadTask, &tasks));
    RETURN_IF_ERROR(gather(SQL_HANDOVER_SELECT
                           " WHERE h.status = 0 AND h.deelnemer BETWEEN ? AND ?",
                           12, ReadHandover, &handovers));
  }
  auto take = [](auto* by_key, int64_t key, auto* into) {
    if (by_key->empty()) return;
    auto it = by_key->find(key);
    if (it != by_key->end()) *into = std::move(it->second);
  };
  // Without the register's responsible organisation (a join the sweep's first pass does not
  // need; UpdateFollow reads it).
  ASSIGN_OR_RETURN(
      auto st,
      c->Prepare(
          "SELECT d.id, d.public_id, d.regio, d.geboortedatum, d.beschikbaar_vanaf, d.aangemaakt, "
          "NULL, " kStateColumns " FROM deelnemers d LEFT JOIN volgstanden s ON s.deelnemer = d.id "
          "WHERE d.id BETWEEN ? AND ? ORDER BY d.id"));
  st.Bind(1, lo).Bind(2, hi);
  RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
    FollowRecord rec = ReadRecordRow(row);
    take(&signals, rec.key, &rec.open_signals);
    take(&tasks, rec.key, &rec.open_tasks);
    take(&handovers, rec.key, &rec.open_handovers);
    fn(std::move(rec));
  }));
  return Status::Ok();
}

Status ScanTimelinesOn(Connection* c,
                       const std::function<void(const std::string&, std::vector<Event>&&)>& fn) {
  ASSIGN_OR_RETURN(auto st,
                   c->PrepareOnce("SELECT " SQL_EVENT_COLUMNS " ORDER BY g.deelnemer, g.id"));
  std::string current;
  std::vector<Event> events;
  RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
    Event e = ReadEvent(row);
    if (e.person != current && !events.empty()) {
      fn(current, std::move(events));
      events.clear();
    }
    current = e.person;
    events.push_back(std::move(e));
  }));
  if (!events.empty()) fn(current, std::move(events));
  return Status::Ok();
}

Result<std::vector<std::string>> LoggedPeopleOn(Connection* c, int limit) {
  ASSIGN_OR_RETURN(
      auto st,
      c->Prepare(
          "SELECT d.public_id FROM (SELECT deelnemer, min(id) AS eerste FROM (SELECT deelnemer, id "
          "FROM gebeurtenislog ORDER BY id LIMIT ?) GROUP BY deelnemer) w JOIN deelnemers d ON "
          "d.id = w.deelnemer ORDER BY w.deelnemer"));
  st.Bind(1, limit);
  std::vector<std::string> people;
  RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) { people.push_back(row.Text(0)); }));
  return people;
}

Result<std::vector<Event>> LoggedEventsOn(Connection* c, std::string_view person) {
  ASSIGN_OR_RETURN(int64_t key, PersonKey(c, person));
  return ReadEvents(c, key, /*log=*/true);
}

Result<Page<Event>> ListEventsOn(Connection* c, std::string_view person, const PageRequest& page) {
  ASSIGN_OR_RETURN(int64_t key, PersonKey(c, person));
  // Newest fact first; the cursor carries the last (fact, seq) shown.
  int64_t last_fact = 0, last_seq = 0;
  bool has_cursor = !page.cursor.empty();
  if (has_cursor) {
    std::string raw;
    if (!Base64UrlDecode(page.cursor, &raw)) return BadCursor();
    auto parts = Split(raw, ':');
    if (parts.size() != 2 || !ParseWholeInt(parts[0], &last_fact) ||
        !ParseWholeInt(parts[1], &last_seq)) {
      return BadCursor();
    }
  }
  // The timeline and the person's events still waiting in the log (usually none).
#define SQL_AFTER_CURSOR " AND (g.feit < ?2 OR (g.feit = ?2 AND g.id < ?3))"
  ASSIGN_OR_RETURN(
      auto st, has_cursor
                   ? c->Prepare("SELECT " SQL_EVENT_COLUMNS
                                " WHERE g.deelnemer = ?1" SQL_AFTER_CURSOR " UNION ALL "
                                "SELECT " SQL_LOG_COLUMNS " WHERE g.deelnemer = ?1" SQL_AFTER_CURSOR
                                " ORDER BY 4 DESC, 1 DESC LIMIT ?4")
                   : c->Prepare("SELECT " SQL_EVENT_COLUMNS " WHERE g.deelnemer = ?1 UNION ALL "
                                "SELECT " SQL_LOG_COLUMNS
                                " WHERE g.deelnemer = ?1 ORDER BY 4 DESC, 1 DESC LIMIT ?4"));
#undef SQL_AFTER_CURSOR
  st.Bind(1, key).Bind(4, page.limit + 1);
  if (has_cursor) st.Bind(2, last_fact).Bind(3, last_seq);
  return ReadPage<Event>(st, page.limit, ReadEvent, [](const Event& last) {
    return Base64UrlEncode(std::to_string(last.fact_micros) + ":" + std::to_string(last.seq));
  });
}

Result<Signal> GetSignalOn(Connection* c, std::string_view id) {
  return GetByPublicId<Signal>(
      c, SQL_SIGNAL_SELECT " WHERE s.public_id = ?", id, &ReadSignal,
      NotFound("Er is geen signaal met dit id.", "No signal has this id."));
}

Result<Page<Signal>> ListSignalsOn(Connection* c, const SignalFilter& f, const PageRequest& page) {
  std::vector<std::string> where, args;
  std::string sql = SQL_SIGNAL_SELECT;
  AddFilter(&where, &args, "s.regio = ?", f.region);
  AddFilter(&where, &args, "d.public_id = ?", f.person);
  if (f.kind) where.push_back("s.soort = " + std::to_string(static_cast<int>(*f.kind)));
  if (f.status) where.push_back("s.status = " + std::to_string(static_cast<int>(*f.status)));
  if (!f.organisation.empty()) {
    // The organisation responsible for the person, as the keep-in-view service reads it
    // (service/follow_service.cpp Responsible): the latest accepted handover, else the
    // register's verantwoordelijkeOrganisatie, else the school, else the benefit agency.
    sql +=
        " LEFT JOIN volgstanden v ON v.deelnemer = s.deelnemer LEFT JOIN organisaties ro ON "
        "ro.id = d.verantwoordelijke";
    AddFilter(&where, &args,
              "coalesce(nullif(v.verantwoordelijke, ''), ro.public_id, nullif(v.school, ''), "
              "nullif(v.uitkeringsinstantie, '')) = ?",
              f.organisation);
  }
  AddFilter(&where, &args,
            "EXISTS (SELECT 1 FROM taken tm WHERE tm.public_id = s.taak AND tm.medewerker = ?)",
            f.professional);
  return ListNewestFirst<Signal>(c, sql, where, args, "s.id", page, &ReadSignal);
}

Result<Task> GetTaskOn(Connection* c, std::string_view id) {
  return GetByPublicId<Task>(c, SQL_TASK_SELECT " WHERE t.public_id = ?", id, &ReadTask,
                             NotFound("Er is geen taak met dit id.", "No task has this id."));
}

Result<Page<Task>> ListTasksOn(Connection* c, const TaskFilter& f, const PageRequest& page) {
  std::vector<std::string> where, args;
  AddFilter(&where, &args, "t.organisatie = ?", f.organisation);
  AddFilter(&where, &args, "t.regio = ?", f.region);
  AddFilter(&where, &args, "d.public_id = ?", f.person);
  // "!= ''" lets SQLite use the partial index taken_medewerker.
  AddFilter(&where, &args, "t.medewerker = ? AND t.medewerker != ''", f.professional);
  if (f.kind) where.push_back("t.soort = " + std::to_string(static_cast<int>(*f.kind)));
  if (f.status) where.push_back("t.status = " + std::to_string(static_cast<int>(*f.status)));
  return ListNewestFirst<Task>(c, SQL_TASK_SELECT, where, args, "t.id", page, &ReadTask);
}

Result<Handover> GetHandoverOn(Connection* c, std::string_view id) {
  return GetByPublicId<Handover>(
      c, SQL_HANDOVER_SELECT " WHERE h.public_id = ?", id, &ReadHandover,
      NotFound("Er is geen overdracht met dit id.", "No handover has this id."));
}

Result<Page<Handover>> ListHandoversOn(Connection* c, const HandoverFilter& f,
                                       const PageRequest& page) {
  std::vector<std::string> where, args;
  if (f.direction == domain::HandoverDirection::kReceived) {
    AddFilter(&where, &args, "h.naar = ?", f.organisation);
  } else if (f.direction == domain::HandoverDirection::kSent) {
    AddFilter(&where, &args, "h.van = ?", f.organisation);
  } else if (!f.organisation.empty()) {
    where.push_back("(h.van = ? OR h.naar = ?)");
    args.push_back(f.organisation);
    args.push_back(f.organisation);
  }
  AddFilter(&where, &args, "d.public_id = ?", f.person);
  if (f.status) where.push_back("h.status = " + std::to_string(static_cast<int>(*f.status)));
  return ListNewestFirst<Handover>(c, SQL_HANDOVER_SELECT, where, args, "h.id", page,
                                   &ReadHandover);
}

Result<FollowState> GetFollowStateOn(Connection* c, std::string_view person) {
  ASSIGN_OR_RETURN(auto st, c->Prepare(SQL_RECORD_SELECT " WHERE d.public_id = ?"));
  st.Bind(1, person);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return PersonNotFound(std::string(person));
  FollowState s = ReadState(st, 7);
  RETURN_IF_ERROR(st.Run());
  return s;
}

}  // namespace overstap::store::sqlite
