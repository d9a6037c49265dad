#pragma once
// Validation of register records against the rules and the reference catalog.
//
// Each function normalises the record in place (PC6 → PC4, derives gemeente and regio from the
// postcode, sorts and de-duplicates sets) and returns:
//   OK                 when the record is valid;
//   kInvalidArgument   with one violation per field that breaks a rule of form or range
//                      (required, too long, out of range, duplicate);
//   kUnprocessable     with one violation per field that refers to unknown reference data
//                      or contradicts another field (unknown gemeente, end before start).
// References to other organisations are checked by the service layer, which has the store.

#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/follow.h"
#include "domain/reference.h"
#include "domain/types.h"

namespace overstap::domain {

Status ValidateOrganisation(Organisation* org, const Catalog& catalog);

// A school's BRIN as DUO gives it: two digits and two letters or digits ("12AB"), or with the
// two digits of a vestiging ("12AB01"). Upper case; NormaliseBrin upper-cases the letters.
bool IsBrin(std::string_view brin);
std::string NormaliseBrin(std::string_view brin);
// A KvK number (Handelsregister): exactly eight digits.
bool IsKvkNumber(std::string_view kvk);
// A tussenvoegsel: letters, spaces between words, and apostrophes ("van der", "van 't",
// "d'"), at most kMaxSurnamePrefixLength characters.
bool IsSurnamePrefix(std::string_view prefix);
Status ValidatePerson(Person* person, const Catalog& catalog, Date today);
Status ValidatePlace(Place* place, const Catalog& catalog);

// An event a client records on a timeline. Field names are the API's (tijdstip, organisatie,
// reden, tot, uitkering, doel, notitie, ...). kInvalidArgument for form (a kind only the system
// records, a missing organisation, a bad reason code, text too long); kUnprocessable for a fact
// in the future or a planned end before the start. Organisation references are checked by the
// service; a correction's target by the store.
Status ValidateEvent(Event* event, int64_t now_micros);

}  // namespace overstap::domain
