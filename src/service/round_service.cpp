#include "service/round_service.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/date.h"
#include "common/ids.h"
#include "common/parallel.h"
#include "match/bipartite.h"
#include "match/candidates.h"
#include "match/rules.h"

namespace overstap::service {
namespace {

using domain::AllocationRound;
using domain::RoundOutcome;
using domain::RoundPhase;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

RoundService::RoundService(store::Store* store, MatchService* match, access::AuditLog* audit,
                           const Clock* clock)
    : store_(store), match_(match), audit_(audit), clock_(clock) {}

RoundService::~RoundService() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Status RoundService::Start() {
  auto failed = store_->FailUnfinishedRounds(clock_->NowMicros());
  if (!failed.ok()) return failed.status();
  worker_ = std::thread([this] { Worker(); });
  return Status::Ok();
}

Result<AllocationRound> RoundService::NewRound(const access::RequestContext& ctx,
                                               const RoundRequest& request) {
  std::vector<FieldViolation> v;
  std::set<std::string> seen;
  AllocationRound round;
  for (size_t i = 0; i < request.regions.size(); ++i) {
    const std::string& code = request.regions[i];
    if (!match_->catalog().FindRegion(code)) {
      v.push_back({"regios[" + std::to_string(i) + "]", "onbekendeRegio",
                   "Regio '" + code.substr(0, 16) + "' bestaat niet.",
                   "Region '" + code.substr(0, 16) + "' does not exist."});
    } else if (seen.insert(code).second) {
      round.regions.push_back(code);
    }
  }
  if (request.seed && (*request.seed < 0 || *request.seed > domain::kMaxRoundSeed)) {
    v.push_back(
        {"lotingZaad", "buitenBereik",
         "'lotingZaad' moet van 0 tot en met " + std::to_string(domain::kMaxRoundSeed) + " zijn.",
         "'lotingZaad' must be from 0 to " + std::to_string(domain::kMaxRoundSeed) + "."});
  }
  if (!v.empty()) {
    return Unprocessable("De matchronde kan zo niet worden gestart.",
                         "The allocation round cannot start like this.", std::move(v));
  }
  std::set<domain::PlaceKind> kinds(request.kinds.begin(), request.kinds.end());
  round.kinds.assign(kinds.begin(), kinds.end());
  round.id = ids_.NewUuid();
  round.mode = request.mode;
  // The clock's microseconds, below 2^53 like every seed, so any seed given out can be given in.
  round.seed = request.seed ? *request.seed : (ctx.now_micros & domain::kMaxRoundSeed);
  round.include_placed = request.include_placed;
  round.status = domain::RoundStatus::kQueued;
  round.phase = domain::Name(RoundPhase::kQueued);
  round.created_by = ctx.actor.user_id;
  round.created_micros = ctx.now_micros;
  RETURN_IF_ERROR(store_->InsertRound(
      round, {access::AuditLog::Entry(ctx, "aanmaken", "matchronde", round.id)}));
  return round;
}

Result<AllocationRound> RoundService::Submit(const access::RequestContext& ctx,
                                             const RoundRequest& request) {
  ASSIGN_OR_RETURN(AllocationRound round, NewRound(ctx, request));
  {
    std::lock_guard lock(mu_);
    queue_.push_back(round.id);
  }
  cv_.notify_one();
  return round;
}

Result<AllocationRound> RoundService::Get(const access::RequestContext& ctx,
                                          const std::string& id) {
  ASSIGN_OR_RETURN(AllocationRound round, store_->GetRound(id));
  audit_->Record(ctx, "lezen", "matchronde", id);
  std::lock_guard lock(mu_);
  if (round.status == domain::RoundStatus::kRunning && running_id_ == id) {
    round.phase = running_phase_;
    round.progress = running_progress_;
  }
  return round;
}

Result<store::Page<AllocationRound>> RoundService::List(const access::RequestContext& ctx,
                                                        const store::PageRequest& page) {
  ASSIGN_OR_RETURN(auto out, store_->ListRounds(page));
  std::lock_guard lock(mu_);
  for (auto& r : out.items) {
    audit_->Record(ctx, "lezen", "matchronde", r.id);
    if (r.status == domain::RoundStatus::kRunning && running_id_ == r.id) {
      r.phase = running_phase_;
      r.progress = running_progress_;
    }
  }
  return out;
}

Result<store::Page<RoundOutcome>> RoundService::Outcomes(const access::RequestContext& ctx,
                                                         const std::string& id,
                                                         const store::OutcomeFilter& filter,
                                                         const store::PageRequest& page) {
  ASSIGN_OR_RETURN(auto out, store_->ListRoundOutcomes(id, filter, page));
  // Outcomes are personal data: one audit record per person shown.
  for (const auto& o : out.items) audit_->Record(ctx, "lezen", "matchronde-uitkomst", o.person);
  return out;
}

Result<RoundReport> RoundService::RunNow(
    const access::RequestContext& ctx, const RoundRequest& request,
    const std::function<void(const std::string&, double)>& progress) {
  ASSIGN_OR_RETURN(AllocationRound round, NewRound(ctx, request));
  return Execute(std::move(round), progress);
}

void RoundService::Worker() {
  while (true) {
    std::string id;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
      running_id_ = id;
      running_phase_ = domain::Name(RoundPhase::kCandidates);
      running_progress_ = 0;
    }
    auto round = store_->GetRound(id);
    if (round.ok()) {
      // A failed round is stored as failed, with its error; nothing more to do here.
      (void)Execute(std::move(round).value(), [this](const std::string& phase, double fraction) {
        std::lock_guard lock(mu_);
        running_phase_ = phase;
        running_progress_ = fraction;
      });
    }
    std::lock_guard lock(mu_);
    running_id_.clear();
  }
}

Result<RoundReport> RoundService::Execute(
    AllocationRound round, const std::function<void(const std::string&, double)>& progress) {
  RoundReport report;
  const domain::Catalog& catalog = match_->catalog();
  round.status = domain::RoundStatus::kRunning;
  round.started_micros = clock_->NowMicros();
  round.phase = domain::Name(RoundPhase::kCandidates);
  if (Status started = store_->UpdateRound(round); !started.ok()) {
    // Marked failed (when the store takes that), not left queued until the next start.
    round.status = domain::RoundStatus::kFailed;
    round.error = "Starten mislukt: " + started.message_nl();
    round.finished_micros = clock_->NowMicros();
    store_->UpdateRound(round).IgnoreError();
    return started;
  }
  auto report_progress = [&](RoundPhase phase, double fraction) {
    if (progress) progress(std::string(domain::Name(phase)), fraction);
  };

  // The day the rules apply on: the day the round runs.
  const int32_t today = DateFromMicros(round.started_micros).days;
  // Who holds a place already, and which seats they hold.
  auto placements = store_->ActivePlacements();
  if (!placements.ok()) {
    round.status = domain::RoundStatus::kFailed;
    round.error = "Plaatsingen lezen mislukt: " + placements.status().message_nl();
    round.finished_micros = clock_->NowMicros();
    store_->UpdateRound(round).IgnoreError();
    return placements.status();
  }
  std::unordered_set<std::string> placed_people;
  for (const auto& placement : *placements) placed_people.insert(placement.first);
  std::unordered_set<std::string> moving;  // placed people the round includes: seats freed
  uint32_t kind_mask = 0;
  for (auto k : round.kinds) kind_mask |= 1u << static_cast<int>(k);
  const std::set<std::string> regions(round.regions.begin(), round.regions.end());
  auto in_scope = [&](const std::string& region) {
    return regions.empty() || regions.count(region) > 0;
  };

  // 1. The candidate graph, under the indexes' read lock, on the indexes' own profiles. The
  // indexes only ever append (a changed profile is a new entry, the old one stays as it was), so
  // the later phases find the same profiles again by entry, under the lock again.
  auto t = std::chrono::steady_clock::now();
  match::CandidateGraph graph;
  // Graph person i is the person index's entry person_entry[i] and was scoped person was_at[i]:
  // the outcomes keep the scoped order, the index's (stored in the graph's order they took four
  // times as long to save).
  std::vector<uint32_t> person_entry;
  std::vector<uint32_t> was_at;
  std::vector<uint8_t> place_ok;    // per place index entry: in the round's regions (kinds aside)
  std::vector<int32_t> seats_held;  // per place index entry: seats held by active placements
  match_->WithIndexes(
      [&](const match::PlaceIndex& place_index, const match::PersonIndex& person_index) {
        std::vector<uint32_t> scoped;
        std::vector<const match::PersonProfile*> scoped_people;
        scoped.reserve(person_index.size());
        scoped_people.reserve(person_index.size());
        for (uint32_t i = 0; i < person_index.entries(); ++i) {
          if (person_index.alive(i) && in_scope(person_index.at(i).region)) {
            if (placed_people.count(person_index.at(i).id) > 0) {
              if (!round.include_placed) {
                ++round.already_placed;
                continue;
              }
              moving.insert(person_index.at(i).id);
            }
            scoped.push_back(i);
            scoped_people.push_back(&person_index.at(i));
          }
        }
        // In the graph's own order, so its lists are written once.
        was_at = match::GraphOrder(scoped_people);
        std::vector<const match::PersonProfile*> people(was_at.size());
        person_entry.resize(was_at.size());
        for (size_t k = 0; k < was_at.size(); ++k) {
          people[k] = scoped_people[was_at[k]];
          person_entry[k] = scoped[was_at[k]];
        }
        report.timings.scope = Seconds(t);
        // A place in scope offers the seats active placements of people outside the round
        // leave; a full one is out.
        std::unordered_map<std::string, int32_t> held;  // place id -> seats held
        for (const auto& [person, place] : *placements) {
          if (!place.empty() && moving.count(person) == 0) ++held[place];
        }
        place_ok.assign(place_index.entries(), 0);
        seats_held.assign(place_index.entries(), 0);
        for (uint32_t i = 0; i < place_index.entries(); ++i) {
          if (!place_index.alive(i) || !in_scope(place_index.at(i).region)) continue;
          const match::PlaceProfile& place = place_index.at(i);
          const auto h = held.find(place.id);
          seats_held[i] = h == held.end() ? 0 : std::min(h->second, place.capacity);
          if (kind_mask == 0 || (kind_mask & (1u << static_cast<int>(place.kind)))) {
            round.seats_held += seats_held[i];
          }
          place_ok[i] = seats_held[i] < place.capacity;
        }
        match::GraphOptions options;
        options.kind_mask = kind_mask;
        options.place_in_scope = &place_ok;
        options.seed = static_cast<uint64_t>(round.seed);
        options.today = today;
        options.seats_held = &seats_held;
        options.in_graph_order = true;
        options.progress = [&](double f) { report_progress(RoundPhase::kCandidates, 0.6 * f); };
        graph = match::BuildCandidateGraph(place_index, people, options);
      });
  report.timings.candidates = Seconds(t);
  report.timings.pairs = graph.pairs_seconds;
  report.pairs_examined = graph.pairs_examined;
  const match::Instance& in = graph.instance;

  // 2. Solve.
  round.phase = domain::Name(RoundPhase::kAssign);
  report_progress(RoundPhase::kAssign, 0.6);
  t = std::chrono::steady_clock::now();
  match::Duals duals;
  match::Assignment a =
      round.mode == domain::RoundMode::kOptimal
          ? match::OptimalBipartite(
                in, &duals, 0, nullptr,
                [&](double f) { report_progress(RoundPhase::kAssign, 0.6 + 0.1 * f); })
          : match::DeferredAcceptancePeople(in, 0);
  report.timings.solve = Seconds(t);
  std::string err = match::CheckFeasible(in, a);
  if (err.empty() && round.mode == domain::RoundMode::kOptimal) {
    // The promise of `optimaal`: the optimality certificate is checked, and its size recorded.
    err = match::CheckCertificate(in, a, duals);
    if (err.empty()) round.certificate_prices = in.people + in.places;
  }
  if (!err.empty()) {
    round.status = domain::RoundStatus::kFailed;
    round.error = "Interne fout: " + err;
    store_->UpdateRound(round).IgnoreError();
    return Internal("allocation infeasible: " + err);
  }

  // 3. Explain every outcome; unplaced reasons need the place index again (read lock).
  round.phase = domain::Name(RoundPhase::kExplain);
  report_progress(RoundPhase::kExplain, 0.7);
  t = std::chrono::steady_clock::now();
  report.outcomes.resize(person_entry.size());
  match::UnplacedScope scope;
  scope.kind_mask = kind_mask;
  scope.place_in_scope = &place_ok;
  scope.optimal = round.mode == domain::RoundMode::kOptimal;
  scope.today = today;
  match_->WithIndexes([&](const match::PlaceIndex& place_index,
                          const match::PersonIndex& person_index) {
    const match::Weights& weights = place_index.weights();
    ParallelChunks(
        person_entry.size(), 4096, Threads(0, person_entry.size()), [&](size_t begin, size_t end) {
          for (size_t i = begin; i < end; ++i) {
            const match::PersonProfile& person = person_index.at(person_entry[i]);
            RoundOutcome& o = report.outcomes[was_at[i]];
            o.person = person.id;
            const int64_t e = a.edge_of_person[i];
            if (e >= 0) {
              const match::PlaceProfile& place =
                  place_index.at(graph.place_entry[in.edge_place[e]]);
              o.place = place.id;
              o.score = match::ScoreOfPoints(in.edge_points[e]);
              match::Explanation why = match::Explain(person, place, catalog, weights, today);
              o.fits = std::move(why.fits);
              o.missing = std::move(why.missing);
            } else {
              const int64_t feasible = in.person_begin[i + 1] - in.person_begin[i];
              match::UnplacedReason why =
                  match::ExplainUnplaced(place_index, person, feasible, scope, catalog);
              o.reason_code = why.code;
              o.reason_text = why.text;
            }
          }
        });
  });
  report.timings.explain = Seconds(t);

  // 4. The outcomes in batches, then the totals and `klaar` (store::Store::FinishRound).
  round.phase = domain::Name(RoundPhase::kSave);
  report_progress(RoundPhase::kSave, 0.9);
  t = std::chrono::steady_clock::now();
  std::map<std::string, int64_t> unplaced;
  for (const auto& o : report.outcomes) {
    if (!o.reason_code.empty()) ++unplaced[o.reason_code];
  }
  int64_t seats = 0;
  for (int32_t c : in.capacity) seats += c;
  round.people = in.people;
  round.places = in.places;
  round.seats = seats;
  round.pairs = in.edges();
  round.placed = a.placed;
  round.total_score = a.total_score;
  round.unplaced_by_reason = std::move(unplaced);
  round.status = domain::RoundStatus::kDone;
  round.phase = domain::Name(RoundPhase::kDone);
  round.progress = 1;
  round.finished_micros = clock_->NowMicros();
  Status saved = store_->FinishRound(round, report.outcomes);
  report.timings.save = Seconds(t);
  if (!saved.ok()) {
    round.status = domain::RoundStatus::kFailed;
    round.phase = domain::Name(RoundPhase::kSave);
    round.error = "Opslaan mislukt: " + saved.message_nl();
    store_->UpdateRound(round).IgnoreError();
    return saved;
  }
  report_progress(RoundPhase::kDone, 1.0);
  report.round = std::move(round);
  return report;
}

}  // namespace overstap::service
