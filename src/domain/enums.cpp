#include "domain/enums.h"

namespace overstap::domain {

const std::vector<std::string_view>& OrganisationKindNames() {
  static const std::vector<std::string_view> k = {
      "praktijkonderwijs", "vso", "mbo", "gemeente", "uwv", "werkgever", "werkgeversservicepunt",
      "zorgaanbieder"};
  return k;
}
const std::vector<std::string_view>& PlaceKindNames() {
  static const std::vector<std::string_view> k = {"stage",       "leerbaan",    "baan",
                                                  "proefplaats", "beschutWerk", "dagbesteding"};
  return k;
}
const std::vector<std::string_view>& SituationNames() {
  static const std::vector<std::string_view> k = {"school", "werk", "schoolEnWerk", "uitkering",
                                                  "geen"};
  return k;
}
const std::vector<std::string_view>& BenefitNames() {
  static const std::vector<std::string_view> k = {"ww", "bijstand", "wajong", "geen"};
  return k;
}
const std::vector<std::string_view>& LevelNames() {
  static const std::vector<std::string_view> k = {
      "geen",   "pro",  "vsoArbeidsmarkt", "vsoVervolgonderwijs", "vsoDagbesteding", "entree",
      "mbo2",   "mbo3", "mbo4",            "havoVwo",             "hbo"};
  return k;
}
const std::vector<std::string_view>& SupportNames() {
  static const std::vector<std::string_view> k = {
      "jobcoach",        "vasteBegeleider",   "structuur", "fysiekToegankelijk",
      "aangepasteUren",  "taalondersteuning", "vervoer",   "prikkelarm"};
  return k;
}

const std::vector<std::string_view>& RoundModeNames() {
  static const std::vector<std::string_view> k = {"stabiel", "optimaal"};
  return k;
}

const std::vector<std::string_view>& RoundStatusNames() {
  static const std::vector<std::string_view> k = {"wachtend", "bezig", "klaar", "mislukt"};
  return k;
}

const std::vector<std::string_view>& RoundPhaseNames() {
  static const std::vector<std::string_view> k = {"wachtend",   "kandidaten", "toewijzen",
                                                  "toelichten", "opslaan",    "klaar"};
  return k;
}

const std::vector<std::string_view>& EventKindNames() {
  static const std::vector<std::string_view> k = {
      "inschrijvingGestart", "inschrijvingBeeindigd", "plaatsingGestart", "plaatsingBeeindigd",
      "uitkeringGestart",    "uitkeringBeeindigd",    "contact",          "big5Gewijzigd",
      "signaalOpgeworpen",   "signaalOpgelost",       "taakAangemaakt",   "taakAfgerond",
      "taakGeescaleerd",     "overdrachtAangeboden",  "overdrachtGeaccepteerd",
      "overdrachtGeweigerd", "toestemmingGegeven",    "toestemmingIngetrokken", "vervallen"};
  return k;
}
const std::vector<std::string_view>& ContactKindNames() {
  static const std::vector<std::string_view> k = {"gesprek", "telefoon", "huisbezoek", "digitaal",
                                                  "brief"};
  return k;
}
const std::vector<std::string_view>& Big5DomainNames() {
  static const std::vector<std::string_view> k = {"wonen", "inkomen", "welzijn", "werkEnSchool",
                                                  "support"};
  return k;
}
const std::vector<std::string_view>& Big5StatusNames() {
  static const std::vector<std::string_view> k = {"opOrde", "aandacht", "zorg"};
  return k;
}
const std::vector<std::string_view>& SignalKindNames() {
  static const std::vector<std::string_view> k = {
      "uitBeeld", "plaatsingGestopt", "geenPlekVoorStart", "wordt18", "wordt23",
      "big5ZorgZonderEigenaar", "taakVerlopen", "overdrachtNietGeaccepteerd", "evaluatieVerlopen"};
  return k;
}
const std::vector<std::string_view>& SignalStatusNames() {
  static const std::vector<std::string_view> k = {"open", "opgelost"};
  return k;
}
const std::vector<std::string_view>& TaskStatusNames() {
  static const std::vector<std::string_view> k = {"open", "afgerond", "vervallen"};
  return k;
}
const std::vector<std::string_view>& HandoverStatusNames() {
  static const std::vector<std::string_view> k = {"aangeboden", "geaccepteerd", "geweigerd"};
  return k;
}

std::vector<Support> SupportList(SupportSet set) {
  std::vector<Support> out;
  for (size_t i = 0; i < SupportNames().size(); ++i) {
    if (set & (1u << i)) out.push_back(static_cast<Support>(i));
  }
  return out;
}

}  // namespace overstap::domain
