#pragma once
// The filters of the listings: plain values read from a request's query at the edge and
// applied by the store. An empty string or an absent optional does not filter.

#include <optional>
#include <string>

#include "common/date.h"
#include "domain/enums.h"

namespace overstap::domain {

struct OrganisationFilter {
  std::string region, municipality;
  std::optional<OrganisationKind> kind;
  std::string name;  // zoek: the start of the name or of a word in it (folded)
  std::string brin, kvk;
};
struct PersonFilter {
  std::string region, municipality, sector;
  std::optional<Situation> situation;
  std::optional<Level> level;
  std::string institution;          // instelling (organisation id)
  std::string responsible;          // verantwoordelijkeOrganisatie (organisation id)
  std::string external_id;          // externeId: exact, at any organisation
  std::string name;                 // naam: start of the achternaam, tussenvoegsel first or not
  std::optional<bool> open_signal;  // has an open signal (true) or none (false)
  std::optional<bool> placed;       // has an active placement in the timeline, or not
  std::optional<Date> born_on_or_before;  // leeftijdVan, as a birth date bound (today)
  std::optional<Date> born_after;         // leeftijdTot, likewise
};
struct PlaceFilter {
  std::string region, municipality, sector, organisation;
  std::optional<PlaceKind> kind;
  std::optional<Level> minimum_level;
};

struct SignalFilter {
  std::string region, person;
  std::optional<SignalKind> kind;
  std::optional<SignalStatus> status;
  std::string organisation;  // the organisation responsible for the person
  std::string professional;  // medewerker: assignee of the signal's task
};
struct TaskFilter {
  std::string organisation, region, person;
  std::optional<TaskStatus> status;
  std::optional<SignalKind> kind;
  std::string professional;  // medewerker (assignee)
};
// A handover's direction relative to HandoverFilter::organisation.
enum class HandoverDirection { kBoth, kReceived, kSent };
struct HandoverFilter {
  std::string organisation;  // sender or receiver (see direction)
  std::string person;
  std::optional<HandoverStatus> status;
  HandoverDirection direction = HandoverDirection::kBoth;
};
// Which outcomes of an allocation round to list.
struct OutcomeFilter {
  std::optional<bool> placed;
  std::string reason;  // an unplaced reason code (UnplacedCodeNames())
};

}  // namespace overstap::domain
