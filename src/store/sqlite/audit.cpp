// SqliteStore: the audit trail (audit_log). A write's own audit records go in with it through
// InsertAuditOn; AppendAudit stores the batched records of reads.

#include "store/sqlite/sqlite_store.h"

namespace overstap::store::sqlite {

Status InsertAuditOn(Connection* c, const AuditEntries& entries) {
  if (entries.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(
      auto st,
      c->Prepare("INSERT INTO audit_log (tijd, actor, organisatie, rol, actie, soort, object_id, "
                 "request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const auto& e : entries) {
    RETURN_IF_ERROR(st.Bind(1, e.time_micros)
                        .Bind(2, e.actor)
                        .Bind(3, e.organisation)
                        .Bind(4, e.role)
                        .Bind(5, e.action)
                        .Bind(6, e.subject_kind)
                        .Bind(7, e.subject_id)
                        .Bind(8, e.request_id)
                        .Run());
  }
  return Status::Ok();
}

Status SqliteStore::AppendAudit(const AuditEntries& entries) {
  if (entries.empty()) return Status::Ok();
  return WithWrite([&](Connection* c) { return InsertAuditOn(c, entries); });
}

Result<std::vector<domain::AuditEntry>> SqliteStore::RecentAudit(int limit) {
  return WithRead<std::vector<domain::AuditEntry>>(
      [&](Connection* c) -> Result<std::vector<domain::AuditEntry>> {
        ASSIGN_OR_RETURN(
            auto st,
            c->Prepare("SELECT tijd, actor, organisatie, rol, actie, soort, object_id, request_id "
                       "FROM audit_log ORDER BY id DESC LIMIT ?"));
        st.Bind(1, limit);
        std::vector<domain::AuditEntry> out;
        RETURN_IF_ERROR(ForEachRow(st, [&](Statement& row) {
          out.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4),
                         row.Text(5), row.Text(6), row.Text(7)});
        }));
        return out;
      });
}

}  // namespace overstap::store::sqlite
