// SqliteStore: organisations (schools, employers, agencies), and the lookups of organisation
// keys the other aggregates share.

#include <nlohmann/json.hpp>

#include "domain/names.h"
#include "store/sqlite/page.h"
#include "store/sqlite/sqlite_store.h"

namespace overstap::store::sqlite {
namespace {

using domain::Organisation;

// The SELECT list; a macro so that " WHERE ..." concatenates into one literal.
#define SQL_SELECT_ORGANISATION                                                              \
  "SELECT o.id, o.public_id, o.versie, o.naam, o.soort, o.gemeente, o.regio, o.aangemaakt, " \
  "o.gewijzigd, o.brin, o.kvk FROM organisaties o"

Status OrganisationNotFound() {
  return NotFound("Organisatie niet gevonden.", "Organisation not found.");
}

// Rewrites the folded words of the name of the organisation with this row key.
Status WriteNameWords(Connection* c, int64_t key, const std::string& name) {
  ASSIGN_OR_RETURN(auto del, c->Prepare("DELETE FROM organisatie_woorden WHERE organisatie = ?"));
  RETURN_IF_ERROR(del.Bind(1, key).Run());
  ASSIGN_OR_RETURN(auto ins, c->Prepare("INSERT OR IGNORE INTO organisatie_woorden (woord, "
                                        "organisatie) VALUES (?, ?)"));
  for (const auto& word : domain::NameWords(name)) {
    RETURN_IF_ERROR(ins.Bind(1, word).Bind(2, key).Run());
  }
  return Status::Ok();
}

Status InsertOrganisationOn(Connection* c, const Organisation& org) {
  ASSIGN_OR_RETURN(
      auto st,
      c->Prepare(
          "INSERT INTO organisaties (public_id, versie, naam, soort, gemeente, regio, aangemaakt, "
          "gewijzigd, brin, kvk) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  st.Bind(1, org.id)
      .Bind(2, org.version)
      .Bind(3, org.name)
      .Bind(4, static_cast<int>(org.kind))
      .Bind(5, NullIfEmpty(org.municipality))
      .Bind(6, org.region)
      .Bind(7, org.created_micros)
      .Bind(8, org.updated_micros)
      .Bind(9, NullIfEmpty(org.brin))
      .Bind(10, NullIfEmpty(org.kvk));
  int rc = st.StepRc();
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return AlreadyExists("Deze organisatie bestaat al.", "This organisation already exists.");
  }
  if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "insert organisation");
  return WriteNameWords(c, sqlite3_last_insert_rowid(c->raw()), org.name);
}

Organisation ReadOrganisation(const Statement& st) {
  Organisation o;
  o.id = st.Text(1);
  o.version = st.Int(2);
  o.name = st.Text(3);
  o.kind = static_cast<domain::OrganisationKind>(st.Int(4));
  o.municipality = st.Text(5);
  o.region = st.Text(6);
  o.created_micros = st.Int(7);
  o.updated_micros = st.Int(8);
  o.brin = st.Text(9);
  o.kvk = st.Text(10);
  return o;
}

}  // namespace

Result<int64_t> OrganisationKey(Connection* c, const std::string& public_id, OrgKeys* cache) {
  if (cache) {
    auto it = cache->find(public_id);
    if (it != cache->end()) return it->second;
  }
  ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT id FROM organisaties WHERE public_id = ?"));
  st.Bind(1, public_id);
  ASSIGN_OR_RETURN(bool row, st.Step());
  int64_t key = row ? st.Int(0) : 0;
  if (row) st.Run().IgnoreError();
  if (cache && key) cache->emplace(public_id, key);
  return key;
}

Status UnknownOrganisation(const std::string& field, const std::string& id) {
  return Unprocessable(
      "Er bestaat geen organisatie met dit id.", "No organisation has this id.",
      {{field, "onbekendeOrganisatie", "Organisatie '" + id.substr(0, 64) + "' bestaat niet.",
        "Organisation '" + id.substr(0, 64) + "' does not exist."}});
}

Result<std::optional<int64_t>> OptionalOrganisation(Connection* c, const std::string& field,
                                                    const std::string& id, OrgKeys* cache) {
  if (id.empty()) return std::optional<int64_t>();
  ASSIGN_OR_RETURN(int64_t key, OrganisationKey(c, id, cache));
  if (key == 0) return UnknownOrganisation(field, id);
  return std::optional<int64_t>(key);
}

Status SqliteStore::InsertOrganisation(const Organisation& org) {
  return WithWrite([&](Connection* c) { return InsertOrganisationOn(c, org); });
}

Status SqliteStore::InsertOrganisations(const std::vector<Organisation>& orgs) {
  return WithWrite([&](Connection* c) -> Status {
    for (const auto& o : orgs) RETURN_IF_ERROR(InsertOrganisationOn(c, o));
    return Status::Ok();
  });
}

Result<Organisation> SqliteStore::GetOrganisation(std::string_view id) {
  return WithRead<Organisation>([&](Connection* c) -> Result<Organisation> {
    ASSIGN_OR_RETURN(auto st, c->Prepare(SQL_SELECT_ORGANISATION " WHERE o.public_id = ?"));
    st.Bind(1, id);
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return OrganisationNotFound();
    return ReadOrganisation(st);
  });
}

Status SqliteStore::UpdateOrganisation(const Organisation& org) {
  return WithWrite([&](Connection* c) -> Status {
    ASSIGN_OR_RETURN(
        auto st,
        c->Prepare(
            "UPDATE organisaties SET versie = versie + 1, naam = ?, soort = ?, gemeente = ?, "
            "regio = ?, gewijzigd = ?, brin = ?, kvk = ? WHERE public_id = ? AND versie = ? "
            "RETURNING id"));
    st.Bind(1, org.name)
        .Bind(2, static_cast<int>(org.kind))
        .Bind(3, NullIfEmpty(org.municipality))
        .Bind(4, org.region)
        .Bind(5, org.updated_micros)
        .Bind(6, NullIfEmpty(org.brin))
        .Bind(7, NullIfEmpty(org.kvk))
        .Bind(8, org.id)
        .Bind(9, org.version);
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return CheckChanged(c, "organisaties", org.id);
    const int64_t key = st.Int(0);
    RETURN_IF_ERROR(st.Run());
    return WriteNameWords(c, key, org.name);
  });
}

Status SqliteStore::DeleteOrganisation(std::string_view id, int64_t expected_version) {
  return WithWrite([&](Connection* c) -> Status {
    ASSIGN_OR_RETURN(auto st,
                     c->Prepare("DELETE FROM organisaties WHERE public_id = ? AND versie = ?"));
    st.Bind(1, id).Bind(2, expected_version);
    int rc = st.StepRc();
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
      return FailedPrecondition("De organisatie wordt nog gebruikt door deelnemers of plekken.",
                                "The organisation is still referenced by people or places.");
    }
    if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "delete organisation");
    return CheckChanged(c, "organisaties", std::string(id));
  });
}

Result<Page<Organisation>> SqliteStore::ListOrganisations(const OrganisationFilter& f,
                                                          const PageRequest& page) {
  std::vector<std::string> where;
  std::vector<std::string> args;
  AddFilter(&where, &args, "o.regio = ?", f.region);
  AddFilter(&where, &args, "o.gemeente = ?", f.municipality);
  if (f.kind) AddFilter(&where, &args, "o.soort = ?", std::to_string(static_cast<int>(*f.kind)));
  AddFilter(&where, &args, "o.brin = ?", f.brin);
  AddFilter(&where, &args, "o.kvk = ?", f.kvk);
  // zoek: every word typed starts a word of the name (a range of organisatie_woorden).
  for (const auto& word : domain::NameWords(f.name)) {
    where.push_back(
        "o.id IN (SELECT organisatie FROM organisatie_woorden WHERE woord >= ? AND "
        "woord < ?)");
    args.push_back(word);
    args.push_back(domain::PrefixEnd(word));
  }
  const char* col = page.sort == SortField::kName ? "o.naam" : "o.id";
  return ListKeyset<Organisation>(SQL_SELECT_ORGANISATION, "o", col, std::move(where),
                                  std::move(args), page,
                                  [](Connection*, Statement& st) { return ReadOrganisation(st); });
}

Result<Names> SqliteStore::GetNames(const std::vector<std::string>& people,
                                    const std::vector<std::string>& organisations,
                                    const std::vector<std::string>& places) {
  auto json = [](const std::vector<std::string>& ids) {
    return nlohmann::json(ids).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  const std::string people_json = json(people), orgs_json = json(organisations),
                    places_json = json(places);
  return WithRead<Names>([&](Connection* c) -> Result<Names> {
    Names out;
    if (!people.empty()) {
      ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT public_id, voornaam, tussenvoegsel, achternaam "
                                           "FROM deelnemers WHERE public_id IN "
                                           "(SELECT value FROM json_each(?))"));
      st.BindUnowned(1, people_json);
      RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
        out.people[row.Text(0)] = {row.Text(1), row.Text(2), row.Text(3)};
      }));
    }
    if (!organisations.empty()) {
      ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT public_id, naam FROM organisaties WHERE "
                                           "public_id IN (SELECT value FROM json_each(?))"));
      st.BindUnowned(1, orgs_json);
      RETURN_IF_ERROR(
          ForEachRow(st, [&](Statement& row) { out.organisations[row.Text(0)] = row.Text(1); }));
    }
    if (!places.empty()) {
      ASSIGN_OR_RETURN(auto st,
                       c->Prepare("SELECT p.public_id, p.titel, o.naam FROM plekken p JOIN "
                                  "organisaties o ON o.id = p.organisatie WHERE p.public_id IN "
                                  "(SELECT value FROM json_each(?))"));
      st.BindUnowned(1, places_json);
      RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
        out.places[row.Text(0)] = {row.Text(1), row.Text(2)};
      }));
    }
    return out;
  });
}

}  // namespace overstap::store::sqlite
