#pragma once
// One audit record: who touched which personal data, how, when. Holds no personal data itself:
// the subject is an opaque id.

#include <cstdint>
#include <string>

namespace overstap::domain {

struct AuditEntry {
  int64_t time_micros = 0;
  std::string actor;         // user id
  std::string organisation;  // the actor's organisation id
  std::string role;
  std::string action;        // lezen | lijst | aanmaken | wijzigen | verwijderen | importeren
  std::string subject_kind;  // deelnemer | plek | organisatie
  std::string subject_id;    // opaque id, or a count for list/import actions ("n=25")
  std::string request_id;
};

}  // namespace overstap::domain
