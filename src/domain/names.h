#pragma once
// People's names as Dutch registers keep them (voornaam, tussenvoegsel, achternaam), their
// Dutch sort and search key, and the display fields of list items.

#include <string>
#include <string_view>
#include <vector>

#include "domain/follow.h"
#include "domain/types.h"

namespace overstap::domain {

// "Jan de Boer": voornaam, tussenvoegsel and achternaam, each when present.
std::string DisplayName(std::string_view first, std::string_view prefix, std::string_view last);

// The key people are sorted and searched by, as Dutch lists do: the folded achternaam
// (common/text.h FoldName; the tussenvoegsel does not count), then ',' and the folded voornaam.
// "de Boer, Jan" → "boer,jan"; "Şahin, Ayşe" → "sahin,ayse".
std::string SurnameSortKey(std::string_view first, std::string_view last);

// The folded words of an organisation's name, for a search by the start of any word: FoldName,
// then every ASCII character but a letter, a digit and ' separates words. "VSO De Brug
// (Amsterdam-Noord)" → {"vso", "de", "brug", "amsterdam", "noord"}.
std::vector<std::string> NameWords(std::string_view name);

// True when `folded` (one folded word) is a word of a Dutch tussenvoegsel ("van", "de", "der",
// "den", "'t", "ter", ...).
bool IsSurnamePrefixWord(std::string_view folded);

// A name search ("boer", "van der v", "Şahin"): the folded tussenvoegsel words it starts with
// (when more follows them) and the folded start of the achternaam it asks for.
struct NameQuery {
  std::string prefix;   // "van der" ("" when none was typed)
  std::string surname;  // "v"
};
NameQuery ParseNameQuery(std::string_view text);

// The smallest string greater than every string that starts with `prefix` (byte-wise), for an
// indexed range search `key >= prefix AND key < PrefixEnd(prefix)`; "" when none exists.
std::string PrefixEnd(std::string prefix);

// The display fields of a list item (weergave), next to the item's ids: what a list screen
// shows. service::RegisterService::Display fills them, in one place, so that an access rule
// can mask them there. An empty field is not shown.
struct DisplayNames {
  std::string person;        // deelnemer: "Jan de Boer"
  std::string organisation;  // organisatie: the item's organisation (for a handover: from)
  std::string place;         // plek: the place's title
  std::string to;            // naar: a handover's receiving organisation
  bool operator==(const DisplayNames&) const = default;
};

// The ids a list item's display fields name ("" for none), in the order of DisplayNames.
struct DisplayRefs {
  std::string person, organisation, place, to;
};

// What each kind of list item shows: a person their instelling; a place its organisation; a
// signal its person; a task its person and owner; a handover its person, from and to; a round
// outcome its person and place (with the place's organisation).
DisplayRefs RefsOf(const Person& person);
DisplayRefs RefsOf(const Place& place);
DisplayRefs RefsOf(const Signal& signal);
DisplayRefs RefsOf(const Task& task);
DisplayRefs RefsOf(const Handover& handover);
DisplayRefs RefsOf(const RoundOutcome& outcome);

}  // namespace overstap::domain
