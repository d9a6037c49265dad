// SQLite implementation of store::Store.
//
// One write connection guarded by a mutex (writes are serialised; SQLite allows one writer)
// and a small pool of read connections, so reads never wait for a write in WAL mode.
// Multi-valued attributes live in child tables with real foreign keys, except a person's skills
// and sectors, which are read and written only with the person and so live in its row (see
// migration 0005). Skills are referenced by integer key and mapped to ESCO ids through an
// in-memory map loaded with the reference data.

#include <algorithm>
#include <charconv>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "common/text.h"
#include "store/sqlite/cursor.h"
#include "store/sqlite/db.h"
#include "store/sqlite/explanation_codec.h"
#include "store/sqlite/follow_tables.h"
#include "store/store.h"

namespace overstap::store {
const std::vector<std::pair<std::string_view, std::string_view>>& Migrations();
}

// The shared SELECT lists; macros so that " WHERE ..." concatenates into one literal.
#define kSelectOrganisation                                                                   \
  "SELECT o.id, o.public_id, o.versie, o.naam, o.soort, o.gemeente, o.regio, o.aangemaakt, " \
  "o.gewijzigd FROM organisaties o"
#define kSelectPerson                                                                          \
  "SELECT d.id, d.public_id, d.versie, d.voornaam, d.achternaam, d.geboortedatum, d.postcode, " \
  "d.gemeente, d.regio, d.situatie, i.public_id, d.uitkering, d.niveau, d.sectoren, "          \
  "d.ondersteuning, d.max_reisafstand_km, d.uren_per_week, d.beschikbaar_vanaf, v.public_id, " \
  "d.aangemaakt, d.gewijzigd, d.vaardigheden, "                                                \
  "(SELECT group_concat(eo.public_id || char(31) || e.externe_id, char(30)) FROM "             \
  "deelnemer_externe_ids e JOIN organisaties eo ON eo.id = e.organisatie WHERE e.deelnemer = "   \
  "d.id) FROM deelnemers d LEFT JOIN organisaties i ON i.id = d.instelling LEFT JOIN "          \
  "organisaties v ON v.id = d.verantwoordelijke"
#define kSelectPlace                                                                         \
  "SELECT p.id, p.public_id, p.versie, p.soort, o.public_id, p.titel, p.postcode, "          \
  "p.gemeente, p.regio, p.sector, p.beroep, p.minimaal_niveau, p.ondersteuning, "            \
  "p.uren_per_week, p.capaciteit, p.periode_van, p.periode_tot, p.erkend_leerbedrijf, "      \
  "p.aangemaakt, p.gewijzigd FROM plekken p JOIN organisaties o ON o.id = p.organisatie"
#define kSelectRound                                                                          \
  "SELECT r.id, r.public_id, r.modus, r.regios, r.soorten, r.loting_zaad, r.status, r.fase, "  \
  "r.voortgang, r.aangemaakt_door, r.aangemaakt, r.gestart, r.klaar, r.deelnemers, r.plekken, " \
  "r.zetels, r.paren, r.geplaatst, r.totale_score, r.niet_geplaatst, r.fout FROM matchrondes r"


// Maps the database file, up to SQLite's 2 GB limit (the writer always, a reader for a scan).
#define kMapWholeFile "PRAGMA mmap_size = 2147418112"

namespace overstap::store::sqlite {
namespace {

using domain::Organisation;
using domain::Person;
using domain::Place;

std::optional<int64_t> OptDays(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->days;
}

std::optional<Date> DateCol(const Statement& s, int col) {
  if (s.IsNull(col)) return std::nullopt;
  return Date{static_cast<int32_t>(s.Int(col))};
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(SqliteOptions options) : options_(std::move(options)) {}

  Status Open() {
    ASSIGN_OR_RETURN(write_, Connection::Open(options_.path, false));
    RETURN_IF_ERROR(write_->Exec("PRAGMA journal_mode = WAL;"));
    RETURN_IF_ERROR(write_->Exec(options_.fast_bulk_load ? "PRAGMA synchronous = OFF;"
                                                         : "PRAGMA synchronous = FULL;"));
    RETURN_IF_ERROR(write_->Exec("PRAGMA wal_autocheckpoint = 10000;"));
    // Sorts for CREATE INDEX (EndBulkLoad, migrations) in memory, not in temp files (Debian's
    // SQLite defaults to files).
    RETURN_IF_ERROR(write_->Exec("PRAGMA temp_store = MEMORY;"));
    // The writer keeps up to 256 MiB of pages: inserts into the random-UUID unique indexes
    // (events, signals, tasks) touch pages all over those indexes, and with SQLite's default
    // 2 MiB most of them would be read back from the OS on every write. Allocated as used.
    // It also reads the database through mmap like the readers, so a page not in its cache is
    // no system call and no copy.
    RETURN_IF_ERROR(write_->Exec("PRAGMA cache_size = -262144; " kMapWholeFile ";"));
    for (int i = 0; i < options_.read_connections; ++i) {
      ASSIGN_OR_RETURN(auto conn, Connection::Open(options_.path, false));
      // Readers keep a small private cache and read pages with pread. They map the file only
      // for a scan (kScan): SQLite unmaps a reader's whole mapping at the start of its next
      // read transaction whenever the WAL changed, so under a steady trickle of writes (the
      // audit trail alone) every reader remapped and re-faulted 1.5 GB several times a second;
      // on a freshly written database that made GET's p99 latency three times as long.
      RETURN_IF_ERROR(conn->Exec(
          "PRAGMA query_only = ON; PRAGMA cache_size = -16384; PRAGMA mmap_size = 0;"));
      readers_.push_back(std::move(conn));
    }
    return Status::Ok();
  }

  // ---- schema ----------------------------------------------------------------------------

  Result<int> Migrate() override {
    std::lock_guard lock(write_mu_);
    RETURN_IF_ERROR(write_->Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;"));
    ASSIGN_OR_RETURN(int current, SchemaVersionOn(write_.get()));
    for (const auto& [name, sql] : Migrations()) {
      int version = std::stoi(std::string(name.substr(0, 4)));
      if (version <= current) continue;
      RETURN_IF_ERROR(write_->Exec("BEGIN IMMEDIATE"));
      Status st = write_->Exec(sql);
      if (st.ok()) {
        ASSIGN_OR_RETURN(auto ins, write_->Prepare(
            "INSERT INTO schema_migrations (version, name, applied_at) "
            "VALUES (?, ?, unixepoch())"));
        st = ins.Bind(1, version).Bind(2, name).Run();
      }
      if (st.ok()) st = write_->Exec("COMMIT");
      if (!st.ok()) {
        write_->Exec("ROLLBACK").IgnoreError();
        return Internal("migration " + std::string(name) + " failed: " + st.message_en());
      }
      current = version;
    }
    // A bulk load that never finished left its indexes to rebuild.
    RETURN_IF_ERROR(write_->Exec("BEGIN IMMEDIATE"));
    Status rebuilt = RebuildBulkIndexes(write_.get());
    if (!rebuilt.ok()) {
      write_->Exec("ROLLBACK").IgnoreError();
      return rebuilt;
    }
    RETURN_IF_ERROR(write_->Exec("COMMIT"));
    return current;
  }

  Result<int> SchemaVersion() override {
    return WithRead<int>([&](Connection* c) { return SchemaVersionOn(c); });
  }

  // ---- reference data ----------------------------------------------------------------------

  Result<std::string> ReferenceVersion() override {
    return WithRead<std::string>([&](Connection* c) -> Result<std::string> {
      ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT value FROM meta WHERE key = 'referentie'"));
      ASSIGN_OR_RETURN(bool row, st.Step());
      return row ? st.Text(0) : std::string();
    });
  }

  Status ReplaceReference(const domain::ReferenceData& d) override {
    Status st = WithWrite([&](Connection* c) -> Status {
      {
        ASSIGN_OR_RETURN(auto ins, c->Prepare(
            "INSERT INTO regios (code, naam, provincies, lat, lon) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (code) DO UPDATE SET naam = excluded.naam, provincies = "
            "excluded.provincies, lat = excluded.lat, lon = excluded.lon"));
        for (const auto& r : d.regions) {
          RETURN_IF_ERROR(ins.Bind(1, r.code).Bind(2, r.name).Bind(3, Join(r.provinces, "|"))
                              .Bind(4, r.centroid.lat).Bind(5, r.centroid.lon).Run());
        }
      }
      {
        ASSIGN_OR_RETURN(auto ins, c->Prepare(
            "INSERT INTO gemeenten (code, naam, provinciecode, provincienaam, regio, lat, lon, "
            "aantal_pc4) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
            "naam = excluded.naam, provinciecode = excluded.provinciecode, provincienaam = "
            "excluded.provincienaam, regio = excluded.regio, lat = excluded.lat, lon = "
            "excluded.lon, aantal_pc4 = excluded.aantal_pc4"));
        for (const auto& m : d.municipalities) {
          RETURN_IF_ERROR(ins.Bind(1, m.code).Bind(2, m.name).Bind(3, m.province_code)
                              .Bind(4, m.province_name).Bind(5, m.region).Bind(6, m.centroid.lat)
                              .Bind(7, m.centroid.lon).Bind(8, m.pc4_count).Run());
        }
      }
      {
        ASSIGN_OR_RETURN(auto ins, c->Prepare(
            "INSERT INTO postcodes (pc4, gemeente, lat, lon) VALUES (?, ?, ?, ?) ON CONFLICT "
            "(pc4) DO UPDATE SET gemeente = excluded.gemeente, lat = excluded.lat, lon = "
            "excluded.lon"));
        for (const auto& p : d.pc4s) {
          RETURN_IF_ERROR(ins.Bind(1, p.code).Bind(2, p.municipality).Bind(3, p.location.lat)
                              .Bind(4, p.location.lon).Run());
        }
      }
      {
        ASSIGN_OR_RETURN(auto ins, c->Prepare(
            "INSERT INTO sectoren (code, naam_nl, naam_en) VALUES (?, ?, ?) ON CONFLICT (code) "
            "DO UPDATE SET naam_nl = excluded.naam_nl, naam_en = excluded.naam_en"));
        for (const auto& s : d.sectors) {
          RETURN_IF_ERROR(ins.Bind(1, s.code).Bind(2, s.name_nl).Bind(3, s.name_en).Run());
        }
      }
      {
        ASSIGN_OR_RETURN(auto ins, c->Prepare(
            "INSERT INTO vaardigheden (esco_id, label_en, label_nl, soort, hergebruik) VALUES "
            "(?, ?, ?, ?, ?) ON CONFLICT (esco_id) DO UPDATE SET label_en = excluded.label_en, "
            "label_nl = excluded.label_nl, soort = excluded.soort, hergebruik = "
            "excluded.hergebruik"));
        for (const auto& s : d.skills) {
          RETURN_IF_ERROR(ins.Bind(1, s.id).Bind(2, s.label_en).Bind(3, s.label_nl)
                              .Bind(4, s.type).Bind(5, s.reuse_level).Run());
        }
      }
      {
        ASSIGN_OR_RETURN(auto ins, c->Prepare(
            "INSERT INTO beroepen (esco_id, isco, esco_code, label_nl, label_en) VALUES "
            "(?, ?, ?, ?, ?) ON CONFLICT (esco_id) DO UPDATE SET isco = excluded.isco, "
            "esco_code = excluded.esco_code, label_nl = excluded.label_nl, label_en = "
            "excluded.label_en"));
        for (const auto& o : d.occupations) {
          RETURN_IF_ERROR(ins.Bind(1, o.id).Bind(2, o.isco_code).Bind(3, o.esco_code)
                              .Bind(4, o.label_nl).Bind(5, o.label_en).Run());
        }
      }
      RETURN_IF_ERROR(c->Exec("DELETE FROM beroep_vaardigheden"));
      {
        ASSIGN_OR_RETURN(auto ins, c->Prepare(
            "INSERT OR IGNORE INTO beroep_vaardigheden (beroep, vaardigheid, essentieel) "
            "SELECT b.id, v.id, ? FROM beroepen b, vaardigheden v WHERE b.esco_id = ? AND "
            "v.esco_id = ?"));
        for (const auto& r : d.occupation_skills) {
          RETURN_IF_ERROR(
              ins.Bind(1, r.essential ? 1 : 0).Bind(2, r.occupation).Bind(3, r.skill).Run());
        }
      }
      ASSIGN_OR_RETURN(auto meta, c->Prepare(
          "INSERT INTO meta (key, value) VALUES ('referentie', ?) ON CONFLICT (key) DO UPDATE "
          "SET value = excluded.value"));
      return meta.Bind(1, d.version).Run();
    });
    InvalidateKeyMaps();
    return st;
  }

  Result<domain::ReferenceData> LoadReference() override {
    return WithRead<domain::ReferenceData>([&](Connection* c) -> Result<domain::ReferenceData> {
      domain::ReferenceData d;
      {
        ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT value FROM meta WHERE key = 'referentie'"));
        ASSIGN_OR_RETURN(bool row, st.Step());
        if (row) d.version = st.Text(0);
      }
      {
        ASSIGN_OR_RETURN(auto st, c->Prepare(
            "SELECT code, naam, provincies, lat, lon FROM regios ORDER BY code"));
        while (true) {
          ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          d.regions.push_back({st.Text(0), st.Text(1), Split(st.Text(2), '|'),
                               {st.Real(3), st.Real(4)}});
        }
      }
      {
        ASSIGN_OR_RETURN(auto st, c->Prepare(
            "SELECT code, naam, provinciecode, provincienaam, regio, lat, lon, aantal_pc4 "
            "FROM gemeenten ORDER BY code"));
        while (true) {
          ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          d.municipalities.push_back({st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4),
                                      {st.Real(5), st.Real(6)}, static_cast<int>(st.Int(7))});
        }
      }
      {
        ASSIGN_OR_RETURN(auto st,
                         c->Prepare("SELECT pc4, gemeente, lat, lon FROM postcodes ORDER BY pc4"));
        while (true) {
          ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          d.pc4s.push_back({st.Text(0), st.Text(1), {st.Real(2), st.Real(3)}});
        }
      }
      {
        ASSIGN_OR_RETURN(auto st,
                         c->Prepare("SELECT code, naam_nl, naam_en FROM sectoren ORDER BY code"));
        while (true) {
          ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          d.sectors.push_back({st.Text(0), st.Text(1), st.Text(2)});
        }
      }
      {
        ASSIGN_OR_RETURN(auto st, c->Prepare(
            "SELECT esco_id, label_en, label_nl, soort, hergebruik FROM vaardigheden ORDER BY id"));
        while (true) {
          ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          d.skills.push_back({st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4)});
        }
      }
      {
        ASSIGN_OR_RETURN(auto st, c->Prepare(
            "SELECT esco_id, isco, esco_code, label_nl, label_en FROM beroepen ORDER BY id"));
        while (true) {
          ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          d.occupations.push_back({st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4)});
        }
      }
      {
        ASSIGN_OR_RETURN(auto st, c->Prepare(
            "SELECT b.esco_id, v.esco_id, r.essentieel FROM beroep_vaardigheden r "
            "JOIN beroepen b ON b.id = r.beroep JOIN vaardigheden v ON v.id = r.vaardigheid"));
        while (true) {
          ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          d.occupation_skills.push_back({st.Text(0), st.Text(1), st.Int(2) != 0});
        }
      }
      return d;
    });
  }

  // ---- organisations -----------------------------------------------------------------------

  Status InsertOrganisation(const Organisation& org) override {
    return WithWrite([&](Connection* c) { return InsertOrganisationOn(c, org); });
  }
  Status InsertOrganisations(const std::vector<Organisation>& orgs) override {
    return WithWrite([&](Connection* c) -> Status {
      for (const auto& o : orgs) RETURN_IF_ERROR(InsertOrganisationOn(c, o));
      return Status::Ok();
    });
  }

  Result<Organisation> GetOrganisation(std::string_view id) override {
    return WithRead<Organisation>([&](Connection* c) -> Result<Organisation> {
      ASSIGN_OR_RETURN(auto st, c->Prepare(kSelectOrganisation " WHERE o.public_id = ?"));
      st.Bind(1, id);
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return OrganisationNotFound();
      return ReadOrganisation(st);
    });
  }

  Status UpdateOrganisation(const Organisation& org) override {
    return WithWrite([&](Connection* c) -> Status {
      ASSIGN_OR_RETURN(auto st, c->Prepare(
          "UPDATE organisaties SET versie = versie + 1, naam = ?, soort = ?, gemeente = ?, "
          "regio = ?, gewijzigd = ? WHERE public_id = ? AND versie = ?"));
      st.Bind(1, org.name).Bind(2, static_cast<int>(org.kind))
          .Bind(3, NullIfEmpty(org.municipality)).Bind(4, org.region)
          .Bind(5, org.updated_micros).Bind(6, org.id).Bind(7, org.version);
      RETURN_IF_ERROR(st.Run());
      return CheckChanged(c, "organisaties", org.id);
    });
  }

  Status DeleteOrganisation(std::string_view id, int64_t expected_version) override {
    return WithWrite([&](Connection* c) -> Status {
      ASSIGN_OR_RETURN(auto st,
                       c->Prepare("DELETE FROM organisaties WHERE public_id = ? AND versie = ?"));
      st.Bind(1, id).Bind(2, expected_version);
      int rc = st.StepRc();
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
        return FailedPrecondition(
            "De organisatie wordt nog gebruikt door deelnemers of plekken.",
            "The organisation is still referenced by people or places.");
      }
      if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "delete organisation");
      return CheckChanged(c, "organisaties", std::string(id));
    });
  }

  Result<Page<Organisation>> ListOrganisations(const OrganisationFilter& f,
                                               const PageRequest& page) override {
    std::vector<std::string> where;
    std::vector<std::string> args;
    AddFilter(&where, &args, "o.regio = ?", f.region);
    AddFilter(&where, &args, "o.gemeente = ?", f.municipality);
    if (f.kind) AddFilter(&where, &args, "o.soort = ?", std::to_string(static_cast<int>(*f.kind)));
    const char* col = page.sort == SortField::kName ? "o.naam" : "o.id";
    return ListKeyset<Organisation>(kSelectOrganisation, "o", col, where, args, page,
                                    [&](Connection*, Statement& st) -> Result<Organisation> {
                                      return ReadOrganisation(st);
                                    });
  }

  // ---- people ------------------------------------------------------------------------------

  Status InsertPerson(const Person& p, const AuditEntries& audit) override {
    return WithWrite([&](Connection* c) -> Status {
      KeyMaps maps = LoadKeyMaps(c);
      RETURN_IF_ERROR(WritePerson(c, maps, p, /*update=*/false));
      return InsertAuditOn(c, audit);
    });
  }
  Status InsertPeople(const std::vector<Person>& people) override {
    return WithWrite([&](Connection* c) -> Status {
      KeyMaps maps = LoadKeyMaps(c);
      OrgKeys orgs;
      for (const auto& p : people) RETURN_IF_ERROR(WritePerson(c, maps, p, false, &orgs));
      return Status::Ok();
    });
  }
  Status UpdatePerson(const Person& p, const AuditEntries& audit) override {
    return WithWrite([&](Connection* c) -> Status {
      KeyMaps maps = LoadKeyMaps(c);
      RETURN_IF_ERROR(WritePerson(c, maps, p, /*update=*/true));
      return InsertAuditOn(c, audit);
    });
  }

  Result<Person> GetPerson(std::string_view id) override {
    return WithRead<Person>(kOneStatement, [&](Connection* c) -> Result<Person> {
      ASSIGN_OR_RETURN(auto st, c->Prepare(kSelectPerson " WHERE d.public_id = ?"));
      st.Bind(1, id);
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return PersonNotFound();
      KeyMaps maps = LoadKeyMaps(c);
      return ReadPerson(c, maps, st);
    });
  }

  Status DeletePerson(std::string_view id, int64_t expected_version,
                      const AuditEntries& audit) override {
    return WithWrite([&](Connection* c) -> Status {
      ASSIGN_OR_RETURN(auto st,
                       c->Prepare("DELETE FROM deelnemers WHERE public_id = ? AND versie = ?"));
      RETURN_IF_ERROR(st.Bind(1, id).Bind(2, expected_version).Run());
      RETURN_IF_ERROR(CheckChanged(c, "deelnemers", std::string(id)));
      return InsertAuditOn(c, audit);
    });
  }

  Result<Page<Person>> ListPeople(const PersonFilter& f, const PageRequest& page) override {
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
    const char* col = page.sort == SortField::kName        ? "d.achternaam"
                      : page.sort == SortField::kBirthDate ? "d.geboortedatum"
                                                           : "d.id";
    return ListKeyset<Person>(kSelectPerson, "d", col, where, args, page,
                              [&](Connection* c, Statement& st) -> Result<Person> {
                                KeyMaps maps = LoadKeyMaps(c);
                                return ReadPerson(c, maps, st);
                              });
  }

  // ---- places ------------------------------------------------------------------------------

  Status InsertPlace(const Place& p) override {
    return WithWrite([&](Connection* c) {
      KeyMaps maps = LoadKeyMaps(c);
      return WritePlace(c, maps, p, false);
    });
  }
  Status InsertPlaces(const std::vector<Place>& places) override {
    return WithWrite([&](Connection* c) -> Status {
      KeyMaps maps = LoadKeyMaps(c);
      OrgKeys orgs;
      for (const auto& p : places) RETURN_IF_ERROR(WritePlace(c, maps, p, false, &orgs));
      return Status::Ok();
    });
  }
  Status UpdatePlace(const Place& p) override {
    return WithWrite([&](Connection* c) {
      KeyMaps maps = LoadKeyMaps(c);
      return WritePlace(c, maps, p, true);
    });
  }
  Result<Place> GetPlace(std::string_view id) override {
    return WithRead<Place>([&](Connection* c) -> Result<Place> {
      ASSIGN_OR_RETURN(auto st, c->Prepare(kSelectPlace " WHERE p.public_id = ?"));
      st.Bind(1, id);
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return PlaceNotFound();
      KeyMaps maps = LoadKeyMaps(c);
      return ReadPlace(c, maps, st);
    });
  }
  Status DeletePlace(std::string_view id, int64_t expected_version) override {
    return WithWrite([&](Connection* c) -> Status {
      ASSIGN_OR_RETURN(auto st,
                       c->Prepare("DELETE FROM plekken WHERE public_id = ? AND versie = ?"));
      RETURN_IF_ERROR(st.Bind(1, id).Bind(2, expected_version).Run());
      return CheckChanged(c, "plekken", std::string(id));
    });
  }
  Result<Page<Place>> ListPlaces(const PlaceFilter& f, const PageRequest& page) override {
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
    return ListKeyset<Place>(kSelectPlace, "p", col, where, args, page,
                             [&](Connection* c, Statement& st) -> Result<Place> {
                               KeyMaps maps = LoadKeyMaps(c);
                               return ReadPlace(c, maps, st);
                             });
  }

  // ---- bulk loads ---------------------------------------------------------------------------

  Status BeginBulkLoad() override {
    return WithWrite([&](Connection* c) -> Status {
      ASSIGN_OR_RETURN(auto st, c->Prepare(
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
          "tbl_name IN ('deelnemers', 'plekken', 'deelnemer_externe_ids') ORDER BY name"));
      std::vector<std::pair<std::string, std::string>> indexes;
      while (true) {
        ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        indexes.emplace_back(st.Text(0), st.Text(1));
      }
      if (indexes.empty()) return Status::Ok();  // already in a bulk load
      std::string saved;
      for (const auto& [name, sql] : indexes) saved += sql + ";\n";
      // Remember them durably first: Migrate() rebuilds them should we crash before EndBulkLoad.
      ASSIGN_OR_RETURN(auto meta, c->Prepare(
          "INSERT INTO meta (key, value) VALUES ('bulk_indexes', ?) ON CONFLICT (key) DO UPDATE "
          "SET value = value || excluded.value"));
      RETURN_IF_ERROR(meta.Bind(1, saved).Run());
      for (const auto& [name, sql] : indexes) RETURN_IF_ERROR(c->Exec("DROP INDEX " + name));
      return Status::Ok();
    });
  }

  Status EndBulkLoad() override {
    return WithWrite([&](Connection* c) { return RebuildBulkIndexes(c); });
  }

  // ---- counts and audit --------------------------------------------------------------------

  Result<Counts> Count() override {
    return WithRead<Counts>([&](Connection* c) -> Result<Counts> {
      ASSIGN_OR_RETURN(auto st, c->Prepare(
          "SELECT (SELECT count(*) FROM organisaties), (SELECT count(*) FROM deelnemers), "
          "(SELECT count(*) FROM plekken)"));
      ASSIGN_OR_RETURN(bool row, st.Step());
      (void)row;
      return Counts{st.Int(0), st.Int(1), st.Int(2)};
    });
  }

  Status ScanPeople(const std::function<void(Person&&)>& fn) override {
    auto done = WithRead<bool>(kScan, [&](Connection* c) -> Result<bool> {
      KeyMaps maps = LoadKeyMaps(c);
      ASSIGN_OR_RETURN(auto st, c->Prepare(kSelectPerson " ORDER BY d.id"));
      while (true) {
        ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        ASSIGN_OR_RETURN(Person p, ReadPerson(c, maps, st));
        fn(std::move(p));
      }
      return true;
    });
    return done.status();
  }

  Status ScanPlaces(const std::function<void(Place&&)>& fn) override {
    auto done = WithRead<bool>(kScan, [&](Connection* c) -> Result<bool> {
      KeyMaps maps = LoadKeyMaps(c);
      ASSIGN_OR_RETURN(auto skills, c->Prepare(
          "SELECT plek, vaardigheid, niveau, vereist, leerbaar FROM plek_vaardigheden ORDER BY plek"));
      ASSIGN_OR_RETURN(auto st, c->Prepare(kSelectPlace " ORDER BY p.id"));
      ASSIGN_OR_RETURN(bool skill_row, skills.Step());
      while (true) {
        ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        Place p = ReadPlaceRow(maps, st);
        int64_t key = st.Int(0);
        while (skill_row && skills.Int(0) < key) {
          ASSIGN_OR_RETURN(skill_row, skills.Step());
        }
        while (skill_row && skills.Int(0) == key) {
          AddPlaceSkill(maps, skills, &p);
          ASSIGN_OR_RETURN(skill_row, skills.Step());
        }
        fn(std::move(p));
      }
      if (skill_row) skills.Run().IgnoreError();
      return true;
    });
    return done.status();
  }

  // ---- allocation rounds -------------------------------------------------------------------

  Status InsertRound(const domain::AllocationRound& r, const AuditEntries& audit) override {
    return WithWrite([&](Connection* c) -> Status {
      ASSIGN_OR_RETURN(auto st, c->Prepare(
          "INSERT INTO matchrondes (public_id, modus, regios, soorten, loting_zaad, status, fase, "
          "voortgang, aangemaakt_door, aangemaakt, gestart, klaar, deelnemers, plekken, zetels, "
          "paren, geplaatst, totale_score, niet_geplaatst, fout) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      std::vector<std::string> kinds;
      for (auto k : r.kinds) kinds.push_back(std::to_string(static_cast<int>(k)));
      st.Bind(1, r.id).Bind(2, static_cast<int>(r.mode)).Bind(3, Join(r.regions, ","))
          .Bind(4, Join(kinds, ",")).Bind(5, r.seed);
      BindRoundState(st, r, 6);
      RETURN_IF_ERROR(st.Run());
      return InsertAuditOn(c, audit);
    });
  }

  Status UpdateRound(const domain::AllocationRound& r) override {
    return WithWrite([&](Connection* c) { return UpdateRoundOn(c, r); });
  }

  Status FinishRound(const domain::AllocationRound& r,
                     const std::vector<domain::RoundOutcome>& outcomes) override {
    ASSIGN_OR_RETURN(const int64_t round_key,
                     WithRead<int64_t>([&](Connection* c) { return RoundKeyOn(c, r.id); }));
    auto insert = [&](Connection* c, size_t begin, size_t end) -> Status {
      ASSIGN_OR_RETURN(auto st, c->Prepare(
          "INSERT INTO matchronde_uitkomsten (ronde, deelnemer, plek, score, reden, toelichting) "
          "VALUES (?, (SELECT id FROM deelnemers WHERE public_id = ?), "
          "(SELECT id FROM plekken WHERE public_id = ?), ?, ?, ?)"));
      for (size_t i = begin; i < end; ++i) {
        const domain::RoundOutcome& o = outcomes[i];
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

  static Result<int64_t> RoundKeyOn(Connection* c, std::string_view public_id) {
    ASSIGN_OR_RETURN(auto key, c->Prepare("SELECT id FROM matchrondes WHERE public_id = ?"));
    key.Bind(1, public_id);
    ASSIGN_OR_RETURN(bool found, key.Step());
    if (!found) return NotFound("Matchronde niet gevonden.", "Allocation round not found.");
    return key.Int(0);
  }

  static Status DeleteOutcomesOn(Connection* c, int64_t round_key) {
    ASSIGN_OR_RETURN(auto st, c->Prepare("DELETE FROM matchronde_uitkomsten WHERE ronde = ?"));
    return st.Bind(1, round_key).Run();
  }

  Result<domain::AllocationRound> GetRound(std::string_view id) override {
    return WithRead<domain::AllocationRound>([&](Connection* c) -> Result<domain::AllocationRound> {
      ASSIGN_OR_RETURN(auto st, c->Prepare(kSelectRound " WHERE r.public_id = ?"));
      st.Bind(1, id);
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) {
        return NotFound("Er is geen matchronde met dit id.", "No allocation round has this id.");
      }
      return ReadRound(st);
    });
  }

  Result<Page<domain::AllocationRound>> ListRounds(const PageRequest& page) override {
    PageRequest newest_first = page;
    newest_first.descending = !page.descending;
    return ListKeyset<domain::AllocationRound>(
        kSelectRound, "r", "r.id", {}, {}, newest_first,
        [&](Connection*, Statement& st) -> Result<domain::AllocationRound> { return ReadRound(st); });
  }

  Result<Page<domain::RoundOutcome>> ListRoundOutcomes(std::string_view round_id, std::optional<bool> placed,
                                                       const PageRequest& page) override {
    ASSIGN_OR_RETURN(const int64_t after, DecodeKeyCursor(page.cursor));
    return WithRead<Page<domain::RoundOutcome>>([&](Connection* c) -> Result<Page<domain::RoundOutcome>> {
      ASSIGN_OR_RETURN(auto key, c->Prepare("SELECT id, status FROM matchrondes WHERE public_id = ?"));
      key.Bind(1, round_id);
      ASSIGN_OR_RETURN(bool found, key.Step());
      if (!found) return NotFound("Er is geen matchronde met dit id.", "No allocation round has this id.");
      const int64_t round_key = key.Int(0);
      // Outcomes are stored in batches before the round is marked done: none until then.
      if (key.Int(1) != static_cast<int64_t>(domain::RoundStatus::kDone)) return Page<domain::RoundOutcome>{};
      std::string sql =
          "SELECT u.deelnemer, d.public_id, p.public_id, u.score, u.reden, u.toelichting "
          "FROM matchronde_uitkomsten u JOIN deelnemers d ON d.id = u.deelnemer "
          "LEFT JOIN plekken p ON p.id = u.plek WHERE u.ronde = ? AND u.deelnemer > ?";
      if (placed) sql += *placed ? " AND u.reden = ''" : " AND u.reden != ''";
      sql += " ORDER BY u.deelnemer LIMIT " + std::to_string(page.limit + 1);
      ASSIGN_OR_RETURN(auto st, c->PrepareOnce(sql));
      st.Bind(1, round_key).Bind(2, after);
      Page<domain::RoundOutcome> out;
      int64_t last = 0;
      while (true) {
        ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        if (static_cast<int>(out.items.size()) == page.limit) {
          out.next_cursor = EncodeKeyCursor(last);
          break;
        }
        last = st.Int(0);
        out.items.push_back(RoundOutcomeFromRow(st.Text(1), st.Text(2), st.Real(3), st.Text(4), st.Text(5)));
      }
      return out;
    });
  }

  Result<int> FailUnfinishedRounds(int64_t now_micros) override {
    int changed = 0;
    RETURN_IF_ERROR(WithWrite([&](Connection* c) -> Status {
      // Outcomes a round had stored when the process stopped, before it was done.
      RETURN_IF_ERROR(c->Exec(
          "DELETE FROM matchronde_uitkomsten WHERE ronde IN (SELECT id FROM matchrondes WHERE status IN (0, 1))"));
      ASSIGN_OR_RETURN(auto st, c->Prepare(
          "UPDATE matchrondes SET status = 3, klaar = ?, "
          "fout = 'Onderbroken: de server stopte voordat de ronde klaar was.' WHERE status IN (0, 1)"));
      RETURN_IF_ERROR(st.Bind(1, now_micros).Run());
      changed = sqlite3_changes(c->raw());
      return Status::Ok();
    }));
    return changed;
  }

  Status AppendAudit(const AuditEntries& entries) override {
    if (entries.empty()) return Status::Ok();
    return WithWrite([&](Connection* c) { return InsertAuditOn(c, entries); });
  }

  Result<std::vector<domain::AuditEntry>> RecentAudit(int limit) override {
    return WithRead<std::vector<domain::AuditEntry>>(
        [&](Connection* c) -> Result<std::vector<domain::AuditEntry>> {
          ASSIGN_OR_RETURN(auto st, c->Prepare(
              "SELECT tijd, actor, organisatie, rol, actie, soort, object_id, request_id "
              "FROM audit_log ORDER BY id DESC LIMIT ?"));
          st.Bind(1, limit);
          std::vector<domain::AuditEntry> out;
          while (true) {
            ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            out.push_back({st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5),
                           st.Text(6), st.Text(7)});
          }
          return out;
        });
  }

  // ---- keep in view (follow_tables.cpp) --------------------------------------------------

  Status UpdateFollow(const std::vector<std::string>& people, const AuditEntries& audit,
                      const FollowFn& fn) override {
    return WithWrite([&](Connection* c) -> Status {
      RETURN_IF_ERROR(UpdateFollowOn(c, people, fn));
      return InsertAuditOn(c, audit);
    });
  }
  Status AppendLog(std::vector<domain::Event>* events, const AuditEntries& audit) override {
    return WithWrite([&](Connection* c) -> Status {
      RETURN_IF_ERROR(AppendLogOn(c, events));
      return InsertAuditOn(c, audit);
    });
  }
  Result<std::vector<std::string>> LoggedPeople(int limit) override {
    return WithRead<std::vector<std::string>>(
        [&](Connection* c) { return LoggedPeopleOn(c, limit); });
  }
  Result<std::vector<domain::Event>> LoggedEvents(std::string_view person) override {
    return WithRead<std::vector<domain::Event>>(
        [&](Connection* c) { return LoggedEventsOn(c, person); });
  }
  Status LoadTimelines(const std::vector<domain::Event>& events,
                       const std::vector<std::pair<std::string, domain::FollowState>>& states)
      override {
    return WithWrite([&](Connection* c) { return LoadTimelinesOn(c, events, states); });
  }
  Status ScanFollowPart(const std::function<void(FollowRecord&&)>& fn, int part, int parts,
                        bool brief) override {
    return WithRead<bool>(kScan, [&](Connection* c) -> Result<bool> {
      RETURN_IF_ERROR(ScanFollowOn(c, fn, part, parts, brief));
      return true;
    }).status();
  }
  Status ScanTimelines(
      const std::function<void(const std::string&, std::vector<domain::Event>&&)>& fn) override {
    return WithRead<bool>(kScan, [&](Connection* c) -> Result<bool> {
      RETURN_IF_ERROR(ScanTimelinesOn(c, fn));
      return true;
    }).status();
  }
  Result<Page<domain::Event>> ListEvents(std::string_view person, const PageRequest& page) override {
    return WithRead<Page<domain::Event>>([&](Connection* c) { return ListEventsOn(c, person, page); });
  }
  Result<domain::Signal> GetSignal(std::string_view id) override {
    return WithRead<domain::Signal>([&](Connection* c) { return GetSignalOn(c, id); });
  }
  Result<Page<domain::Signal>> ListSignals(const SignalFilter& f, const PageRequest& page) override {
    return WithRead<Page<domain::Signal>>([&](Connection* c) { return ListSignalsOn(c, f, page); });
  }
  Result<domain::Task> GetTask(std::string_view id) override {
    return WithRead<domain::Task>([&](Connection* c) { return GetTaskOn(c, id); });
  }
  Result<Page<domain::Task>> ListTasks(const TaskFilter& f, const PageRequest& page) override {
    return WithRead<Page<domain::Task>>([&](Connection* c) { return ListTasksOn(c, f, page); });
  }
  Result<domain::Handover> GetHandover(std::string_view id) override {
    return WithRead<domain::Handover>([&](Connection* c) { return GetHandoverOn(c, id); });
  }
  Result<Page<domain::Handover>> ListHandovers(const HandoverFilter& f,
                                               const PageRequest& page) override {
    return WithRead<Page<domain::Handover>>(
        [&](Connection* c) { return ListHandoversOn(c, f, page); });
  }
  Result<domain::FollowState> GetFollowState(std::string_view person) override {
    return WithRead<domain::FollowState>([&](Connection* c) { return GetFollowStateOn(c, person); });
  }

 private:
  // ESCO id <-> integer key for skills and occupations; rebuilt after a reference load.
  struct KeyMapsData {
    std::unordered_map<std::string, int64_t> skill_key, occupation_key;
    std::unordered_map<int64_t, std::string> skill_id, occupation_id;
  };
  using KeyMaps = const KeyMapsData*;

  static Status OrganisationNotFound() {
    return NotFound("Organisatie niet gevonden.", "Organisation not found.");
  }
  static Status PersonNotFound() {
    return NotFound("Deelnemer niet gevonden.", "Person not found.");
  }
  static Status PlaceNotFound() { return NotFound("Plek niet gevonden.", "Place not found."); }

  static std::optional<std::string> NullIfEmpty(const std::string& s) {
    if (s.empty()) return std::nullopt;
    return s;
  }

  static Status RebuildBulkIndexes(Connection* c) {
    ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT value FROM meta WHERE key = 'bulk_indexes'"));
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    std::string sql = st.Text(0);
    RETURN_IF_ERROR(st.Run());
    RETURN_IF_ERROR(c->Exec(sql));
    return c->Exec("DELETE FROM meta WHERE key = 'bulk_indexes'");
  }

  static Result<int> SchemaVersionOn(Connection* c) {
    ASSIGN_OR_RETURN(auto st, c->Prepare(
        "SELECT coalesce(max(version), 0) FROM schema_migrations"));
    ASSIGN_OR_RETURN(bool row, st.Step());
    (void)row;
    return static_cast<int>(st.Int(0));
  }

  // BEGIN/COMMIT as cached prepared statements (sqlite3_exec would parse them every time).
  static Status RunCached(Connection* c, const char* sql) {
    ASSIGN_OR_RETURN(auto st, c->Prepare(sql));
    return st.Run();
  }

  // A read connection for this thread. A thread that reads often keeps one for itself (no
  // lock on the hot path) while the pool holds more than kSharedReaders; other threads borrow
  // one from the pool and give it back. `*borrowed` tells which.
  static constexpr size_t kSharedReaders = 2;
  Connection* AcquireReader(bool* borrowed) {
    thread_local std::vector<std::pair<uint64_t, Connection*>> mine;
    for (const auto& [generation, conn] : mine) {
      if (generation == generation_) {
        *borrowed = false;
        return conn;
      }
    }
    std::unique_lock lock(read_mu_);
    if (readers_.size() > kSharedReaders) {
      Connection* conn = readers_.back().get();
      thread_owned_.push_back(std::move(readers_.back()));
      readers_.pop_back();
      mine.emplace_back(generation_, conn);
      *borrowed = false;
      return conn;
    }
    read_cv_.wait(lock, [&] { return !readers_.empty(); });
    Connection* conn = readers_.back().release();
    readers_.pop_back();
    *borrowed = true;
    return conn;
  }

  // WithRead's first argument: `fn` reads with several statements, which must see one
  // snapshot (an explicit read transaction), or with one statement, which is its own snapshot
  // (SQLite reads a statement's rows, subqueries included, in one implicit transaction).
  // kScan is a snapshot that reads (nearly) whole tables: it maps the database file for its
  // length, so pages come without a system call or a copy.
  enum ReadKind { kSnapshot, kOneStatement, kScan };

  template <typename T>
  Result<T> WithRead(const std::function<Result<T>(Connection*)>& fn) {
    return WithRead<T>(kSnapshot, fn);
  }

  template <typename T>
  Result<T> WithRead(ReadKind kind, const std::function<Result<T>(Connection*)>& fn) {
    bool borrowed = false;
    Connection* conn = AcquireReader(&borrowed);
    // Ends the read transaction and returns a borrowed connection however fn ends.
    struct Return {
      SqliteStore* self;
      Connection* conn;
      bool borrowed;
      bool explicit_transaction;
      bool mapped;
      ~Return() {
        if (explicit_transaction) RunCached(conn, "COMMIT").IgnoreError();
        if (mapped) RunCached(conn, "PRAGMA mmap_size = 0").IgnoreError();
        if (!borrowed) return;
        {
          std::lock_guard lock(self->read_mu_);
          self->readers_.emplace_back(conn);
        }
        self->read_cv_.notify_one();
      }
    } give_back{this, conn, borrowed, kind != kOneStatement, kind == kScan};
    if (kind == kScan) {
      Status map = RunCached(conn, kMapWholeFile);
      if (!map.ok()) return map;
    }
    if (kind != kOneStatement) {
      Status begin = RunCached(conn, "BEGIN");
      if (!begin.ok()) return begin;
    }
    try {
      return fn(conn);
    } catch (const std::exception& e) {
      return Internal(std::string("exception in read: ") + e.what());
    }
  }

  // `synced` false: a transaction whose commit need not reach the disk by itself (WAL with
  // synchronous = NORMAL), for data worthless until a later durable commit, which syncs the
  // log with it; every other write, before or after, is synced as usual.
  Status WithWrite(const std::function<Status(Connection*)>& fn, bool synced = true) {
    writes_waiting_.fetch_add(1);
    std::lock_guard lock(write_mu_);
    writes_waiting_.fetch_sub(1);
    const bool lazy = !synced && !options_.fast_bulk_load;
    // The writer is back at FULL before anything else commits on it; while that fails (it does
    // no I/O, so it should not), writes fail rather than commit unsynced.
    if (unsynced_ || lazy) {
      RETURN_IF_ERROR(RunCached(write_.get(), lazy ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL"));
      unsynced_ = lazy;
    }
    Status st = WriteTransaction(fn);
    if (lazy && RunCached(write_.get(), "PRAGMA synchronous = FULL").ok()) unsynced_ = false;
    return st;
  }

  Status WriteTransaction(const std::function<Status(Connection*)>& fn) {
    RETURN_IF_ERROR(RunCached(write_.get(), "BEGIN IMMEDIATE"));
    Status st;
    try {
      st = fn(write_.get());
    } catch (const std::exception& e) {
      st = Internal(std::string("exception in write: ") + e.what());
    }
    if (st.ok()) st = RunCached(write_.get(), "COMMIT");
    if (!st.ok() && !sqlite3_get_autocommit(write_->raw())) {
      RunCached(write_.get(), "ROLLBACK").IgnoreError();
    }
    return st;
  }

  // Inserts audit entries inside the running write transaction (a write's own records, or a
  // batch of reads' records from AppendAudit).
  static Status InsertAuditOn(Connection* c, const AuditEntries& entries) {
    if (entries.empty()) return Status::Ok();
    ASSIGN_OR_RETURN(auto st, c->Prepare(
        "INSERT INTO audit_log (tijd, actor, organisatie, rol, actie, soort, object_id, "
        "request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const auto& e : entries) {
      RETURN_IF_ERROR(st.Bind(1, e.time_micros).Bind(2, e.actor).Bind(3, e.organisation)
                          .Bind(4, e.role).Bind(5, e.action).Bind(6, e.subject_kind)
                          .Bind(7, e.subject_id).Bind(8, e.request_id).Run());
    }
    return Status::Ok();
  }

  // Distinguishes "no such id" from "someone else changed it first" after an UPDATE/DELETE
  // guarded by the version matched no row.
  static Status CheckChanged(Connection* c, const char* table, const std::string& id) {
    if (sqlite3_changes(c->raw()) > 0) return Status::Ok();
    std::string sql = std::string("SELECT versie FROM ") + table + " WHERE public_id = ?";
    ASSIGN_OR_RETURN(auto st, c->PrepareOnce(sql));
    st.Bind(1, id);
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("Niet gevonden.", "Not found.");
    return Aborted("Iemand anders heeft dit intussen gewijzigd (versie " +
                       std::to_string(st.Int(0)) + "). Haal het opnieuw op.",
                   "Someone else changed this meanwhile (version " + std::to_string(st.Int(0)) +
                       "). Fetch it again.");
  }

  // Binds status .. fout (14 values) from index `i` on, in the column order of matchrondes.
  static void BindRoundState(Statement& st, const domain::AllocationRound& r, int i) {
    st.Bind(i, static_cast<int>(r.status)).Bind(i + 1, r.phase).Bind(i + 2, r.progress)
        .Bind(i + 3, r.created_by).Bind(i + 4, r.created_micros).Bind(i + 5, r.started_micros)
        .Bind(i + 6, r.finished_micros).Bind(i + 7, r.people).Bind(i + 8, r.places)
        .Bind(i + 9, r.seats).Bind(i + 10, r.pairs).Bind(i + 11, r.placed).Bind(i + 12, r.total_score)
        .Bind(i + 13, ReasonCountsText(r.unplaced_by_reason))
        .Bind(i + 14, r.error);
  }

  static Status UpdateRoundOn(Connection* c, const domain::AllocationRound& r) {
    ASSIGN_OR_RETURN(auto st, c->Prepare(
        "UPDATE matchrondes SET status = ?, fase = ?, voortgang = ?, aangemaakt_door = ?, "
        "aangemaakt = ?, gestart = ?, klaar = ?, deelnemers = ?, plekken = ?, zetels = ?, paren = ?, "
        "geplaatst = ?, totale_score = ?, niet_geplaatst = ?, fout = ? WHERE public_id = ?"));
    BindRoundState(st, r, 1);
    st.Bind(16, r.id);
    RETURN_IF_ERROR(st.Run());
    if (sqlite3_changes(c->raw()) == 0) return NotFound("Matchronde niet gevonden.", "Allocation round not found.");
    return Status::Ok();
  }

  static domain::AllocationRound ReadRound(const Statement& st) {
    domain::AllocationRound r;
    r.id = st.Text(1);
    r.mode = static_cast<domain::RoundMode>(st.Int(2));
    for (auto& code : Split(st.Text(3), ',')) {
      if (!code.empty()) r.regions.push_back(code);
    }
    for (auto& k : Split(st.Text(4), ',')) {
      int64_t v = 0;
      if (ParseWholeInt(k, &v) && v >= 0 && v <= 5) r.kinds.push_back(static_cast<domain::PlaceKind>(v));
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
    return r;
  }

  void InvalidateKeyMaps() { maps_.store(nullptr, std::memory_order_release); }

  // Lock-free on the hot path: maps are immutable once published and live as long as the
  // store (a reload publishes a new one; readers holding the old pointer stay valid).
  KeyMaps LoadKeyMaps(Connection* c) {
    if (KeyMaps m = maps_.load(std::memory_order_acquire)) return m;
    auto data = std::make_unique<KeyMapsData>();
    auto load = [&](const char* sql, std::unordered_map<std::string, int64_t>* key,
                    std::unordered_map<int64_t, std::string>* id) {
      auto st = c->Prepare(sql);
      if (!st.ok()) return;
      while (true) {
        auto row = st->Step();
        if (!row.ok() || !*row) break;
        key->emplace(st->Text(1), st->Int(0));
        id->emplace(st->Int(0), st->Text(1));
      }
    };
    load("SELECT id, esco_id FROM vaardigheden", &data->skill_key, &data->skill_id);
    load("SELECT id, esco_id FROM beroepen", &data->occupation_key, &data->occupation_id);
    std::lock_guard lock(maps_mu_);
    if (KeyMaps m = maps_.load(std::memory_order_acquire)) return m;
    maps_storage_.push_back(std::move(data));
    maps_.store(maps_storage_.back().get(), std::memory_order_release);
    return maps_storage_.back().get();
  }

  // Public id -> internal key of organisations, memoised for the length of one write
  // transaction (bulk loads refer to the same schools and employers many times).
  using OrgKeys = std::unordered_map<std::string, int64_t>;

  // Internal key of an organisation by public id; 0 when absent.
  static Result<int64_t> OrganisationKey(Connection* c, const std::string& public_id,
                                         OrgKeys* cache = nullptr) {
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

  static Status UnknownOrganisation(const std::string& field, const std::string& id) {
    return Unprocessable("Er bestaat geen organisatie met dit id.",
                         "No organisation has this id.",
                         {{field, "onbekendeOrganisatie",
                           "Organisatie '" + id.substr(0, 64) + "' bestaat niet.",
                           "Organisation '" + id.substr(0, 64) + "' does not exist."}});
  }

  // Resolves an optional organisation reference; nullopt when empty.
  static Result<std::optional<int64_t>> OptionalOrganisation(Connection* c,
                                                             const std::string& field,
                                                             const std::string& id,
                                                             OrgKeys* cache) {
    if (id.empty()) return std::optional<int64_t>();
    ASSIGN_OR_RETURN(int64_t key, OrganisationKey(c, id, cache));
    if (key == 0) return UnknownOrganisation(field, id);
    return std::optional<int64_t>(key);
  }

  static Status InsertOrganisationOn(Connection* c, const Organisation& org) {
    ASSIGN_OR_RETURN(auto st, c->Prepare(
        "INSERT INTO organisaties (public_id, versie, naam, soort, gemeente, regio, aangemaakt, "
        "gewijzigd) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    st.Bind(1, org.id).Bind(2, org.version).Bind(3, org.name).Bind(4, static_cast<int>(org.kind))
        .Bind(5, NullIfEmpty(org.municipality)).Bind(6, org.region).Bind(7, org.created_micros)
        .Bind(8, org.updated_micros);
    int rc = st.StepRc();
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return AlreadyExists("Deze organisatie bestaat al.", "This organisation already exists.");
    }
    if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "insert organisation");
    return Status::Ok();
  }

  static Organisation ReadOrganisation(const Statement& st) {
    Organisation o;
    o.id = st.Text(1);
    o.version = st.Int(2);
    o.name = st.Text(3);
    o.kind = static_cast<domain::OrganisationKind>(st.Int(4));
    o.municipality = st.Text(5);
    o.region = st.Text(6);
    o.created_micros = st.Int(7);
    o.updated_micros = st.Int(8);
    return o;
  }

  // A person's skills as stored in deelnemers.vaardigheden: "key:niveau,..." in the order given.
  static Status EncodeSkills(const KeyMaps& maps, const std::vector<domain::SkillLevel>& skills,
                             std::string* out) {
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

  // One row in deelnemers (skills included) and one per external id. Binds the person's own
  // strings without copying them: `p` outlives every step here.
  Status WritePerson(Connection* c, const KeyMaps& maps, const Person& p, bool update,
                     OrgKeys* orgs = nullptr) {
    ASSIGN_OR_RETURN(auto institution, OptionalOrganisation(c, "instelling", p.institution, orgs));
    ASSIGN_OR_RETURN(auto responsible, OptionalOrganisation(c, "verantwoordelijkeOrganisatie",
                                                            p.responsible_organisation, orgs));
    std::string sectors = Join(p.sectors, "|");
    std::string skills;
    RETURN_IF_ERROR(EncodeSkills(maps, p.skills, &skills));
    int64_t key = 0;
    if (update) {
      ASSIGN_OR_RETURN(auto st, c->Prepare(
          "UPDATE deelnemers SET versie = versie + 1, voornaam = ?1, achternaam = ?2, "
          "geboortedatum = ?3, postcode = ?4, gemeente = ?5, regio = ?6, situatie = ?7, "
          "instelling = ?8, uitkering = ?9, niveau = ?10, sectoren = ?11, ondersteuning = ?12, "
          "max_reisafstand_km = ?13, uren_per_week = ?14, beschikbaar_vanaf = ?15, "
          "verantwoordelijke = ?16, vaardigheden = ?17, gewijzigd = ?18 WHERE public_id = ?19 "
          "AND versie = ?20 RETURNING id"));
      BindPerson(st, p, institution, responsible, sectors, skills);
      st.Bind(18, p.updated_micros).BindUnowned(19, p.id).Bind(20, p.version);
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return CheckChanged(c, "deelnemers", p.id);
      key = st.Int(0);
      RETURN_IF_ERROR(st.Run());
      ASSIGN_OR_RETURN(auto del,
                       c->Prepare("DELETE FROM deelnemer_externe_ids WHERE deelnemer = ?"));
      RETURN_IF_ERROR(del.Bind(1, key).Run());
    } else {
      ASSIGN_OR_RETURN(auto st, c->Prepare(
          "INSERT INTO deelnemers (voornaam, achternaam, geboortedatum, postcode, gemeente, "
          "regio, situatie, instelling, uitkering, niveau, sectoren, ondersteuning, "
          "max_reisafstand_km, uren_per_week, beschikbaar_vanaf, verantwoordelijke, vaardigheden, "
          "aangemaakt, gewijzigd, public_id, versie) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
          "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?19, ?20)"));
      BindPerson(st, p, institution, responsible, sectors, skills);
      st.Bind(18, p.created_micros).BindUnowned(19, p.id).Bind(20, p.version);
      int rc = st.StepRc();
      if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        return AlreadyExists("Deze deelnemer bestaat al.", "This person already exists.");
      }
      if (rc != SQLITE_DONE) return c->ErrorStatus(rc, "insert person");
      key = sqlite3_last_insert_rowid(c->raw());
    }
    if (!p.external_ids.empty()) {
      ASSIGN_OR_RETURN(auto ext, c->Prepare(
          "INSERT INTO deelnemer_externe_ids (organisatie, externe_id, deelnemer) "
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

  // Binds ?1..?17 of the person statements; `sectors` and `skills` are the stored forms and,
  // like `p`, must outlive the step.
  static void BindPerson(Statement& st, const Person& p, const std::optional<int64_t>& institution,
                         const std::optional<int64_t>& responsible, const std::string& sectors,
                         const std::string& skills) {
    st.BindUnowned(1, p.first_name).BindUnowned(2, p.last_name)
        .Bind(3, static_cast<int64_t>(p.birth_date.days)).BindUnowned(4, p.postcode)
        .BindUnowned(5, p.municipality).BindUnowned(6, p.region)
        .Bind(7, static_cast<int>(p.situation)).Bind(8, institution)
        .Bind(9, static_cast<int>(p.benefit)).Bind(10, static_cast<int>(p.level))
        .BindUnowned(11, sectors).Bind(12, static_cast<int>(p.support_needed))
        .Bind(13, p.max_travel_km).Bind(14, p.hours_per_week).Bind(15, OptDays(p.available_from))
        .Bind(16, responsible).BindUnowned(17, skills);
  }

  static Person ReadPersonRow(const Statement& st) {
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
    p.available_from = DateCol(st, 17);
    p.responsible_organisation = st.Text(18);
    p.created_micros = st.Int(19);
    p.updated_micros = st.Int(20);
    return p;
  }

  // A person with their skills and external ids, all from one row of kSelectPerson (skills
  // are column 21, "key:niveau,..."; external ids come as a group_concat in column 22: one
  // statement per person read).
  static Result<Person> ReadPerson(Connection*, const KeyMaps& maps, const Statement& st) {
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

  Status WritePlace(Connection* c, const KeyMaps& maps, const Place& p, bool update,
                    OrgKeys* orgs = nullptr) {
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
      ASSIGN_OR_RETURN(auto st, c->Prepare(
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
      ASSIGN_OR_RETURN(auto st, c->Prepare(
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
    ASSIGN_OR_RETURN(auto sk, c->Prepare(
        "INSERT INTO plek_vaardigheden (plek, vaardigheid, niveau, vereist, leerbaar) "
        "VALUES (?, ?, ?, ?, ?)"));
    for (int required = 1; required >= 0; --required) {
      for (const auto& s : required ? p.required_skills : p.desired_skills) {
        auto it = maps->skill_key.find(s.skill);
        if (it == maps->skill_key.end()) return Internal("skill not in key map: validated?");
        RETURN_IF_ERROR(sk.Bind(1, key).Bind(2, it->second).Bind(3, s.level).Bind(4, required)
                            .Bind(5, s.learnable && required ? 1 : 0).Run());
      }
    }
    return Status::Ok();
  }

  static void BindPlace(Statement& st, const Place& p, int64_t org,
                        const std::optional<int64_t>& occupation) {
    st.Bind(1, static_cast<int>(p.kind)).Bind(2, org).Bind(3, p.title).Bind(4, p.postcode)
        .Bind(5, p.municipality).Bind(6, p.region).Bind(7, p.sector).Bind(8, occupation)
        .Bind(9, static_cast<int>(p.minimum_level)).Bind(10, static_cast<int>(p.support_offered))
        .Bind(11, p.hours_per_week).Bind(12, p.capacity).Bind(13, OptDays(p.period_from))
        .Bind(14, OptDays(p.period_to)).Bind(15, p.recognised_training_company ? 1 : 0);
  }

  static Place ReadPlaceRow(const KeyMaps& maps, const Statement& st) {
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
    p.period_from = DateCol(st, 15);
    p.period_to = DateCol(st, 16);
    p.recognised_training_company = st.Int(17) != 0;
    p.created_micros = st.Int(18);
    p.updated_micros = st.Int(19);
    return p;
  }

  // Adds one row (plek, vaardigheid, niveau, vereist, leerbaar) to the place's skills.
  static void AddPlaceSkill(const KeyMaps& maps, const Statement& sk, Place* p) {
    auto it = maps->skill_id.find(sk.Int(1));
    if (it == maps->skill_id.end()) return;
    (sk.Int(3) ? p->required_skills : p->desired_skills)
        .push_back({it->second, static_cast<int>(sk.Int(2)), sk.Int(4) != 0});
  }

  Result<Place> ReadPlace(Connection* c, const KeyMaps& maps, const Statement& st) {
    Place p = ReadPlaceRow(maps, st);
    int64_t key = st.Int(0);
    ASSIGN_OR_RETURN(auto sk, c->Prepare(
        "SELECT plek, vaardigheid, niveau, vereist, leerbaar FROM plek_vaardigheden WHERE plek = ?"));
    sk.Bind(1, key);
    while (true) {
      ASSIGN_OR_RETURN(bool row, sk.Step());
      if (!row) break;
      AddPlaceSkill(maps, sk, &p);
    }
    return p;
  }

  static void AddFilter(std::vector<std::string>* where, std::vector<std::string>* args,
                        const char* clause, const std::string& value) {
    if (value.empty()) return;
    where->push_back(clause);
    args->push_back(value);
  }

  // Keyset pagination over `col` then the row key. The cursor carries the sort, direction,
  // the last sort value and the last row key, so a page never skips or repeats rows that
  // existed when the first page was read.
  template <typename T>
  Result<Page<T>> ListKeyset(const char* select, const char* alias, const char* col,
                             std::vector<std::string> where, std::vector<std::string> args,
                             const PageRequest& page,
                             const std::function<Result<T>(Connection*, Statement&)>& read) {
    const std::string key_col = std::string(alias) + ".id";
    const bool key_only = key_col == col;
    const std::string sort_tag = std::to_string(static_cast<int>(page.sort)) +
                                 (page.descending ? "d" : "a");
    std::optional<std::string> last_value;
    int64_t last_key = 0;
    if (!page.cursor.empty()) {
      std::string raw;
      std::vector<std::string> parts;
      if (Base64UrlDecode(page.cursor, &raw)) parts = Split(raw, '\x1f');
      if (parts.size() != 3 || parts[0] != sort_tag) {
        return InvalidArgument(
            "De cursor is ongeldig of hoort bij een andere sortering.",
            "The cursor is invalid or belongs to another sort order.",
            {{"cursor", "ongeldigeCursor", "Gebruik de cursor uit 'volgende' ongewijzigd.",
              "Use the cursor from 'volgende' unchanged."}});
      }
      if (!ParseWholeInt(parts[2], &last_key)) {
        return InvalidArgument("De cursor is ongeldig.", "The cursor is invalid.",
                               {{"cursor", "ongeldigeCursor", "Ongeldige cursor.", "Bad cursor."}});
      }
      last_value = parts[1];
      const bool numeric = std::string(col) == key_col ||
                           std::string(col).find("geboortedatum") != std::string::npos ||
                           std::string(col).find("capaciteit") != std::string::npos;
      int64_t unused = 0;
      if (numeric && !ParseWholeInt(*last_value, &unused)) {
        return InvalidArgument("De cursor is ongeldig.", "The cursor is invalid.",
                               {{"cursor", "ongeldigeCursor", "Ongeldige cursor.", "Bad cursor."}});
      }
    }
    const char* cmp = page.descending ? "<" : ">";
    std::string sql = select;
    std::vector<std::string> clauses = where;
    if (last_value) {
      if (key_only) {
        clauses.push_back(key_col + " " + cmp + " ?");
      } else {
        clauses.push_back("(" + std::string(col) + " " + cmp + " ? OR (" + col + " = ? AND " +
                          key_col + " " + cmp + " ?))");
      }
    }
    for (size_t i = 0; i < clauses.size(); ++i) sql += (i ? " AND " : " WHERE ") + clauses[i];
    const char* dir = page.descending ? " DESC" : " ASC";
    sql += key_only ? " ORDER BY " + key_col + dir
                    : " ORDER BY " + std::string(col) + dir + ", " + key_col + dir;
    sql += " LIMIT " + std::to_string(page.limit + 1);
    const bool numeric_col = key_only || std::string(col).find("geboortedatum") !=
                                             std::string::npos ||
                             std::string(col).find("capaciteit") != std::string::npos;
    return WithRead<Page<T>>([&](Connection* c) -> Result<Page<T>> {
      ASSIGN_OR_RETURN(auto st, c->PrepareOnce(sql));
      int i = 1;
      for (const auto& a : args) st.Bind(i++, a);
      if (last_value) {
        auto bind_value = [&](int idx) {
          if (numeric_col) {
            int64_t v = 0;
            ParseWholeInt(*last_value, &v);
            st.Bind(idx, v);
          } else {
            st.Bind(idx, *last_value);
          }
        };
        if (key_only) {
          st.Bind(i++, last_key);
        } else {
          bind_value(i++);
          bind_value(i++);
          st.Bind(i++, last_key);
        }
      }
      Page<T> out;
      std::string last_sort_value;
      int64_t last_row_key = 0;
      while (true) {
        ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        if (static_cast<int>(out.items.size()) == page.limit) {
          out.next_cursor = Base64UrlEncode(sort_tag + '\x1f' + last_sort_value + '\x1f' +
                                            std::to_string(last_row_key));
          break;
        }
        last_row_key = st.Int(0);
        last_sort_value = key_only ? std::to_string(last_row_key)
                                   : ColumnValue(st, col, numeric_col);
        ASSIGN_OR_RETURN(T item, read(c, st));
        out.items.push_back(std::move(item));
      }
      return out;
    });
  }

  // The value of the sort column for the current row (read through a small side query so the
  // shared SELECT lists stay the same for all sorts).
  static std::string ColumnValue(Statement& st, const char* col, bool numeric) {
    // The sort columns are all in the shared SELECT lists; find them by name.
    std::string want = std::string(col).substr(2);
    sqlite3_stmt* raw = st.raw();
    for (int i = 0; i < sqlite3_column_count(raw); ++i) {
      if (want == sqlite3_column_name(raw, i)) {
        return numeric ? std::to_string(sqlite3_column_int64(raw, i)) : st.Text(i);
      }
    }
    return std::string();
  }

  SqliteOptions options_;
  std::mutex write_mu_;
  std::atomic<int> writes_waiting_{0};  // WithWrite calls waiting for write_mu_
  bool unsynced_ = false;  // the writer is at synchronous = NORMAL (under write_mu_)
  std::unique_ptr<Connection> write_;
  std::mutex read_mu_;
  std::condition_variable read_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::mutex maps_mu_;
  std::vector<std::unique_ptr<KeyMapsData>> maps_storage_;
  std::atomic<KeyMaps> maps_{nullptr};
  std::vector<std::unique_ptr<Connection>> thread_owned_;  // readers kept by one thread each
  // Distinguishes this store from any earlier one at the same address (thread-local caches).
  const uint64_t generation_ = NextGeneration();
  static uint64_t NextGeneration() {
    static std::atomic<uint64_t> counter{0};
    return ++counter;
  }
};

}  // namespace
}  // namespace overstap::store::sqlite

namespace overstap::store {

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  auto store = std::make_unique<sqlite::SqliteStore>(options);
  RETURN_IF_ERROR(store->Open());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace overstap::store
