// The register: reference data (regios, gemeenten, sectoren, vaardigheden, beroepen) and the
// three versioned resources organisaties, deelnemers and plekken.

#include "common/text.h"
#include "domain/filters.h"
#include "domain/validate.h"
#include "http/handler_util.h"
#include "http/handlers/handlers.h"
#include "service/register_service.h"

namespace overstap::http::handlers {
namespace {

using access::RequestContext;
using service::RegisterService;

// ---- reference data ---------------------------------------------------------------------------

// A prefix search: `zoek` (required) and `aantal`; `find` gives the encoded hits.
template <typename Find>
void Search(Exchange& ex, const Find& find) {
  Query q(ex, {"zoek", "aantal"});
  std::string zoek = q.Str("zoek");
  int n = q.Int("aantal", 20, 1, 100);
  if (Trim(zoek).empty()) {
    q.Add("zoek", "verplicht", "'zoek' is verplicht: het begin van een woord uit de naam.",
          "'zoek' is required: the start of a word of the name.");
  }
  if (!q.Ok(ex)) return;
  ex.Reply(200, {{"resultaten", find(zoek, n)}});
}

// ---- the three register resources, one template ---------------------------------------------

// The date `years` years before `on` (29 February becomes 28 February in a common year): a
// person born on or before it is at least `years` old on `on` (AgeOn).
Date YearsBefore(Date on, int years) {
  int y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(on.days, &y, &m, &d);
  y -= years;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) d = 28;
  return Date{DaysFromCivil(y, m, d)};
}

// What differs between organisaties, deelnemers and plekken.
struct Organisaties {
  using T = domain::Organisation;
  using Filter = domain::OrganisationFilter;
  static constexpr const char* kPath = "/api/v1/organisaties";
  static Result<T> Decode(const Json& j) { return DecodeOrganisation(j); }
  static Result<T> Create(RegisterService& r, const RequestContext& c, T v) {
    return r.CreateOrganisation(c, std::move(v));
  }
  static Result<T> Get(RegisterService& r, const RequestContext& c, const std::string& id) {
    return r.GetOrganisation(c, id);
  }
  static Result<T> Replace(RegisterService& r, const RequestContext& c, T v) {
    return r.ReplaceOrganisation(c, std::move(v));
  }
  static Status Remove(RegisterService& r, const RequestContext& c, const std::string& id,
                       int64_t version) {
    return r.DeleteOrganisation(c, id, version);
  }
  static Result<domain::Page<T>> List(RegisterService& r, const RequestContext& c, const Filter& f,
                                      const domain::PageRequest& p) {
    return r.ListOrganisations(c, f, p);
  }
  static const std::vector<std::string>& QueryKeys() {
    static const std::vector<std::string> kKeys = {"regio", "gemeente", "soort",  "zoek",  "brin",
                                                   "kvk",   "sorteer",  "cursor", "aantal"};
    return kKeys;
  }
  // Reads the filter and page from the query; may add violations to `q`.
  static std::pair<Filter, domain::PageRequest> ReadQuery(Query& q, const domain::Catalog& cat,
                                                          Date) {
    Filter f;
    f.region = q.Code("regio", cat.FindRegion(q.Str("regio")) != nullptr);
    f.municipality = q.Code("gemeente", cat.FindMunicipality(q.Str("gemeente")) != nullptr);
    f.kind = q.Enum<domain::OrganisationKind>("soort", domain::OrganisationKindNames());
    f.name = q.Text("zoek", domain::kMaxOrganisationNameLength);
    f.brin = domain::NormaliseBrin(q.Str("brin"));
    if (!f.brin.empty() && !domain::IsBrin(f.brin)) {
      q.Add("brin", "ongeldigeBrin", "'brin' is geen BRIN (zoals 12AB of 12AB01).",
            "'brin' is not a BRIN (like 12AB or 12AB01).");
    }
    f.kvk = q.Str("kvk");
    if (!f.kvk.empty() && !domain::IsKvkNumber(f.kvk)) {
      q.Add("kvk", "ongeldigKvkNummer", "'kvk' is geen KvK-nummer (acht cijfers).",
            "'kvk' is not a KvK number (eight digits).");
    }
    auto page =
        q.Page({{"aangemaakt", domain::SortField::kCreated}, {"naam", domain::SortField::kName}});
    return {f, page};
  }
};

struct Deelnemers {
  using T = domain::Person;
  using Filter = domain::PersonFilter;
  static constexpr const char* kPath = "/api/v1/deelnemers";
  static Result<T> Decode(const Json& j) { return DecodePerson(j); }
  static Result<T> Create(RegisterService& r, const RequestContext& c, T v) {
    return r.CreatePerson(c, std::move(v));
  }
  static Result<T> Get(RegisterService& r, const RequestContext& c, const std::string& id) {
    return r.GetPerson(c, id);
  }
  static Result<T> Replace(RegisterService& r, const RequestContext& c, T v) {
    return r.ReplacePerson(c, std::move(v));
  }
  static Status Remove(RegisterService& r, const RequestContext& c, const std::string& id,
                       int64_t version) {
    return r.DeletePerson(c, id, version);
  }
  static Result<domain::Page<T>> List(RegisterService& r, const RequestContext& c, const Filter& f,
                                      const domain::PageRequest& p) {
    return r.ListPeople(c, f, p);
  }
  static const std::vector<std::string>& QueryKeys() {
    static const std::vector<std::string> kKeys = {"regio",
                                                   "gemeente",
                                                   "sector",
                                                   "situatie",
                                                   "niveau",
                                                   "instelling",
                                                   "verantwoordelijkeOrganisatie",
                                                   "externeId",
                                                   "naam",
                                                   "openSignaal",
                                                   "geplaatst",
                                                   "leeftijdVan",
                                                   "leeftijdTot",
                                                   "sorteer",
                                                   "cursor",
                                                   "aantal"};
    return kKeys;
  }
  static std::pair<Filter, domain::PageRequest> ReadQuery(Query& q, const domain::Catalog& cat,
                                                          Date today) {
    Filter f;
    f.institution = q.Id("instelling");
    f.responsible = q.Id("verantwoordelijkeOrganisatie");
    f.external_id = q.Text("externeId", domain::kMaxExternalIdLength);
    f.name = q.Text("naam", domain::kMaxNameLength);
    f.open_signal = q.Bool("openSignaal");
    f.placed = q.Bool("geplaatst");
    // An age in whole years today, as a bound on the birth date (an indexed column).
    const int min_age = q.Int("leeftijdVan", -1, domain::kMinAge, domain::kMaxAge);
    const int max_age = q.Int("leeftijdTot", -1, domain::kMinAge, domain::kMaxAge);
    if (min_age >= 0) f.born_on_or_before = YearsBefore(today, min_age);
    if (max_age >= 0) f.born_after = YearsBefore(today, max_age + 1);
    f.region = q.Code("regio", cat.FindRegion(q.Str("regio")) != nullptr);
    f.municipality = q.Code("gemeente", cat.FindMunicipality(q.Str("gemeente")) != nullptr);
    f.sector = q.Code("sector", cat.FindSector(q.Str("sector")) != nullptr);
    f.situation = q.Enum<domain::Situation>("situatie", domain::SituationNames());
    f.level = q.Enum<domain::Level>("niveau", domain::LevelNames());
    auto page = q.Page({{"aangemaakt", domain::SortField::kCreated},
                        {"achternaam", domain::SortField::kName},
                        {"geboortedatum", domain::SortField::kBirthDate}});
    // A name search lists by achternaam unless asked otherwise: the order of its index.
    if (!f.name.empty() && q.Str("sorteer").empty()) page.sort = domain::SortField::kName;
    return {f, page};
  }
};

struct Plekken {
  using T = domain::Place;
  using Filter = domain::PlaceFilter;
  static constexpr const char* kPath = "/api/v1/plekken";
  static Result<T> Decode(const Json& j) { return DecodePlace(j); }
  static Result<T> Create(RegisterService& r, const RequestContext& c, T v) {
    return r.CreatePlace(c, std::move(v));
  }
  static Result<T> Get(RegisterService& r, const RequestContext& c, const std::string& id) {
    return r.GetPlace(c, id);
  }
  static Result<T> Replace(RegisterService& r, const RequestContext& c, T v) {
    return r.ReplacePlace(c, std::move(v));
  }
  static Status Remove(RegisterService& r, const RequestContext& c, const std::string& id,
                       int64_t version) {
    return r.DeletePlace(c, id, version);
  }
  static Result<domain::Page<T>> List(RegisterService& r, const RequestContext& c, const Filter& f,
                                      const domain::PageRequest& p) {
    return r.ListPlaces(c, f, p);
  }
  static const std::vector<std::string>& QueryKeys() {
    static const std::vector<std::string> kKeys = {"regio",   "gemeente", "sector",
                                                   "soort",   "niveau",   "organisatie",
                                                   "sorteer", "cursor",   "aantal"};
    return kKeys;
  }
  static std::pair<Filter, domain::PageRequest> ReadQuery(Query& q, const domain::Catalog& cat,
                                                          Date) {
    Filter f;
    f.region = q.Code("regio", cat.FindRegion(q.Str("regio")) != nullptr);
    f.municipality = q.Code("gemeente", cat.FindMunicipality(q.Str("gemeente")) != nullptr);
    f.sector = q.Code("sector", cat.FindSector(q.Str("sector")) != nullptr);
    f.organisation = q.Id("organisatie");
    f.kind = q.Enum<domain::PlaceKind>("soort", domain::PlaceKindNames());
    f.minimum_level = q.Enum<domain::Level>("niveau", domain::LevelNames());
    auto page = q.Page({{"aangemaakt", domain::SortField::kCreated},
                        {"titel", domain::SortField::kName},
                        {"capaciteit", domain::SortField::kCapacity}});
    return {f, page};
  }
};

template <typename R>
void List(Exchange& ex, const Services& s) {
  Query q(ex, R::QueryKeys());
  auto [filter, page] = R::ReadQuery(q, s.reg->catalog(), DateFromMicros(ex.ctx.now_micros));
  if (!q.Ok(ex)) return;
  auto result = R::List(*s.reg, ex.ctx, filter, page);
  if (!result.ok()) return ex.Problem(result.status());
  if constexpr (std::is_same_v<typename R::T, domain::Organisation>) {
    ReplyList(ex, R::kPath, *result);
  } else {
    ReplyShownList(ex, s, R::kPath, *result);
  }
}

template <typename R>
void Create(Exchange& ex, const Services& s) {
  if (!NoQuery(ex)) return;
  auto decoded = R::Decode(ex.body);
  if (!decoded.ok()) return ex.Problem(decoded.status());
  auto created = R::Create(*s.reg, ex.ctx, std::move(decoded).value());
  if (!created.ok()) return ex.Problem(created.status());
  ex.res.set_header("Location", std::string(R::kPath) + "/" + created->id);
  ReplyRecord(ex, 201, *created);
}

template <typename R>
void Read(Exchange& ex, const Services& s) {
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto found = R::Get(*s.reg, ex.ctx, id);
  if (!found.ok()) return ex.Problem(found.status());
  ReplyRecord(ex, 200, *found);
}

// PUT (the whole record) or PATCH (a JSON merge patch on the current record).
template <typename R>
void Write(Exchange& ex, const Services& s, bool patch) {
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto version = RequireIfMatch(ex);
  if (!version) return;
  Json doc = ex.body;
  if (patch) {
    auto current = R::Get(*s.reg, ex.ctx, id);
    if (!current.ok()) return ex.Problem(current.status());
    if (!ex.body.is_object()) {
      return ex.Problem(Refusal::kMalformed, "Een merge patch moet een JSON-object zijn.",
                        "A merge patch must be a JSON object.");
    }
    doc = Encode(*current);
    // Derived fields follow what they derive from: a new postcode brings its own gemeente,
    // a new gemeente its own regio, unless the patch names them too.
    if (ex.body.contains("postcode") && !ex.body.contains("gemeente")) doc.erase("gemeente");
    if (ex.body.contains("gemeente") && !ex.body.contains("regio")) doc.erase("regio");
    doc.merge_patch(ex.body);
  }
  auto decoded = R::Decode(doc);
  if (!decoded.ok()) return ex.Problem(decoded.status());
  typename R::T record = std::move(decoded).value();
  record.id = id;
  record.version = *version;
  auto updated = R::Replace(*s.reg, ex.ctx, std::move(record));
  if (!updated.ok()) return ex.Problem(updated.status());
  ReplyRecord(ex, 200, *updated);
}

template <typename R>
void Remove(Exchange& ex, const Services& s) {
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto version = RequireIfMatch(ex);
  if (!version) return;
  Status st = R::Remove(*s.reg, ex.ctx, id, *version);
  if (!st.ok()) return ex.Problem(st);
  ex.res.status = 204;
}

}  // namespace

// ---- reference data ---------------------------------------------------------------------------

void Regios(Exchange& ex, const Services& s) {
  if (!NoQuery(ex)) return;
  Json items = Json::array();
  for (const auto& r : s.reg->catalog().data().regions) items.push_back(Encode(r));
  ex.Reply(200, {{"resultaten", items}});
}

void Regio(Exchange& ex, const Services& s) {
  if (!NoQuery(ex)) return;
  const auto& cat = s.reg->catalog();
  const auto* r = cat.FindRegion(ex.params.Get("code"));
  if (!r) return ex.Problem(Refusal::kNotFound, "Regio niet gevonden.", "Region not found.");
  Json j = Encode(*r);
  Json gemeenten = Json::array();
  for (const auto* m : cat.MunicipalitiesOf(r->code)) gemeenten.push_back(Encode(*m));
  j["gemeenten"] = gemeenten;
  ex.Reply(200, j);
}

void Gemeenten(Exchange& ex, const Services& s) {
  const auto& cat = s.reg->catalog();
  Query q(ex, {"regio"});
  std::string regio = q.Code("regio", cat.FindRegion(q.Str("regio")) != nullptr);
  if (!q.Ok(ex)) return;
  Json items = Json::array();
  for (const auto& m : cat.data().municipalities) {
    if (regio.empty() || m.region == regio) items.push_back(Encode(m));
  }
  ex.Reply(200, {{"resultaten", items}});
}

void Gemeente(Exchange& ex, const Services& s) {
  if (!NoQuery(ex)) return;
  const auto& cat = s.reg->catalog();
  const auto* m = cat.FindMunicipality(ex.params.Get("code"));
  if (!m) {
    return ex.Problem(Refusal::kNotFound, "Gemeente niet gevonden.", "Municipality not found.");
  }
  Json j = Encode(*m);
  Json postcodes = Json::array();
  for (const auto* p : cat.Pc4sOf(m->code)) postcodes.push_back(p->code);
  j["postcodes"] = postcodes;
  ex.Reply(200, j);
}

void Sectoren(Exchange& ex, const Services& s) {
  if (!NoQuery(ex)) return;
  Json items = Json::array();
  for (const auto& sector : s.reg->catalog().data().sectors) items.push_back(Encode(sector));
  ex.Reply(200, {{"resultaten", items}});
}

void Vaardigheden(Exchange& ex, const Services& s) {
  Search(ex, [&](const std::string& zoek, int n) {
    Json items = Json::array();
    for (const auto* skill : s.reg->catalog().SearchSkills(zoek, n))
      items.push_back(Encode(*skill));
    return items;
  });
}

void Vaardigheid(Exchange& ex, const Services& s) {
  if (!NoQuery(ex)) return;
  const auto* skill = s.reg->catalog().FindSkill(ex.params.Get("id"));
  if (!skill)
    return ex.Problem(Refusal::kNotFound, "Vaardigheid niet gevonden.", "Skill not found.");
  ex.Reply(200, Encode(*skill));
}

void Beroepen(Exchange& ex, const Services& s) {
  Search(ex, [&](const std::string& zoek, int n) {
    Json items = Json::array();
    for (const auto* o : s.reg->catalog().SearchOccupations(zoek, n)) items.push_back(Encode(*o));
    return items;
  });
}

void Beroep(Exchange& ex, const Services& s) {
  if (!NoQuery(ex)) return;
  const auto& cat = s.reg->catalog();
  const auto* o = cat.FindOccupation(ex.params.Get("id"));
  if (!o) return ex.Problem(Refusal::kNotFound, "Beroep niet gevonden.", "Occupation not found.");
  Json j = Encode(*o);
  Json essential = Json::array(), optional = Json::array();
  for (const auto* rel : cat.SkillsOf(o->id)) {
    const auto* skill = cat.FindSkill(rel->skill);
    if (skill) (rel->essential ? essential : optional).push_back(Encode(*skill));
  }
  j["essentieleVaardigheden"] = essential;
  j["optioneleVaardigheden"] = optional;
  ex.Reply(200, j);
}

// ---- organisaties, deelnemers, plekken --------------------------------------------------------

void OrganisatiesLijst(Exchange& ex, const Services& s) { List<Organisaties>(ex, s); }
void OrganisatieMaken(Exchange& ex, const Services& s) { Create<Organisaties>(ex, s); }
void OrganisatieLezen(Exchange& ex, const Services& s) { Read<Organisaties>(ex, s); }
void OrganisatieVervangen(Exchange& ex, const Services& s) { Write<Organisaties>(ex, s, false); }
void OrganisatieWijzigen(Exchange& ex, const Services& s) { Write<Organisaties>(ex, s, true); }
void OrganisatieVerwijderen(Exchange& ex, const Services& s) { Remove<Organisaties>(ex, s); }

void DeelnemersLijst(Exchange& ex, const Services& s) { List<Deelnemers>(ex, s); }
void DeelnemerMaken(Exchange& ex, const Services& s) { Create<Deelnemers>(ex, s); }
void DeelnemerLezen(Exchange& ex, const Services& s) { Read<Deelnemers>(ex, s); }
void DeelnemerVervangen(Exchange& ex, const Services& s) { Write<Deelnemers>(ex, s, false); }
void DeelnemerWijzigen(Exchange& ex, const Services& s) { Write<Deelnemers>(ex, s, true); }
void DeelnemerVerwijderen(Exchange& ex, const Services& s) { Remove<Deelnemers>(ex, s); }

void PlekkenLijst(Exchange& ex, const Services& s) { List<Plekken>(ex, s); }
void PlekMaken(Exchange& ex, const Services& s) { Create<Plekken>(ex, s); }
void PlekLezen(Exchange& ex, const Services& s) { Read<Plekken>(ex, s); }
void PlekVervangen(Exchange& ex, const Services& s) { Write<Plekken>(ex, s, false); }
void PlekWijzigen(Exchange& ex, const Services& s) { Write<Plekken>(ex, s, true); }
void PlekVerwijderen(Exchange& ex, const Services& s) { Remove<Plekken>(ex, s); }

}  // namespace overstap::http::handlers
