#pragma once
// The CRUD of people and places, written once: SqliteStore's record members over a table
// descriptor. Included by people.cpp and places.cpp, which define the descriptors and
// instantiate these. A descriptor `Table` has:
//
//   using Record = ...;                    // domain::Person, domain::Place
//   static constexpr const char* kTable;   // the table, for CheckChanged
//   static constexpr ReadKind kGetRead;    // how GetRecord reads (kById and what Read adds)
//   // The SELECT list (row key in column 0) "WHERE x.public_id = ?".
//   static constexpr const char* kById;
//   static constexpr const char* kDelete;  // "DELETE ... WHERE public_id = ? AND versie = ?"
//   static Status NotFound();
//   // Writes one record (its row and child rows); `update` guards on the version (store.h).
//   static Status Write(Connection*, KeyMaps, const Record&, bool update, OrgKeys*);
//   // The record of the current row of kById, with what else it needs to read.
//   static Result<Record> Read(Connection*, KeyMaps, const Statement&);

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_store.h"

namespace overstap::store::sqlite {

template <typename Table>
Status SqliteStore::WriteRecord(const typename Table::Record& record, bool update,
                                const AuditEntries& audit) {
  return WithWrite([&](Connection* c) -> Status {
    ASSIGN_OR_RETURN(KeyMaps maps, LoadKeyMaps(c));
    RETURN_IF_ERROR(Table::Write(c, maps, record, update, nullptr));
    return InsertAuditOn(c, audit);
  });
}

template <typename Table>
Status SqliteStore::InsertRecords(const std::vector<typename Table::Record>& records) {
  return WithWrite([&](Connection* c) -> Status {
    ASSIGN_OR_RETURN(KeyMaps maps, LoadKeyMaps(c));
    OrgKeys orgs;
    for (const auto& r : records) RETURN_IF_ERROR(Table::Write(c, maps, r, false, &orgs));
    return Status::Ok();
  });
}

template <typename Table>
Result<typename Table::Record> SqliteStore::GetRecord(std::string_view id) {
  using Record = typename Table::Record;
  return WithRead<Record>(Table::kGetRead, [&](Connection* c) -> Result<Record> {
    ASSIGN_OR_RETURN(auto st, c->Prepare(Table::kById));
    st.Bind(1, id);
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Table::NotFound();
    ASSIGN_OR_RETURN(KeyMaps maps, LoadKeyMaps(c));
    return Table::Read(c, maps, st);
  });
}

template <typename Table>
Status SqliteStore::DeleteRecord(std::string_view id, int64_t expected_version,
                                 const AuditEntries& audit) {
  return WithWrite([&](Connection* c) -> Status {
    ASSIGN_OR_RETURN(auto st, c->Prepare(Table::kDelete));
    RETURN_IF_ERROR(st.Bind(1, id).Bind(2, expected_version).Run());
    RETURN_IF_ERROR(CheckChanged(c, Table::kTable, std::string(id)));
    return InsertAuditOn(c, audit);
  });
}

}  // namespace overstap::store::sqlite
