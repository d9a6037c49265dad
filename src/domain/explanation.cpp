#include "domain/explanation.h"

#include "domain/name_table.h"

namespace overstap::domain {

const std::vector<std::string_view>& ReasonCodeNames() {
  static constexpr std::string_view kNames[] = {
      "vereisteVaardigheden", "leerbaar", "gewensteVaardigheden", "reisafstand", "sector", "niveau",
      "ondersteuning",        "uren",     "erkendLeerbedrijf",    "leeftijd"};
  return NameTable<ReasonCode>(kNames);
}
const std::vector<std::string_view>& MissingCodeNames() {
  static constexpr std::string_view kNames[] = {
      "vaardigheidOntbreekt", "teVer",       "niveauTeLaag", "ondersteuningOntbreekt", "teVeelUren",
      "nietBeschikbaar",      "startTeLaat", "teJong",       "teVeelUrenVoorLeeftijd"};
  return NameTable<MissingCode>(kNames);
}
const std::vector<std::string_view>& UnplacedCodeNames() {
  static constexpr std::string_view kNames[] = {"geenPlekBinnenBereik",
                                                "ontbrekendeVaardigheid",
                                                "ondersteuningNietAangeboden",
                                                "niveauTeLaag",
                                                "teVer",
                                                "urenPassenNiet",
                                                "nietBeschikbaar",
                                                "anderenGingenVoor",
                                                "startTeLaat",
                                                "teJong",
                                                "teVeelUrenVoorLeeftijd"};
  return NameTable<UnplacedCode>(kNames);
}

}  // namespace overstap::domain
