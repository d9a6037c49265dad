#pragma once
// The CRUD of people and places, written once: SqliteStore's record members over a table
// descriptor. Included by people.cpp and places.cpp, which define the descriptors and
// instantiate these. A descriptor `Table` has:
//
//   using Record = ...;                    // domain::Person, domain::Place
//   static constexpr const char* kTable;   // the table, for CheckChanged
//   static constexpr ReadKind kGetRead;    // how GetRecord reads (kById and what Read adds)
//   // The SELECT list (row key in column 0) "WHERE x.public_id = ?"; and the same with
//   // "WHERE x.public_id IN (SELECT value FROM json_each(?))" (a JSON array of ids).
//   static constexpr const char* kById;
//   static constexpr const char* kByIds;
//   static constexpr const char* kDelete;  // "DELETE ... WHERE public_id = ? AND versie = ?"
//   static Status NotFound();
//   // Writes one record (its row and child rows); `update` guards on the version (store.h).
//   static Status Write(Connection*, KeyMaps, const Record&, bool update, OrgKeys*);
//   // The record of the current row of kById, with what else it needs to read.
//   static Result<Record> Read(Connection*, KeyMaps, const Statement&);
//   // The record of a row of kByIds, without child rows; ReadChildren adds those for all
//   // records at once (the records and their keys, ids_json as bound to kByIds).
//   static Result<Record> ReadRow(KeyMaps, const Statement&);
//   static Status ReadChildren(Connection*, KeyMaps, const std::string& ids_json,
//                              std::vector<std::pair<int64_t, Record>>* records);

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
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
Result<std::vector<typename Table::Record>> SqliteStore::GetRecords(
    const std::vector<std::string>& ids) {
  using Record = typename Table::Record;
  if (ids.empty()) return std::vector<Record>();
  // One JSON array parameter, whatever the number of ids (no limit on bound variables).
  const std::string ids_json =
      nlohmann::json(ids).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return WithRead<std::vector<Record>>([&](Connection* c) -> Result<std::vector<Record>> {
    ASSIGN_OR_RETURN(KeyMaps maps, LoadKeyMaps(c));
    ASSIGN_OR_RETURN(auto st, c->Prepare(Table::kByIds));
    st.BindUnowned(1, ids_json);
    std::vector<std::pair<int64_t, Record>> found;
    RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) -> Status {
      ASSIGN_OR_RETURN(Record r, Table::ReadRow(maps, row));
      found.emplace_back(row.Int(0), std::move(r));
      return Status::Ok();
    }));
    RETURN_IF_ERROR(Table::ReadChildren(c, maps, ids_json, &found));
    // In the order asked for; each record once.
    std::unordered_map<std::string_view, size_t> at;
    at.reserve(found.size());
    for (size_t i = 0; i < found.size(); ++i) at.emplace(found[i].second.id, i);
    std::vector<Record> out;
    out.reserve(found.size());
    for (const auto& id : ids) {
      auto it = at.find(id);
      if (it == at.end()) continue;
      const size_t i = it->second;
      at.erase(it);
      out.push_back(std::move(found[i].second));
    }
    return out;
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
