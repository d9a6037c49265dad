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
};
Result<RoundRequestJson> DecodeRoundRequest(const Json& j);
Json Encode(const domain::AllocationRound& round);
Json Encode(const domain::RoundOutcome& outcome);

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
