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

std::vector<Support> SupportList(SupportSet set) {
  std::vector<Support> out;
  for (size_t i = 0; i < SupportNames().size(); ++i) {
    if (set & (1u << i)) out.push_back(static_cast<Support>(i));
  }
  return out;
}

}  // namespace overstap::domain
