// SqliteStore: places (plekken) and their skills (plek_vaardigheden). Their CRUD is
// records.h's over PlaceTable.

#include <unordered_map>

#include "store/sqlite/records.h"

namespace overstap::store::sqlite {
namespace {

using domain::Place;

// The SELECT list; a macro so that " WHERE ..." concatenates into one literal.
#define SQL_SELECT_PLACE                                                                \
  "SELECT p.id, p.public_id, p.versie, p.soort, o.public_id, p.titel, p.postcode, "     \
  "p.gemeente, p.regio, p.sector, p.beroep, p.minimaal_niveau, p.ondersteuning, "       \
  "p.uren_per_week, p.capaciteit, p.periode_van, p.periode_tot, p.erkend_leerbedrijf, " \
  "p.aangemaakt, p.gewijzigd FROM plekken p JOIN organisaties o ON o.id = p.organisatie"

void BindPlace(Statement& st, const Place& p, int64_t org,
               const std::optional<int64_t>& occupation) {
  st.Bind(1, static_cast<int>(p.kind))
      .Bind(2, org)
      .Bind(3, p.title)
      .Bind(4, p.postcode)
      .Bind(5, p.municipality)
      .Bind(6, p.region)
      .Bind(7, p.sector)
      .Bind(8, occupation)
      .Bind(9, static_cast<int>(p.minimum_level))
      .Bind(10, static_cast<int>(p.support_offered))
      .Bind(11, p.hours_per_week)
      .Bind(12, p.capacity)
      .Bind(13, OptDays(p.period_from))
      .Bind(14, OptDays(p.period_to))
      .Bind(15, p.recognised_training_company ? 1 : 0);
}

Status WritePlace(Connection* c, KeyMaps maps, const Place& p, bool update, OrgKeys* orgs) {
  ASSIGN_OR_RETURN(int64_t org, OrganisationKey(c, p.organisation, orgs));
  if (org == 0) return UnknownOrganisation("organisatie", p.organisation);
  std::optional<int64_t> occupation;
  if (!p.occupation.empty()) {
    auto it = maps->occupation_key.find(p.occupation);
    if (it == maps->occupation_key.end()) return Internal("occupation not in key map");
    occupation = it->second;
  }
  int64_t key = 0;
  if (update) {
    ASSIGN_OR_RETURN(
        auto st,
        c->Prepare(
            "UPDATE plekken SET versie = versie + 1, soort = ?1, organisatie = ?2, titel = ?3, "
            "postcode = ?4, gemeente = ?5, regio = ?6, sector = ?7, beroep = ?8, "
            "minimaal_niveau = ?9, ondersteuning = ?10, uren_per_week = ?11, capaciteit = ?12, "
            "periode_van = ?13, periode_tot = ?14, erkend_leerbedrijf = ?15, gewijzigd = ?16 "
            "WHERE public_id = ?17 AND versie = ?18 RETURNING id"));
    BindPlace(st, p, org, occupation);
    st.Bind(16, p.updated_micros).Bind(17, p.id).Bind(18, p.version);
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return CheckChanged(c, "plekken", p.id);
    key = st.Int(0);
    RETURN_IF_ERROR(st.Run());
    ASSIGN_OR_RETURN(auto del, c->Prepare("DELETE FROM plek_vaardigheden WHERE plek = ?"));
    RETURN_IF_ERROR(del.Bind(1, key).Run());
  } else {
    ASSIGN_OR_RETURN(
        auto st,
        c->Prepare(
            "INSERT INTO plekken (soort, organisatie, titel, postcode, gemeente, regio, sector, "
            "beroep, minimaal_niveau, ondersteuning, uren_per_week, capaciteit, periode_van, "
            "periode_tot, erkend_leerbedrijf, aangemaakt, gewijzigd, public_id, versie) VALUES "
            "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17, "
            "?18)"));
    BindPlace(st, p, org, occupation);
    st.Bind(16, p.created_micros).Bind(17, p.id).Bind(18, p.version);
    int rc = st.StepRc();
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
      return AlreadyExists("Deze plek bestaat al.", "This place already exists.");
    }
    if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "insert place");
    key = sqlite3_last_insert_rowid(c->raw());
  }
  ASSIGN_OR_RETURN(
      auto sk,
      c->Prepare("INSERT INTO plek_vaardigheden (plek, vaardigheid, niveau, vereist, leerbaar) "
                 "VALUES (?, ?, ?, ?, ?)"));
  for (int required = 1; required >= 0; --required) {
    for (const auto& s : required ? p.required_skills : p.desired_skills) {
      auto it = maps->skill_key.find(s.skill);
      if (it == maps->skill_key.end()) return Internal("skill not in key map: validated?");
      RETURN_IF_ERROR(sk.Bind(1, key)
                          .Bind(2, it->second)
                          .Bind(3, s.level)
                          .Bind(4, required)
                          .Bind(5, s.learnable && required ? 1 : 0)
                          .Run());
    }
  }
  return Status::Ok();
}

Place ReadPlaceRow(KeyMaps maps, const Statement& st) {
  Place p;
  p.id = st.Text(1);
  p.version = st.Int(2);
  p.kind = static_cast<domain::PlaceKind>(st.Int(3));
  p.organisation = st.Text(4);
  p.title = st.Text(5);
  p.postcode = st.Text(6);
  p.municipality = st.Text(7);
  p.region = st.Text(8);
  p.sector = st.Text(9);
  if (!st.IsNull(10)) {
    auto it = maps->occupation_id.find(st.Int(10));
    if (it != maps->occupation_id.end()) p.occupation = it->second;
  }
  p.minimum_level = static_cast<domain::Level>(st.Int(11));
  p.support_offered = static_cast<domain::SupportSet>(st.Int(12));
  p.hours_per_week = static_cast<int>(st.Int(13));
  p.capacity = static_cast<int>(st.Int(14));
  p.period_from = st.OptDate(15);
  p.period_to = st.OptDate(16);
  p.recognised_training_company = st.Int(17) != 0;
  p.created_micros = st.Int(18);
  p.updated_micros = st.Int(19);
  return p;
}

// Adds one row (plek, vaardigheid, niveau, vereist, leerbaar) to the place's skills.
void AddPlaceSkill(KeyMaps maps, const Statement& sk, Place* p) {
  auto it = maps->skill_id.find(sk.Int(1));
  if (it == maps->skill_id.end()) return;
  (sk.Int(3) ? p->required_skills : p->desired_skills)
      .push_back({it->second, static_cast<int>(sk.Int(2)), sk.Int(4) != 0});
}

Result<Place> ReadPlace(Connection* c, KeyMaps maps, const Statement& st) {
  Place p = ReadPlaceRow(maps, st);
  int64_t key = st.Int(0);
  ASSIGN_OR_RETURN(auto sk, c->Prepare("SELECT plek, vaardigheid, niveau, vereist, leerbaar FROM "
                                       "plek_vaardigheden WHERE plek = ?"));
  sk.Bind(1, key);
  RETURN_IF_ERROR(ForEachRow(sk, [&](Statement& row) { AddPlaceSkill(maps, row, &p); }));
  return p;
}

// The skills of every place in `places` (keys and records) whose public id is in the JSON
// array `ids_json`: one statement for them all.
Status ReadPlaceSkills(Connection* c, KeyMaps maps, const std::string& ids_json,
                       std::vector<std::pair<int64_t, Place>>* places) {
  if (places->empty()) return Status::Ok();
  std::unordered_map<int64_t, Place*> by_key;
  by_key.reserve(places->size());
  for (auto& [key, place] : *places) by_key.emplace(key, &place);
  ASSIGN_OR_RETURN(
      auto sk,
      c->Prepare("SELECT plek, vaardigheid, niveau, vereist, leerbaar FROM plek_vaardigheden WHERE "
                 "plek IN "
                 "(SELECT id FROM plekken WHERE public_id IN (SELECT value FROM json_each(?))) "
                 "ORDER BY plek, vaardigheid"));
  sk.BindUnowned(1, ids_json);
  return ForEachRow(sk, [&](Statement& row) {
    auto it = by_key.find(row.Int(0));
    if (it != by_key.end()) AddPlaceSkill(maps, row, it->second);
  });
}

// Places for records.h: a row each plus their skills, read by a second statement (so a read
// is a snapshot).
struct PlaceTable {
  using Record = Place;
  static constexpr const char* kTable = "plekken";
  static constexpr ReadKind kGetRead = ReadKind::kSnapshot;
  static constexpr const char* kById = SQL_SELECT_PLACE " WHERE p.public_id = ?";
  static constexpr const char* kByIds =
      SQL_SELECT_PLACE " WHERE p.public_id IN (SELECT value FROM json_each(?))";
  static constexpr const char* kDelete = "DELETE FROM plekken WHERE public_id = ? AND versie = ?";
  static Status NotFound() { return overstap::NotFound("Plek niet gevonden.", "Place not found."); }
  static Status Write(Connection* c, KeyMaps maps, const Place& p, bool update, OrgKeys* orgs) {
    return WritePlace(c, maps, p, update, orgs);
  }
  static Result<Place> Read(Connection* c, KeyMaps maps, const Statement& st) {
    return ReadPlace(c, maps, st);
  }
  static Result<Place> ReadRow(KeyMaps maps, const Statement& st) { return ReadPlaceRow(maps, st); }
  static Status ReadChildren(Connection* c, KeyMaps maps, const std::string& ids_json,
                             std::vector<std::pair<int64_t, Place>>* places) {
    return ReadPlaceSkills(c, maps, ids_json, places);
  }
};

}  // namespace

Status SqliteStore::InsertPlace(const Place& p) {
  return WriteRecord<PlaceTable>(p, /*update=*/false, {});
}

Status SqliteStore::InsertPlaces(const std::vector<Place>& places) {
  return InsertRecords<PlaceTable>(places);
}

Status SqliteStore::UpdatePlace(const Place& p) {
  return WriteRecord<PlaceTable>(p, /*update=*/true, {});
}

Result<Place> SqliteStore::GetPlace(std::string_view id) { return GetRecord<PlaceTable>(id); }

Result<std::vector<Place>> SqliteStore::GetPlaces(const std::vector<std::string>& ids) {
  return GetRecords<PlaceTable>(ids);
}

Status SqliteStore::DeletePlace(std::string_view id, int64_t expected_version) {
  return DeleteRecord<PlaceTable>(id, expected_version, {});
}

Result<Page<Place>> SqliteStore::ListPlaces(const PlaceFilter& f, const PageRequest& page) {
  std::vector<std::string> where;
  std::vector<std::string> args;
  AddFilter(&where, &args, "p.regio = ?", f.region);
  AddFilter(&where, &args, "p.gemeente = ?", f.municipality);
  AddFilter(&where, &args, "p.sector = ?", f.sector);
  AddFilter(&where, &args, "o.public_id = ?", f.organisation);
  if (f.kind) AddFilter(&where, &args, "p.soort = ?", std::to_string(static_cast<int>(*f.kind)));
  if (f.minimum_level) {
    AddFilter(&where, &args, "p.minimaal_niveau = ?",
              std::to_string(static_cast<int>(*f.minimum_level)));
  }
  const char* col = page.sort == SortField::kName       ? "p.titel"
                    : page.sort == SortField::kCapacity ? "p.capaciteit"
                                                        : "p.id";
  return ListKeyset<Place>(SQL_SELECT_PLACE, "p", col, std::move(where), std::move(args), page,
                           [this](Connection* c, Statement& st) -> Result<Place> {
                             ASSIGN_OR_RETURN(KeyMaps maps, LoadKeyMaps(c));
                             return ReadPlace(c, maps, st);
                           });
}

Status SqliteStore::ScanPlaces(const std::function<void(Place&&)>& fn) {
  return WithReadStatus(ReadKind::kScan, [&](Connection* c) -> Status {
    ASSIGN_OR_RETURN(KeyMaps maps, LoadKeyMaps(c));
    // A merge of two ordered scans: the places, and all skills by place.
    ASSIGN_OR_RETURN(auto skills,
                     c->Prepare("SELECT plek, vaardigheid, niveau, vereist, leerbaar FROM "
                                "plek_vaardigheden ORDER BY plek"));
    ASSIGN_OR_RETURN(auto st, c->Prepare(SQL_SELECT_PLACE " ORDER BY p.id"));
    ASSIGN_OR_RETURN(bool skill_row, skills.Step());
    RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) -> Status {
      Place p = ReadPlaceRow(maps, row);
      const int64_t key = row.Int(0);
      while (skill_row && skills.Int(0) < key) {
        ASSIGN_OR_RETURN(skill_row, skills.Step());
      }
      while (skill_row && skills.Int(0) == key) {
        AddPlaceSkill(maps, skills, &p);
        ASSIGN_OR_RETURN(skill_row, skills.Step());
      }
      fn(std::move(p));
      return Status::Ok();
    }));
    if (skill_row) skills.Reset();
    return Status::Ok();
  });
}

}  // namespace overstap::store::sqlite
