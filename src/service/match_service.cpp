#include "service/match_service.h"

#include <mutex>
#include <type_traits>

#include "match/near_miss.h"
#include "match/profile.h"

namespace overstap::service {

MatchService::MatchService(store::Store* store, std::shared_ptr<const domain::Catalog> catalog,
                           access::AuditLog* audit, const match::Weights& weights)
    : store_(store),
      catalog_(std::move(catalog)),
      audit_(audit),
      places_(weights),
      people_(weights) {}

Result<std::pair<size_t, size_t>> MatchService::Build() {
  std::unique_lock lock(mu_);
  RETURN_IF_ERROR(store_->ScanPlaces(
      [&](domain::Place&& p) { places_.Upsert(match::ProfileOf(p, *catalog_)); }));
  RETURN_IF_ERROR(store_->ScanPeople(
      [&](domain::Person&& p) { people_.Upsert(match::ProfileOf(p, *catalog_)); }));
  return std::make_pair(places_.size(), people_.size());
}

void MatchService::WithIndexes(
    const std::function<void(const match::PlaceIndex&, const match::PersonIndex&)>& fn) {
  std::shared_lock lock(mu_);
  fn(places_, people_);
}

namespace {

// The places of `ids` in that order, without those deleted meanwhile, each with its value from
// `hits` (the store reads them in one go).
template <typename T, typename Make, typename Out = std::invoke_result_t<Make, domain::Place, T>>
Result<std::vector<Out>> WithPlaces(store::Store* store,
                                    std::vector<std::pair<std::string, T>>&& hits, Make make) {
  std::vector<std::string> ids;
  ids.reserve(hits.size());
  for (const auto& hit : hits) ids.push_back(hit.first);
  ASSIGN_OR_RETURN(std::vector<domain::Place> places, store->GetPlaces(ids));
  std::vector<Out> out;
  size_t next = 0;
  for (auto& [id, value] : hits) {
    if (next == places.size() || places[next].id != id) continue;
    out.push_back(make(std::move(places[next++]), std::move(value)));
  }
  return out;
}

// The engine's query for a request on the request's day.
match::PlaceQuery EngineQuery(const PlaceQuery& request, const access::RequestContext& ctx) {
  match::PlaceQuery query;
  query.k = request.k;
  query.today = DateFromMicros(ctx.now_micros).days;
  if (request.kind) query.kind_mask = 1u << static_cast<int>(*request.kind);
  if (!request.sector.empty()) query.sector = static_cast<int>(match::SectorBit(request.sector));
  return query;
}

}  // namespace

Result<PlaceMatches> MatchService::PlacesFor(const access::RequestContext& ctx,
                                             const std::string& person_id,
                                             const PlaceQuery& request) {
  const match::PlaceQuery query = EngineQuery(request, ctx);
  ASSIGN_OR_RETURN(domain::Person person, store_->GetPerson(person_id));
  audit_->Record(ctx, "matchen", "deelnemer", person_id);
  match::PersonProfile profile = match::ProfileOf(person, *catalog_);
  std::vector<std::pair<std::string, match::Explanation>> hits;
  PlaceMatches out;
  {
    std::shared_lock lock(mu_);
    for (const auto& h : places_.TopK(profile, query)) {
      const auto& place = places_.at(h.index);
      hits.emplace_back(place.id,
                        match::Explain(profile, place, *catalog_, places_.weights(), query.today));
    }
    if (hits.empty()) {
      out.why_none = match::ExplainNone(places_, profile, query);
    }
  }
  ASSIGN_OR_RETURN(out.items,
                   WithPlaces<match::Explanation>(store_, std::move(hits),
                                                  [](domain::Place p, match::Explanation e) {
                                                    return PlaceMatch{std::move(p), std::move(e)};
                                                  }));
  return out;
}

Result<std::vector<NearMissMatch>> MatchService::NearMissesFor(const access::RequestContext& ctx,
                                                               const std::string& person_id,
                                                               const PlaceQuery& request) {
  const match::PlaceQuery query = EngineQuery(request, ctx);
  const int32_t today = query.today;
  ASSIGN_OR_RETURN(domain::Person person, store_->GetPerson(person_id));
  audit_->Record(ctx, "matchen", "deelnemer", person_id);
  match::PersonProfile profile = match::ProfileOf(person, *catalog_);
  std::vector<std::pair<std::string, std::pair<match::Explanation, std::string>>> hits;
  {
    std::shared_lock lock(mu_);
    for (const auto& m : match::NearMisses(places_, profile, query)) {
      const auto& place = places_.at(m.entry);
      hits.emplace_back(
          place.id,
          std::pair{match::Explain(profile, place, *catalog_, places_.weights(), today), m.action});
    }
  }
  return WithPlaces<std::pair<match::Explanation, std::string>>(
      store_, std::move(hits), [](domain::Place p, std::pair<match::Explanation, std::string> e) {
        return NearMissMatch{std::move(p), std::move(e.first), std::move(e.second)};
      });
}

Result<std::vector<CandidateMatch>> MatchService::CandidatesFor(const access::RequestContext& ctx,
                                                                const std::string& place_id,
                                                                size_t k) {
  ASSIGN_OR_RETURN(domain::Place place, store_->GetPlace(place_id));
  match::PlaceProfile profile = match::ProfileOf(place, *catalog_);
  const Date today = DateFromMicros(ctx.now_micros);
  std::vector<std::pair<std::string, match::Explanation>> hits;
  {
    std::shared_lock lock(mu_);
    for (const auto& h : people_.TopK(profile, k, today.days)) {
      const auto& person = people_.at(h.index);
      hits.emplace_back(person.id,
                        match::Explain(person, profile, *catalog_, places_.weights(), today.days));
    }
  }
  std::vector<std::string> ids;
  ids.reserve(hits.size());
  for (const auto& hit : hits) ids.push_back(hit.first);
  ASSIGN_OR_RETURN(std::vector<domain::Person> people, store_->GetPeople(ids));
  std::vector<CandidateMatch> out;
  size_t next = 0;  // people come in the hits' order, without those deleted meanwhile
  for (auto& [id, explanation] : hits) {
    if (next == people.size() || people[next].id != id) continue;
    const domain::Person& person = people[next++];
    audit_->Record(ctx, "kandidaat", "deelnemer", id);
    out.push_back({person.id, AgeOn(person.birth_date, today), person.municipality, person.region,
                   person.level, person.situation, std::move(explanation)});
  }
  return out;
}

void MatchService::PersonChanged(const domain::Person& person) {
  auto profile = match::ProfileOf(person, *catalog_);
  std::unique_lock lock(mu_);
  people_.Upsert(std::move(profile));
}

void MatchService::PersonDeleted(const std::string& id) {
  std::unique_lock lock(mu_);
  people_.Remove(id);
}

void MatchService::PlaceChanged(const domain::Place& place) {
  auto profile = match::ProfileOf(place, *catalog_);
  std::unique_lock lock(mu_);
  places_.Upsert(std::move(profile));
}

void MatchService::PlaceDeleted(const std::string& id) {
  std::unique_lock lock(mu_);
  places_.Remove(id);
}

}  // namespace overstap::service
