#include "domain/enums.h"

namespace overstap::domain {
namespace {

// The name table of E as a vector, made once; a table with a name too many or too few for E's
// enumerators does not compile.
template <typename E, size_t N>
const std::vector<std::string_view>& Table(const std::string_view (&names)[N]) {
  static_assert(N == kEnumSize<E>, "the name table must name every enumerator, in order");
  static const std::vector<std::string_view> table(names, names + N);
  return table;
}

}  // namespace

const std::vector<std::string_view>& OrganisationKindNames() {
  static constexpr std::string_view k[] = {
      "praktijkonderwijs", "vso", "mbo", "gemeente", "uwv", "werkgever", "werkgeversservicepunt",
      "zorgaanbieder"};
  return Table<OrganisationKind>(k);
}
const std::vector<std::string_view>& PlaceKindNames() {
  static constexpr std::string_view k[] = {"stage",       "leerbaan",    "baan",
                                                  "proefplaats", "beschutWerk", "dagbesteding"};
  return Table<PlaceKind>(k);
}
const std::vector<std::string_view>& SituationNames() {
  static constexpr std::string_view k[] = {"school", "werk", "schoolEnWerk", "uitkering",
                                                  "geen"};
  return Table<Situation>(k);
}
const std::vector<std::string_view>& BenefitNames() {
  static constexpr std::string_view k[] = {"ww", "bijstand", "wajong", "geen"};
  return Table<Benefit>(k);
}
const std::vector<std::string_view>& LevelNames() {
  static constexpr std::string_view k[] = {
      "geen",   "pro",  "vsoArbeidsmarkt", "vsoVervolgonderwijs", "vsoDagbesteding", "entree",
      "mbo2",   "mbo3", "mbo4",            "havoVwo",             "hbo"};
  return Table<Level>(k);
}
const std::vector<std::string_view>& SupportNames() {
  static constexpr std::string_view k[] = {
      "jobcoach",        "vasteBegeleider",   "structuur", "fysiekToegankelijk",
      "aangepasteUren",  "taalondersteuning", "vervoer",   "prikkelarm"};
  return Table<Support>(k);
}

const std::vector<std::string_view>& RoundModeNames() {
  static constexpr std::string_view k[] = {"stabiel", "optimaal"};
  return Table<RoundMode>(k);
}

const std::vector<std::string_view>& RoundStatusNames() {
  static constexpr std::string_view k[] = {"wachtend", "bezig", "klaar", "mislukt"};
  return Table<RoundStatus>(k);
}

const std::vector<std::string_view>& EventKindNames() {
  static constexpr std::string_view k[] = {
      "inschrijvingGestart", "inschrijvingBeeindigd", "plaatsingGestart", "plaatsingBeeindigd",
      "uitkeringGestart",    "uitkeringBeeindigd",    "contact",          "big5Gewijzigd",
      "signaalOpgeworpen",   "signaalOpgelost",       "taakAangemaakt",   "taakAfgerond",
      "taakGeescaleerd",     "overdrachtAangeboden",  "overdrachtGeaccepteerd",
      "overdrachtGeweigerd", "toestemmingGegeven",    "toestemmingIngetrokken", "vervallen"};
  return Table<EventKind>(k);
}
const std::vector<std::string_view>& ContactKindNames() {
  static constexpr std::string_view k[] = {"gesprek", "telefoon", "huisbezoek", "digitaal",
                                                  "brief"};
  return Table<ContactKind>(k);
}
const std::vector<std::string_view>& Big5DomainNames() {
  static constexpr std::string_view k[] = {"wonen", "inkomen", "welzijn", "werkEnSchool",
                                                  "support"};
  return Table<Big5Domain>(k);
}
const std::vector<std::string_view>& Big5StatusNames() {
  static constexpr std::string_view k[] = {"opOrde", "aandacht", "zorg"};
  return Table<Big5Status>(k);
}
const std::vector<std::string_view>& SignalKindNames() {
  static constexpr std::string_view k[] = {
      "uitBeeld", "plaatsingGestopt", "geenPlekVoorStart", "wordt18", "wordt23",
      "big5ZorgZonderEigenaar", "taakVerlopen", "overdrachtNietGeaccepteerd", "evaluatieVerlopen"};
  return Table<SignalKind>(k);
}
const std::vector<std::string_view>& SignalStatusNames() {
  static constexpr std::string_view k[] = {"open", "opgelost"};
  return Table<SignalStatus>(k);
}
const std::vector<std::string_view>& TaskStatusNames() {
  static constexpr std::string_view k[] = {"open", "afgerond", "vervallen"};
  return Table<TaskStatus>(k);
}
const std::vector<std::string_view>& HandoverStatusNames() {
  static constexpr std::string_view k[] = {"aangeboden", "geaccepteerd", "geweigerd"};
  return Table<HandoverStatus>(k);
}

std::vector<Support> SupportList(SupportSet set) {
  std::vector<Support> out;
  for (size_t i = 0; i < SupportNames().size(); ++i) {
    if (set & (1u << i)) out.push_back(static_cast<Support>(i));
  }
  return out;
}

}  // namespace overstap::domain
