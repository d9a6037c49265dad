#include "access/audit_log.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace overstap::access {

// A batch is written at once when this many entries wait (else every flush interval). Every
// write changes the WAL, and a change makes each reader connection drop its page cache at its
// next read: under a read load of ~20k requests/s, a batch per 1,000 entries meant 20 such
// resets a second; now the interval (200 ms) sets the pace.
constexpr size_t kFlushAt = 10000;

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "beheerder";
    case Role::kCoordinator:
      return "coordinator";
    case Role::kProfessional:
      return "professional";
    case Role::kEmployer:
      return "werkgever";
    case Role::kAnalyst:
      return "analist";
  }
  return "onbekend";
}

Actor SystemAdmin() { return Actor{"beheerder", "", Role::kAdmin}; }

AuditLog::AuditLog(store::Store* store, int flush_interval_ms)
    : store_(store), flush_interval_ms_(flush_interval_ms), thread_([this] { Run(); }) {}

AuditLog::~AuditLog() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  Flush().IgnoreError();
}

domain::AuditEntry AuditLog::Entry(const RequestContext& ctx, const char* action,
                                   const char* subject_kind, std::string subject_id) {
  return domain::AuditEntry{
      ctx.now_micros, ctx.actor.user_id, ctx.actor.organisation_id, RoleName(ctx.actor.role),
      action,         subject_kind,      std::move(subject_id),     ctx.request_id};
}

void AuditLog::Record(const RequestContext& ctx, const char* action, const char* subject_kind,
                      std::string subject_id) {
  domain::AuditEntry e = Entry(ctx, action, subject_kind, std::move(subject_id));
  bool wake;
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(e));
    wake = queue_.size() >= kFlushAt;
  }
  if (wake) cv_.notify_all();
}

Status AuditLog::WriteBatch(std::unique_lock<std::mutex>& lock) {
  std::vector<domain::AuditEntry> batch;
  batch.swap(queue_);
  lock.unlock();
  Status st;
  {
    std::lock_guard write_lock(write_mu_);
    st = store_->AppendAudit(batch);
  }
  lock.lock();
  if (!st.ok()) {
    spdlog::error("audit: {} entries not yet written: {}", batch.size(), st.message_en());
    queue_.insert(queue_.begin(), batch.begin(), batch.end());
  }
  return st;
}

Status AuditLog::Flush() {
  std::unique_lock lock(mu_);
  if (queue_.empty()) return Status::Ok();
  return WriteBatch(lock);
}

void AuditLog::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, std::chrono::milliseconds(flush_interval_ms_),
                 [&] { return stop_ || queue_.size() >= kFlushAt; });
    if (!queue_.empty()) WriteBatch(lock).IgnoreError();
  }
}

}  // namespace overstap::access
