#include "domain/enums.h"

namespace overstap::domain {
namespace {

// The name table of E as a vector, made once; a table with a name too many or too few for E's
// enumerators does not compile.
template <typename E, size_t N>
const std::vector<std::string_view>& Table(const std::string_view (&names)[N]) {
  static_assert(N == kEnumSize<E>, "the name table must name every enumerator, in order");
  static const std::vector<std::string_view> kTable(names, names + N);
  return kTable;
}

}  // namespace

const std::vector<std::string_view>& OrganisationKindNames() {
  static constexpr std::string_view kNames[] = {
      "praktijkonderwijs",     "vso",          "mbo", "gemeente", "uwv", "werkgever",
      "werkgeversservicepunt", "zorgaanbieder"};
  return Table<OrganisationKind>(kNames);
}
const std::vector<std::string_view>& PlaceKindNames() {
  static constexpr std::string_view kNames[] = {"stage",       "leerbaan",    "baan",
                                                "proefplaats", "beschutWerk", "dagbesteding"};
  return Table<PlaceKind>(kNames);
}
const std::vector<std::string_view>& SituationNames() {
  static constexpr std::string_view kNames[] = {"school", "werk", "schoolEnWerk", "uitkering",
                                                "geen"};
  return Table<Situation>(kNames);
}
const std::vector<std::string_view>& BenefitNames() {
  static constexpr std::string_view kNames[] = {"ww", "bijstand", "wajong", "geen"};
  return Table<Benefit>(kNames);
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
  return Table<Level>(kNames);
}
const std::vector<std::string_view>& SupportNames() {
  static constexpr std::string_view kNames[] = {
      "jobcoach",       "vasteBegeleider",   "structuur", "fysiekToegankelijk",
      "aangepasteUren", "taalondersteuning", "vervoer",   "prikkelarm"};
  return Table<Support>(kNames);
}

const std::vector<std::string_view>& RoundModeNames() {
  static constexpr std::string_view kNames[] = {"stabiel", "optimaal"};
  return Table<RoundMode>(kNames);
}

const std::vector<std::string_view>& RoundStatusNames() {
  static constexpr std::string_view kNames[] = {"wachtend", "bezig", "klaar", "mislukt"};
  return Table<RoundStatus>(kNames);
}

const std::vector<std::string_view>& RoundPhaseNames() {
  static const std::vector<std::string_view> kNames = {"wachtend",   "kandidaten", "toewijzen",
                                                       "toelichten", "opslaan",    "klaar"};
  return kNames;
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
  return Table<EventKind>(kNames);
}
const std::vector<std::string_view>& ContactKindNames() {
  static constexpr std::string_view kNames[] = {"gesprek", "telefoon", "huisbezoek", "digitaal",
                                                "brief"};
  return Table<ContactKind>(kNames);
}
const std::vector<std::string_view>& Big5DomainNames() {
  static constexpr std::string_view kNames[] = {"wonen", "inkomen", "welzijn", "werkEnSchool",
                                                "support"};
  return Table<Big5Domain>(kNames);
}
const std::vector<std::string_view>& Big5StatusNames() {
  static constexpr std::string_view kNames[] = {"opOrde", "aandacht", "zorg"};
  return Table<Big5Status>(kNames);
}
const std::vector<std::string_view>& SignalKindNames() {
  static constexpr std::string_view kNames[] = {"uitBeeld",          "plaatsingGestopt",
                                                "geenPlekVoorStart", "wordt18",
                                                "wordt23",           "big5ZorgZonderEigenaar",
                                                "taakVerlopen",      "overdrachtNietGeaccepteerd",
                                                "evaluatieVerlopen"};
  return Table<SignalKind>(kNames);
}
const std::vector<std::string_view>& SignalStatusNames() {
  static constexpr std::string_view kNames[] = {"open", "opgelost"};
  return Table<SignalStatus>(kNames);
}
const std::vector<std::string_view>& TaskStatusNames() {
  static constexpr std::string_view kNames[] = {"open", "afgerond", "vervallen"};
  return Table<TaskStatus>(kNames);
}
const std::vector<std::string_view>& HandoverStatusNames() {
  static constexpr std::string_view kNames[] = {"aangeboden", "geaccepteerd", "geweigerd"};
  return Table<HandoverStatus>(kNames);
}

std::vector<Support> SupportList(SupportSet set) {
  std::vector<Support> out;
  for (size_t i = 0; i < SupportNames().size(); ++i) {
    if (set & (1u << i)) out.push_back(static_cast<Support>(i));
  }
  return out;
}

}  // namespace overstap::domain
