// SqliteStore: allocation rounds (matchrondes) and their outcomes.

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/text.h"
#include "store/sqlite/explanation_codec.h"
#include "store/sqlite/sqlite_store.h"

namespace overstap::store::sqlite {
namespace {

using domain::AllocationRound;
using domain::RoundOutcome;

// The SELECT list; a macro so that " WHERE ..." concatenates into one literal.
#define SQL_SELECT_ROUND                                                                        \
  "SELECT r.id, r.public_id, r.modus, r.regios, r.soorten, r.loting_zaad, r.status, r.fase, "   \
  "r.voortgang, r.aangemaakt_door, r.aangemaakt, r.gestart, r.klaar, r.deelnemers, r.plekken, " \
  "r.zetels, r.paren, r.geplaatst, r.totale_score, r.niet_geplaatst, r.fout, "                  \
  "r.inclusief_geplaatsten, r.al_geplaatst, r.bezette_zetels, r.certificaat_prijzen "           \
  "FROM matchrondes r"

Status RoundNotFound() {
  return NotFound("Er is geen matchronde met dit id.", "No allocation round has this id.");
}

// Binds status .. fout and al_geplaatst .. certificaat_prijzen (18 values) from index `i` on.
void BindRoundState(Statement& st, const AllocationRound& r, int i) {
  st.Bind(i, static_cast<int>(r.status))
      .Bind(i + 1, r.phase)
      .Bind(i + 2, r.progress)
      .Bind(i + 3, r.created_by)
      .Bind(i + 4, r.created_micros)
      .Bind(i + 5, r.started_micros)
      .Bind(i + 6, r.finished_micros)
      .Bind(i + 7, r.people)
      .Bind(i + 8, r.places)
      .Bind(i + 9, r.seats)
      .Bind(i + 10, r.pairs)
      .Bind(i + 11, r.placed)
      .Bind(i + 12, r.total_score)
      .Bind(i + 13, ReasonCountsText(r.unplaced_by_reason))
      .Bind(i + 14, r.error)
      .Bind(i + 15, r.already_placed)
      .Bind(i + 16, r.seats_held)
      .Bind(i + 17, r.certificate_prices);
}

Status UpdateRoundOn(Connection* c, const AllocationRound& r) {
  ASSIGN_OR_RETURN(
      auto st,
      c->Prepare(
          "UPDATE matchrondes SET status = ?, fase = ?, voortgang = ?, aangemaakt_door = ?, "
          "aangemaakt = ?, gestart = ?, klaar = ?, deelnemers = ?, plekken = ?, zetels = ?, paren "
          "= ?, "
          "geplaatst = ?, totale_score = ?, niet_geplaatst = ?, fout = ?, al_geplaatst = ?, "
          "bezette_zetels = ?, certificaat_prijzen = ? WHERE public_id = ?"));
  BindRoundState(st, r, 1);
  st.Bind(19, r.id);
  RETURN_IF_ERROR(st.Run());
  if (sqlite3_changes(c->raw()) == 0) {
    return NotFound("Matchronde niet gevonden.", "Allocation round not found.");
  }
  return Status::Ok();
}

AllocationRound ReadRound(const Statement& st) {
  AllocationRound r;
  r.id = st.Text(1);
  r.mode = static_cast<domain::RoundMode>(st.Int(2));
  for (auto& code : Split(st.Text(3), ',')) {
    if (!code.empty()) r.regions.push_back(code);
  }
  for (auto& k : Split(st.Text(4), ',')) {
    int64_t v = 0;
    if (ParseWholeInt(k, &v) && v >= 0 && v <= 5) {
      r.kinds.push_back(static_cast<domain::PlaceKind>(v));
    }
  }
  r.seed = st.Int(5);
  r.status = static_cast<domain::RoundStatus>(st.Int(6));
  r.phase = st.Text(7);
  r.progress = st.Real(8);
  r.created_by = st.Text(9);
  r.created_micros = st.Int(10);
  r.started_micros = st.Int(11);
  r.finished_micros = st.Int(12);
  r.people = st.Int(13);
  r.places = st.Int(14);
  r.seats = st.Int(15);
  r.pairs = st.Int(16);
  r.placed = st.Int(17);
  r.total_score = st.Real(18);
  r.unplaced_by_reason = ReasonCountsFromText(st.Text(19));
  r.error = st.Text(20);
  r.include_placed = st.Int(21) != 0;
  r.already_placed = st.Int(22);
  r.seats_held = st.Int(23);
  r.certificate_prices = st.Int(24);
  return r;
}

Result<int64_t> RoundKeyOn(Connection* c, std::string_view public_id) {
  ASSIGN_OR_RETURN(auto key, c->Prepare("SELECT id FROM matchrondes WHERE public_id = ?"));
  key.Bind(1, public_id);
  ASSIGN_OR_RETURN(bool found, key.Step());
  if (!found) return NotFound("Matchronde niet gevonden.", "Allocation round not found.");
  return key.Int(0);
}

Status DeleteOutcomesOn(Connection* c, int64_t round_key) {
  ASSIGN_OR_RETURN(auto st, c->Prepare("DELETE FROM matchronde_uitkomsten WHERE ronde = ?"));
  return st.Bind(1, round_key).Run();
}

}  // namespace

Status SqliteStore::InsertRound(const AllocationRound& r, const AuditEntries& audit) {
  return WithWrite([&](Connection* c) -> Status {
    ASSIGN_OR_RETURN(
        auto st,
        c->Prepare(
            "INSERT INTO matchrondes (public_id, modus, regios, soorten, loting_zaad, status, "
            "fase, "
            "voortgang, aangemaakt_door, aangemaakt, gestart, klaar, deelnemers, plekken, zetels, "
            "paren, geplaatst, totale_score, niet_geplaatst, fout, al_geplaatst, bezette_zetels, "
            "certificaat_prijzen, inclusief_geplaatsten) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    std::vector<std::string> kinds;
    for (auto k : r.kinds) kinds.push_back(std::to_string(static_cast<int>(k)));
    st.Bind(1, r.id)
        .Bind(2, static_cast<int>(r.mode))
        .Bind(3, Join(r.regions, ","))
        .Bind(4, Join(kinds, ","))
        .Bind(5, r.seed);
    BindRoundState(st, r, 6);
    st.Bind(24, r.include_placed ? 1 : 0);
    RETURN_IF_ERROR(st.Run());
    return InsertAuditOn(c, audit);
  });
}

Status SqliteStore::UpdateRound(const AllocationRound& r) {
  return WithWrite([&](Connection* c) { return UpdateRoundOn(c, r); });
}

Status SqliteStore::FinishRound(const AllocationRound& r,
                                const std::vector<RoundOutcome>& outcomes) {
  ASSIGN_OR_RETURN(const int64_t round_key,
                   WithRead<int64_t>([&](Connection* c) { return RoundKeyOn(c, r.id); }));
  auto insert = [&](Connection* c, size_t begin, size_t end) -> Status {
    ASSIGN_OR_RETURN(
        auto st,
        c->Prepare(
            "INSERT INTO matchronde_uitkomsten (ronde, deelnemer, plek, score, reden, toelichting) "
            "VALUES (?, (SELECT id FROM deelnemers WHERE public_id = ?), "
            "(SELECT id FROM plekken WHERE public_id = ?), ?, ?, ?)"));
    for (size_t i = begin; i < end; ++i) {
      const RoundOutcome& o = outcomes[i];
      st.Bind(1, round_key).Bind(2, o.person);
      if (o.place.empty()) {
        st.BindNull(3);
      } else {
        st.Bind(3, o.place);
      }
      st.Bind(4, o.score).Bind(5, o.reason_code).Bind(6, ExplanationText(o));
      int rc = st.StepRc();
      if (rc == SQLITE_CONSTRAINT_NOTNULL) continue;  // the person was deleted meanwhile
      if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "insert outcome");
    }
    return Status::Ok();
  };
  const size_t batch = std::max<size_t>(1, options_.outcome_batch);
  size_t at = 0;
  Status saved = Status::Ok();
  while (saved.ok() && outcomes.size() - at > batch) {
    // Unsynced: worthless until the last transaction marks the round done, which syncs them.
    saved = WithWrite([&](Connection* c) { return insert(c, at, at + batch); }, false);
    at += batch;
    // The writes that queued meanwhile go first (a mutex does not hand itself over), for at
    // most 10 ms a batch so the round still finishes.
    for (int ms = 0; ms < 10 && writes_waiting_.load() > 0; ++ms) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  if (saved.ok()) {
    saved = WithWrite([&](Connection* c) -> Status {
      RETURN_IF_ERROR(insert(c, at, outcomes.size()));
      return UpdateRoundOn(c, r);
    });
  }
  if (!saved.ok()) {  // the batches stored so far go again; the caller marks the round failed
    WithWrite([&](Connection* c) { return DeleteOutcomesOn(c, round_key); }).IgnoreError();
  }
  return saved;
}

Result<AllocationRound> SqliteStore::GetRound(std::string_view id) {
  return WithRead<AllocationRound>([&](Connection* c) -> Result<AllocationRound> {
    ASSIGN_OR_RETURN(auto st, c->Prepare(SQL_SELECT_ROUND " WHERE r.public_id = ?"));
    st.Bind(1, id);
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return RoundNotFound();
    return ReadRound(st);
  });
}

Result<Page<AllocationRound>> SqliteStore::ListRounds(const PageRequest& page) {
  PageRequest newest_first = page;
  newest_first.descending = !page.descending;
  return ListKeyset<AllocationRound>(
      SQL_SELECT_ROUND, "r", "r.id", {}, {}, newest_first,
      [&](Connection*, Statement& st) -> Result<AllocationRound> { return ReadRound(st); });
}

Result<Page<RoundOutcome>> SqliteStore::ListRoundOutcomes(std::string_view round_id,
                                                          const OutcomeFilter& filter,
                                                          const PageRequest& page) {
  ASSIGN_OR_RETURN(const int64_t after, DecodeKeyCursor(page.cursor));
  return WithRead<Page<RoundOutcome>>([&](Connection* c) -> Result<Page<RoundOutcome>> {
    ASSIGN_OR_RETURN(auto key,
                     c->Prepare("SELECT id, status FROM matchrondes WHERE public_id = ?"));
    key.Bind(1, round_id);
    ASSIGN_OR_RETURN(bool found, key.Step());
    if (!found) return RoundNotFound();
    const int64_t round_key = key.Int(0);
    // Outcomes are stored in batches before the round is marked done: none until then.
    if (key.Int(1) != static_cast<int64_t>(domain::RoundStatus::kDone)) return Page<RoundOutcome>{};
    std::string sql =
        "SELECT u.deelnemer, d.public_id, p.public_id, u.score, u.reden, u.toelichting "
        "FROM matchronde_uitkomsten u JOIN deelnemers d ON d.id = u.deelnemer "
        "LEFT JOIN plekken p ON p.id = u.plek WHERE u.ronde = ? AND u.deelnemer > ?";
    if (filter.placed) sql += *filter.placed ? " AND u.reden = ''" : " AND u.reden != ''";
    if (!filter.reason.empty()) sql += " AND u.reden = ?3";
    sql += " ORDER BY u.deelnemer LIMIT " + std::to_string(page.limit + 1);
    ASSIGN_OR_RETURN(auto st, c->PrepareOnce(sql));
    st.Bind(1, round_key).Bind(2, after);
    if (!filter.reason.empty()) st.Bind(3, filter.reason);
    return ReadKeyPage<RoundOutcome>(st, page.limit, [](Statement& row) {
      return RoundOutcomeFromRow(row.Text(1), row.Text(2), row.Real(3), row.Text(4), row.Text(5));
    });
  });
}

Result<int> SqliteStore::FailUnfinishedRounds(int64_t now_micros) {
  int changed = 0;
  RETURN_IF_ERROR(WithWrite([&](Connection* c) -> Status {
    // Outcomes a round had stored when the process stopped, before it was done.
    RETURN_IF_ERROR(
        c->Exec("DELETE FROM matchronde_uitkomsten WHERE ronde IN "
                "(SELECT id FROM matchrondes WHERE status IN (0, 1))"));
    ASSIGN_OR_RETURN(
        auto st, c->Prepare("UPDATE matchrondes SET status = 3, klaar = ?, "
                            "fout = 'Onderbroken: de server stopte voordat de ronde klaar was.' "
                            "WHERE status IN (0, 1)"));
    RETURN_IF_ERROR(st.Bind(1, now_micros).Run());
    changed = sqlite3_changes(c->raw());
    return Status::Ok();
  }));
  return changed;
}

}  // namespace overstap::store::sqlite
