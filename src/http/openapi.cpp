// The OpenAPI 3.1 document of API v1, in Dutch (NL API Design Rules). It is built once from the
// tables the code itself uses: enumeration values from domain/enums.cpp, limits from
// domain/types.h. Paths are relative to the server url, which ends in "/api/v1"; the test
// tests/api/openapi_test.cpp checks both ways that they are exactly the routes of routes.cpp,
// and tests/api/adr_lint.sh runs the official ADR linter on it.

#include <string>
#include <string_view>
#include <vector>

#include "domain/enums.h"
#include "domain/follow.h"
#include "domain/types.h"
#include "http/server.h"

namespace overstap::http {
namespace {

// ---- small schema builders --------------------------------------------------------------------

Json Ref(const std::string& kind, const std::string& name) {
  return {{"$ref", "#/components/" + kind + "/" + name}};
}
Json SchemaRef(const std::string& name) { return Ref("schemas", name); }

Json NameList(const std::vector<std::string_view>& values) {
  Json a = Json::array();
  for (auto v : values) a.push_back(std::string(v));
  return a;
}

Json Text(const std::string& description, size_t min_length = 0, size_t max_length = 0) {
  Json s = {{"type", "string"}, {"description", description}};
  if (min_length) s["minLength"] = min_length;
  if (max_length) s["maxLength"] = max_length;
  return s;
}

Json Integer(const std::string& description, int minimum, int maximum) {
  return {{"type", "integer"},
          {"description", description},
          {"minimum", minimum},
          {"maximum", maximum}};
}

Json Uuid(const std::string& description) {
  return {{"type", "string"}, {"format", "uuid"}, {"description", description}};
}

Json DateValue(const std::string& description) {
  return {{"type", "string"}, {"format", "date"}, {"description", description}};
}

Json Timestamp(const std::string& description) {
  return {{"type", "string"}, {"format", "date-time"}, {"description", description}};
}

Json ArrayOf(const std::string& description, Json items, size_t max_items = 0) {
  Json s = {{"type", "array"}, {"description", description}, {"items", std::move(items)}};
  if (max_items) s["maxItems"] = max_items;
  return s;
}

Json Described(Json schema, const std::string& description) {
  schema["description"] = description;
  return schema;
}

Json WithExamples(Json schema, Json examples) {
  schema["examples"] = std::move(examples);
  return schema;
}

// The same schema, also allowing null.
Json Nullable(Json s) {
  if (s.contains("type") && s["type"].is_string() && !s.contains("enum")) {
    s["type"] = Json::array({s["type"], "null"});
    return s;
  }
  Json out = Json::object();
  for (const char* annotation : {"description", "default"}) {
    if (s.contains(annotation)) {
      out[annotation] = s[annotation];
      s.erase(annotation);
    }
  }
  out["anyOf"] = Json::array({s, Json{{"type", "null"}}});
  return out;
}

// ---- resources: one field table, three schemas -----------------------------------------------

enum class Use {
  kRequired,  // must be in a request; always in a response
  kOptional,  // may be left out or null in a request; always in a response
  kReadOnly,  // set by the server; accepted and ignored in a request
};

struct Field {
  std::string name;
  Use use;
  Json schema;                    // as it appears in a response
  bool null_in_response = false;  // the response carries null when there is no value
  Json request_schema = nullptr;  // when a request accepts a different shape
};

// Adds "<name>" (response), "<name>Invoer" (POST/PUT body) and "<name>Wijziging" (PATCH body,
// JSON Merge Patch) to `schemas`.
void AddResourceSchemas(Json* schemas, const std::string& name, const std::string& description,
                        const std::vector<Field>& fields) {
  Json out_props = Json::object(), in_props = Json::object();
  Json all = Json::array(), required = Json::array();
  for (const auto& f : fields) {
    Json response = f.null_in_response ? Nullable(f.schema) : f.schema;
    Json request = f.request_schema.is_null() ? f.schema : f.request_schema;
    switch (f.use) {
      case Use::kReadOnly:
        response["readOnly"] = true;
        request["readOnly"] = true;
        break;
      case Use::kRequired:
        required.push_back(f.name);
        break;
      case Use::kOptional:
        request = Nullable(request);
        break;
    }
    all.push_back(f.name);
    out_props[f.name] = response;
    in_props[f.name] = request;
  }
  (*schemas)[name] = {{"type", "object"},
                      {"description", description},
                      {"properties", out_props},
                      {"required", all}};
  (*schemas)[name + "Invoer"] = {
      {"type", "object"},
      {"description",
       "Invoer voor het aanmaken of vervangen van: " + description +
           " Onbekende velden worden geweigerd. Alleen-lezen velden (zoals `id` en `versie`) "
           "mogen meekomen, zodat u een opgehaald object kunt terugsturen; ze worden genegeerd. "
           "Een optioneel veld dat ontbreekt of null is, krijgt zijn standaardwaarde."},
      {"properties", in_props},
      {"required", required},
      {"additionalProperties", false}};
  (*schemas)[name + "Wijziging"] = {
      {"type", "object"},
      {"description",
       "Een JSON Merge Patch (RFC 7396) op: " + description +
           " Alleen de velden die u meestuurt veranderen; null verwijdert een optioneel veld "
           "(het krijgt dan zijn standaardwaarde). Het resultaat moet een geldige invoer zijn."},
      {"properties", in_props},
      {"additionalProperties", false}};
}

Json Postcode() {
  return WithExamples(
      {{"type", "string"},
       {"description",
        "Nederlandse postcode, 1234 of 1234AB (spaties worden genegeerd). Overstap bewaart "
        "alleen de vier cijfers (PC4); een antwoord bevat dus altijd PC4."},
       {"pattern", "^( *[1-9])( *[0-9]){3}(( *[A-Za-z]){2})? *$"}},
      Json::array({"1011 AB", "1011"}));
}

Json GemeenteCode(const std::string& description) {
  return WithExamples(Text(description), Json::array({"GM0363"}));
}

Json RegioCode(const std::string& description) {
  return WithExamples(Text(description), Json::array({"AM18"}));
}

std::vector<Field> MetaFields(const std::string& what) {
  return {{"id", Use::kReadOnly, Uuid("Het id van " + what + ", door Overstap toegekend.")},
          {"versie", Use::kReadOnly,
           Integer("Het versienummer; begint bij 1 en stijgt bij elke wijziging. Het is ook de "
                   "ETag (`\"versie\"`).",
                   1, 2147483647)}};
}

std::vector<Field> TimeFields() {
  return {{"aangemaakt", Use::kReadOnly, Timestamp("Moment van aanmaken (UTC).")},
          {"gewijzigd", Use::kReadOnly, Timestamp("Moment van de laatste wijziging (UTC).")}};
}

std::vector<Field> Concat(std::vector<Field> a, const std::vector<Field>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

void AddOrganisationSchemas(Json* schemas) {
  std::vector<Field> fields = MetaFields("de organisatie");
  fields = Concat(
      fields,
      {
          {"naam", Use::kRequired,
           Text("De naam van de organisatie.", 1, domain::kMaxOrganisationNameLength)},
          {"soort", Use::kRequired, SchemaRef("SoortOrganisatie")},
          {"gemeente", Use::kOptional,
           GemeenteCode("Gemeentecode van de vestiging. Verplicht als er geen `regio` is."), true},
          {"regio", Use::kOptional,
           RegioCode("Arbeidsmarktregio. Wordt afgeleid van de `gemeente` als die er is (en moet "
                     "daar dan bij horen); zonder gemeente is de regio verplicht.")},
      });
  fields = Concat(fields, TimeFields());
  AddResourceSchemas(schemas, "Organisatie",
                     "Een organisatie: school, gemeente, UWV, werkgever, werkgeversservicepunt of "
                     "zorgaanbieder.",
                     fields);
}

void AddPersonSchemas(Json* schemas) {
  std::vector<Field> fields = MetaFields("de deelnemer");
  fields = Concat(
      fields,
      {
          {"externeIds", Use::kOptional,
           ArrayOf("De nummers die organisaties zelf voor deze deelnemer gebruiken (zoals een "
                   "leerlingnummer); per organisatie uniek.",
                   SchemaRef("ExternId"), domain::kMaxExternalIds)},
          {"voornaam", Use::kRequired, Text("Voornaam.", 1, domain::kMaxNameLength)},
          {"achternaam", Use::kRequired,
           Text("Achternaam, met tussenvoegsel.", 1, domain::kMaxNameLength)},
          {"geboortedatum", Use::kRequired,
           DateValue("Geboortedatum; de leeftijd moet 10 tot en met 70 jaar zijn.")},
          {"postcode", Use::kRequired, Postcode()},
          {"gemeente", Use::kOptional,
           GemeenteCode(
               "Gemeentecode; wordt afgeleid van de postcode. Geeft u hem mee, dan moet de "
               "postcode in deze gemeente liggen.")},
          {"regio", Use::kReadOnly, RegioCode("Arbeidsmarktregio; afgeleid van de gemeente.")},
          {"situatie", Use::kRequired, SchemaRef("Situatie")},
          {"instelling", Use::kOptional,
           Uuid("Id van de organisatie (school of werkgever) waar de deelnemer nu is."), true},
          {"uitkering", Use::kOptional,
           Described(SchemaRef("Uitkering"),
                     "Soort uitkering; standaard `geen`. Bij situatie `uitkering` is een andere "
                     "waarde dan `geen` vereist.")},
          {"niveau", Use::kRequired, SchemaRef("Niveau")},
          {"vaardigheden", Use::kOptional,
           ArrayOf("Vaardigheden van de deelnemer, elk hooguit één keer.",
                   SchemaRef("VaardigheidMetNiveau"), domain::kMaxSkills)},
          {"sectoren", Use::kOptional,
           ArrayOf(
               "Sectoren waarin de deelnemer belangstelling heeft (SBI-sectieletters). Dubbele "
               "waarden worden samengevoegd; het antwoord is gesorteerd.",
               WithExamples(Text("SBI-sectieletter (zie `/sectoren`).", 0, 16), Json::array({"I"})),
               domain::kMaxSectors)},
          {"ondersteuningNodig", Use::kOptional,
           ArrayOf("De ondersteuning die de deelnemer nodig heeft. Dubbele waarden worden "
                   "samengevoegd.",
                   SchemaRef("Ondersteuning"), 32)},
          {"maxReisafstandKm", Use::kOptional,
           Integer("Hoe ver de deelnemer hooguit wil of kan reizen, in kilometers; standaard 25.",
                   0, domain::kMaxTravelKm)},
          {"urenPerWeek", Use::kOptional,
           Integer("Hoeveel uur per week de deelnemer wil werken of leren; standaard 32.", 1,
                   domain::kMaxHoursPerWeek)},
          {"beschikbaarVanaf", Use::kOptional,
           DateValue("Vanaf wanneer de deelnemer kan beginnen."), true},
          {"verantwoordelijkeOrganisatie", Use::kOptional,
           Uuid("Id van de organisatie die de deelnemer in beeld houdt."), true},
      });
  fields = Concat(fields, TimeFields());
  // Defaults of the optional fields (domain::Person).
  for (auto& f : fields) {
    if (f.name == "maxReisafstandKm") f.schema["default"] = 25;
    if (f.name == "urenPerWeek") f.schema["default"] = 32;
    if (f.name == "uitkering") f.schema["default"] = "geen";
  }
  AddResourceSchemas(schemas, "Deelnemer",
                     "Een deelnemer: een jongere of werkzoekende die Overstap in beeld houdt. "
                     "Bevat persoonsgegevens; elke inzage wordt vastgelegd.",
                     fields);
}

void AddPlaceSchemas(Json* schemas) {
  Json period_out = {
      {"type", "object"},
      {"description", "De periode waarin de plek beschikbaar is; null waar open."},
      {"properties",
       {{"van", Nullable(DateValue("Eerste dag."))}, {"tot", Nullable(DateValue("Laatste dag."))}}},
      {"required", Json::array({"van", "tot"})},
      {"additionalProperties", false}};
  Json period_in = {
      {"type", "object"},
      {"description",
       "De periode waarin de plek beschikbaar is; laat weg of null waar open. "
       "`tot` mag niet voor `van` liggen."},
      {"properties",
       {{"van", Nullable(DateValue("Eerste dag."))}, {"tot", Nullable(DateValue("Laatste dag."))}}},
      {"additionalProperties", false}};

  std::vector<Field> fields = MetaFields("de plek");
  fields = Concat(
      fields,
      {
          {"soort", Use::kRequired, SchemaRef("SoortPlek")},
          {"organisatie", Use::kRequired,
           Uuid("Id van de organisatie (werkgever) die de plek biedt.")},
          {"titel", Use::kRequired, Text("Korte titel van de plek.", 1, domain::kMaxTitleLength)},
          {"postcode", Use::kRequired, Postcode()},
          {"gemeente", Use::kOptional,
           GemeenteCode(
               "Gemeentecode; wordt afgeleid van de postcode. Geeft u hem mee, dan moet de "
               "postcode in deze gemeente liggen.")},
          {"regio", Use::kReadOnly, RegioCode("Arbeidsmarktregio; afgeleid van de gemeente.")},
          {"sector", Use::kRequired,
           WithExamples(Text("SBI-sectieletter van de plek (zie `/sectoren`).", 1),
                        Json::array({"C"}))},
          {"beroep", Use::kOptional, Text("ESCO-id van het beroep (zie `/beroepen`)."), true},
          {"vereisteVaardigheden", Use::kOptional,
           ArrayOf("Vaardigheden die nodig zijn, elk hooguit één keer.",
                   SchemaRef("VereisteVaardigheid"), domain::kMaxSkills)},
          {"gewensteVaardigheden", Use::kOptional,
           ArrayOf("Vaardigheden die welkom zijn; niet ook bij `vereisteVaardigheden`.",
                   SchemaRef("VaardigheidMetNiveau"), domain::kMaxSkills)},
          {"minimaalNiveau", Use::kOptional,
           Described(SchemaRef("Niveau"),
                     "Het opleidingsniveau dat minstens nodig is; standaard "
                     "`geen`.")},
          {"ondersteuningAanwezig", Use::kOptional,
           ArrayOf("De ondersteuning die de plek biedt. Dubbele waarden worden samengevoegd.",
                   SchemaRef("Ondersteuning"), 32)},
          {"urenPerWeek", Use::kOptional,
           Integer("Uren per week; standaard 32.", 1, domain::kMaxHoursPerWeek)},
          {"capaciteit", Use::kRequired,
           Integer("Hoeveel deelnemers de plek tegelijk kan hebben.", 1, domain::kMaxCapacity)},
          {"periode", Use::kOptional, period_out, false, period_in},
          {"erkendLeerbedrijf",
           Use::kOptional,
           {{"type", "boolean"},
            {"description", "Of de werkgever een door SBB erkend leerbedrijf is; standaard false."},
            {"default", false}}},
      });
  fields = Concat(fields, TimeFields());
  for (auto& f : fields) {
    if (f.name == "urenPerWeek") f.schema["default"] = 32;
    if (f.name == "minimaalNiveau") f.schema["default"] = "geen";
  }
  AddResourceSchemas(schemas, "Plek",
                     "Een plek: een stage, leerbaan, baan, proefplaats, plek in beschut werk of "
                     "dagbesteding, met een capaciteit.",
                     fields);
}

// ---- the other schemas -----------------------------------------------------------------------

Json Object(const std::string& description, Json properties) {
  Json required = Json::array();
  for (auto it = properties.begin(); it != properties.end(); ++it) required.push_back(it.key());
  return {{"type", "object"},
          {"description", description},
          {"properties", std::move(properties)},
          {"required", std::move(required)}};
}

// `base` plus extra (always present) properties.
Json Extended(const std::string& description, const std::string& base, Json extra) {
  Json required = Json::array();
  for (auto it = extra.begin(); it != extra.end(); ++it) required.push_back(it.key());
  return {{"description", description},
          {"allOf", Json::array({SchemaRef(base), Json{{"type", "object"},
                                                       {"properties", std::move(extra)},
                                                       {"required", std::move(required)}}})}};
}

Json List(const std::string& description, const std::string& item) {
  return Object(description, {{"resultaten", ArrayOf("De resultaten.", SchemaRef(item))}});
}

Json Page(const std::string& description, const std::string& item) {
  return Object(description,
                {{"resultaten", ArrayOf("De resultaten van deze pagina.", SchemaRef(item))},
                 {"volgende",
                  {{"type", Json::array({"string", "null"})},
                   {"description",
                    "Cursor voor de volgende pagina (geef mee als `cursor`), of null op de laatste "
                    "pagina."}}}});
}

Json Enum(const std::string& description, const std::vector<std::string_view>& names) {
  return {{"type", "string"}, {"description", description}, {"enum", NameList(names)}};
}

// ---- matching (routes.cpp AddMatching, match/rules.cpp) -----------------------------------------

Json Score(const std::string& description) {
  return {{"type", "number"}, {"description", description}, {"minimum", 0}, {"maximum", 1}};
}

void AddMatchingSchemas(Json* s) {
  (*s)["Reden"] = Object(
      "Waarom de combinatie past: één onderdeel van de uitleg.",
      {{"code",
        {{"type", "string"},
         {"description",
          "Soort reden: `vereisteVaardigheden` (zoveel vereiste vaardigheden beheerst de "
          "deelnemer op het gevraagde niveau), `leerbaar` (een vereiste vaardigheid die de "
          "deelnemer (nog) niet heeft, kan op de werkplek geleerd worden), "
          "`gewensteVaardigheden` (zoveel gewenste vaardigheden heeft de deelnemer), "
          "`reisafstand` (de reisafstand over de weg past), `sector` (de sector van de plek "
          "past bij de belangstelling van de deelnemer), `niveau` (het opleidingsniveau is "
          "voldoende), `ondersteuning` (een ondersteuning die de deelnemer nodig heeft, is "
          "aanwezig), `uren` (de uren per week passen, of de plek biedt aangepaste uren) of "
          "`erkendLeerbedrijf` (de werkgever is een door SBB erkend leerbedrijf)."},
         {"enum",
          Json::array({"vereisteVaardigheden", "leerbaar", "gewensteVaardigheden", "reisafstand",
                       "sector", "niveau", "ondersteuning", "uren", "erkendLeerbedrijf"})}}},
       {"tekst",
        WithExamples(Text("Uitleg in het Nederlands, om aan een professional of de "
                          "deelnemer te laten zien."),
                     Json::array({"3 van 4 gevraagde vaardigheden", "12 km reisafstand"}))},
       {"gewicht",
        {{"type", "number"},
         {"description",
          "Wat deze reden aan de `score` bijdraagt; 0 voor een reden die alleen uitleg is "
          "(`vereisteVaardigheden`, `leerbaar`, `ondersteuning`, `uren`). De bijdragen zijn "
          "hooguit: gewenste vaardigheden 0,30 (naar het deel dat de deelnemer heeft), "
          "reisafstand 0,25 (1 aan de deur, 0 op de maximale reisafstand van de deelnemer), "
          "sector 0,20, niveau 0,15 (minder als de deelnemer ruim boven het gevraagde niveau "
          "zit) en erkend leerbedrijf 0,10."},
         {"minimum", 0},
         {"maximum", 1}}}});
  (*s)["Ontbrekend"] = Object(
      "Waarom de combinatie (nog) niet past: een harde eis waaraan niet is voldaan.",
      {{"code",
        {{"type", "string"},
         {"description",
          "Soort eis: `vaardigheidOntbreekt` (een vereiste vaardigheid die niet leerbaar is, "
          "ontbreekt of is er niet op het gevraagde niveau), `teVer` (de reisafstand, hemelsbreed "
          "maal de wegfactor (standaard 1,3), is groter dan de maximale reisafstand van de "
          "deelnemer), "
          "`niveauTeLaag` (het opleidingsniveau is lager dan het minimale niveau van de plek), "
          "`ondersteuningOntbreekt` (een ondersteuning die de deelnemer nodig heeft, biedt de "
          "plek niet), `teVeelUren` (de plek vraagt meer uren per week dan de deelnemer heeft en "
          "biedt geen aangepaste uren) of `nietBeschikbaar` (de deelnemer is pas beschikbaar na "
          "het einde van de periode van de plek)."},
         {"enum", Json::array({"vaardigheidOntbreekt", "teVer", "niveauTeLaag",
                               "ondersteuningOntbreekt", "teVeelUren", "nietBeschikbaar"})}}},
       {"tekst", WithExamples(Text("Uitleg in het Nederlands."),
                              Json::array({"Geen jobcoach op deze plek"}))}});
  Json explanation = {
      {"score",
       Score("Hoe goed de combinatie past, van 0 tot en met 1, afgerond op vier decimalen. "
             "Een combinatie die niet aan alle harde eisen voldoet, heeft score 0.")},
      {"redenen", ArrayOf("Waarom de combinatie past.", SchemaRef("Reden"))},
      {"ontbreekt",
       ArrayOf("De harde eisen waaraan niet is voldaan. De lijsten met passende plekken en "
               "kandidaten bevatten alleen combinaties die aan alle harde eisen voldoen; daar is "
               "deze lijst dus leeg.",
               SchemaRef("Ontbrekend"))}};
  Json plek = explanation;
  plek["plek"] = Described(SchemaRef("Plek"), "De plek.");
  (*s)["PassendePlek"] = Object("Een plek die bij de deelnemer past, met de uitleg waarom.", plek);
  (*s)["KandidaatDeelnemer"] = Object(
      "Een deelnemer zoals de aanbiedende kant hem mag zien: gepseudonimiseerd, zonder naam, "
      "geboortedatum of postcode.",
      {{"id", Uuid("Het id van de deelnemer.")},
       {"leeftijd", Integer("Leeftijd in jaren, vandaag.", 0, 150)},
       {"gemeente", GemeenteCode("Gemeentecode van de woonplaats.")},
       {"regio", RegioCode("Arbeidsmarktregio van de woonplaats.")},
       {"niveau", SchemaRef("Niveau")},
       {"situatie", SchemaRef("Situatie")}});
  Json kandidaat = explanation;
  kandidaat["deelnemer"] = SchemaRef("KandidaatDeelnemer");
  (*s)["Kandidaat"] = Object("Een deelnemer die bij de plek past, met de uitleg waarom.", kandidaat);
  (*s)["PassendePlekLijst"] =
      List("De best passende plekken, de beste eerst.", "PassendePlek");
  (*s)["KandidaatLijst"] = List("De best passende kandidaten, de beste eerst.", "Kandidaat");
}

// ---- allocation rounds (routes.cpp AddRounds, service/round_service.h) --------------------------

const char* kRoundModes =
    "`stabiel`: een stabiele toewijzing met deferred acceptance (Gale-Shapley met capaciteiten), "
    "waarin de deelnemers voorstellen. Elke deelnemer gaat zijn passende plekken af, de best "
    "passende eerst; een plek houdt de deelnemers met de hoogste `score` vast, zoveel als haar "
    "capaciteit toelaat, en wijst de rest af. Bij gelijke score beslist een loting met het "
    "vastgelegde `lotingZaad`, zodat de ronde precies over te doen is. Er blijft geen deelnemer "
    "en plek over die elkaar liever hadden gehad dan wat ze kregen; van alle stabiele "
    "toewijzingen is dit de beste voor de deelnemers. "
    "`optimaal`: eerst zoveel mogelijk deelnemers geplaatst, en daarbij de hoogste totale score "
    "(de som van de scores van alle plaatsingen). Overstap rekent dit uit met een eigen oplosser "
    "die naast de toewijzing een optimaliteitscertificaat oplevert (duale prijzen per deelnemer "
    "en per plek), waarmee te controleren is dat geen toewijzing meer deelnemers plaatst of bij "
    "evenveel geplaatsten een hogere totale score haalt. Zo'n toewijzing hoeft niet stabiel te "
    "zijn.";

const char* kRoundPhases =
    "`wachtend` (in de wachtrij), `kandidaten` (alle combinaties van deelnemer en plek binnen de "
    "ronde die aan de harde eisen voldoen, zoeken en scoren; voortgang 0 tot 60%), `toewijzen` "
    "(de toewijzing uitrekenen volgens de `modus`; tot 70%), `toelichten` (elke plaatsing "
    "uitleggen en voor elke niet-geplaatste deelnemer de reden bepalen; tot 90%), `opslaan` (de "
    "uitkomsten opslaan in porties, met andere wijzigingen ertussen, en als laatste de totalen) "
    "en `klaar`.";

void AddRoundSchemas(Json* s) {
  (*s)["Modus"] = Enum(std::string("Hoe een matchronde deelnemers over plekken verdeelt. ") +
                           kRoundModes,
                       domain::RoundModeNames());
  (*s)["StatusMatchronde"] = Enum(
      "De status van een matchronde: `wachtend` (nog niet begonnen), `bezig`, `klaar` (de "
      "uitkomsten staan klaar) of `mislukt` (zie `fout`).",
      domain::RoundStatusNames());
  (*s)["Fase"] = {{"type", "string"},
                  {"description", std::string("De fase van een matchronde: ") + kRoundPhases},
                  {"enum", Json::array({"wachtend", "kandidaten", "toewijzen", "toelichten",
                                        "opslaan", "klaar"})}};

  (*s)["MatchrondeInvoer"] = {
      {"type", "object"},
      {"description",
       "Invoer voor het starten van een matchronde. Geef `regios` (een of meer regiocodes) of "
       "`landelijk`: true, niet allebei en niet geen van beide (anders 400). Onbekende velden "
       "worden geweigerd. Een optioneel veld dat ontbreekt of null is, krijgt zijn "
       "standaardwaarde."},
      {"properties",
       {{"modus", SchemaRef("Modus")},
        {"regios",
         Nullable(ArrayOf("De arbeidsmarktregio's waarvan de deelnemers en plekken meedoen. Een "
                          "onbekende regiocode geeft 422; dubbele codes worden samengevoegd.",
                          WithExamples(Text("Code van een arbeidsmarktregio (zie `/regios`).", 0,
                                            8),
                                       Json::array({"AM18"})),
                          35))},
        {"landelijk",
         Nullable({{"type", "boolean"},
                   {"description",
                    "true: alle deelnemers en plekken van het land doen mee (in plaats van "
                    "`regios`)."}})},
        {"soorten",
         Nullable(ArrayOf("Alleen plekken van deze soorten doen mee; leeg of weggelaten: alle "
                          "soorten. Dubbele waarden worden samengevoegd.",
                          SchemaRef("SoortPlek"), 6))},
        {"lotingZaad",
         Nullable(Integer("Het zaad van de loting die bij `stabiel` beslist tussen deelnemers met "
                          "gelijke score. Standaard leidt Overstap het af van de klok; het "
                          "gebruikte zaad staat altijd in de ronde, zodat u haar precies kunt "
                          "overdoen.",
                          0, 1000000000))}}},
      {"required", Json::array({"modus"})},
      {"additionalProperties", false}};

  Json count = {{"type", "integer"}, {"minimum", 0}};
  (*s)["CodeNietGeplaatst"] = {
      {"type", "string"},
      {"description",
       "Waarom een deelnemer in een matchronde geen plek kreeg: `anderenGingenVoor` (er waren "
       "passende plekken, maar die gingen naar anderen: bij `stabiel` naar deelnemers met een "
       "hogere score of een gunstiger loting, bij `optimaal` omdat zo meer deelnemers geplaatst "
       "werden of de totale score hoger werd), `geenPlekBinnenBereik` (binnen de reisafstand "
       "van de deelnemer is geen plek van de gevraagde soorten, en tot tweemaal die afstand ook "
       "geen die verder zou passen) of `teVer` (binnen de reisafstand past geen plek, iets "
       "verderop wel). Alleen plekken in de regio's en soorten van de ronde tellen mee. "
       "`ondersteuningNietAangeboden`: geen plek binnen bereik biedt ondersteuning die de "
       "deelnemer nodig heeft. Anders noemt de code het bezwaar dat het vaakst voorkomt bij de "
       "plekken binnen bereik (een steekproef van hooguit 400): `ontbrekendeVaardigheid` (een "
       "vereiste vaardigheid ontbreekt die de deelnemer ook niet op de werkplek kan leren), "
       "`niveauTeLaag` (het opleidingsniveau is te laag), `ondersteuningNietAangeboden` (nodige "
       "ondersteuning ontbreekt bij de meeste plekken), `urenPassenNiet` (de uren passen niet) "
       "of `nietBeschikbaar` (de deelnemer is pas beschikbaar na de periode van de plekken)."},
      {"enum", Json::array({"geenPlekBinnenBereik", "ontbrekendeVaardigheid",
                            "ondersteuningNietAangeboden", "niveauTeLaag", "teVer",
                            "urenPassenNiet", "nietBeschikbaar", "anderenGingenVoor"})}};
  (*s)["RedenNietGeplaatst"] = Object(
      "Waarom een deelnemer in de matchronde geen plek kreeg.",
      {{"code", SchemaRef("CodeNietGeplaatst")},
       {"tekst", WithExamples(Text("Uitleg in het Nederlands, met de ontbrekende vaardigheid of "
                                   "ondersteuning als die er is."),
                              Json::array({"Geen plek van deze soort binnen bereik"}))}});
  (*s)["MatchrondeResultaat"] = Object(
      "De totalen van een afgeronde matchronde.",
      {{"deelnemers", Described(count, "De deelnemers in de regio's van de ronde.")},
       {"plekken", Described(count, "De plekken van de gevraagde soorten in de regio's van de "
                                    "ronde.")},
       {"zetels", Described(count, "De som van de capaciteit van die plekken.")},
       {"kandidaatparen",
        Described(count, "De combinaties van deelnemer en plek die aan alle harde eisen "
                         "voldoen.")},
       {"geplaatst", Described(count, "Hoeveel deelnemers een plek kregen.")},
       {"nietGeplaatst", Described(count, "Hoeveel deelnemers geen plek kregen.")},
       {"totaleScore",
        {{"type", "number"},
         {"description",
          "De som van de scores van alle plaatsingen, afgerond op vier decimalen."},
         {"minimum", 0}}},
       {"nietGeplaatstPerReden",
        {{"type", "object"},
         {"description",
          "Per reden (zie `CodeNietGeplaatst`) hoeveel deelnemers daarom geen plek kregen; "
          "redenen die niet voorkomen, ontbreken."},
         {"propertyNames", SchemaRef("CodeNietGeplaatst")},
         {"additionalProperties", {{"type", "integer"}, {"minimum", 1}}},
         {"examples", Json::array({Json{{"anderenGingenVoor", 120}, {"teVer", 14}}})}}}});
  (*s)["Matchronde"] = Object(
      "Een matchronde: één keer alle deelnemers van een of meer regio's (of het hele land) "
      "verdelen over de plekken daar, met per deelnemer de uitkomst.",
      {{"id", Uuid("Het id van de matchronde, door Overstap toegekend.")},
       {"modus", SchemaRef("Modus")},
       {"regios", ArrayOf("De arbeidsmarktregio's van de ronde, zonder dubbele; leeg bij een "
                          "landelijke ronde.",
                          RegioCode("Code van een arbeidsmarktregio."), 35)},
       {"landelijk",
        {{"type", "boolean"}, {"description", "Of de ronde het hele land omvat."}}},
       {"soorten", ArrayOf("De soorten plekken die meedoen, zonder dubbele; leeg: alle soorten.",
                           SchemaRef("SoortPlek"), 6)},
       {"lotingZaad",
        Integer("Het zaad van de loting bij gelijke score: opgegeven of door Overstap gekozen. "
                "Met dezelfde gegevens, modus en hetzelfde zaad geeft een ronde dezelfde "
                "uitkomst.",
                0, 2147483647)},
       {"status", SchemaRef("StatusMatchronde")},
       {"fase", SchemaRef("Fase")},
       {"voortgang",
        Integer("Hoe ver de ronde is, in procenten (naar beneden afgerond); 100 als ze klaar is.",
                0, 100)},
       {"aangemaakt", Timestamp("Moment van aanmaken (UTC).")},
       {"gestart", Nullable(Timestamp("Moment waarop de ronde begon (UTC); null zolang ze "
                                      "wacht."))},
       {"klaar", Nullable(Timestamp("Moment waarop de ronde klaar was (UTC); null tot dan."))},
       {"resultaat", Nullable(Described(SchemaRef("MatchrondeResultaat"),
                                        "De totalen; null tot de ronde `klaar` is."))},
       {"fout", Nullable(Text("Waarom de ronde mislukte (in het Nederlands); null als er niets "
                              "misging."))}});

  (*s)["UitkomstGeplaatst"] = Object(
      "De uitkomst voor een deelnemer die een plek kreeg, met de uitleg waarom die past.",
      {{"deelnemer", Uuid("Het id van de deelnemer.")},
       {"plek", Nullable(Uuid("Het id van de plek die de deelnemer kreeg; null als de plek "
                              "sindsdien is verwijderd."))},
       {"geplaatst",
        {{"type", "boolean"}, {"const", true}, {"description", "De deelnemer kreeg een plek."}}},
       {"score", Score("Hoe goed de combinatie past, van 0 tot en met 1, afgerond op vier "
                       "decimalen.")},
       {"redenen", ArrayOf("Waarom de combinatie past.", SchemaRef("Reden"))},
       {"ontbreekt", ArrayOf("De harde eisen waaraan niet is voldaan; een plaatsing voldoet aan "
                             "alle harde eisen, dus deze lijst is leeg.",
                             SchemaRef("Ontbrekend"))}});
  (*s)["UitkomstNietGeplaatst"] = Object(
      "De uitkomst voor een deelnemer die geen plek kreeg, met de reden.",
      {{"deelnemer", Uuid("Het id van de deelnemer.")},
       {"plek", {{"type", "null"}, {"description", "Geen plek."}}},
       {"geplaatst",
        {{"type", "boolean"}, {"const", false}, {"description", "De deelnemer kreeg geen plek."}}},
       {"reden", SchemaRef("RedenNietGeplaatst")}});
  (*s)["Uitkomst"] = {
      {"description",
       "De uitkomst van een matchronde voor één deelnemer: geplaatst (`geplaatst` is true) of "
       "niet geplaatst."},
      {"oneOf",
       Json::array({SchemaRef("UitkomstGeplaatst"), SchemaRef("UitkomstNietGeplaatst")})}};
  (*s)["MatchrondePagina"] = Page("Een pagina matchrondes, de nieuwste eerst.", "Matchronde");
  (*s)["UitkomstPagina"] = Page("Een pagina uitkomsten van een matchronde.", "Uitkomst");
}

// ---- keep in view (routes.cpp AddFollow, service/follow_service.h, docs/keep-in-view.md) -------

const char* kEventKinds =
    "Soort gebeurtenis op de tijdlijn. Door een client vast te leggen: `inschrijvingGestart` en "
    "`inschrijvingBeeindigd` (school; `organisatie` is de school, bij het einde een `reden`), "
    "`plaatsingGestart` en `plaatsingBeeindigd` (stage, leerbaan of baan; `organisatie` is de "
    "werkgever, bij de start eventueel de `plek` en de geplande einddatum `tot`, bij het einde "
    "een `reden`), `uitkeringGestart` en `uitkeringBeeindigd` (`organisatie` is de gemeente of "
    "het UWV, `uitkering` de soort), `contact` (met wie: `organisatie`, hoe: `contactSoort`), "
    "`big5Gewijzigd` (een domein van het big-5-plan; gebruik bij voorkeur `PUT "
    "/deelnemers/{id}/big5/{domein}`), `toestemmingGegeven` en `toestemmingIngetrokken`, en "
    "`vervallen` (de gebeurtenis in `corrigeert` telt niet meer). Alleen Overstap zelf legt vast: "
    "`signaalOpgeworpen`, `signaalOpgelost`, `taakAangemaakt`, `taakAfgerond`, "
    "`taakGeescaleerd`, `overdrachtAangeboden`, `overdrachtGeaccepteerd` en "
    "`overdrachtGeweigerd`; een client die ze stuurt, krijgt 400 op `soort`.";

const char* kReasons =
    "De reden van een einde. Bij `inschrijvingBeeindigd`: `diploma`, `zonderDiploma`, "
    "`overstap` of `anders`; bij `plaatsingBeeindigd`: `afgerond`, `voortijdig` (dit geeft het "
    "signaal `plaatsingGestopt`), `ontslag` of `anders`. Verplicht bij die twee soorten.";

const char* kSignalKinds =
    "Soort signaal: `uitBeeld` (geen school, werk of uitkering en al te lang geen contact), "
    "`plaatsingGestopt` (een plaatsing is voortijdig gestopt en er is sindsdien geen nieuwe "
    "plaatsing of inschrijving), `geenPlekVoorStart` (de geplande start, `beschikbaarVanaf`, "
    "nadert zonder plaatsing), `wordt18` en `wordt23` (de overgang naar gemeente of UWV nadert "
    "en is nog niet warm overgedragen), `big5ZorgZonderEigenaar` (een big-5-domein staat op "
    "`zorg` zonder eigenaar), `taakVerlopen` (een taak is over haar vervaldatum: escalatie naar "
    "de coördinator van de regio), `overdrachtNietGeaccepteerd` (een overdracht is niet op tijd "
    "beantwoord: ook een escalatie) en `evaluatieVerlopen` (de evaluatiedatum van een "
    "big-5-domein is voorbij). De drempels (in dagen) staan per regio in het regelbestand.";

// One field of an event: its response schema (always present, null when it does not apply)
// and its request schema (optional, null allowed).
struct EventFieldDoc {
  const char* name;
  Json schema;
};

void AddFollowSchemas(Json* s) {
  (*s)["SoortGebeurtenis"] = Enum(kEventKinds, domain::EventKindNames());
  (*s)["ContactSoort"] = Enum("Hoe het contact was: `gesprek`, `telefoon`, `huisbezoek`, "
                              "`digitaal` of `brief`.",
                              domain::ContactKindNames());
  (*s)["Big5Domein"] = Enum(
      "Een domein van het big-5-plan: `wonen`, `inkomen`, `welzijn`, `werkEnSchool` of `support` "
      "(een steunend netwerk).",
      domain::Big5DomainNames());
  (*s)["Big5Status"] =
      Enum("Hoe het met een big-5-domein gaat: `opOrde`, `aandacht` of `zorg`.",
           domain::Big5StatusNames());
  (*s)["SignaalSoort"] = Enum(kSignalKinds, domain::SignalKindNames());
  (*s)["StatusSignaal"] = Enum(
      "`open` zolang de voorwaarde geldt; `opgelost` zodra ze niet meer geldt (Overstap lost een "
      "signaal zelf op, bij een nieuwe gebeurtenis of bij de dagelijkse controle).",
      domain::SignalStatusNames());
  (*s)["StatusTaak"] = Enum(
      "`open`, `afgerond` (door een medewerker) of `vervallen` (het signaal loste vanzelf op "
      "voordat de taak was afgerond).",
      domain::TaskStatusNames());
  (*s)["StatusOverdracht"] = Enum(
      "`aangeboden` (wacht op antwoord; de verzender blijft verantwoordelijk), `geaccepteerd` (de "
      "ontvanger is nu verantwoordelijk) of `geweigerd` (de verzender blijft verantwoordelijk).",
      domain::HandoverStatusNames());

  const Json reason = {{"type", "string"},
                       {"description", kReasons},
                       {"enum", Json::array({"diploma", "zonderDiploma", "overstap", "anders",
                                             "afgerond", "voortijdig", "ontslag"})}};
  const std::vector<EventFieldDoc> payload = {
      {"organisatie",
       Uuid("Id van de organisatie: de school (inschrijving), de werkgever (plaatsing), de "
            "gemeente of het UWV (uitkering), met wie het contact was (contact), de eigenaar "
            "(big5Gewijzigd) of wie de toestemming kreeg. Verplicht bij "
            "`inschrijvingGestart`, `plaatsingGestart` en `uitkeringGestart`; een onbekende "
            "organisatie geeft 422.")},
      {"plek", Uuid("Id van de plek van een plaatsing (`plaatsing…`).")},
      {"reden", reason},
      {"tot", DateValue("Bij `plaatsingGestart` de geplande laatste dag (niet voor het begin: "
                        "anders 422); bij `big5Gewijzigd` de volgende evaluatie.")},
      {"uitkering",
       Described(SchemaRef("Uitkering"),
                 "Soort uitkering (`uitkering…`); bij `uitkeringGestart` verplicht en niet "
                 "`geen`.")},
      {"contactSoort",
       Described(SchemaRef("ContactSoort"), "Hoe het contact was (`contact`); standaard "
                                            "`gesprek`.")},
      {"domein", Described(SchemaRef("Big5Domein"), "Het domein (`big5Gewijzigd`; verplicht).")},
      {"big5Status",
       Described(SchemaRef("Big5Status"), "De nieuwe status (`big5Gewijzigd`; verplicht).")},
      {"medewerker", Text("De medewerker van de eigenaar die het domein oppakt (`big5Gewijzigd`).",
                          0, domain::kMaxProfessionalLength)},
      {"doel", Text("Het doel voor het domein (`big5Gewijzigd`).", 0, domain::kMaxNoteLength)},
      {"acties", Text("De afgesproken acties (`big5Gewijzigd`).", 0, domain::kMaxNoteLength)},
      {"notitie", Text("Een notitie (elke soort behalve `big5Gewijzigd`); komt nooit in logs.", 0,
                       domain::kMaxNoteLength)},
      {"corrigeert",
       Uuid("Id van een eerdere gebeurtenis van dezelfde deelnemer die deze vervangt (dan van "
            "dezelfde soort; anders 422) of, bij `vervallen`, die niet meer telt. Een correctie "
            "van een correctie vervangt de hele keten. Niet bij signalen, taken en "
            "overdrachten.")}};

  Json out = {
      {"id", Uuid("Het id van de gebeurtenis, door Overstap toegekend.")},
      {"deelnemer", Uuid("Het id van de deelnemer.")},
      {"volgnummer",
       {{"type", "integer"},
        {"minimum", 1},
        {"description", "De plaats in het logboek van Overstap: later vastgelegd is hoger."}}},
      {"soort", SchemaRef("SoortGebeurtenis")},
      {"tijdstip", Timestamp("Wanneer het gebeurde (UTC).")},
      {"vastgelegd", Timestamp("Wanneer Overstap het vastlegde (UTC).")},
      {"actor", Text("Wie het vastlegde (gebruikers-id; `systeem` voor signalen en taken die "
                     "Overstap zelf maakt).")},
      {"actorOrganisatie",
       Nullable(Uuid("De organisatie van wie het vastlegde; null voor de beheerder en het "
                     "systeem."))},
      {"verwijzing",
       Nullable(Uuid("Bij signalen, taken en overdrachten: het id van het signaal, de taak of "
                     "de overdracht; anders null."))}};
  Json in = {{"soort", SchemaRef("SoortGebeurtenis")},
             {"tijdstip",
              WithExamples(
                  {{"type", "string"},
                   {"description",
                    "Wanneer het gebeurde: een tijdstip volgens RFC 3339 met tijdzone, of een "
                    "datum (`JJJJ-MM-DD`, dan middernacht UTC). Niet in de toekomst (422) en niet "
                    "voor 1990 (400). Een feit dat later wordt vastgelegd, komt op zijn plaats "
                    "in de tijdlijn."},
                   {"anyOf", Json::array({Json{{"format", "date-time"}},
                                          Json{{"format", "date"}}})}},
                  Json::array({"2026-09-01T10:30:00+02:00", "2026-09-01"}))}};
  Json in_required = Json::array({"soort", "tijdstip"});
  for (const auto& f : payload) {
    out[f.name] = Nullable(f.schema);
    in[f.name] = Nullable(f.schema);
  }
  for (const char* k : {"id", "deelnemer", "volgnummer", "vastgelegd", "actor",
                        "actorOrganisatie", "verwijzing"}) {
    Json read_only = out[k];
    read_only["readOnly"] = true;
    in[k] = read_only;
  }
  (*s)["Gebeurtenis"] = Object(
      "Een gebeurtenis op de tijdlijn van een deelnemer. Velden die niet bij de `soort` horen, "
      "zijn null. Een gebeurtenis wordt nooit gewijzigd of verwijderd: een correctie is een "
      "nieuwe gebeurtenis die naar de oude verwijst (`corrigeert`).",
      out);
  (*s)["GebeurtenisInvoer"] = {
      {"type", "object"},
      {"description",
       "Een gebeurtenis om vast te leggen. Onbekende velden, en velden die niet bij de `soort` "
       "horen, worden geweigerd (400, code `nietBijDezeSoort`). Alleen-lezen velden mogen "
       "meekomen en worden genegeerd."},
      {"properties", in},
      {"required", in_required},
      {"additionalProperties", false}};
  Json batch_item = in;
  batch_item["deelnemer"] = Uuid("Van wie de gebeurtenis is.");
  Json batch_required = in_required;
  batch_required.push_back("deelnemer");
  (*s)["GebeurtenissenInvoer"] = {
      {"type", "object"},
      {"description", "Gebeurtenissen van een of meer deelnemers om in één keer vast te leggen."},
      {"properties",
       {{"gebeurtenissen",
         {{"type", "array"},
          {"minItems", 1},
          {"maxItems", 10000},
          {"description",
           "De gebeurtenissen, elk als `GebeurtenisInvoer` met `deelnemer` erbij."},
          {"items",
           {{"type", "object"},
            {"properties", batch_item},
            {"required", batch_required},
            {"additionalProperties", false}}}}}}},
      {"required", Json::array({"gebeurtenissen"})},
      {"additionalProperties", false}};
  (*s)["GebeurtenissenAanvaard"] = Object(
      "Het aantal vastgelegde gebeurtenissen.",
      {{"aantal", {{"type", "integer"}, {"format", "int64"}, {"minimum", 1},
                   {"description", "Hoeveel gebeurtenissen zijn vastgelegd."}}}});
  (*s)["GebeurtenisPagina"] =
      Page("Een pagina van de tijdlijn, het nieuwste feit eerst.", "Gebeurtenis");

  Json entry = {
      {"status", SchemaRef("Big5Status")},
      {"eigenaar", Nullable(Uuid("Id van de organisatie die het domein oppakt; null: niemand "
                                 "(bij `zorg` geeft dat het signaal "
                                 "`big5ZorgZonderEigenaar`)."))},
      {"medewerker", Nullable(Text("De medewerker van de eigenaar.", 0,
                                   domain::kMaxProfessionalLength))},
      {"doel", Nullable(Text("Het doel.", 0, domain::kMaxNoteLength))},
      {"acties", Nullable(Text("De afgesproken acties.", 0, domain::kMaxNoteLength))},
      {"evaluatie", Nullable(DateValue("De volgende evaluatie; daarna geeft het domein het "
                                       "signaal `evaluatieVerlopen`."))}};
  Json entry_out = entry;
  entry_out["gewijzigd"] = Timestamp("Wanneer het domein voor het laatst werd vastgelegd (UTC).");
  (*s)["Big5Onderdeel"] = Object("Eén domein van het big-5-plan zoals het nu is.", entry_out);
  Json entry_in = entry;
  entry_in["gewijzigd"] = Timestamp("Alleen-lezen; genegeerd, zodat een opgehaald domein kan "
                                    "worden teruggestuurd.");
  entry_in["gewijzigd"]["readOnly"] = true;
  (*s)["Big5Invoer"] = {
      {"type", "object"},
      {"description",
       "Het nieuwe plan voor één big-5-domein. Vervangt het hele domein: een veld dat ontbreekt "
       "of null is, is daarna leeg. Onbekende velden worden geweigerd."},
      {"properties", entry_in},
      {"required", Json::array({"status"})},
      {"additionalProperties", false}};
  Json plan = Json::object();
  for (auto name : domain::Big5DomainNames()) {
    plan[std::string(name)] = Nullable(Described(
        SchemaRef("Big5Onderdeel"), "Het domein `" + std::string(name) + "`; null als het nooit "
                                                                          "is vastgelegd."));
  }
  (*s)["Big5Plan"] = Object("Het big-5-plan: per domein de stand, of null.", plan);

  (*s)["Plaatsing"] = Object(
      "De lopende plaatsing.",
      {{"werkgever", Nullable(Uuid("Id van de werkgever."))},
       {"plek", Nullable(Uuid("Id van de plek, als die bekend is."))},
       {"sinds", Timestamp("Begin van de plaatsing (UTC).")},
       {"tot", Nullable(DateValue("Geplande laatste dag."))}});
  (*s)["GestoptePlaatsing"] = Object(
      "De laatste plaatsing die voortijdig stopte, zolang er geen nieuwe plaatsing of "
      "inschrijving is begonnen.",
      {{"gebeurtenis", Uuid("Id van de gebeurtenis `plaatsingBeeindigd`.")},
       {"sinds", Timestamp("Wanneer de plaatsing stopte (UTC).")}});
  (*s)["LopendeUitkering"] = Object(
      "De lopende uitkering.",
      {{"soort", SchemaRef("Uitkering")},
       {"instantie", Nullable(Uuid("Id van de gemeente of het UWV."))},
       {"sinds", Timestamp("Begin van de uitkering (UTC).")}});
  (*s)["Volgstand"] = Object(
      "De huidige stand van een deelnemer, afgeleid uit de tijdlijn: de gebeurtenissen op "
      "volgorde van tijdstip, met correcties toegepast en vervallen gebeurtenissen weggelaten. "
      "De tijdlijn opnieuw afspelen geeft altijd precies deze stand.",
      {{"situatie", Described(SchemaRef("Situatie"),
                              "Afgeleid: `school` (lopende inschrijving), `werk` (lopende "
                              "plaatsing), `schoolEnWerk`, `uitkering` of `geen`.")},
       {"school", Nullable(Uuid("Id van de school van de lopende inschrijving."))},
       {"schoolSinds", Nullable(Timestamp("Begin van de lopende inschrijving (UTC)."))},
       {"plaatsing", Nullable(Described(SchemaRef("Plaatsing"), "De lopende plaatsing, of "
                                                                "null."))},
       {"gestoptePlaatsing",
        Nullable(Described(SchemaRef("GestoptePlaatsing"),
                           "Een voortijdig gestopte plaatsing zonder vervolg, of null."))},
       {"uitkering",
        Nullable(Described(SchemaRef("LopendeUitkering"), "De lopende uitkering, of null."))},
       {"laatsteContact", Nullable(Timestamp("Het tijdstip van het laatste contact (UTC)."))},
       {"verantwoordelijkeOrganisatie",
        Nullable(Uuid("De organisatie die de deelnemer sinds de laatste geaccepteerde "
                      "overdracht in beeld houdt; null zonder zo'n overdracht (dan geldt de "
                      "`verantwoordelijkeOrganisatie` van de deelnemer, de school of de "
                      "uitkerende instantie)."))},
       {"verantwoordelijkSinds", Nullable(Timestamp("Sinds wanneer (UTC)."))},
       {"toestemming",
        {{"type", "boolean"},
         {"description", "Of de deelnemer toestemming gaf en die niet introk."}}},
       {"big5", SchemaRef("Big5Plan")},
       {"gebeurtenissen",
        {{"type", "integer"},
         {"minimum", 0},
         {"description", "Hoeveel gebeurtenissen meetellen (na correcties)."}}},
       {"laatsteTijdstip",
        Nullable(Timestamp("Het tijdstip van de laatste gebeurtenis die meetelt (UTC)."))}});

  (*s)["Signaal"] = Object(
      "Een signaal: een voorwaarde die voor een deelnemer geldt en waar iemand iets mee moet. "
      "Per deelnemer, soort en `sleutel` is er hooguit één open signaal; elk signaal wordt een "
      "taak.",
      {{"id", Uuid("Het id van het signaal.")},
       {"deelnemer", Uuid("Het id van de deelnemer.")},
       {"regio", RegioCode("De arbeidsmarktregio van de deelnemer.")},
       {"soort", SchemaRef("SignaalSoort")},
       {"sleutel",
        Nullable(Text("Onderscheidt signalen van dezelfde soort: het big-5-domein, of het id "
                      "van de gestopte plaatsing, de taak of de overdracht; null als er maar één "
                      "kan zijn."))},
       {"status", SchemaRef("StatusSignaal")},
       {"feiten",
        {{"type", "object"},
         {"description", "De feiten die het signaal opwierpen, als naam en waarde."},
         {"additionalProperties", {{"type", "string"}}},
         {"examples", Json::array({Json{{"laatsteContact", "2026-03-10"},
                                        {"dagenUitBeeld", "45"}}})}}},
       {"opgeworpen", Timestamp("Wanneer het signaal ontstond (UTC).")},
       {"opgelost", Nullable(Timestamp("Wanneer het signaal oploste (UTC); null zolang het open "
                                       "is."))},
       {"taak", Nullable(Uuid("Het id van de taak die het signaal werd."))}});
  (*s)["SignaalPagina"] = Page("Een pagina signalen, het nieuwste eerst.", "Signaal");

  (*s)["Taak"] = Object(
      "Een taak voor een organisatie, uit een signaal. Gaat naar de verantwoordelijke "
      "organisatie, of naar de coördinerende gemeente van de regio als niemand verantwoordelijk "
      "is. Een open taak over haar vervaldatum escaleert naar de coördinator.",
      {{"id", Uuid("Het id van de taak.")},
       {"deelnemer", Uuid("Het id van de deelnemer.")},
       {"regio", RegioCode("De arbeidsmarktregio van de deelnemer.")},
       {"signaal", Nullable(Uuid("Het signaal waaruit de taak kwam."))},
       {"soort", SchemaRef("SignaalSoort")},
       {"titel", Text("Wat er moet gebeuren, in het Nederlands.")},
       {"organisatie",
        Nullable(Uuid("De organisatie die de taak heeft; null als de regio geen coördinerende "
                      "gemeente heeft."))},
       {"medewerker", Nullable(Text("De medewerker aan wie de taak is toegewezen.", 0,
                                    domain::kMaxProfessionalLength))},
       {"status", SchemaRef("StatusTaak")},
       {"vervaldatum", DateValue("Uiterlijk dan moet de taak af zijn.")},
       {"escalatie",
        Integer("0: de taak van de verantwoordelijke organisatie; 1: een escalatie naar de "
                "coördinator van de regio.",
                0, 9)},
       {"escaleert", Nullable(Uuid("Bij een escalatie: de taak die over de termijn ging."))},
       {"notitie", Nullable(Text("De notitie bij het afronden.", 0, domain::kMaxNoteLength))},
       {"aangemaakt", Timestamp("Wanneer de taak ontstond (UTC).")},
       {"afgesloten", Nullable(Timestamp("Wanneer de taak werd afgerond of verviel (UTC)."))}});
  (*s)["TaakPagina"] = Page("Een pagina taken, de nieuwste eerst.", "Taak");

  (*s)["Overdracht"] = Object(
      "Een warme overdracht van de verantwoordelijkheid voor een deelnemer van de ene "
      "organisatie aan de andere. Pas als de ontvanger accepteert, gaat de verantwoordelijkheid "
      "over; tot dan blijft de verzender verantwoordelijk.",
      {{"id", Uuid("Het id van de overdracht.")},
       {"deelnemer", Uuid("Het id van de deelnemer.")},
       {"regio", RegioCode("De arbeidsmarktregio van de deelnemer.")},
       {"van", Uuid("De organisatie die overdraagt.")},
       {"naar", Uuid("De organisatie die overneemt.")},
       {"notitie", Nullable(Text("De notitie bij het aanbod.", 0, domain::kMaxNoteLength))},
       {"status", SchemaRef("StatusOverdracht")},
       {"antwoordVoor",
        DateValue("Uiterlijk dan moet de ontvanger antwoorden; daarna geeft de overdracht het "
                  "signaal `overdrachtNietGeaccepteerd`.")},
       {"aangeboden", Timestamp("Wanneer de overdracht werd aangeboden (UTC).")},
       {"beantwoord", Nullable(Timestamp("Wanneer de ontvanger antwoordde (UTC)."))},
       {"beantwoordDoor", Nullable(Text("Wie antwoordde (gebruikers-id)."))}});
  (*s)["OverdrachtPagina"] = Page("Een pagina overdrachten, de nieuwste eerst.", "Overdracht");
  Json offer = {
      {"deelnemer", Uuid("Id van de deelnemer; een onbekende deelnemer geeft 422.")},
      {"van", Nullable(Uuid("De organisatie die overdraagt; standaard die van de gebruiker. Moet "
                            "de verantwoordelijke organisatie zijn; een andere of een onbekende "
                            "organisatie geeft 422."))},
      {"naar", Uuid("De organisatie die overneemt; een andere dan `van` en een bestaande (anders "
                    "422).")},
      {"notitie", Nullable(Text("Wat de ontvanger moet weten; komt nooit in logs.", 0,
                                domain::kMaxNoteLength))}};
  for (const char* k : {"id", "regio", "status", "antwoordVoor", "aangeboden", "beantwoord",
                        "beantwoordDoor"}) {
    offer[k] = {{"readOnly", true}, {"description", "Alleen-lezen; genegeerd."}};
  }
  (*s)["OverdrachtInvoer"] = {
      {"type", "object"},
      {"description",
       "Een overdracht om aan te bieden. Onbekende velden worden geweigerd; alleen-lezen velden "
       "mogen meekomen en worden genegeerd."},
      {"properties", offer},
      {"required", Json::array({"deelnemer", "naar"})},
      {"additionalProperties", false}};
  (*s)["NotitieInvoer"] = {
      {"type", "object"},
      {"description", "Een optionele notitie; stuur `{}` zonder notitie."},
      {"properties",
       {{"notitie", Nullable(Text("De notitie; komt nooit in logs.", 0, domain::kMaxNoteLength))}}},
      {"additionalProperties", false}};
  (*s)["ToewijzingInvoer"] = {
      {"type", "object"},
      {"description", "Aan wie een taak wordt toegewezen."},
      {"properties",
       {{"medewerker", Text("De medewerker (naam of gebruikers-id).", 1,
                            domain::kMaxProfessionalLength)}}},
      {"required", Json::array({"medewerker"})},
      {"additionalProperties", false}};
}

Json Schemas() {
  Json s = Json::object();
  s["SoortOrganisatie"] = Enum("Soort organisatie.", domain::OrganisationKindNames());
  s["SoortPlek"] = Enum(
      "Soort plek: `stage` (BPV of snuffelstage), `leerbaan` (BBL), `baan`, `proefplaats`, "
      "`beschutWerk` of `dagbesteding`.",
      domain::PlaceKindNames());
  s["Situatie"] = Enum("De huidige situatie van de deelnemer.", domain::SituationNames());
  s["Uitkering"] = Enum("Soort uitkering.", domain::BenefitNames());
  s["Niveau"] = Enum(
      "Opleidingsniveau: `pro` is praktijkonderwijs, `vso…` de uitstroomprofielen van het "
      "voortgezet speciaal onderwijs, `entree` is mbo niveau 1.",
      domain::LevelNames());
  s["Ondersteuning"] = Enum("Een vorm van ondersteuning op de werkplek.", domain::SupportNames());

  s["VaardigheidMetNiveau"] = {
      {"type", "object"},
      {"description", "Een vaardigheid met het niveau waarop iemand haar beheerst of nodig heeft."},
      {"properties",
       {{"vaardigheid", Text("ESCO-id van de vaardigheid (zie `/vaardigheden`).")},
        {"niveau",
         Integer("Vaardigheidsniveau: 1 (basis) tot en met 4 (zelfstandig/expert).", 1, 4)}}},
      {"required", Json::array({"vaardigheid", "niveau"})},
      {"additionalProperties", false}};
  s["VereisteVaardigheid"] = {
      {"type", "object"},
      {"description",
       "Een vaardigheid die de plek vraagt. Is ze `leerbaar`, dan kan ze op de werkplek "
       "geleerd worden en is ze voor het matchen geen harde eis."},
      {"properties",
       {{"vaardigheid", Text("ESCO-id van de vaardigheid (zie `/vaardigheden`).")},
        {"niveau",
         Integer("Vaardigheidsniveau: 1 (basis) tot en met 4 (zelfstandig/expert).", 1, 4)},
        {"leerbaar", {{"type", "boolean"}, {"description", "Kan op de werkplek geleerd worden; standaard false."}}}}},
      {"required", Json::array({"vaardigheid", "niveau"})},
      {"additionalProperties", false}};
  s["ExternId"] = {
      {"type", "object"},
      {"description", "Het eigen nummer van een organisatie voor een deelnemer."},
      {"properties",
       {{"organisatie", Uuid("Id van de organisatie.")},
        {"id", Text("Het nummer bij die organisatie.", 1, domain::kMaxExternalIdLength)}}},
      {"required", Json::array({"organisatie", "id"})},
      {"additionalProperties", false}};

  AddOrganisationSchemas(&s);
  AddPersonSchemas(&s);
  AddPlaceSchemas(&s);
  s["OrganisatiePagina"] = Page("Een pagina organisaties.", "Organisatie");
  s["DeelnemerPagina"] = Page("Een pagina deelnemers.", "Deelnemer");
  s["PlekPagina"] = Page("Een pagina plekken.", "Plek");

  s["Middelpunt"] = Object("Een punt in WGS84.",
                           {{"lat", {{"type", "number"}, {"description", "Breedtegraad."}}},
                            {"lon", {{"type", "number"}, {"description", "Lengtegraad."}}}});
  s["Regio"] = Object(
      "Een arbeidsmarktregio.",
      {{"code", RegioCode("Code van de arbeidsmarktregio.")},
       {"naam", Text("Naam.")},
       {"provincies", ArrayOf("De provincies waarin de regio ligt.", Text("Provincienaam."))},
       {"middelpunt", Described(SchemaRef("Middelpunt"), "Het middelpunt van de regio.")}});
  s["Gemeente"] = Object(
      "Een gemeente.",
      {{"code", GemeenteCode("Gemeentecode.")},
       {"naam", Text("Naam.")},
       {"provinciecode", WithExamples(Text("Provinciecode."), Json::array({"PV27"}))},
       {"provincie", Text("Naam van de provincie.")},
       {"regio", RegioCode("De arbeidsmarktregio waartoe de gemeente hoort.")},
       {"middelpunt", Described(SchemaRef("Middelpunt"),
                                "Het gemiddelde van de PC4-punten van de gemeente (waar mensen "
                                "wonen).")}});
  s["Sector"] = Object("Een sector: een sectie van de SBI 2025.",
                       {{"code", WithExamples(Text("SBI-sectieletter."), Json::array({"C"}))},
                        {"naam", Text("Nederlandse naam.")},
                        {"naamEngels", Text("Engelse naam.")}});
  s["Vaardigheid"] = Object(
      "Een vaardigheid uit ESCO.",
      {{"id", Text("ESCO-id.")},
       {"naam", Text("Naam; de Engelse naam als er geen Nederlandse is.")},
       {"naamEngels", Text("Engelse naam.")},
       {"soort", WithExamples(Text("ESCO-soort, of leeg als onbekend."),
                              Json::array({"skill/competence", "knowledge"}))},
       {"hergebruik", WithExamples(Text("ESCO-hergebruiksniveau, of leeg als onbekend."),
                                   Json::array({"transversal", "cross-sector", "sector-specific",
                                                "occupation-specific"}))}});
  s["Beroep"] = Object("Een beroep uit ESCO.",
                       {{"id", Text("ESCO-id.")},
                        {"naam", Text("Nederlandse naam; de Engelse als er geen Nederlandse is.")},
                        {"naamEngels", Text("Engelse naam.")},
                        {"iscoCode", WithExamples(Text("ISCO-08-code."), Json::array({"7212"}))},
                        {"escoCode", WithExamples(Text("ESCO-code."), Json::array({"7212.1"}))}});
  s["RegioMetGemeenten"] =
      Extended("Een arbeidsmarktregio met haar gemeenten.", "Regio",
               {{"gemeenten", ArrayOf("De gemeenten in de regio.", SchemaRef("Gemeente"))}});
  s["GemeenteMetPostcodes"] = Extended(
      "Een gemeente met haar postcodegebieden.", "Gemeente",
      {{"postcodes", ArrayOf("De PC4-postcodes in de gemeente.",
                             WithExamples(Text("PC4-postcode."), Json::array({"1011"})))}});
  s["BeroepMetVaardigheden"] = Extended(
      "Een beroep met de vaardigheden die ESCO erbij noemt.", "Beroep",
      {{"essentieleVaardigheden", ArrayOf("Essentiële vaardigheden.", SchemaRef("Vaardigheid"))},
       {"optioneleVaardigheden", ArrayOf("Optionele vaardigheden.", SchemaRef("Vaardigheid"))}});
  s["RegioLijst"] = List("Alle arbeidsmarktregio's.", "Regio");
  s["GemeenteLijst"] = List("Gemeenten.", "Gemeente");
  s["SectorLijst"] = List("Alle sectoren.", "Sector");
  s["VaardigheidLijst"] = List("Gevonden vaardigheden.", "Vaardigheid");
  s["BeroepLijst"] = List("Gevonden beroepen.", "Beroep");

  s["Probleem"] = {
      {"type", "object"},
      {"description",
       "Een foutmelding volgens RFC 9457 (problem details), met Nederlandse tekst en een "
       "Engelse vertaling."},
      {"properties",
       {{"type",
         {{"type", "string"},
          {"format", "uri-reference"},
          {"description", "Soort probleem; nu altijd `about:blank`."}}},
        {"title", Text("Korte Nederlandse titel die bij de status hoort.")},
        {"status", Integer("De HTTP-status.", 400, 599)},
        {"detail", Text("Uitleg in het Nederlands.")},
        {"detailEngels", Text("Dezelfde uitleg in het Engels.")},
        {"instance", Text("Het pad van het verzoek.")},
        {"code",
         {{"type", "string"},
          {"description",
           "Soort fout voor programma's; ontbreekt bij fouten op HTTP-niveau "
           "(zoals 404 voor een onbekende URL, 415 of 428) en bij 5xx van de API. Verzoeken "
           "die de server al bij het lezen weigert (ongeldige HTTP/1.1-opbouw, te groot, te "
           "laat, te veel verbindingen: 400, 408, 413, 414, 431, 501, 503, 505, waarna de "
           "verbinding sluit) hebben een eigen code."},
          {"enum", Json::array({"ongeldigeInvoer", "nietVerwerkbaar", "nietGevonden", "bestaatAl",
                                "nietInDezeToestand", "versieVerouderd", "nietAangemeld",
                                "geenToegang", "teVeelVerzoeken", "ongeldigHttpVerzoek",
                                "gevouwenHeader", "hostOntbreekt", "lengteEnCodering",
                                "onbekendeLengte", "codering", "teGroot", "urlTeLang",
                                "headersTeGroot", "httpVersie", "teLaat", "teVeelVerbindingen",
                                "interneFout"})}}},
        {"invalidParams", ArrayOf("Elk veld, elke queryparameter of header die niet klopt; "
                                  "hoogstens 100.",
                                  SchemaRef("OngeldigeParameter"))},
        {"invalidParamsTotaal",
         Integer("Alleen bij meer dan 100 problemen: hoeveel het er in totaal zijn.", 101,
                 1000000000)}}},
      {"required", Json::array({"type", "title", "status", "detail", "detailEngels", "instance"})}};
  s["OngeldigeParameter"] = Object(
      "Eén ongeldig veld, queryparameter of header.",
      {{"name", WithExamples(Text("Naam van het veld (met pad, zoals `vaardigheden[0].niveau`), "
                                  "de queryparameter of de header."),
                             Json::array({"vaardigheden[0].niveau"}))},
       {"code", WithExamples(Text("Soort fout, zoals `verplicht`, `teLang`, `onbekendVeld` of "
                                  "`onbekendeParameter`."),
                             Json::array({"teGroot"}))},
       {"reason", Text("Uitleg in het Nederlands.")},
       {"reasonEngels", Text("Dezelfde uitleg in het Engels.")}});
  AddMatchingSchemas(&s);
  AddRoundSchemas(&s);
  AddFollowSchemas(&s);
  s["OpenApiDocument"] = {{"type", "object"},
                          {"description", "Een OpenAPI 3.1-document."},
                          {"required", Json::array({"openapi", "info", "paths"})}};
  return s;
}

// ---- headers, parameters, responses ----------------------------------------------------------

Json HeaderRef(const std::string& name) { return Ref("headers", name); }
Json ParamRef(const std::string& name) { return Ref("parameters", name); }

Json Headers() {
  return {
      {"API-Version",
       {{"description", "De volledige versie van de API die antwoordt."},
        {"required", true},
        {"schema", WithExamples(Text("Semantische versie."), Json::array({kApiVersion}))}}},
      {"ETag",
       {{"description",
         "De versie van het object, tussen aanhalingstekens. Stuur hem terug in `If-Match` bij "
         "een wijziging of verwijdering."},
        {"required", true},
        {"schema", WithExamples(Text("ETag."), Json::array({"\"1\""}))}}},
      {"Location",
       {{"description", "Het pad van het nieuwe object."},
        {"required", true},
        {"schema", {{"type", "string"}, {"format", "uri-reference"}}}}},
      {"Link",
       {{"description",
         "Alleen als er een volgende pagina is: de link ernaar, met `rel=\"next\"` (RFC 8288)."},
        {"schema", WithExamples(Text("Link naar de volgende pagina."),
                                Json::array({"</api/v1/deelnemers?cursor=YWJj&aantal=25>; "
                                             "rel=\"next\""}))}}},
  };
}

Json QueryParam(const std::string& name, const std::string& description, Json schema,
                bool required = false) {
  return {{"name", name},
          {"in", "query"},
          {"description", description},
          {"required", required},
          {"schema", std::move(schema)}};
}

Json PathParam(const std::string& name, const std::string& description, Json schema) {
  return {{"name", name},
          {"in", "path"},
          {"description", description},
          {"required", true},
          {"schema", std::move(schema)}};
}

Json Parameters() {
  Json p = Json::object();
  p["IfMatch"] = {
      {"name", "If-Match"},
      {"in", "header"},
      {"description",
       "De ETag die u bij het ophalen kreeg (zoals `\"3\"`). Verplicht: zonder deze header "
       "antwoordt de server 428; hoort hij niet meer bij de huidige versie, dan 412."},
      {"required", true},
      {"schema", WithExamples({{"type", "string"}, {"pattern", "^(W/)?\"[1-9][0-9]*\"$"}},
                              Json::array({"\"3\""}))}};
  p["Id"] = PathParam("id", "Het id van het object (een UUID); een ander id geeft 404.",
                      {{"type", "string"}, {"format", "uuid"}});
  p["Aantal"] =
      QueryParam("aantal", "Hoeveel resultaten per pagina.",
                 {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}, {"default", 25}});
  p["Cursor"] = QueryParam(
      "cursor",
      "Waar de pagina begint: de waarde van `volgende` uit de vorige pagina, ongewijzigd en met "
      "dezelfde `sorteer`.",
      {{"type", "string"}});
  p["FilterRegio"] = QueryParam("regio", "Alleen wat in deze arbeidsmarktregio ligt.",
                                WithExamples(Text("Regiocode."), Json::array({"AM18"})));
  p["FilterGemeente"] = QueryParam("gemeente", "Alleen wat in deze gemeente ligt.",
                                   WithExamples(Text("Gemeentecode."), Json::array({"GM0363"})));
  p["FilterSector"] = QueryParam("sector", "Alleen wat bij deze sector (SBI-sectieletter) hoort.",
                                 WithExamples(Text("SBI-sectieletter."), Json::array({"C"})));
  p["Zoek"] = QueryParam("zoek", "Het begin van een woord uit de naam (niet leeg).",
                         WithExamples(Text("Zoektekst.", 1), Json::array({"las"})), true);
  p["AantalMatchen"] =
      QueryParam("aantal", "Hoeveel resultaten hooguit.",
                 {{"type", "integer"}, {"minimum", 1}, {"maximum", 50}, {"default", 10}});
  p["AantalZoeken"] =
      QueryParam("aantal", "Hoeveel resultaten hooguit.",
                 {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}, {"default", 20}});
  return p;
}

Json Sort(const std::vector<std::string>& fields) {
  Json values = Json::array();
  std::string list;
  for (const auto& f : fields) {
    values.push_back(f);
    values.push_back("-" + f);
    list += (list.empty() ? "`" : ", `") + f + "`";
  }
  return QueryParam("sorteer",
                    "Sorteervolgorde: " + list +
                        "; met `-` ervoor aflopend. Standaard "
                        "`aangemaakt`.",
                    {{"type", "string"}, {"enum", values}});
}

struct ProblemResponse {
  const char* status;
  const char* name;
  const char* description;
};

constexpr ProblemResponse kProblems[] = {
    {"400", "OngeldigVerzoek",
     "Ongeldig verzoek: een veld, queryparameter of header klopt niet (onbekend, ontbrekend, "
     "verkeerd type of buiten bereik), of de inhoud is geen geldige JSON. `invalidParams` noemt "
     "elk probleem."},
    {"403", "GeenToegang",
     "Deze gebruiker of organisatie mag dit niet, of een verzoek dat gegevens wijzigt komt van "
     "een andere website (de header `Origin` noemt een herkomst die niet is toegestaan)."},
    {"404", "NietGevonden", "Niet gevonden."},
    {"409", "Conflict", "Conflict met de bestaande gegevens."},
    {"412", "VersieKloptNiet",
     "De versie in `If-Match` is niet (meer) de huidige: iemand anders heeft het object "
     "intussen gewijzigd. Haal het opnieuw op."},
    {"413", "TeGroot", "Het verzoek is te groot (maximaal 1 MiB)."},
    {"415", "MediatypeNietOndersteund", "De inhoud heeft een mediatype dat hier niet kan."},
    {"422", "NietTeVerwerken",
     "De invoer is goed van vorm, maar verwijst naar iets dat niet bestaat (zoals een onbekende "
     "postcode, sector, vaardigheid of organisatie) of spreekt zichzelf tegen."},
    {"428", "VersieVereist", "De header `If-Match` ontbreekt."},
    {"500", "InterneFout", "Er ging iets mis aan de kant van de server."},
    {"503", "NietBeschikbaar", "De dienst is tijdelijk niet beschikbaar; probeer het later."},
};

Json Responses() {
  Json r = Json::object();
  for (const auto& p : kProblems) {
    Json media = {{"schema", SchemaRef("Probleem")}};
    if (std::string(p.status) == "400") {
      media["example"] = {
          {"type", "about:blank"},
          {"title", "Ongeldige invoer"},
          {"status", 400},
          {"detail", "De invoer is ongeldig."},
          {"detailEngels", "The input is invalid."},
          {"instance", "/api/v1/deelnemers"},
          {"code", "ongeldigeInvoer"},
          {"invalidParams",
           Json::array({{{"name", "urenPerWeek"},
                         {"code", "teGroot"},
                         {"reason", "'urenPerWeek' moet tussen 1 en 60 liggen (was 80)."},
                         {"reasonEngels", "'urenPerWeek' must be between 1 and 60 (was 80)."}}})}};
    }
    r[p.name] = {{"description", p.description},
                 {"headers", {{"API-Version", HeaderRef("API-Version")}}},
                 {"content", {{"application/problem+json", media}}}};
  }
  return r;
}

// The error responses of an operation, by status.
Json Errors(std::initializer_list<const char*> statuses) {
  Json r = Json::object();
  for (const char* s : statuses) {
    for (const auto& p : kProblems) {
      if (std::string(p.status) == s) r[s] = Ref("responses", p.name);
    }
  }
  return r;
}

// Every state-changing operation may be refused for its Origin (403): see the server.
Json WithOriginCheck(Json paths) {
  for (auto& [path, item] : paths.items()) {
    for (const char* method : {"post", "put", "patch", "delete"}) {
      if (!item.contains(method)) continue;
      Json& responses = item[method]["responses"];
      if (!responses.contains("403")) responses["403"] = Ref("responses", "GeenToegang");
    }
  }
  return paths;
}

Json JsonContent(const std::string& schema) {
  return {{"application/json", {{"schema", SchemaRef(schema)}}}};
}

Json Ok(const std::string& description, const std::string& schema,
        std::vector<std::string> headers = {}) {
  Json h = {{"API-Version", HeaderRef("API-Version")}};
  for (const auto& name : headers) h[name] = HeaderRef(name);
  return {{"description", description}, {"headers", h}, {"content", JsonContent(schema)}};
}

Json Operation(const std::string& id, const std::string& tag, const std::string& summary,
               const std::string& description, Json responses, Json parameters = nullptr) {
  Json op = {{"operationId", id},
             {"tags", Json::array({tag})},
             {"summary", summary},
             {"description", description},
             {"responses", std::move(responses)}};
  if (!parameters.is_null()) op["parameters"] = std::move(parameters);
  return op;
}

Json Merge(Json a, const Json& b) {
  for (auto it = b.begin(); it != b.end(); ++it) a[it.key()] = it.value();
  return a;
}

// ---- the operations
// ------------------------------------------------------------------------------

const char* kNoQuery = " Deze operatie kent geen queryparameters; elke queryparameter geeft 400.";

void AddReferencePaths(Json* paths) {
  const std::string tag = "Referentiegegevens";
  (*paths)["/regios"]["get"] =
      Operation("regiosLijst", tag, "Alle arbeidsmarktregio's",
                std::string("De 35 arbeidsmarktregio's die in gebruik zijn.") + kNoQuery,
                Merge({{"200", Ok("De regio's.", "RegioLijst")}}, Errors({"400", "500"})));
  (*paths)["/regios/{code}"] = {
      {"parameters",
       Json::array({PathParam("code", "De code van de regio.",
                              WithExamples(Text("Regiocode."), Json::array({"AM18"})))})},
      {"get",
       Operation(
           "regioOphalen", tag, "Eén arbeidsmarktregio met haar gemeenten",
           std::string("Een arbeidsmarktregio met de gemeenten die erbij horen.") + kNoQuery,
           Merge({{"200", Ok("De regio.", "RegioMetGemeenten")}}, Errors({"400", "404", "500"})))}};
  (*paths)["/gemeenten"]["get"] =
      Operation("gemeentenLijst", tag, "Alle gemeenten, of die van één regio",
                "Alle gemeenten, met hun arbeidsmarktregio; met `regio` alleen die van één regio.",
                Merge({{"200", Ok("De gemeenten.", "GemeenteLijst")}}, Errors({"400", "500"})),
                Json::array({ParamRef("FilterRegio")}));
  (*paths)["/gemeenten/{code}"] = {
      {"parameters",
       Json::array({PathParam("code", "De gemeentecode.",
                              WithExamples(Text("Gemeentecode."), Json::array({"GM0363"})))})},
      {"get",
       Operation("gemeenteOphalen", tag, "Eén gemeente met haar postcodes",
                 std::string("Een gemeente met de PC4-postcodes die erin liggen.") + kNoQuery,
                 Merge({{"200", Ok("De gemeente.", "GemeenteMetPostcodes")}},
                       Errors({"400", "404", "500"})))}};
  (*paths)["/sectoren"]["get"] = Operation(
      "sectorenLijst", tag, "Alle sectoren", std::string("De secties van de SBI 2025.") + kNoQuery,
      Merge({{"200", Ok("De sectoren.", "SectorLijst")}}, Errors({"400", "500"})));
  (*paths)["/vaardigheden"]["get"] = Operation(
      "vaardighedenZoeken", tag, "Vaardigheden zoeken",
      "Zoekt ESCO-vaardigheden waarvan een woord uit de naam begint met `zoek`.",
      Merge({{"200", Ok("De gevonden vaardigheden.", "VaardigheidLijst")}}, Errors({"400", "500"})),
      Json::array({ParamRef("Zoek"), ParamRef("AantalZoeken")}));
  (*paths)["/vaardigheden/{id}"] = {
      {"parameters",
       Json::array({PathParam("id", "Het ESCO-id van de vaardigheid.", {{"type", "string"}})})},
      {"get", Operation("vaardigheidOphalen", tag, "Eén vaardigheid",
                        std::string("Een ESCO-vaardigheid.") + kNoQuery,
                        Merge({{"200", Ok("De vaardigheid.", "Vaardigheid")}},
                              Errors({"400", "404", "500"})))}};
  (*paths)["/beroepen"]["get"] = Operation(
      "beroepenZoeken", tag, "Beroepen zoeken",
      "Zoekt ESCO-beroepen waarvan een woord uit de naam begint met `zoek`.",
      Merge({{"200", Ok("De gevonden beroepen.", "BeroepLijst")}}, Errors({"400", "500"})),
      Json::array({ParamRef("Zoek"), ParamRef("AantalZoeken")}));
  (*paths)["/beroepen/{id}"] = {
      {"parameters",
       Json::array({PathParam("id", "Het ESCO-id van het beroep.", {{"type", "string"}})})},
      {"get", Operation("beroepOphalen", tag, "Eén beroep met zijn vaardigheden",
                        std::string("Een ESCO-beroep met de essentiële en optionele "
                                    "vaardigheden die ESCO erbij noemt.") +
                            kNoQuery,
                        Merge({{"200", Ok("Het beroep.", "BeroepMetVaardigheden")}},
                              Errors({"400", "404", "500"})))}};
}

struct ResourceDoc {
  std::string path;      // "/deelnemers"
  std::string plural;    // "deelnemers"
  std::string singular;  // "deelnemer"
  std::string schema;    // "Deelnemer"
  std::string tag;
  std::string the;  // "de deelnemer"
  Json filters;     // query parameters besides sorteer, cursor, aantal
  std::vector<std::string> sort_fields;
  bool conflict_on_write = false;   // 409 possible on POST/PUT/PATCH
  bool conflict_on_delete = false;  // 409 possible on DELETE
  std::string note;                 // added to every description
};

std::string Capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

void AddResourcePaths(Json* paths, const ResourceDoc& r) {
  const std::string id_prefix = r.singular;  // "deelnemer" → deelnemerOphalen
  const std::string the = r.the;
  Json list_params = r.filters;
  list_params.push_back(Sort(r.sort_fields));
  list_params.push_back(ParamRef("Cursor"));
  list_params.push_back(ParamRef("Aantal"));

  Json list_ok = Ok("Eén pagina " + r.plural + ".", r.schema + "Pagina", {"Link"});
  Json create_ok = Ok(Capitalised(the) + " is aangemaakt.", r.schema, {"Location", "ETag"});

  auto body = [&](bool patch) {
    Json content = JsonContent(r.schema + (patch ? "Wijziging" : "Invoer"));
    if (patch) {
      content = {{"application/merge-patch+json", {{"schema", SchemaRef(r.schema + "Wijziging")}}},
                 {"application/json", {{"schema", SchemaRef(r.schema + "Wijziging")}}}};
    }
    return Json{{"required", true}, {"content", content}};
  };
  auto errors = [&](std::initializer_list<const char*> base, bool conflict) {
    Json e = Errors(base);
    if (conflict) e = Merge(e, Errors({"409"}));
    return e;
  };

  Json collection = Json::object();
  collection["get"] =
      Operation(r.plural + "Lijst", r.tag, Capitalised(r.plural) + " opvragen",
                "Een pagina " + r.plural +
                    ", gefilterd en gesorteerd. Staat er meer klaar, dan bevat "
                    "`volgende` de cursor voor de volgende pagina en wijst de header `Link` "
                    "(rel=next) ernaar. "
                    "Onbekende en dubbele queryparameters geven 400." +
                    r.note,
                Merge({{"200", list_ok}}, Errors({"400", "500", "503"})), list_params);
  collection["post"] = Operation(
      id_prefix + "Aanmaken", r.tag, Capitalised(r.singular) + " aanmaken",
      "Maakt " + the + " aan. Het antwoord bevat het nieuwe object, met `Location` en `ETag`." +
          r.note,
      Merge({{"201", create_ok}},
            errors({"400", "413", "415", "422", "500", "503"}, r.conflict_on_write)));
  collection["post"]["requestBody"] = body(false);
  (*paths)[r.path] = collection;

  Json item = Json::object();
  item["parameters"] = Json::array({ParamRef("Id")});
  item["get"] = Operation(
      id_prefix + "Ophalen", r.tag, Capitalised(r.singular) + " ophalen",
      "Haalt " + the + " op; de `ETag` is de versie, nodig voor wijzigen en verwijderen." + r.note,
      Merge({{"200", Ok(Capitalised(the) + ".", r.schema, {"ETag"})}},
            Errors({"400", "404", "500", "503"})));
  Json write_errors =
      errors({"400", "404", "412", "413", "415", "422", "428", "500", "503"}, r.conflict_on_write);
  item["put"] =
      Operation(id_prefix + "Vervangen", r.tag, Capitalised(r.singular) + " vervangen",
                "Vervangt " + the +
                    " in zijn geheel; velden die ontbreken krijgen hun standaardwaarde. "
                    "Vereist `If-Match` met de huidige versie." +
                    r.note,
                Merge({{"200", Ok(Capitalised(the) + " na de wijziging.", r.schema, {"ETag"})}},
                      write_errors),
                Json::array({ParamRef("IfMatch")}));
  item["put"]["requestBody"] = body(false);
  item["patch"] = Operation(
      id_prefix + "Wijzigen", r.tag, Capitalised(r.singular) + " gedeeltelijk wijzigen",
      "Wijzigt " + the +
          " met een JSON Merge Patch (RFC 7396), als "
          "`application/merge-patch+json` of `application/json`. Vereist `If-Match` met de huidige "
          "versie." +
          r.note,
      Merge({{"200", Ok(Capitalised(the) + " na de wijziging.", r.schema, {"ETag"})}},
            write_errors),
      Json::array({ParamRef("IfMatch")}));
  item["patch"]["requestBody"] = body(true);
  item["delete"] =
      Operation(id_prefix + "Verwijderen", r.tag, Capitalised(r.singular) + " verwijderen",
                "Verwijdert " + the + ". Vereist `If-Match` met de huidige versie." + r.note,
                Merge({{"204",
                        {{"description", Capitalised(the) + " is verwijderd."},
                         {"headers", {{"API-Version", HeaderRef("API-Version")}}}}}},
                      errors({"400", "404", "412", "428", "500", "503"}, r.conflict_on_delete)),
                Json::array({ParamRef("IfMatch")}));
  (*paths)[r.path + "/{id}"] = item;
}

void AddRegisterPaths(Json* paths) {
  AddResourcePaths(paths, {"/organisaties",
                           "organisaties",
                           "organisatie",
                           "Organisatie",
                           "Organisaties",
                           "de organisatie",
                           Json::array({ParamRef("FilterRegio"), ParamRef("FilterGemeente"),
                                        QueryParam("soort", "Alleen organisaties van deze soort.",
                                                   SchemaRef("SoortOrganisatie"))}),
                           {"aangemaakt", "naam"},
                           false,
                           true,
                           " Een organisatie die nog door deelnemers of plekken wordt gebruikt, "
                           "kan niet worden verwijderd (409)."});
  AddResourcePaths(
      paths,
      {"/deelnemers",
       "deelnemers",
       "deelnemer",
       "Deelnemer",
       "Deelnemers",
       "de deelnemer",
       Json::array(
           {ParamRef("FilterRegio"), ParamRef("FilterGemeente"),
            QueryParam("sector", "Alleen deelnemers met belangstelling voor deze sector.",
                       WithExamples(Text("SBI-sectieletter."), Json::array({"C"}))),
            QueryParam("situatie", "Alleen deelnemers in deze situatie.", SchemaRef("Situatie")),
            QueryParam("niveau", "Alleen deelnemers met dit opleidingsniveau.",
                       SchemaRef("Niveau"))}),
       {"aangemaakt", "achternaam", "geboortedatum"},
       true,
       false,
       " Deelnemers zijn persoonsgegevens: elke inzage wordt in het auditlog vastgelegd."});
  AddResourcePaths(
      paths,
      {"/plekken",
       "plekken",
       "plek",
       "Plek",
       "Plekken",
       "de plek",
       Json::array({ParamRef("FilterRegio"), ParamRef("FilterGemeente"), ParamRef("FilterSector"),
                    QueryParam("soort", "Alleen plekken van deze soort.", SchemaRef("SoortPlek")),
                    QueryParam("niveau", "Alleen plekken met dit minimale opleidingsniveau.",
                               SchemaRef("Niveau")),
                    QueryParam("organisatie", "Alleen plekken van deze organisatie (id).",
                               {{"type", "string"}, {"format", "uuid"}})}),
       {"aangemaakt", "titel", "capaciteit"},
       false,
       false,
       ""});
}

const char* kMatchRules =
    " Een combinatie komt alleen in aanmerking als ze aan alle harde eisen voldoet: de "
    "deelnemer beheerst elke vereiste vaardigheid die niet `leerbaar` is op het gevraagde "
    "niveau, heeft minstens het `minimaalNiveau`, krijgt elke ondersteuning die hij nodig heeft, "
    "woont binnen zijn `maxReisafstandKm` (hemelsbreed maal 1,3 voor de weg), heeft genoeg uren "
    "(tenzij de plek aangepaste uren biedt) en is beschikbaar voor de periode van de plek "
    "eindigt. De `score` (0 tot en met 1) weegt gewenste vaardigheden (0,30), reisafstand "
    "(0,25), sector (0,20), passend niveau (0,15) en erkend leerbedrijf (0,10); `redenen` en "
    "`ontbreekt` leggen hem uit in het Nederlands.";

void AddMatchingPaths(Json* paths) {
  const std::string tag = "Matchen";
  (*paths)["/deelnemers/{id}/passende-plekken"] = {
      {"parameters", Json::array({ParamRef("Id")})},
      {"get",
       Operation(
           "passendePlekkenOphalen", tag, "Passende plekken voor een deelnemer",
           std::string("De plekken die het best bij de deelnemer passen, de beste eerst; "
                       "hooguit `aantal`, eventueel alleen van één soort of sector.") +
               kMatchRules +
               " Onbekende en dubbele queryparameters geven 400. Elke opvraging wordt in het "
               "auditlog vastgelegd.",
           Merge({{"200", Ok("De passende plekken.", "PassendePlekLijst")}},
                 Errors({"400", "404", "500", "503"})),
           Json::array({ParamRef("AantalMatchen"),
                        QueryParam("soort", "Alleen plekken van deze soort.",
                                   SchemaRef("SoortPlek")),
                        ParamRef("FilterSector")}))}};
  (*paths)["/plekken/{id}/kandidaten"] = {
      {"parameters", Json::array({ParamRef("Id")})},
      {"get",
       Operation(
           "kandidatenOphalen", tag, "Kandidaten voor een plek",
           std::string("De deelnemers die het best bij de plek passen, de beste eerst; hooguit "
                       "`aantal`. Een kandidaat is gepseudonimiseerd: zonder naam, "
                       "geboortedatum of postcode.") +
               kMatchRules +
               " Onbekende en dubbele queryparameters geven 400. Elke getoonde kandidaat wordt "
               "in het auditlog vastgelegd.",
           Merge({{"200", Ok("De kandidaten.", "KandidaatLijst")}},
                 Errors({"400", "404", "500", "503"})),
           Json::array({ParamRef("AantalMatchen")}))}};
}

void AddRoundPaths(Json* paths) {
  const std::string tag = "Matchrondes";
  Json collection = Json::object();
  collection["get"] = Operation(
      "matchrondesLijst", tag, "Matchrondes opvragen",
      "Een pagina matchrondes, de nieuwste eerst. Staat er meer klaar, dan bevat `volgende` de "
      "cursor voor de volgende pagina en wijst de header `Link` (rel=next) ernaar. Onbekende en "
      "dubbele queryparameters geven 400.",
      Merge({{"200", Ok("Eén pagina matchrondes.", "MatchrondePagina", {"Link"})}},
            Errors({"400", "500", "503"})),
      Json::array({ParamRef("Cursor"), ParamRef("Aantal")}));
  collection["post"] = Operation(
      "matchrondeStarten", tag, "Matchronde starten",
      std::string(
          "Start een matchronde: verdeelt de deelnemers van de gekozen regio's (of van het hele "
          "land) over de plekken daar, met de gegevens van het register zoals ze zijn als de "
          "ronde begint. Een combinatie komt alleen in aanmerking als ze aan alle harde eisen "
          "voldoet (zie `/deelnemers/{id}/passende-plekken`). ") +
          kRoundModes +
          "\n\nDe ronde draait op de achtergrond; rondes draaien één tegelijk, in de volgorde "
          "waarin ze zijn gestart. Het antwoord (202) bevat de ronde met status `wachtend`, en "
          "`Location` wijst naar de ronde; vraag die op om `status`, `fase` en `voortgang` te "
          "volgen. De fasen: " +
          kRoundPhases +
          " Als de ronde `klaar` is, staan de totalen in `resultaat` en de uitkomst per "
          "deelnemer onder `/matchrondes/{id}/uitkomsten`. Een ronde die wachtte of bezig was "
          "toen de server stopte, wordt `mislukt`.",
      Merge({{"202", Ok("De matchronde is aangemaakt en wacht op haar beurt.", "Matchronde",
                        {"Location"})}},
            Errors({"400", "413", "415", "422", "500", "503"})));
  collection["post"]["requestBody"] = {{"required", true},
                                       {"content", JsonContent("MatchrondeInvoer")}};
  (*paths)["/matchrondes"] = collection;

  (*paths)["/matchrondes/{id}"] = {
      {"parameters", Json::array({ParamRef("Id")})},
      {"get", Operation("matchrondeOphalen", tag, "Matchronde ophalen",
                        std::string("Haalt de matchronde op, met haar status, fase en voortgang "
                                    "en, als ze klaar is, de totalen in `resultaat`.") +
                            kNoQuery,
                        Merge({{"200", Ok("De matchronde.", "Matchronde")}},
                              Errors({"400", "404", "500", "503"})))}};

  (*paths)["/matchrondes/{id}/uitkomsten"] = {
      {"parameters", Json::array({ParamRef("Id")})},
      {"get",
       Operation(
           "matchrondeUitkomstenLijst", tag, "Uitkomsten van een matchronde",
           "Een pagina uitkomsten van de matchronde, één per deelnemer, in een vaste volgorde: "
           "de plek die de deelnemer kreeg met de `score` en de uitleg waarom die past, of de "
           "reden waarom hij geen plek kreeg. Met `geplaatst` alleen de geplaatste of alleen de "
           "niet-geplaatste deelnemers. Zolang de ronde niet `klaar` is, is de lijst leeg. Staat "
           "er meer klaar, dan bevat `volgende` de cursor voor de volgende pagina en wijst de "
           "header `Link` (rel=next) ernaar. Onbekende en dubbele queryparameters geven 400. "
           "Uitkomsten zijn persoonsgegevens: elke getoonde deelnemer wordt in het auditlog "
           "vastgelegd.",
           Merge({{"200", Ok("Eén pagina uitkomsten.", "UitkomstPagina", {"Link"})}},
                 Errors({"400", "404", "500", "503"})),
           Json::array({QueryParam("geplaatst",
                                   "true: alleen deelnemers die een plek kregen; false: alleen "
                                   "deelnemers die geen plek kregen. Standaard allebei.",
                                   {{"type", "boolean"}}),
                        ParamRef("Cursor"), ParamRef("Aantal")}))}};
}

// The keep-in-view operations (routes.cpp AddFollow).
const char* kFollowAudit =
    " Dit zijn persoonsgegevens: elke inzage en wijziging wordt in het auditlog vastgelegd (met "
    "alleen ids).";

void AddFollowPaths(Json* paths) {
  const std::string tag = "In beeld";
  Json item_param = Json::array({ParamRef("Id")});
  (*paths)["/deelnemers/{id}/tijdlijn"] = {
      {"parameters", item_param},
      {"get",
       Operation(
           "tijdlijnOphalen", tag, "Tijdlijn van een deelnemer",
           std::string(
               "Een pagina van de tijdlijn van de deelnemer: alle gebeurtenissen, ook de "
               "gecorrigeerde, vervallen en die Overstap zelf vastlegde (signalen, taken, "
               "overdrachten), het nieuwste feit eerst (bij gelijk tijdstip de laatst "
               "vastgelegde eerst). Staat er meer klaar, dan bevat `volgende` de cursor voor de "
               "volgende pagina en wijst de header `Link` (rel=next) ernaar. Onbekende en dubbele "
               "queryparameters geven 400.") +
               kFollowAudit,
           Merge({{"200", Ok("Eén pagina van de tijdlijn.", "GebeurtenisPagina", {"Link"})}},
                 Errors({"400", "404", "500", "503"})),
           Json::array({ParamRef("Cursor"), ParamRef("Aantal")}))}};

  Json add = Operation(
      "gebeurtenisVastleggen", tag, "Gebeurtenis vastleggen",
      std::string(
          "Legt een gebeurtenis vast op de tijdlijn van de deelnemer en werkt in dezelfde "
          "transactie de volgstand, de signalen en de taken bij. De tijdlijn is alleen-toevoegen: "
          "een fout herstelt u met een nieuwe gebeurtenis met `corrigeert` (van dezelfde soort) "
          "of met een gebeurtenis `vervallen`. Het antwoord (201) is de vastgelegde gebeurtenis; "
          "een gebeurtenis heeft geen eigen URL, `Location` wijst naar de tijdlijn. 400 bij een "
          "veld dat niet klopt of niet bij de soort hoort en bij een soort die alleen Overstap "
          "vastlegt; 404 voor een onbekende deelnemer; 422 bij een tijdstip in de toekomst, een "
          "einde voor het begin, een onbekende organisatie of een correctie van een onbekende "
          "gebeurtenis of van een andere soort.") +
          kNoQuery + kFollowAudit,
      Merge({{"201", Ok("De gebeurtenis is vastgelegd.", "Gebeurtenis", {"Location"})}},
            Errors({"400", "404", "413", "415", "422", "500", "503"})));
  add["requestBody"] = {{"required", true}, {"content", JsonContent("GebeurtenisInvoer")}};
  (*paths)["/deelnemers/{id}/gebeurtenissen"] = {{"parameters", item_param}, {"post", add}};

  Json batch = Operation(
      "gebeurtenissenVastleggen", tag, "Gebeurtenissen in één keer vastleggen",
      std::string(
          "Legt tot 10.000 gebeurtenissen van een of meer deelnemers vast, alles of niets, voor "
          "aanleveringen uit andere systemen. Ze worden gecontroleerd zoals bij een enkele "
          "gebeurtenis en eerst alleen in het logboek vastgelegd, duurzaam: het antwoord (202) "
          "komt pas daarna, en de tijdlijn en de volgstand tonen ze meteen. De signalen en taken "
          "die eruit volgen, werkt Overstap kort daarna bij (meestal binnen een seconde). Een "
          "fout noemt het veld met de plaats in de lijst, zoals `gebeurtenissen[3].reden`; 422 "
          "ook voor een onbekende deelnemer.") +
          kNoQuery + kFollowAudit,
      Merge({{"202", Ok("De gebeurtenissen zijn vastgelegd.", "GebeurtenissenAanvaard")}},
            Errors({"400", "413", "415", "422", "500", "503"})));
  batch["requestBody"] = {{"required", true}, {"content", JsonContent("GebeurtenissenInvoer")}};
  (*paths)["/gebeurtenissen"] = {{"post", batch}};

  (*paths)["/deelnemers/{id}/volgstand"] = {
      {"parameters", item_param},
      {"get", Operation("volgstandOphalen", tag, "Volgstand van een deelnemer",
                        std::string("De huidige stand van de deelnemer, afgeleid uit de "
                                    "tijdlijn: situatie, school, plaatsing, uitkering, laatste "
                                    "contact, verantwoordelijke organisatie, toestemming en het "
                                    "big-5-plan.") +
                            kNoQuery + kFollowAudit,
                        Merge({{"200", Ok("De volgstand.", "Volgstand")}},
                              Errors({"400", "404", "500", "503"})))}};

  Json big5 = Operation(
      "big5Vastleggen", tag, "Big-5-domein vastleggen",
      std::string(
          "Legt het plan voor één domein van het big-5-plan vast: status, eigenaar, medewerker, "
          "doel, acties en de volgende evaluatie. Vervangt het hele domein; de geschiedenis "
          "blijft als gebeurtenissen `big5Gewijzigd` (met het huidige tijdstip) op de tijdlijn. "
          "Een domein op `zorg` zonder eigenaar geeft het signaal `big5ZorgZonderEigenaar`. Het "
          "antwoord is de nieuwe volgstand. Omdat elke wijziging een nieuwe gebeurtenis is, is "
          "`If-Match` niet nodig. 404 voor een onbekende deelnemer of een onbekend domein (met "
          "`domein` in `invalidParams`); 422 voor een onbekende eigenaar.") +
          kNoQuery + kFollowAudit,
      Merge({{"200", Ok("De volgstand na de wijziging.", "Volgstand")}},
            Errors({"400", "404", "413", "415", "422", "500", "503"})));
  big5["requestBody"] = {{"required", true}, {"content", JsonContent("Big5Invoer")}};
  (*paths)["/deelnemers/{id}/big5/{domein}"] = {
      {"parameters",
       Json::array({ParamRef("Id"),
                    PathParam("domein", "Het domein van het big-5-plan.",
                              SchemaRef("Big5Domein"))})},
      {"put", big5}};

  const std::string list_note =
      " De nieuwste eerst. Staat er meer klaar, dan bevat `volgende` de cursor voor de volgende "
      "pagina en wijst de header `Link` (rel=next) ernaar. Onbekende en dubbele queryparameters "
      "geven 400.";
  auto person_filter = [] {
    return QueryParam("deelnemer", "Alleen die van deze deelnemer (id).",
                      {{"type", "string"}, {"format", "uuid"}});
  };
  auto organisation_filter = [](const std::string& description) {
    return QueryParam("organisatie", description, {{"type", "string"}, {"format", "uuid"}});
  };
  auto get_one = [&](const std::string& id, const std::string& tag_name, const std::string& summary,
                     const std::string& description, const std::string& schema,
                     const std::string& ok) {
    return Json{{"parameters", Json::array({ParamRef("Id")})},
                {"get", Operation(id, tag_name, summary, description + kNoQuery + kFollowAudit,
                                  Merge({{"200", Ok(ok, schema)}},
                                        Errors({"400", "404", "500", "503"})))}};
  };
  static const char* const kOptionalBody =
      " Zonder notitie mag de inhoud ontbreken (dan ook zonder Content-Type).";
  auto action = [&](const std::string& id, const std::string& tag_name, const std::string& summary,
                    const std::string& description, const std::string& body,
                    const std::string& schema, const std::string& ok,
                    std::initializer_list<const char*> errors) {
    Json op = Operation(id, tag_name, summary, description + kNoQuery + kFollowAudit,
                        Merge({{"200", Ok(ok, schema)}}, Errors(errors)));
    // A note alone is optional: such a POST may come without any body (routes.cpp: action).
    const bool optional = body == "NotitieInvoer";
    if (optional) op["description"] = op["description"].get<std::string>() + kOptionalBody;
    op["requestBody"] = {{"required", !optional}, {"content", JsonContent(body)}};
    return Json{{"parameters", Json::array({ParamRef("Id")})}, {"post", op}};
  };

  const std::string signals = "Signalen";
  (*paths)["/signalen"]["get"] = Operation(
      "signalenLijst", signals, "Signalen opvragen",
      "Een pagina signalen, gefilterd op regio, soort, status en deelnemer." + list_note +
          kFollowAudit,
      Merge({{"200", Ok("Eén pagina signalen.", "SignaalPagina", {"Link"})}},
            Errors({"400", "500", "503"})),
      Json::array({ParamRef("FilterRegio"),
                   QueryParam("soort", "Alleen signalen van deze soort.",
                              SchemaRef("SignaalSoort")),
                   QueryParam("status", "Alleen signalen met deze status.",
                              SchemaRef("StatusSignaal")),
                   person_filter(), ParamRef("Cursor"), ParamRef("Aantal")}));
  (*paths)["/signalen/{id}"] = get_one("signaalOphalen", signals, "Signaal ophalen",
                                       "Haalt een signaal op, met de feiten die het opwierpen.",
                                       "Signaal", "Het signaal.");

  const std::string tasks = "Taken";
  (*paths)["/taken"]["get"] = Operation(
      "takenLijst", tasks, "Taken opvragen",
      "Een pagina taken, gefilterd op organisatie, regio, status en deelnemer: zo ziet een "
      "organisatie haar werkvoorraad." +
          list_note + kFollowAudit,
      Merge({{"200", Ok("Eén pagina taken.", "TaakPagina", {"Link"})}},
            Errors({"400", "500", "503"})),
      Json::array({organisation_filter("Alleen taken van deze organisatie (id)."),
                   ParamRef("FilterRegio"),
                   QueryParam("status", "Alleen taken met deze status.", SchemaRef("StatusTaak")),
                   person_filter(), ParamRef("Cursor"), ParamRef("Aantal")}));
  (*paths)["/taken/{id}"] =
      get_one("taakOphalen", tasks, "Taak ophalen", "Haalt een taak op.", "Taak", "De taak.");
  (*paths)["/taken/{id}/afronden"] = action(
      "taakAfronden", tasks, "Taak afronden",
      "Rondt een open taak af, met een optionele notitie; dat komt ook op de tijdlijn. Loopt het "
      "signaal van de taak nog, dan blijft het open tot de voorwaarde niet meer geldt. Een taak "
      "die al is afgerond of vervallen geeft 409.",
      "NotitieInvoer", "Taak", "De afgeronde taak.",
      {"400", "404", "409", "413", "415", "500", "503"});
  (*paths)["/taken/{id}/toewijzen"] = action(
      "taakToewijzen", tasks, "Taak toewijzen",
      "Wijst een open taak toe aan een medewerker van de organisatie van de taak. Een taak die "
      "al is afgesloten geeft 409.",
      "ToewijzingInvoer", "Taak", "De toegewezen taak.",
      {"400", "404", "409", "413", "415", "500", "503"});

  const std::string handovers = "Overdrachten";
  Json collection = Json::object();
  collection["get"] = Operation(
      "overdrachtenLijst", handovers, "Overdrachten opvragen",
      "Een pagina overdrachten, gefilterd op organisatie (als verzender of ontvanger), status en "
      "deelnemer." +
          list_note + kFollowAudit,
      Merge({{"200", Ok("Eén pagina overdrachten.", "OverdrachtPagina", {"Link"})}},
            Errors({"400", "500", "503"})),
      Json::array({organisation_filter(
                       "Alleen overdrachten waarbij deze organisatie (id) verzender of "
                       "ontvanger is."),
                   QueryParam("status", "Alleen overdrachten met deze status.",
                              SchemaRef("StatusOverdracht")),
                   person_filter(), ParamRef("Cursor"), ParamRef("Aantal")}));
  collection["post"] = Operation(
      "overdrachtAanbieden", handovers, "Overdracht aanbieden",
      std::string(
          "Biedt een warme overdracht aan: de verantwoordelijkheid voor de deelnemer gaat van "
          "`van` naar `naar` zodra de ontvanger accepteert; tot dan blijft de verzender "
          "verantwoordelijk. De ontvanger moet antwoorden voor `antwoordVoor` (de termijn staat "
          "per regio in het regelbestand), anders escaleert de overdracht naar de coördinator van "
          "de regio. Per deelnemer is er hooguit één open overdracht (anders 409). Alleen de "
          "organisatie die nu verantwoordelijk is, draagt over (zie `verantwoordelijkeOrganisatie` "
          "in de volgstand; anders 422 op `van`). 422 ook voor een onbekende deelnemer of "
          "organisatie en voor een overdracht aan dezelfde organisatie. "
          "Het antwoord (201) is de overdracht, met `Location`.") +
          kNoQuery + kFollowAudit,
      Merge({{"201", Ok("De overdracht is aangeboden.", "Overdracht", {"Location"})}},
            Errors({"400", "409", "413", "415", "422", "500", "503"})));
  collection["post"]["requestBody"] = {{"required", true},
                                       {"content", JsonContent("OverdrachtInvoer")}};
  (*paths)["/overdrachten"] = collection;
  (*paths)["/overdrachten/{id}"] = get_one("overdrachtOphalen", handovers, "Overdracht ophalen",
                                           "Haalt een overdracht op.", "Overdracht",
                                           "De overdracht.");
  (*paths)["/overdrachten/{id}/accepteren"] = action(
      "overdrachtAccepteren", handovers, "Overdracht accepteren",
      "De ontvanger accepteert de overdracht: vanaf nu is zij verantwoordelijk voor de "
      "deelnemer (zie `verantwoordelijkeOrganisatie` in de volgstand). Alleen de ontvangende "
      "organisatie (of de beheerder) mag antwoorden (anders 403); een overdracht die al is "
      "beantwoord geeft 409.",
      "NotitieInvoer", "Overdracht", "De geaccepteerde overdracht.",
      {"400", "403", "404", "409", "413", "415", "500", "503"});
  (*paths)["/overdrachten/{id}/weigeren"] = action(
      "overdrachtWeigeren", handovers, "Overdracht weigeren",
      "De ontvanger weigert de overdracht, met een notitie waarom; de verzender blijft "
      "verantwoordelijk. Alleen de ontvangende organisatie (of de beheerder) mag antwoorden "
      "(anders 403); een overdracht die al is beantwoord geeft 409.",
      "NotitieInvoer", "Overdracht", "De geweigerde overdracht.",
      {"400", "403", "404", "409", "413", "415", "500", "503"});
}

Json BuildDocument() {
  Json paths = Json::object();
  paths["/openapi.json"]["get"] =
      Operation("openapiOphalen", "Documentatie", "Dit OpenAPI-document",
                "De beschrijving van API v1 als OpenAPI 3.1-document (JSON).",
                {{"200", Ok("Het OpenAPI-document.", "OpenApiDocument")}});
  AddReferencePaths(&paths);
  AddRegisterPaths(&paths);
  AddMatchingPaths(&paths);
  AddRoundPaths(&paths);
  AddFollowPaths(&paths);

  Json doc = {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "Overstap API"},
        {"description",
         "Overstap brengt kwetsbare jongeren en werkzoekenden in beeld en koppelt hen aan stages, "
         "leerbanen en banen. Deze API (versie 1) beheert het register van organisaties, "
         "deelnemers en plekken, zoekt passende plekken en kandidaten, verdeelt in matchrondes "
         "deelnemers over plekken, houdt deelnemers in beeld (tijdlijn, big-5-plan, signalen, "
         "taken en warme overdrachten) en biedt de referentiegegevens (arbeidsmarktregio's, "
         "gemeenten, "
         "sectoren, ESCO-vaardigheden en -beroepen).\n\n"
         "Afspraken: alle namen zijn Nederlands en lowerCamelCase. Elk antwoord draagt de header "
         "`API-Version`. Fouten zijn `application/problem+json` (RFC 9457) met per veld een "
         "regel in `invalidParams`. Lijsten worden gepagineerd met een cursor (`volgende` en de "
         "header `Link`). Wijzigen en verwijderen vereisen `If-Match` met de ETag, zodat een "
         "gelijktijdige wijziging nooit ongemerkt wordt overschreven. Datums zijn `JJJJ-MM-DD`, "
         "tijdstippen RFC 3339 in UTC."},
        {"version", kApiVersion},
        {"contact",
         {{"name", "Team Overstap"},
          {"email", "api@overstap.example.nl"},
          {"url", "https://overstap.example.nl/contact"}}},
        {"license", {{"name", "EUPL-1.2"}, {"identifier", "EUPL-1.2"}}}}},
      {"servers", Json::array({Json{{"url", "/api/v1"},
                                    {"description", "Deze server (waar u dit document ophaalde)."}},
                               Json{{"url", "https://overstap.example.nl/api/v1"},
                                    {"description", "Voorbeeld van een productieomgeving."}}})},
      {"tags",
       Json::array({Json{{"name", "Organisaties"},
                         {"description", "Scholen, gemeenten, UWV, werkgevers en anderen."}},
                    Json{{"name", "Deelnemers"},
                         {"description", "Jongeren en werkzoekenden die in beeld zijn."}},
                    Json{{"name", "Plekken"},
                         {"description", "Stages, leerbanen, banen en andere plekken."}},
                    Json{{"name", "Matchen"},
                         {"description",
                          "Passende plekken voor een deelnemer en kandidaten voor een plek, "
                          "met uitleg."}},
                    Json{{"name", "Matchrondes"},
                         {"description",
                          "Alle deelnemers van een of meer regio's in één keer over de plekken "
                          "verdelen, op de achtergrond, met per deelnemer de uitkomst."}},
                    Json{{"name", "In beeld"},
                         {"description",
                          "De tijdlijn van een deelnemer, de volgstand die eruit volgt en het "
                          "big-5-plan (wonen, inkomen, welzijn, werk en school, support)."}},
                    Json{{"name", "Signalen"},
                         {"description",
                          "Wat Overstap opmerkt: wie uit beeld raakt, een gestopte plaatsing, "
                          "een naderende overgang, een big-5-domein in zorg, een verlopen taak "
                          "of overdracht."}},
                    Json{{"name", "Taken"},
                         {"description",
                          "Elk signaal wordt een taak voor een organisatie; een taak over de "
                          "termijn escaleert naar de coördinator van de regio."}},
                    Json{{"name", "Overdrachten"},
                         {"description",
                          "Warme overdrachten van de verantwoordelijkheid voor een deelnemer, "
                          "die de ontvanger moet accepteren."}},
                    Json{{"name", "Referentiegegevens"},
                         {"description",
                          "Regio's, gemeenten, sectoren, vaardigheden en "
                          "beroepen; alleen lezen."}},
                    Json{{"name", "Documentatie"}, {"description", "Dit document."}}})},
      {"paths", WithOriginCheck(std::move(paths))},
      {"components",
       {{"schemas", Schemas()},
        {"headers", Headers()},
        {"parameters", Parameters()},
        {"responses", Responses()}}}};
  return doc;
}

}  // namespace

const Json& OpenApiDocument() {
  static const Json kDoc = BuildDocument();
  return kDoc;
}

}  // namespace overstap::http
