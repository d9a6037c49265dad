// SqliteStore: the reference data (regions, municipalities, postcodes, sectors, ESCO skills
// and occupations), replaced as a whole and loaded as a whole.

#include "common/text.h"
#include "store/sqlite/sqlite_store.h"

namespace overstap::store::sqlite {

Result<std::string> SqliteStore::ReferenceVersion() {
  return WithRead<std::string>([&](Connection* c) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT value FROM meta WHERE key = 'referentie'"));
    ASSIGN_OR_RETURN(bool row, st.Step());
    return row ? st.Text(0) : std::string();
  });
}

Status SqliteStore::ReplaceReference(const domain::ReferenceData& d) {
  Status st = WithWrite([&](Connection* c) -> Status {
    {
      ASSIGN_OR_RETURN(
          auto ins,
          c->Prepare("INSERT INTO regios (code, naam, provincies, lat, lon) VALUES (?, ?, ?, ?, ?) "
                     "ON CONFLICT (code) DO UPDATE SET naam = excluded.naam, provincies = "
                     "excluded.provincies, lat = excluded.lat, lon = excluded.lon"));
      for (const auto& r : d.regions) {
        RETURN_IF_ERROR(ins.Bind(1, r.code)
                            .Bind(2, r.name)
                            .Bind(3, Join(r.provinces, "|"))
                            .Bind(4, r.centroid.lat)
                            .Bind(5, r.centroid.lon)
                            .Run());
      }
    }
    {
      ASSIGN_OR_RETURN(
          auto ins,
          c->Prepare(
              "INSERT INTO gemeenten (code, naam, provinciecode, provincienaam, regio, lat, lon, "
              "aantal_pc4) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
              "naam = excluded.naam, provinciecode = excluded.provinciecode, provincienaam = "
              "excluded.provincienaam, regio = excluded.regio, lat = excluded.lat, lon = "
              "excluded.lon, aantal_pc4 = excluded.aantal_pc4"));
      for (const auto& m : d.municipalities) {
        RETURN_IF_ERROR(ins.Bind(1, m.code)
                            .Bind(2, m.name)
                            .Bind(3, m.province_code)
                            .Bind(4, m.province_name)
                            .Bind(5, m.region)
                            .Bind(6, m.centroid.lat)
                            .Bind(7, m.centroid.lon)
                            .Bind(8, m.pc4_count)
                            .Run());
      }
    }
    {
      ASSIGN_OR_RETURN(
          auto ins,
          c->Prepare(
              "INSERT INTO postcodes (pc4, gemeente, lat, lon) VALUES (?, ?, ?, ?) ON CONFLICT "
              "(pc4) DO UPDATE SET gemeente = excluded.gemeente, lat = excluded.lat, lon = "
              "excluded.lon"));
      for (const auto& p : d.pc4s) {
        RETURN_IF_ERROR(ins.Bind(1, p.code)
                            .Bind(2, p.municipality)
                            .Bind(3, p.location.lat)
                            .Bind(4, p.location.lon)
                            .Run());
      }
    }
    {
      ASSIGN_OR_RETURN(
          auto ins,
          c->Prepare(
              "INSERT INTO sectoren (code, naam_nl, naam_en) VALUES (?, ?, ?) ON CONFLICT (code) "
              "DO UPDATE SET naam_nl = excluded.naam_nl, naam_en = excluded.naam_en"));
      for (const auto& s : d.sectors) {
        RETURN_IF_ERROR(ins.Bind(1, s.code).Bind(2, s.name_nl).Bind(3, s.name_en).Run());
      }
    }
    {
      ASSIGN_OR_RETURN(
          auto ins,
          c->Prepare(
              "INSERT INTO vaardigheden (esco_id, label_en, label_nl, soort, hergebruik, "
              "alt_labels_nl) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (esco_id) DO UPDATE SET "
              "label_en = excluded.label_en, label_nl = excluded.label_nl, soort = excluded.soort, "
              "hergebruik = excluded.hergebruik, alt_labels_nl = excluded.alt_labels_nl"));
      for (const auto& s : d.skills) {
        RETURN_IF_ERROR(ins.Bind(1, s.id)
                            .Bind(2, s.label_en)
                            .Bind(3, s.label_nl)
                            .Bind(4, s.type)
                            .Bind(5, s.reuse_level)
                            .Bind(6, Join(s.alt_labels_nl, "|"))
                            .Run());
      }
    }
    {
      ASSIGN_OR_RETURN(
          auto ins,
          c->Prepare("INSERT INTO beroepen (esco_id, isco, esco_code, label_nl, label_en) VALUES "
                     "(?, ?, ?, ?, ?) ON CONFLICT (esco_id) DO UPDATE SET isco = excluded.isco, "
                     "esco_code = excluded.esco_code, label_nl = excluded.label_nl, label_en = "
                     "excluded.label_en"));
      for (const auto& o : d.occupations) {
        RETURN_IF_ERROR(ins.Bind(1, o.id)
                            .Bind(2, o.isco_code)
                            .Bind(3, o.esco_code)
                            .Bind(4, o.label_nl)
                            .Bind(5, o.label_en)
                            .Run());
      }
    }
    RETURN_IF_ERROR(c->Exec("DELETE FROM beroep_vaardigheden"));
    {
      ASSIGN_OR_RETURN(
          auto ins,
          c->Prepare("INSERT OR IGNORE INTO beroep_vaardigheden (beroep, vaardigheid, essentieel) "
                     "SELECT b.id, v.id, ? FROM beroepen b, vaardigheden v WHERE b.esco_id = ? AND "
                     "v.esco_id = ?"));
      for (const auto& r : d.occupation_skills) {
        RETURN_IF_ERROR(
            ins.Bind(1, r.essential ? 1 : 0).Bind(2, r.occupation).Bind(3, r.skill).Run());
      }
    }
    ASSIGN_OR_RETURN(
        auto meta,
        c->Prepare(
            "INSERT INTO meta (key, value) VALUES ('referentie', ?) ON CONFLICT (key) DO UPDATE "
            "SET value = excluded.value"));
    return meta.Bind(1, d.version).Run();
  });
  InvalidateKeyMaps();
  return st;
}

Result<domain::ReferenceData> SqliteStore::LoadReference() {
  return WithRead<domain::ReferenceData>([&](Connection* c) -> Result<domain::ReferenceData> {
    domain::ReferenceData d;
    {
      ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT value FROM meta WHERE key = 'referentie'"));
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (row) d.version = st.Text(0);
    }
    {
      ASSIGN_OR_RETURN(
          auto st, c->Prepare("SELECT code, naam, provincies, lat, lon FROM regios ORDER BY code"));
      RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
        d.regions.push_back(
            {row.Text(0), row.Text(1), Split(row.Text(2), '|'), {row.Real(3), row.Real(4)}});
      }));
    }
    {
      ASSIGN_OR_RETURN(
          auto st,
          c->Prepare("SELECT code, naam, provinciecode, provincienaam, regio, lat, lon, aantal_pc4 "
                     "FROM gemeenten ORDER BY code"));
      RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
        d.municipalities.push_back({row.Text(0),
                                    row.Text(1),
                                    row.Text(2),
                                    row.Text(3),
                                    row.Text(4),
                                    {row.Real(5), row.Real(6)},
                                    static_cast<int>(row.Int(7))});
      }));
    }
    {
      ASSIGN_OR_RETURN(auto st,
                       c->Prepare("SELECT pc4, gemeente, lat, lon FROM postcodes ORDER BY pc4"));
      RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
        d.pc4s.push_back({row.Text(0), row.Text(1), {row.Real(2), row.Real(3)}});
      }));
    }
    {
      ASSIGN_OR_RETURN(auto st,
                       c->Prepare("SELECT code, naam_nl, naam_en FROM sectoren ORDER BY code"));
      RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
        d.sectors.push_back({row.Text(0), row.Text(1), row.Text(2)});
      }));
    }
    {
      ASSIGN_OR_RETURN(auto st, c->Prepare("SELECT esco_id, label_en, label_nl, soort, hergebruik, "
                                           "alt_labels_nl FROM vaardigheden ORDER BY id"));
      RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
        std::string alt = row.Text(5);
        d.skills.push_back({row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4),
                            alt.empty() ? std::vector<std::string>{} : Split(alt, '|')});
      }));
    }
    {
      ASSIGN_OR_RETURN(
          auto st,
          c->Prepare(
              "SELECT esco_id, isco, esco_code, label_nl, label_en FROM beroepen ORDER BY id"));
      RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
        d.occupations.push_back({row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)});
      }));
    }
    {
      ASSIGN_OR_RETURN(
          auto st,
          c->Prepare(
              "SELECT b.esco_id, v.esco_id, r.essentieel FROM beroep_vaardigheden r "
              "JOIN beroepen b ON b.id = r.beroep JOIN vaardigheden v ON v.id = r.vaardigheid"));
      RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
        d.occupation_skills.push_back({row.Text(0), row.Text(1), row.Int(2) != 0});
      }));
    }
    return d;
  });
}

}  // namespace overstap::store::sqlite
