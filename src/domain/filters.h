#pragma once
// The filters of the listings: plain values read from a request's query at the edge and
// applied by the store. An empty string or an absent optional does not filter.

#include <optional>
#include <string>

#include "domain/enums.h"

namespace overstap::domain {

struct OrganisationFilter {
  std::string region, municipality;
  std::optional<OrganisationKind> kind;
};
struct PersonFilter {
  std::string region, municipality, sector;
  std::optional<Situation> situation;
  std::optional<Level> level;
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
};
struct TaskFilter {
  std::string organisation, region, person;
  std::optional<TaskStatus> status;
};
struct HandoverFilter {
  std::string organisation;  // sender or receiver
  std::string person;
  std::optional<HandoverStatus> status;
};

}  // namespace overstap::domain
