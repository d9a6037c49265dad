#pragma once
// The audit trail: one record per read or write of personal data.
//
// Writes: a service builds the write's record with Entry() and hands it to the store's write
// method, which inserts it in the write's own transaction (see store/store.h): an acknowledged
// write always has its audit record, and a write that failed has none.
//
// Reads: Record() queues the entry and returns at once; a background thread writes queued
// entries in batches (every `flush_interval_ms`, or at once when 10,000 are waiting) so that
// audit writing never makes a read wait for a disk sync. The window this leaves: when the
// process dies (SIGKILL, power loss) the queued entries are lost, that is the reads of the last
// `flush_interval_ms` (200 ms by default), at most 10,000 of them. Flush() writes everything
// queued so far and returns the store's status. The destructor flushes. Thread-safe.
//
// If the store rejects a batch the entries are kept and retried; the failure is logged
// (without personal data).

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "access/actor.h"
#include "domain/audit.h"
#include "store/store.h"

namespace overstap::access {

class AuditLog {
 public:
  AuditLog(store::Store* store, int flush_interval_ms = 200);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // The audit entry of `ctx`'s actor doing `action` (lezen, lijst, aanmaken, wijzigen,
  // verwijderen, ...) to the subject, stamped with the request's time and id; not queued.
  static domain::AuditEntry Entry(const RequestContext& ctx, const char* action,
                                  const char* subject_kind, std::string subject_id);
  // Queues the entry of a read (see above: batched, not synced with anything).
  void Record(const RequestContext& ctx, const char* action, const char* subject_kind,
              std::string subject_id);
  Status Flush();

 private:
  void Run();
  Status WriteBatch(std::unique_lock<std::mutex>& lock);

  store::Store* store_;
  int flush_interval_ms_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<domain::AuditEntry> queue_;
  bool stop_ = false;
  std::mutex write_mu_;
  std::thread thread_;
};

}  // namespace overstap::access
