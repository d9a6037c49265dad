#pragma once
// JSON <-> domain types, at the edge. Decoding is strict: unknown fields, wrong types, numbers
// out of range and missing required fields become FieldViolations naming the field, and the
// caller gets kInvalidArgument listing all of them. Read-only fields (id, versie, aangemaakt,
// gewijzigd, and regio of people and places, which follows from the postcode) are accepted and
// ignored so a GET body can be sent back. An organisation's regio is input (when it has no
// gemeente).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/follow.h"
#include "domain/reference.h"
#include "domain/types.h"

namespace overstap::http {

using Json = nlohmann::json;

Result<domain::Organisation> DecodeOrganisation(const Json& j);
Result<domain::Person> DecodePerson(const Json& j);
Result<domain::Place> DecodePlace(const Json& j);

// A request for an allocation round: {"modus", "regios" | "landelijk": true, "soorten",
// "lotingZaad"}. Exactly one of regios (1..35 codes) and landelijk.
struct RoundRequestJson {
  domain::RoundMode mode = domain::RoundMode::kStable;
  std::vector<std::string> regions;
  std::vector<domain::PlaceKind> kinds;
  std::optional<int64_t> seed;
  bool include_placed = false;
};
Result<RoundRequestJson> DecodeRoundRequest(const Json& j);
Json Encode(const domain::AllocationRound& round);
Json Encode(const domain::RoundOutcome& outcome);
// Adds "score", "redenen" [{code, tekst, gewicht}] and "ontbreekt" [{code, tekst}] to `j`: the
// one encoding of an explanation (matches and round outcomes), scores and weights rounded to
// 4 decimals.
void AddExplanation(double score, const std::vector<domain::Reason>& fits,
                    const std::vector<domain::Reason>& missing, Json* j);

// Keep in view (follow/). Times of facts are RFC 3339 ("tijdstip"); a plain date means midnight
// UTC of that day. A field that does not apply to the event's `soort` is refused
// ("nietBijDezeSoort"), so what a client sends is exactly what the timeline shows. System kinds
// (signaal*, taak*, overdracht*) decode, and domain::ValidateEvent refuses them naming `soort`.
// The read-only fields of an encoded event (id, deelnemer, volgnummer, vastgelegd, actor,
// actorOrganisatie, verwijzing) are accepted and ignored. The decoded event has no person, id
// or recorded time: the caller and the service set them.
Result<domain::Event> DecodeEvent(const Json& j);
// The body of PUT .../big5/{domein}: {status, eigenaar?, medewerker?, doel?, acties?,
// evaluatie?}. Gives a big5Gewijzigd event without person, domain and time. Field names of a
// validation failure of that event are the event's (organisatie, tot); see Big5FieldName.
Result<domain::Event> DecodeBig5Plan(const Json& j);
// The name a big-5 plan body uses for an event field ("organisatie" -> "eigenaar",
// "tot" -> "evaluatie"); other names unchanged.
std::string Big5FieldName(const std::string& event_field);
// {deelnemer, van?, naar, notitie?}; read-only fields of an encoded handover are ignored.
Result<domain::Handover> DecodeHandoverOffer(const Json& j);
// {notitie?} (completing a task, answering a handover): the note, "" when absent.
Result<std::string> DecodeNote(const Json& j);
// {medewerker} (assigning a task).
Result<std::string> DecodeAssignment(const Json& j);
// Parses an RFC 3339 timestamp with a time-zone offset, or a plain YYYY-MM-DD (midnight UTC),
// into microseconds since the epoch; nullopt when malformed.
std::optional<int64_t> ParseTimestampOrDate(const std::string& text);

Json Encode(const domain::Event& event);
Json Encode(const domain::FollowState& state);
Json Encode(const domain::Signal& signal);
Json Encode(const domain::Task& task);
Json Encode(const domain::Handover& handover);

Json Encode(const domain::Organisation& org);
Json Encode(const domain::Person& person);
// Encode(person).dump() written directly, without the document (the hot read path).
void AppendJson(const domain::Person& person, std::string* out);
Json Encode(const domain::Place& place);
Json Encode(const domain::Region& region);
Json Encode(const domain::Municipality& municipality);
Json Encode(const domain::Sector& sector);
Json Encode(const domain::Skill& skill);
Json Encode(const domain::Occupation& occupation);

}  // namespace overstap::http
