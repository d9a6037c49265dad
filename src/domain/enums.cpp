#include "domain/enums.h"

#include "domain/name_table.h"

namespace overstap::domain {

const std::vector<std::string_view>& OrganisationKindNames() {
  static constexpr std::string_view kNames[] = {
      "praktijkonderwijs",     "vso",          "mbo", "gemeente", "uwv", "werkgever",
      "werkgeversservicepunt", "zorgaanbieder"};
  return NameTable<OrganisationKind>(kNames);
}
const std::vector<std::string_view>& PlaceKindNames() {
  static constexpr std::string_view kNames[] = {"stage",       "leerbaan",    "baan",
                                                "proefplaats", "beschutWerk", "dagbesteding"};
  return NameTable<PlaceKind>(kNames);
}
const std::vector<std::string_view>& SituationNames() {
  static constexpr std::string_view kNames[] = {"school", "werk", "schoolEnWerk", "uitkering",
                                                "geen"};
  return NameTable<Situation>(kNames);
}
const std::vector<std::string_view>& BenefitNames() {
  static constexpr std::string_view kNames[] = {"ww", "bijstand", "wajong", "geen"};
  return NameTable<Benefit>(kNames);
}
const std::vector<std::string_view>& LevelNames() {
  static constexpr std::string_view kNames[] = {"geen",
                                                "pro",
                                                "vsoArbeidsmarkt",
                                                "vsoVervolgonderwijs",
                                                "vsoDagbesteding",
                                                "entree",
                                                "mbo2",
                                                "mbo3",
                                                "mbo4",
                                                "havoVwo",
                                                "hbo"};
  return NameTable<Level>(kNames);
}
const std::vector<std::string_view>& SupportNames() {
  static constexpr std::string_view kNames[] = {
      "jobcoach",       "vasteBegeleider",   "structuur", "fysiekToegankelijk",
      "aangepasteUren", "taalondersteuning", "vervoer",   "prikkelarm"};
  return NameTable<Support>(kNames);
}

const std::vector<std::string_view>& RoundModeNames() {
  static constexpr std::string_view kNames[] = {"stabiel", "optimaal"};
  return NameTable<RoundMode>(kNames);
}

const std::vector<std::string_view>& RoundStatusNames() {
  static constexpr std::string_view kNames[] = {"wachtend", "bezig", "klaar", "mislukt"};
  return NameTable<RoundStatus>(kNames);
}

const std::vector<std::string_view>& RoundPhaseNames() {
  static constexpr std::string_view kNames[] = {"wachtend",   "kandidaten", "toewijzen",
                                                "toelichten", "opslaan",    "klaar"};
  return NameTable<RoundPhase>(kNames);
}

const std::vector<std::string_view>& EventKindNames() {
  static constexpr std::string_view kNames[] = {"inschrijvingGestart",
                                                "inschrijvingBeeindigd",
                                                "plaatsingGestart",
                                                "plaatsingBeeindigd",
                                                "uitkeringGestart",
                                                "uitkeringBeeindigd",
                                                "contact",
                                                "big5Gewijzigd",
                                                "signaalOpgeworpen",
                                                "signaalOpgelost",
                                                "taakAangemaakt",
                                                "taakAfgerond",
                                                "taakGeescaleerd",
                                                "overdrachtAangeboden",
                                                "overdrachtGeaccepteerd",
                                                "overdrachtGeweigerd",
                                                "toestemmingGegeven",
                                                "toestemmingIngetrokken",
                                                "vervallen"};
  return NameTable<EventKind>(kNames);
}
const std::vector<std::string_view>& ContactKindNames() {
  static constexpr std::string_view kNames[] = {"gesprek", "telefoon", "huisbezoek", "digitaal",
                                                "brief"};
  return NameTable<ContactKind>(kNames);
}
const std::vector<std::string_view>& Big5DomainNames() {
  static constexpr std::string_view kNames[] = {"wonen", "inkomen", "welzijn", "werkEnSchool",
                                                "support"};
  return NameTable<Big5Domain>(kNames);
}
const std::vector<std::string_view>& Big5StatusNames() {
  static constexpr std::string_view kNames[] = {"opOrde", "aandacht", "zorg"};
  return NameTable<Big5Status>(kNames);
}
const std::vector<std::string_view>& SignalKindNames() {
  static constexpr std::string_view kNames[] = {"uitBeeld",          "plaatsingGestopt",
                                                "geenPlekVoorStart", "wordt18",
                                                "wordt23",           "big5ZorgZonderEigenaar",
                                                "taakVerlopen",      "overdrachtNietGeaccepteerd",
                                                "evaluatieVerlopen"};
  return NameTable<SignalKind>(kNames);
}
const std::vector<std::string_view>& SignalStatusNames() {
  static constexpr std::string_view kNames[] = {"open", "opgelost"};
  return NameTable<SignalStatus>(kNames);
}
const std::vector<std::string_view>& TaskStatusNames() {
  static constexpr std::string_view kNames[] = {"open", "afgerond", "vervallen"};
  return NameTable<TaskStatus>(kNames);
}
const std::vector<std::string_view>& HandoverStatusNames() {
  static constexpr std::string_view kNames[] = {"aangeboden", "geaccepteerd", "geweigerd"};
  return NameTable<HandoverStatus>(kNames);
}

// Display tables. Each is checked against its enumeration's size like the name tables (the
// second type argument keeps one table per function).
template <typename E, int Table, size_t N>
const std::vector<std::string_view>& DisplayTable(const std::string_view (&names)[N]) {
  static_assert(N == kEnumSize<E>, "the display table must name every enumerator, in order");
  static const std::vector<std::string_view> kTable(names, names + N);
  return kTable;
}

const std::vector<std::string_view>& OrganisationKindDisplayNames() {
  static constexpr std::string_view kNames[] = {"school voor praktijkonderwijs",
                                                "vso-school",
                                                "mbo-instelling",
                                                "gemeente",
                                                "UWV",
                                                "werkgever",
                                                "werkgeversservicepunt",
                                                "zorgaanbieder"};
  return DisplayTable<OrganisationKind, 0>(kNames);
}
const std::vector<std::string_view>& PlaceKindDisplayNames() {
  static constexpr std::string_view kNames[] = {"stage",       "leerbaan",     "baan",
                                                "proefplaats", "beschut werk", "dagbesteding"};
  return DisplayTable<PlaceKind, 0>(kNames);
}
const std::vector<std::string_view>& PlaceKindPlurals() {
  static constexpr std::string_view kNames[] = {"stages",
                                                "leerbanen",
                                                "banen",
                                                "proefplaatsen",
                                                "plekken voor beschut werk",
                                                "plekken voor dagbesteding"};
  return DisplayTable<PlaceKind, 1>(kNames);
}
const std::vector<std::string_view>& SituationDisplayNames() {
  static constexpr std::string_view kNames[] = {"op school", "aan het werk", "school en werk",
                                                "met een uitkering", "geen school of werk"};
  return DisplayTable<Situation, 0>(kNames);
}
const std::vector<std::string_view>& BenefitDisplayNames() {
  static constexpr std::string_view kNames[] = {"WW", "bijstand", "Wajong", "geen uitkering"};
  return DisplayTable<Benefit, 0>(kNames);
}
const std::vector<std::string_view>& LevelDisplayNames() {
  static constexpr std::string_view kNames[] = {"geen diploma of opleiding",
                                                "praktijkonderwijs",
                                                "vso arbeidsmarktgericht",
                                                "vso vervolgonderwijs",
                                                "vso dagbesteding",
                                                "entreeopleiding",
                                                "mbo niveau 2",
                                                "mbo niveau 3",
                                                "mbo niveau 4",
                                                "havo of vwo",
                                                "hbo"};
  return DisplayTable<Level, 0>(kNames);
}
const std::vector<std::string_view>& SupportDisplayNames() {
  static constexpr std::string_view kNames[] = {"jobcoach",
                                                "vaste begeleider",
                                                "duidelijke structuur",
                                                "fysiek toegankelijke werkplek",
                                                "aangepaste uren",
                                                "taalondersteuning",
                                                "vervoer",
                                                "prikkelarme werkplek"};
  return DisplayTable<Support, 0>(kNames);
}
const std::vector<std::string_view>& Big5DomainDisplayNames() {
  static constexpr std::string_view kNames[] = {"wonen", "inkomen", "welzijn", "werk en school",
                                                "steun en netwerk"};
  return DisplayTable<Big5Domain, 0>(kNames);
}
const std::vector<std::string_view>& Big5StatusDisplayNames() {
  static constexpr std::string_view kNames[] = {"op orde", "aandacht nodig", "zorg"};
  return DisplayTable<Big5Status, 0>(kNames);
}
const std::vector<std::string_view>& SignalKindDisplayNames() {
  static constexpr std::string_view kNames[] = {"uit beeld",
                                                "plaatsing gestopt",
                                                "geen plek voor de start",
                                                "wordt 18",
                                                "wordt 23",
                                                "big 5-zorg zonder eigenaar",
                                                "taak over de termijn",
                                                "overdracht niet geaccepteerd",
                                                "evaluatie verlopen"};
  return DisplayTable<SignalKind, 0>(kNames);
}

std::vector<std::string> SupportDisplayList(SupportSet set) {
  std::vector<std::string> out;
  for (auto s : SupportList(set)) out.emplace_back(DisplayName(s));
  return out;
}

std::vector<Support> SupportList(SupportSet set) {
  std::vector<Support> out;
  for (size_t i = 0; i < SupportNames().size(); ++i) {
    if (set & (1u << i)) out.push_back(static_cast<Support>(i));
  }
  return out;
}

}  // namespace overstap::domain
