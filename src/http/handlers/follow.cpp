// Keep in view: the timeline, events, the big-5 plan, signals, tasks and handovers. The
// keep-in-view service may be null (a server without it): every route then answers 503.

#include "common/text.h"
#include "http/handler_util.h"
#include "http/handlers/handlers.h"
#include "service/follow_service.h"
#include "service/register_service.h"

namespace overstap::http::handlers {
namespace {

using service::FollowService;

constexpr const char* kPeople = "/api/v1/deelnemers";
constexpr const char* kSignals = "/api/v1/signalen";
constexpr const char* kTasks = "/api/v1/taken";
constexpr const char* kHandovers = "/api/v1/overdrachten";

// The service, or null after replying 503.
FollowService* Follow(Exchange& ex, const Services& s) {
  if (!s.follow) ex.Problem(Unavailable("The keep-in-view service is not running."));
  return s.follow;
}

bool RegionExists(const Services& s, const std::string& code) {
  return s.reg != nullptr && s.reg->catalog().FindRegion(code) != nullptr;
}

void AnswerHandover(Exchange& ex, const Services& s, bool accept) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto note = DecodeNote(ex.body);
  if (!note.ok()) return ex.Problem(note.status());
  auto answered = f->AnswerHandover(ex.ctx, id, accept, *note);
  if (!answered.ok()) return ex.Problem(answered.status());
  ex.Reply(200, Encode(*answered));
}

}  // namespace

void Tijdlijn(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  Query q(ex, {"aantal", "cursor"});
  domain::PageRequest page = q.Page({});
  if (!q.Ok(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto result = f->Timeline(ex.ctx, id, page);
  if (!result.ok()) return ex.Problem(result.status());
  ReplyList(ex, std::string(kPeople) + "/" + id + "/tijdlijn", *result);
}

void GebeurtenisToevoegen(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto decoded = DecodeEvent(ex.body);
  if (!decoded.ok()) return ex.Problem(decoded.status());
  domain::Event event = std::move(decoded).value();
  event.person = id;
  auto added = f->AddEvent(ex.ctx, std::move(event));
  if (!added.ok()) return ex.Problem(added.status());
  // An event has no URL of its own; it is on the timeline.
  ex.res.set_header("Location", std::string(kPeople) + "/" + id + "/tijdlijn");
  ex.Reply(201, Encode(*added));
}

void GebeurtenissenToevoegen(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  if (!NoQuery(ex)) return;
  static_assert(domain::kMaxEventsPerBatch == 10000, "the messages below spell the limit");
  const Json& body = ex.body;
  if (!body.is_object() || !body.contains("gebeurtenissen") || !body["gebeurtenissen"].is_array() ||
      body["gebeurtenissen"].empty() ||
      body["gebeurtenissen"].size() > domain::kMaxEventsPerBatch || body.size() != 1) {
    return ex.Problem(InvalidArgument(
        "Verwacht een object met alleen `gebeurtenissen`: een lijst van 1 tot 10.000.",
        "Expected an object with only `gebeurtenissen`: a list of 1 to 10,000.",
        {{"gebeurtenissen", "verkeerdeLijst", "Een lijst van 1 tot 10.000 gebeurtenissen.",
          "A list of 1 to 10,000 events."}}));
  }
  std::vector<domain::Event> events;
  const Json& list = body["gebeurtenissen"];
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string item = "gebeurtenissen[" + std::to_string(i) + "]";
    if (!list[i].is_object()) {
      return ex.Problem(
          InvalidArgument("Elke gebeurtenis is een object.", "Every event is an object.",
                          {{item, "verkeerdType", "Verwacht een object.", "Expected an object."}}));
    }
    auto decoded = DecodeEvent(list[i]);
    if (!decoded.ok()) return ex.Problem(PrefixFields(decoded.status(), item + "."));
    const auto person = list[i].find("deelnemer");
    if (person == list[i].end() || !person->is_string() || !IsUuid(person->get<std::string>())) {
      return ex.Problem(
          InvalidArgument("Elke gebeurtenis noemt de deelnemer (een uuid).",
                          "Every event names its person (a uuid).",
                          {{item + ".deelnemer", "verplicht", "Verplicht: het id van de deelnemer.",
                            "Required: the person's id."}}));
    }
    events.push_back(std::move(decoded).value());
    events.back().person = person->get<std::string>();
  }
  auto added = f->AddEvents(ex.ctx, std::move(events));
  if (!added.ok()) return ex.Problem(PrefixFields(added.status(), "gebeurtenissen"));
  std::string out;
  JsonWriter(&out).BeginObject().Key("aantal").Int(*added).EndObject();
  ex.ReplyJson(202, std::move(out));
}

void Volgstand(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto state = f->State(ex.ctx, id);
  if (!state.ok()) return ex.Problem(state.status());
  ex.Reply(200, Encode(*state));
}

void Big5Plan(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  const std::string& name = ex.params.Get("domein");
  auto which = domain::ParseEnum<domain::Big5Domain>(name, domain::Big5DomainNames());
  if (!which) {
    std::string allowed;
    for (auto n : domain::Big5DomainNames()) {
      allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    }
    return ex.Problem(
        Refusal::kNotFound, "Dit big-5-domein bestaat niet.", "This big-5 domain does not exist.",
        {{"domein", "onbekendeWaarde", "'domein' moet een van deze zijn: " + allowed + ".",
          "'domein' must be one of: " + allowed + "."}});
  }
  auto decoded = DecodeBig5Plan(ex.body);
  if (!decoded.ok()) return ex.Problem(decoded.status());
  domain::Event event = std::move(decoded).value();
  event.person = id;
  event.domain = *which;
  event.fact_micros = ex.ctx.now_micros;
  auto added = f->AddEvent(ex.ctx, std::move(event));
  if (!added.ok()) return ex.Problem(RenameFields(added.status(), Big5FieldName));
  auto state = f->State(ex.ctx, id);
  if (!state.ok()) return ex.Problem(state.status());
  ex.Reply(200, Encode(*state));
}

void SignalenLijst(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  Query q(ex, {"regio", "soort", "status", "deelnemer", "organisatie", "medewerker", "aantal",
               "cursor"});
  domain::SignalFilter filter;
  filter.organisation = q.Id("organisatie");
  filter.professional = q.Text("medewerker", domain::kMaxProfessionalLength);
  filter.region = q.Code("regio", RegionExists(s, q.Str("regio")));
  filter.kind = q.Enum<domain::SignalKind>("soort", domain::SignalKindNames());
  filter.status = q.Enum<domain::SignalStatus>("status", domain::SignalStatusNames());
  filter.person = q.Id("deelnemer");
  domain::PageRequest page = q.Page({});
  if (!q.Ok(ex)) return;
  auto result = f->ListSignals(ex.ctx, filter, page);
  if (!result.ok()) return ex.Problem(result.status());
  ReplyShownList(ex, s, kSignals, *result);
}

void SignaalLezen(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  ReplyOne<domain::Signal>(ex, [&](const std::string& id) { return f->GetSignal(ex.ctx, id); });
}

void TakenLijst(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  Query q(ex, {"organisatie", "regio", "status", "soort", "deelnemer", "medewerker", "aantal",
               "cursor"});
  domain::TaskFilter filter;
  filter.organisation = q.Id("organisatie");
  filter.kind = q.Enum<domain::SignalKind>("soort", domain::SignalKindNames());
  filter.professional = q.Text("medewerker", domain::kMaxProfessionalLength);
  filter.region = q.Code("regio", RegionExists(s, q.Str("regio")));
  filter.status = q.Enum<domain::TaskStatus>("status", domain::TaskStatusNames());
  filter.person = q.Id("deelnemer");
  domain::PageRequest page = q.Page({});
  if (!q.Ok(ex)) return;
  auto result = f->ListTasks(ex.ctx, filter, page);
  if (!result.ok()) return ex.Problem(result.status());
  ReplyShownList(ex, s, kTasks, *result);
}

void TaakLezen(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  ReplyOne<domain::Task>(ex, [&](const std::string& id) { return f->GetTask(ex.ctx, id); });
}

void TaakAfronden(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto note = DecodeNote(ex.body);
  if (!note.ok()) return ex.Problem(note.status());
  auto done = f->CompleteTask(ex.ctx, id, *note);
  if (!done.ok()) return ex.Problem(done.status());
  ex.Reply(200, Encode(*done));
}

void TaakToewijzen(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto professional = DecodeAssignment(ex.body);
  if (!professional.ok()) return ex.Problem(professional.status());
  auto assigned = f->AssignTask(ex.ctx, id, *professional);
  if (!assigned.ok()) return ex.Problem(assigned.status());
  ex.Reply(200, Encode(*assigned));
}

void OverdrachtAanbieden(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  if (!NoQuery(ex)) return;
  auto decoded = DecodeHandoverOffer(ex.body);
  if (!decoded.ok()) return ex.Problem(decoded.status());
  const std::string person = decoded->person;
  auto offered = f->OfferHandover(ex.ctx, std::move(decoded).value());
  if (offered.status().IsNotFound()) {
    // The only thing this URL can miss is the person the body names.
    return ex.Problem(Unprocessable(
        "Er bestaat geen deelnemer met dit id.", "No person has this id.",
        {{"deelnemer", "onbekendeDeelnemer", "Deelnemer '" + person + "' bestaat niet.",
          "Person '" + person + "' does not exist."}}));
  }
  if (!offered.ok()) return ex.Problem(offered.status());
  ex.res.set_header("Location", std::string(kHandovers) + "/" + offered->id);
  ex.Reply(201, Encode(*offered));
}

void OverdrachtenLijst(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  Query q(ex, {"organisatie", "richting", "status", "deelnemer", "aantal", "cursor"});
  domain::HandoverFilter filter;
  filter.organisation = q.Id("organisatie");
  if (const std::string richting = q.Str("richting"); !richting.empty()) {
    if (richting == "ontvangen" || richting == "verzonden") {
      filter.direction = richting == "ontvangen" ? domain::HandoverDirection::kReceived
                                                 : domain::HandoverDirection::kSent;
      if (filter.organisation.empty()) {
        q.Add("richting", "organisatieOntbreekt",
              "'richting' is ontvangen of verzonden door een organisatie: geef ook "
              "'organisatie' mee.",
              "'richting' is received or sent by an organisation: give 'organisatie' too.");
      }
    } else {
      q.Add("richting", "onbekendeWaarde", "'richting' moet ontvangen of verzonden zijn.",
            "'richting' must be ontvangen or verzonden.");
    }
  }
  filter.status = q.Enum<domain::HandoverStatus>("status", domain::HandoverStatusNames());
  filter.person = q.Id("deelnemer");
  domain::PageRequest page = q.Page({});
  if (!q.Ok(ex)) return;
  auto result = f->ListHandovers(ex.ctx, filter, page);
  if (!result.ok()) return ex.Problem(result.status());
  ReplyShownList(ex, s, kHandovers, *result);
}

void OverdrachtLezen(Exchange& ex, const Services& s) {
  FollowService* f = Follow(ex, s);
  if (!f) return;
  ReplyOne<domain::Handover>(ex, [&](const std::string& id) { return f->GetHandover(ex.ctx, id); });
}

void OverdrachtAccepteren(Exchange& ex, const Services& s) { AnswerHandover(ex, s, true); }
void OverdrachtWeigeren(Exchange& ex, const Services& s) { AnswerHandover(ex, s, false); }

}  // namespace overstap::http::handlers
