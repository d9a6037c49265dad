// SqliteStore: people (deelnemers). Their CRUD is records.h's over PersonTable.

#include <algorithm>
#include <charconv>
#include <tuple>

#include "common/text.h"
#include "domain/names.h"
#include "store/sqlite/records.h"

namespace overstap::store::sqlite {
namespace {

using domain::Person;

// The SELECT list; a macro so that " WHERE ..." concatenates into one literal.
#define SQL_SELECT_PERSON                                                                       \
  "SELECT d.id, d.public_id, d.versie, d.voornaam, d.achternaam, d.geboortedatum, d.postcode, " \
  "d.gemeente, d.regio, d.situatie, i.public_id, d.uitkering, d.niveau, d.sectoren, "           \
  "d.ondersteuning, d.max_reisafstand_km, d.uren_per_week, d.beschikbaar_vanaf, v.public_id, "  \
  "d.aangemaakt, d.gewijzigd, d.vaardigheden, "                                                 \
  "(SELECT group_concat(eo.public_id || char(31) || e.externe_id, char(30)) FROM "              \
  "deelnemer_externe_ids e JOIN organisaties eo ON eo.id = e.organisatie WHERE e.deelnemer = "  \
  "d.id), d.tussenvoegsel, d.achternaam_sleutel FROM deelnemers d LEFT JOIN organisaties i ON " \
  "i.id = d.instelling LEFT JOIN organisaties v ON v.id = d.verantwoordelijke"

// A person's skills as stored in deelnemers.vaardigheden: "key:niveau,..." in the order given.
Status EncodeSkills(KeyMaps maps, const std::vector<domain::SkillLevel>& skills, std::string* out) {
  out->clear();
  char buf[24];
  for (const auto& s : skills) {
    auto it = maps->skill_key.find(s.skill);
    if (it == maps->skill_key.end()) return Internal("skill not in key map: validated?");
    if (!out->empty()) out->push_back(',');
    out->append(buf, std::to_chars(buf, buf + sizeof buf, it->second).ptr);
    out->push_back(':');
    out->append(buf, std::to_chars(buf, buf + sizeof buf, s.level).ptr);
  }
  return Status::Ok();
}

// Binds ?1..?17 of the person statements; `sectors` and `skills` are the stored forms and,
// like `p`, must outlive the step.
void BindPerson(Statement& st, const Person& p, const std::optional<int64_t>& institution,
                const std::optional<int64_t>& responsible, const std::string& sectors,
                const std::string& skills) {
  st.BindUnowned(1, p.first_name)
      .BindUnowned(2, p.last_name)
      .Bind(3, static_cast<int64_t>(p.birth_date.days))
      .BindUnowned(4, p.postcode)
      .BindUnowned(5, p.municipality)
      .BindUnowned(6, p.region)
      .Bind(7, static_cast<int>(p.situation))
      .Bind(8, institution)
      .Bind(9, static_cast<int>(p.benefit))
      .Bind(10, static_cast<int>(p.level))
      .BindUnowned(11, sectors)
      .Bind(12, static_cast<int>(p.support_needed))
      .Bind(13, p.max_travel_km)
      .Bind(14, p.hours_per_week)
      .Bind(15, OptDays(p.available_from))
      .Bind(16, responsible)
      .BindUnowned(17, skills);
}

// One row in deelnemers (skills included) and one per external id. Binds the person's own
// strings without copying them: `p` outlives every step here.
Status WritePerson(Connection* c, KeyMaps maps, const Person& p, bool update, OrgKeys* orgs) {
  ASSIGN_OR_RETURN(auto institution, OptionalOrganisation(c, "instelling", p.institution, orgs));
  ASSIGN_OR_RETURN(auto responsible, OptionalOrganisation(c, "verantwoordelijkeOrganisatie",
                                                          p.responsible_organisation, orgs));
  std::string sectors = Join(p.sectors, "|");
  std::string skills;
  RETURN_IF_ERROR(EncodeSkills(maps, p.skills, &skills));
  const std::string sort_key = domain::SurnameSortKey(p.first_name, p.last_name);
  int64_t key = 0;
  if (update) {
    ASSIGN_OR_RETURN(
        auto st,
        c->Prepare(
            "UPDATE deelnemers SET versie = versie + 1, voornaam = ?1, achternaam = ?2, "
            "geboortedatum = ?3, postcode = ?4, gemeente = ?5, regio = ?6, situatie = ?7, "
            "instelling = ?8, uitkering = ?9, niveau = ?10, sectoren = ?11, ondersteuning = ?12, "
            "max_reisafstand_km = ?13, uren_per_week = ?14, beschikbaar_vanaf = ?15, "
            "verantwoordelijke = ?16, vaardigheden = ?17, gewijzigd = ?18, tussenvoegsel = ?21, "
            "achternaam_sleutel = ?22 WHERE public_id = ?19 AND versie = ?20 RETURNING id"));
    BindPerson(st, p, institution, responsible, sectors, skills);
    st.Bind(18, p.updated_micros).BindUnowned(19, p.id).Bind(20, p.version);
    st.BindUnowned(21, p.surname_prefix).BindUnowned(22, sort_key);
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return CheckChanged(c, "deelnemers", p.id);
    key = st.Int(0);
    RETURN_IF_ERROR(st.Run());
    ASSIGN_OR_RETURN(auto del, c->Prepare("DELETE FROM deelnemer_externe_ids WHERE deelnemer = ?"));
    RETURN_IF_ERROR(del.Bind(1, key).Run());
  } else {
    ASSIGN_OR_RETURN(
        auto st,
        c->Prepare(
            "INSERT INTO deelnemers (voornaam, achternaam, geboortedatum, postcode, gemeente, "
            "regio, situatie, instelling, uitkering, niveau, sectoren, ondersteuning, "
            "max_reisafstand_km, uren_per_week, beschikbaar_vanaf, verantwoordelijke, "
            "vaardigheden, aangemaakt, gewijzigd, public_id, versie, tussenvoegsel, "
            "achternaam_sleutel) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
            "?14, ?15, ?16, ?17, ?18, ?18, ?19, ?20, ?21, ?22)"));
    BindPerson(st, p, institution, responsible, sectors, skills);
    st.Bind(18, p.created_micros).BindUnowned(19, p.id).Bind(20, p.version);
    st.BindUnowned(21, p.surname_prefix).BindUnowned(22, sort_key);
    int rc = st.StepRc();
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
      return AlreadyExists("Deze deelnemer bestaat al.", "This person already exists.");
    }
    if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "insert person");
    key = sqlite3_last_insert_rowid(c->raw());
  }
  if (!p.external_ids.empty()) {
    ASSIGN_OR_RETURN(
        auto ext,
        c->Prepare("INSERT INTO deelnemer_externe_ids (organisatie, externe_id, deelnemer) "
                   "VALUES (?, ?, ?)"));
    for (size_t i = 0; i < p.external_ids.size(); ++i) {
      const auto& e = p.external_ids[i];
      auto field = [i] { return "externeIds[" + std::to_string(i) + "]"; };
      ASSIGN_OR_RETURN(int64_t org, OrganisationKey(c, e.organisation, orgs));
      if (org == 0) return UnknownOrganisation(field() + ".organisatie", e.organisation);
      ext.Bind(1, org).BindUnowned(2, e.value).Bind(3, key);
      int rc = ext.StepRc();
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
        return AlreadyExists(
            "Dit externe id is bij deze organisatie al van een andere deelnemer.",
            "This external id is already used for another person at this organisation.",
            {{field() + ".id", "alInGebruik", "Externe id is al in gebruik bij deze organisatie.",
              "External id already in use at this organisation."}});
      }
      if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "insert external id");
    }
  }
  return Status::Ok();
}

Person ReadPersonRow(const Statement& st) {
  Person p;
  p.id = st.Text(1);
  p.version = st.Int(2);
  p.first_name = st.Text(3);
  p.last_name = st.Text(4);
  p.birth_date = Date{static_cast<int32_t>(st.Int(5))};
  p.postcode = st.Text(6);
  p.municipality = st.Text(7);
  p.region = st.Text(8);
  p.situation = static_cast<domain::Situation>(st.Int(9));
  p.institution = st.Text(10);
  p.benefit = static_cast<domain::Benefit>(st.Int(11));
  p.level = static_cast<domain::Level>(st.Int(12));
  std::string sectors = st.Text(13);
  if (!sectors.empty()) p.sectors = Split(sectors, '|');
  p.support_needed = static_cast<domain::SupportSet>(st.Int(14));
  p.max_travel_km = static_cast<int>(st.Int(15));
  p.hours_per_week = static_cast<int>(st.Int(16));
  p.available_from = st.OptDate(17);
  p.responsible_organisation = st.Text(18);
  p.created_micros = st.Int(19);
  p.updated_micros = st.Int(20);
  p.surname_prefix = st.Text(23);
  return p;
}

// A person with their skills and external ids, all from one row of SQL_SELECT_PERSON (skills
// are column 21, "key:niveau,..."; external ids come as a group_concat in column 22: one
// statement per person read).
Result<Person> ReadPerson(KeyMaps maps, const Statement& st) {
  Person p = ReadPersonRow(st);
  std::string_view skills = st.TextView(21);
  while (!skills.empty()) {
    size_t comma = skills.find(',');
    std::string_view item = skills.substr(0, comma);
    skills = comma == std::string_view::npos ? std::string_view() : skills.substr(comma + 1);
    size_t colon = item.find(':');
    int64_t key = 0, level = 0;
    if (colon == std::string_view::npos ||
        std::from_chars(item.data(), item.data() + colon, key).ec != std::errc() ||
        std::from_chars(item.data() + colon + 1, item.data() + item.size(), level).ec !=
            std::errc()) {
      continue;
    }
    auto it = maps->skill_id.find(key);
    if (it != maps->skill_id.end()) p.skills.push_back({it->second, static_cast<int>(level)});
  }
  std::sort(p.skills.begin(), p.skills.end(),
            [](const auto& a, const auto& b) { return a.skill < b.skill; });
  std::string ext = st.Text(22);
  if (!ext.empty()) {
    for (const auto& item : Split(ext, '\x1e')) {
      auto sep = item.find('\x1f');
      if (sep == std::string::npos) continue;
      p.external_ids.push_back({item.substr(0, sep), item.substr(sep + 1)});
    }
    std::sort(p.external_ids.begin(), p.external_ids.end(), [](const auto& a, const auto& b) {
      return std::tie(a.organisation, a.value) < std::tie(b.organisation, b.value);
    });
  }
  return p;
}

// People for records.h: one row each (skills and external ids in it), so a read is one
// statement and a batch read needs no child query.
struct PersonTable {
  using Record = Person;
  static constexpr const char* kTable = "deelnemers";
  static constexpr ReadKind kGetRead = ReadKind::kOneStatement;
  static constexpr const char* kById = SQL_SELECT_PERSON " WHERE d.public_id = ?";
  static constexpr const char* kByIds =
      SQL_SELECT_PERSON " WHERE d.public_id IN (SELECT value FROM json_each(?))";
  static constexpr const char* kDelete =
      "DELETE FROM deelnemers WHERE public_id = ? AND versie = ?";
  static Status NotFound() {
    return overstap::NotFound("Deelnemer niet gevonden.", "Person not found.");
  }
  static Status Write(Connection* c, KeyMaps maps, const Person& p, bool update, OrgKeys* orgs) {
    return WritePerson(c, maps, p, update, orgs);
  }
  static Result<Person> Read(Connection*, KeyMaps maps, const Statement& st) {
    return ReadPerson(maps, st);
  }
  static Result<Person> ReadRow(KeyMaps maps, const Statement& st) { return ReadPerson(maps, st); }
  static Status ReadChildren(Connection*, KeyMaps, const std::string&,
                             std::vector<std::pair<int64_t, Person>>*) {
    return Status::Ok();
  }
};

}  // namespace

Status SqliteStore::InsertPerson(const Person& p, const AuditEntries& audit) {
  return WriteRecord<PersonTable>(p, /*update=*/false, audit);
}

Status SqliteStore::InsertPeople(const std::vector<Person>& people) {
  return InsertRecords<PersonTable>(people);
}

Status SqliteStore::UpdatePerson(const Person& p, const AuditEntries& audit) {
  return WriteRecord<PersonTable>(p, /*update=*/true, audit);
}

Result<Person> SqliteStore::GetPerson(std::string_view id) { return GetRecord<PersonTable>(id); }

Result<std::vector<Person>> SqliteStore::GetPeople(const std::vector<std::string>& ids) {
  return GetRecords<PersonTable>(ids);
}

Status SqliteStore::DeletePerson(std::string_view id, int64_t expected_version,
                                 const AuditEntries& audit) {
  return DeleteRecord<PersonTable>(id, expected_version, audit);
}

Result<Page<Person>> SqliteStore::ListPeople(const PersonFilter& f, const PageRequest& page) {
  std::vector<std::string> where;
  std::vector<std::string> args;
  AddFilter(&where, &args, "d.regio = ?", f.region);
  AddFilter(&where, &args, "d.gemeente = ?", f.municipality);
  if (!f.sector.empty()) {
    AddFilter(&where, &args, "instr('|' || d.sectoren || '|', ?) > 0", "|" + f.sector + "|");
  }
  if (f.situation) {
    AddFilter(&where, &args, "d.situatie = ?", std::to_string(static_cast<int>(*f.situation)));
  }
  if (f.level) AddFilter(&where, &args, "d.niveau = ?", std::to_string(static_cast<int>(*f.level)));
  AddFilter(&where, &args, "d.instelling = (SELECT id FROM organisaties WHERE public_id = ?)",
            f.institution);
  AddFilter(&where, &args,
            "d.verantwoordelijke = (SELECT id FROM organisaties WHERE public_id = ?)",
            f.responsible);
  AddFilter(&where, &args,
            "d.id IN (SELECT deelnemer FROM deelnemer_externe_ids WHERE externe_id = ?)",
            f.external_id);
  if (!f.name.empty()) {
    // A range of the sort key's index; a typed tussenvoegsel must be the person's too.
    const domain::NameQuery q = domain::ParseNameQuery(f.name);
    if (!q.surname.empty()) {
      AddFilter(&where, &args, "d.achternaam_sleutel >= ?", q.surname);
      AddFilter(&where, &args, "d.achternaam_sleutel < ?", domain::PrefixEnd(q.surname));
    }
    AddFilter(&where, &args, "overstap_woorden(d.tussenvoegsel) = ?",
              Join(domain::NameWords(q.prefix), " "));
  }
  if (f.open_signal) {
    where.push_back(std::string(*f.open_signal ? "" : "NOT ") +
                    "EXISTS (SELECT 1 FROM signalen s WHERE s.deelnemer = d.id AND s.status = 0)");
  }
  if (f.placed) {
    where.push_back(std::string(*f.placed ? "" : "NOT ") +
                    "EXISTS (SELECT 1 FROM volgstanden v WHERE v.deelnemer = d.id AND "
                    "v.geplaatst = 1)");
  }
  // Sorted by birth date, the age range is a range of its index. Sorted otherwise, it is
  // checked row by row ('+' keeps SQLite from that index): an age band holds a large share of
  // everyone, so reading its whole range only to sort it by another column would cost more
  // than walking the sort order until a page is full. ('+' also drops the column's affinity, so
  // the bound text is cast.)
  const std::string birth =
      page.sort == SortField::kBirthDate ? "d.geboortedatum" : "+d.geboortedatum";
  if (f.born_on_or_before) {
    AddFilter(&where, &args, birth + " <= CAST(? AS INTEGER)",
              std::to_string(f.born_on_or_before->days));
  }
  if (f.born_after) {
    AddFilter(&where, &args, birth + " > CAST(? AS INTEGER)", std::to_string(f.born_after->days));
  }
  const char* col = page.sort == SortField::kName        ? "d.achternaam_sleutel"
                    : page.sort == SortField::kBirthDate ? "d.geboortedatum"
                                                         : "d.id";
  return ListKeyset<Person>(SQL_SELECT_PERSON, "d", col, std::move(where), std::move(args), page,
                            [this](Connection* c, Statement& st) -> Result<Person> {
                              ASSIGN_OR_RETURN(KeyMaps maps, LoadKeyMaps(c));
                              return ReadPerson(maps, st);
                            });
}

Status SqliteStore::ScanPeople(const std::function<void(Person&&)>& fn) {
  return WithReadStatus(ReadKind::kScan, [&](Connection* c) -> Status {
    ASSIGN_OR_RETURN(KeyMaps maps, LoadKeyMaps(c));
    ASSIGN_OR_RETURN(auto st, c->Prepare(SQL_SELECT_PERSON " ORDER BY d.id"));
    return ForEachRow(st, [&](Statement& row) -> Status {
      ASSIGN_OR_RETURN(Person p, ReadPerson(maps, row));
      fn(std::move(p));
      return Status::Ok();
    });
  });
}

}  // namespace overstap::store::sqlite
