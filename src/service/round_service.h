#pragma once
// RoundService: allocation rounds (matchrondes) for a region, several regions or the country.
//
// A round runs in four phases, each reported as progress (kandidaten 0-60%, toewijzen 60-70%,
// toelichten 70-90%, opslaan 90-100%):
//   kandidaten  build the candidate graph: every feasible pair in scope, scored
//   (match/candidates.h) toewijzen   solve: `stabiel` = person-proposing deferred acceptance,
//   places ranking people by
//               score with ties broken by the round's seeded lottery; `optimaal` = most people
//               placed, then the largest total score (match/bipartite.h)
//   toelichten  explain every assignment, and every unplaced person's reason
//   opslaan     store every outcome, in batches, and then the totals with status `klaar` (a
//               round's outcomes are listed only once it is `klaar`, so never half of them)
// Submit() queues a round for the background worker (one round at a time); RunNow() runs one on
// the calling thread (the CLI). Rounds left queued or running by a stopped process are marked
// failed by Start().
//
// Thread-safe. Errors: kInvalidArgument / kUnprocessable for bad parameters (field named),
// kNotFound for an unknown round, store errors otherwise.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "access/actor.h"
#include "access/audit_log.h"
#include "common/clock.h"
#include "common/ids.h"
#include "domain/types.h"
#include "service/match_service.h"
#include "store/store.h"

namespace overstap::service {

struct RoundRequest {
  domain::RoundMode mode = domain::RoundMode::kStable;
  std::vector<std::string> regions;      // empty: national
  std::vector<domain::PlaceKind> kinds;  // empty: every kind
  std::optional<int64_t> seed;           // default: drawn from the clock, and recorded
  // Also people with an active placement (they may be moved, and the seats they hold are
  // offered again); by default they are left out and their seats are not offered.
  bool include_placed = false;
};

// Wall times of a round's phases, in seconds (for the CLI and the benchmarks).
struct RoundTimings {
  double candidates = 0, solve = 0, explain = 0, save = 0;
  // Parts of `candidates`: the people in scope in the graph's order, and the graph's pairs
  // phase (CandidateGraph::pairs_seconds).
  double scope = 0, pairs = 0;
};

struct RoundReport {
  domain::AllocationRound round;
  std::vector<domain::RoundOutcome> outcomes;
  RoundTimings timings;
  uint64_t pairs_examined = 0;  // places looked at through the index while building the graph
};

class RoundService {
 public:
  RoundService(store::Store* store, MatchService* match, access::AuditLog* audit,
               const Clock* clock);
  ~RoundService();

  // Marks rounds a previous process left unfinished as failed; starts the worker.
  Status Start();

  Result<domain::AllocationRound> Submit(const access::RequestContext& ctx,
                                         const RoundRequest& request);
  Result<domain::AllocationRound> Get(const access::RequestContext& ctx, const std::string& id);
  Result<store::Page<domain::AllocationRound>> List(const access::RequestContext& ctx,
                                                    const store::PageRequest& page);
  Result<store::Page<domain::RoundOutcome>> Outcomes(const access::RequestContext& ctx,
                                                     const std::string& id,
                                                     const store::OutcomeFilter& filter,
                                                     const store::PageRequest& page);

  // Runs a round to the end on this thread and stores it. `progress(phase, fraction)`.
  Result<RoundReport> RunNow(const access::RequestContext& ctx, const RoundRequest& request,
                             const std::function<void(const std::string&, double)>& progress);

 private:
  Result<domain::AllocationRound> NewRound(const access::RequestContext& ctx,
                                           const RoundRequest& request);
  // Runs the phases of a stored, queued round; stores the outcome (done or failed).
  Result<RoundReport> Execute(domain::AllocationRound round,
                              const std::function<void(const std::string&, double)>& progress);
  void Worker();

  store::Store* store_;
  MatchService* match_;
  access::AuditLog* audit_;
  const Clock* clock_;
  RandomIdGenerator ids_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  // Live phase and progress of the running round (the store holds the rest).
  std::string running_id_, running_phase_;
  double running_progress_ = 0;
  std::thread worker_;
};

}  // namespace overstap::service
