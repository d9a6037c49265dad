// Matching: a person's best places and a place's best candidates, each explained.

#include "common/text.h"
#include "http/handler_util.h"
#include "http/handlers/handlers.h"
#include "service/match_service.h"
#include "service/register_service.h"

namespace overstap::http::handlers {
namespace {

Json Explained(const domain::Explanation& e, Json j) {
  AddExplanation(e.score, e.fits, e.missing, &j);
  return j;
}

}  // namespace

namespace {

// The query of passende-plekken and bijna-passende-plekken; false when it was refused.
bool PlaceQueryOf(Exchange& ex, const Services& s, service::PlaceQuery* query) {
  Query q(ex, {"aantal", "soort", "sector"});
  query->k = static_cast<size_t>(q.Int("aantal", 10, 1, 50));
  query->kind = q.Enum<domain::PlaceKind>("soort", domain::PlaceKindNames());
  query->sector = q.Code("sector", s.reg->catalog().FindSector(q.Str("sector")) != nullptr);
  return q.Ok(ex) && ValidId(ex, ex.params.Get("id"));
}

Json Encode(const domain::WhyNone& why) {
  Json by_rule = Json::array();
  for (const auto& [code, n] : why.by_rule) {
    by_rule.push_back({{"code", std::string(domain::Name(code))}, {"plekken", n}});
  }
  return {{"plekkenBinnenBereik", why.within_reach},
          {"bijnaPassend", why.near_misses},
          {"perReden", by_rule},
          {"tekst", why.text}};
}

}  // namespace

void PassendePlekken(Exchange& ex, const Services& s) {
  service::PlaceQuery query;
  if (!PlaceQueryOf(ex, s, &query)) return;
  auto result = s.match->PlacesFor(ex.ctx, ex.params.Get("id"), query);
  if (!result.ok()) return ex.Problem(result.status());
  Json items = Json::array();
  for (const auto& m : result->items) {
    items.push_back(Explained(m.explanation, {{"plek", http::Encode(m.place)}}));
  }
  ex.Reply(200, {{"resultaten", items},
                 {"waaromGeen", result->why_none ? Encode(*result->why_none) : Json(nullptr)}});
}

void BijnaPassendePlekken(Exchange& ex, const Services& s) {
  service::PlaceQuery query;
  if (!PlaceQueryOf(ex, s, &query)) return;
  auto result = s.match->NearMissesFor(ex.ctx, ex.params.Get("id"), query);
  if (!result.ok()) return ex.Problem(result.status());
  Json items = Json::array();
  for (const auto& m : *result) {
    items.push_back(
        Explained(m.explanation, {{"plek", http::Encode(m.place)}, {"actie", m.action}}));
  }
  ex.Reply(200, {{"resultaten", items}});
}

void Kandidaten(Exchange& ex, const Services& s) {
  Query q(ex, {"aantal"});
  size_t k = static_cast<size_t>(q.Int("aantal", 10, 1, 50));
  if (!q.Ok(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto result = s.match->CandidatesFor(ex.ctx, id, k);
  if (!result.ok()) return ex.Problem(result.status());
  Json items = Json::array();
  for (const auto& c : *result) {
    Json person = {{"id", c.person_id},
                   {"leeftijd", c.age},
                   {"gemeente", c.municipality},
                   {"regio", c.region},
                   {"niveau", std::string(domain::Name(c.level))},
                   {"situatie", std::string(domain::Name(c.situation))}};
    items.push_back(Explained(c.explanation, {{"deelnemer", person}}));
  }
  ex.Reply(200, {{"resultaten", items}});
}

}  // namespace overstap::http::handlers
