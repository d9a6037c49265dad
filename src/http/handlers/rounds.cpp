// Allocation rounds (matchrondes): start one, list them, read one and its outcomes.

#include "common/text.h"
#include "http/handler_util.h"
#include "http/handlers/handlers.h"
#include "service/round_service.h"

namespace overstap::http::handlers {
namespace {

constexpr const char* kRounds = "/api/v1/matchrondes";

}  // namespace

void MatchrondeStarten(Exchange& ex, const Services& s) {
  if (!NoQuery(ex)) return;
  auto decoded = DecodeRoundRequest(ex.body);
  if (!decoded.ok()) return ex.Problem(decoded.status());
  service::RoundRequest request{decoded->mode, decoded->regions, decoded->kinds, decoded->seed,
                                decoded->include_placed};
  auto round = s.rounds->Submit(ex.ctx, request);
  if (!round.ok()) return ex.Problem(round.status());
  ex.res.set_header("Location", std::string(kRounds) + "/" + round->id);
  ex.Reply(202, Encode(*round));
}

void MatchrondesLijst(Exchange& ex, const Services& s) {
  Query q(ex, {"aantal", "cursor"});
  domain::PageRequest page = q.Page({});
  if (!q.Ok(ex)) return;
  auto result = s.rounds->List(ex.ctx, page);
  if (!result.ok()) return ex.Problem(result.status());
  ReplyList(ex, kRounds, *result);
}

void MatchrondeLezen(Exchange& ex, const Services& s) {
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto round = s.rounds->Get(ex.ctx, id);
  if (!round.ok()) return ex.Problem(round.status());
  ex.Reply(200, Encode(*round));
}

void MatchrondeUitkomsten(Exchange& ex, const Services& s) {
  Query q(ex, {"aantal", "cursor", "geplaatst", "reden"});
  domain::PageRequest page = q.Page({});
  domain::OutcomeFilter filter;
  filter.placed = q.Bool("geplaatst");
  if (q.Enum<domain::UnplacedCode>("reden", domain::UnplacedCodeNames())) {
    filter.reason = q.Str("reden");
  }
  if (!q.Ok(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto result = s.rounds->Outcomes(ex.ctx, id, filter, page);
  if (!result.ok()) return ex.Problem(result.status());
  ReplyShownList(ex, s, std::string(kRounds) + "/" + id + "/uitkomsten", *result);
}

}  // namespace overstap::http::handlers
