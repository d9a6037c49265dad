#pragma once
// What a route does, as the access policy sees it: an action on a kind of resource, and whether
// the route reads or writes personal data. Every route of the table (http/routes.cpp) declares
// one; a test refuses a route that leaves any part unset.

#include <string_view>

namespace overstap::access {

// kUnset is never a valid declaration: it is the value a route gets when it forgot one.
enum class Action { kUnset, kLezen, kSchrijven, kBeheren };

enum class ResourceKind {
  kUnset,
  kDeelnemer,
  kPlek,
  kOrganisatie,
  kRonde,
  kSignaal,
  kTaak,
  kOverdracht,
  kReferentie,
  kSysteem,
};

enum class PersonalData { kUnset, kNee, kJa };

struct RouteAccess {
  Action action = Action::kUnset;
  ResourceKind resource = ResourceKind::kUnset;
  PersonalData personal = PersonalData::kUnset;

  bool complete() const {
    return action != Action::kUnset && resource != ResourceKind::kUnset &&
           personal != PersonalData::kUnset;
  }
};

constexpr std::string_view ActionName(Action a) {
  switch (a) {
    case Action::kUnset:
      return "";
    case Action::kLezen:
      return "lezen";
    case Action::kSchrijven:
      return "schrijven";
    case Action::kBeheren:
      return "beheren";
  }
  return "";
}

}  // namespace overstap::access
