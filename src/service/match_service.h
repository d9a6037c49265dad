#pragma once
// MatchService: one person's best places and one place's best candidates, explained.
//
// Holds the candidate indexes (match/index.h) of all places and people, built from the store
// at start (Build) and kept current by RegisterService through the RegisterListener calls.
// Thread-safe: queries take a shared lock, updates an exclusive one.
//
// Errors: kNotFound for an unknown person/place; store errors otherwise.

#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "access/actor.h"
#include "access/audit_log.h"
#include "domain/reference.h"
#include "domain/types.h"
#include "match/index.h"
#include "store/store.h"

namespace overstap::service {

// What RegisterService tells about changes so derived structures stay current.
class RegisterListener {
 public:
  virtual ~RegisterListener() = default;
  virtual void PersonChanged(const domain::Person& person) = 0;
  virtual void PersonDeleted(const std::string& id) = 0;
  virtual void PlaceChanged(const domain::Place& place) = 0;
  virtual void PlaceDeleted(const std::string& id) = 0;
};

// What a person's best places are filtered by; built at the edge from a request.
struct PlaceQuery {
  size_t k = 10;
  std::optional<domain::PlaceKind> kind;  // nullopt: every kind
  std::string sector;                     // SBI 2025 section letter; "": every sector
};

struct PlaceMatch {
  domain::Place place;
  domain::Explanation explanation;
};

// A person's best places; when there are none, why (in counts by rule) instead.
struct PlaceMatches {
  std::vector<PlaceMatch> items;
  std::optional<domain::WhyNone> why_none;
};

// A place that fails exactly one hard rule (match/near_miss.h), and what to do about it.
struct NearMissMatch {
  domain::Place place;
  domain::Explanation explanation;  // missing: the rule that fails
  std::string action;               // Dutch
};

// A candidate as a professional of the offering side may see them: no name, no birth date.
struct CandidateMatch {
  std::string person_id;
  int age = 0;
  std::string municipality, region;
  domain::Level level = domain::Level::kGeen;
  domain::Situation situation = domain::Situation::kGeen;
  domain::Explanation explanation;
};

class MatchService final : public RegisterListener {
 public:
  // `weights`: the score's weights and the road factor (match/rules.h), the same for every
  // query and round of this service.
  MatchService(store::Store* store, std::shared_ptr<const domain::Catalog> catalog,
               access::AuditLog* audit, const match::Weights& weights = match::DefaultWeights());

  // Loads every place and person into the indexes. Returns counts for the log.
  Result<std::pair<size_t, size_t>> Build();

  Result<PlaceMatches> PlacesFor(const access::RequestContext& ctx, const std::string& person_id,
                                 const PlaceQuery& request);
  // Places within 1.5 x the person's travel distance that fail exactly one rule.
  Result<std::vector<NearMissMatch>> NearMissesFor(const access::RequestContext& ctx,
                                                   const std::string& person_id,
                                                   const PlaceQuery& request);
  Result<std::vector<CandidateMatch>> CandidatesFor(const access::RequestContext& ctx,
                                                    const std::string& place_id, size_t k);

  // Runs fn with both indexes held for reading (allocation rounds build their graph inside;
  // writes to the register wait meanwhile).
  void WithIndexes(
      const std::function<void(const match::PlaceIndex&, const match::PersonIndex&)>& fn);
  const domain::Catalog& catalog() const { return *catalog_; }

  void PersonChanged(const domain::Person& person) override;
  void PersonDeleted(const std::string& id) override;
  void PlaceChanged(const domain::Place& place) override;
  void PlaceDeleted(const std::string& id) override;

 private:
  store::Store* store_;
  std::shared_ptr<const domain::Catalog> catalog_;
  access::AuditLog* audit_;
  std::shared_mutex mu_;
  match::PlaceIndex places_;
  match::PersonIndex people_;
};

}  // namespace overstap::service
