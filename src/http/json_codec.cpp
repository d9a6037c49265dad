#include "http/json_codec.h"

#include <cmath>
#include <set>

#include "http/json_object_reader.h"
#include "http/json_writer.h"

namespace overstap::http {

domain::Organisation DecodeOrganisationPartly(const Json& j, std::vector<FieldViolation>* out) {
  std::vector<FieldViolation>& v = *out;
  ObjectReader r(j, "", &v);
  domain::Organisation o;
  if (!r.IsObject("")) return o;
  for (const char* k : {"id", "versie", "aangemaakt", "gewijzigd"}) r.Ignore(k);
  if (auto s = r.String("naam", true)) o.name = *s;
  if (auto k = r.Enum<domain::OrganisationKind>("soort", domain::OrganisationKindNames(), true))
    o.kind = *k;
  if (auto s = r.String("gemeente", false)) o.municipality = *s;
  if (auto s = r.String("regio", false)) o.region = s->substr(0, 16);
  if (auto s = r.String("brin", false)) o.brin = s->substr(0, 16);
  if (auto s = r.String("kvk", false)) o.kvk = s->substr(0, 16);
  r.Finish();
  return o;
}

Result<domain::Organisation> DecodeOrganisation(const Json& j) {
  std::vector<FieldViolation> v;
  domain::Organisation o = DecodeOrganisationPartly(j, &v);
  RETURN_IF_ERROR(Finish(std::move(v)));
  return o;
}

domain::Person DecodePersonPartly(const Json& j, std::vector<FieldViolation>* out) {
  std::vector<FieldViolation>& v = *out;
  ObjectReader r(j, "", &v);
  domain::Person p;
  if (!r.IsObject("")) return p;
  IgnoreReadOnly(r);
  if (const Json* arr = r.Array("externeIds", domain::kMaxExternalIds)) {
    for (size_t i = 0; i < arr->size(); ++i) {
      std::string name = "externeIds[" + std::to_string(i) + "]";
      ObjectReader item((*arr)[i], name, &v);
      if (!item.IsObject(name)) continue;
      auto org = item.Uuid("organisatie", true);
      auto id = item.String("id", true);
      item.Finish();
      if (org && id) p.external_ids.push_back({*org, *id});
    }
  }
  if (auto s = r.String("voornaam", true)) p.first_name = *s;
  if (auto s = r.String("achternaam", true)) p.last_name = *s;
  if (auto s = r.String("tussenvoegsel", false)) p.surname_prefix = s->substr(0, 64);
  if (auto d = r.DateField("geboortedatum", true)) p.birth_date = *d;
  if (auto s = r.String("postcode", true)) p.postcode = *s;
  if (auto s = r.String("gemeente", false)) p.municipality = *s;
  if (auto e = r.Enum<domain::Situation>("situatie", domain::SituationNames(), true))
    p.situation = *e;
  if (auto s = r.Uuid("instelling", false)) p.institution = *s;
  if (auto e = r.Enum<domain::Benefit>("uitkering", domain::BenefitNames(), false)) p.benefit = *e;
  if (auto e = r.Enum<domain::Level>("niveau", domain::LevelNames(), true)) p.level = *e;
  p.skills = ReadSkills(r, "vaardigheden", &v);
  if (const Json* arr = r.Array("sectoren", domain::kMaxSectors)) {
    for (size_t i = 0; i < arr->size(); ++i) {
      if ((*arr)[i].is_string() &&
          (*arr)[i].get_ref<const std::string&>().size() <= domain::kMaxSectorCodeLength) {
        p.sectors.push_back((*arr)[i].get<std::string>());
      } else {
        r.Add("sectoren[" + std::to_string(i) + "]", "verkeerdType",
              "Een sector is een SBI-sectieletter (tekst).", "A sector is an SBI section letter.");
      }
    }
  }
  p.support_needed = ReadSupport(r, "ondersteuningNodig", &v);
  if (auto n = r.Int("maxReisafstandKm", false)) p.max_travel_km = *n;
  if (auto n = r.Int("urenPerWeek", false)) p.hours_per_week = *n;
  p.available_from = r.DateField("beschikbaarVanaf", false);
  if (auto s = r.Uuid("verantwoordelijkeOrganisatie", false)) p.responsible_organisation = *s;
  r.Finish();
  return p;
}

Result<domain::Person> DecodePerson(const Json& j) {
  std::vector<FieldViolation> v;
  domain::Person p = DecodePersonPartly(j, &v);
  RETURN_IF_ERROR(Finish(std::move(v)));
  return p;
}

domain::Place DecodePlacePartly(const Json& j, std::vector<FieldViolation>* out) {
  std::vector<FieldViolation>& v = *out;
  ObjectReader r(j, "", &v);
  domain::Place p;
  if (!r.IsObject("")) return p;
  IgnoreReadOnly(r);
  if (auto e = r.Enum<domain::PlaceKind>("soort", domain::PlaceKindNames(), true)) p.kind = *e;
  if (auto s = r.Uuid("organisatie", true)) p.organisation = *s;
  if (auto s = r.String("titel", true)) p.title = *s;
  if (auto s = r.String("postcode", true)) p.postcode = *s;
  if (auto s = r.String("gemeente", false)) p.municipality = *s;
  if (auto s = r.String("sector", true)) p.sector = *s;
  if (auto s = r.String("beroep", false)) p.occupation = *s;
  p.required_skills = ReadSkills(r, "vereisteVaardigheden", &v, /*learnable_allowed=*/true);
  p.desired_skills = ReadSkills(r, "gewensteVaardigheden", &v);
  if (auto e = r.Enum<domain::Level>("minimaalNiveau", domain::LevelNames(), false))
    p.minimum_level = *e;
  p.support_offered = ReadSupport(r, "ondersteuningAanwezig", &v);
  if (auto n = r.Int("urenPerWeek", false)) p.hours_per_week = *n;
  if (auto n = r.Int("capaciteit", true)) p.capacity = *n;
  if (const Json* period = r.Get("periode", false)) {
    ObjectReader pr(*period, "periode", &v);
    if (pr.IsObject("periode")) {
      p.period_from = pr.DateField("van", false);
      p.period_to = pr.DateField("tot", false);
      pr.Finish();
    }
  }
  if (auto b = r.Bool("erkendLeerbedrijf", false)) p.recognised_training_company = *b;
  r.Finish();
  return p;
}

Result<domain::Place> DecodePlace(const Json& j) {
  std::vector<FieldViolation> v;
  domain::Place p = DecodePlacePartly(j, &v);
  RETURN_IF_ERROR(Finish(std::move(v)));
  return p;
}

Status AllViolations(std::vector<FieldViolation> decoding, const Status& validation) {
  std::set<std::string> named;
  for (const auto& x : decoding) named.insert(x.field);
  for (const auto& x : validation.violations()) {
    if (!named.count(x.field)) decoding.push_back(x);
  }
  return Finish(std::move(decoding));
}

Result<RoundRequestJson> DecodeRoundRequest(const Json& j) {
  std::vector<FieldViolation> v;
  ObjectReader r(j, "", &v);
  RoundRequestJson out;
  if (!r.IsObject("")) return Finish(std::move(v));
  if (auto e = r.Enum<domain::RoundMode>("modus", domain::RoundModeNames(), true)) out.mode = *e;
  const Json* regions = r.Array("regios", domain::kMaxRoundRegions);
  if (regions) {
    for (size_t i = 0; i < regions->size(); ++i) {
      const Json& c = (*regions)[i];
      if (!c.is_string() || c.get_ref<const std::string&>().size() > domain::kMaxRegionCodeLength) {
        r.Add("regios[" + std::to_string(i) + "]", "verkeerdType",
              "Verwacht een regiocode zoals \"AM01\".", "Expected a region code such as \"AM01\".");
      } else {
        out.regions.push_back(c.get<std::string>());
      }
    }
  }
  std::optional<bool> national = r.Bool("landelijk", false);
  const bool has_regions = regions && !regions->empty();
  if (national.value_or(false) == has_regions) {
    r.Add(
        has_regions ? "landelijk" : "regios", "regiosOfLandelijk",
        "Geef 'regios' (een of meer regiocodes) of 'landelijk': true, niet allebei en niet geen "
        "van beide.",
        "Give 'regios' (one or more region codes) or 'landelijk': true, not both and not neither.");
  }
  if (const Json* kinds = r.Array("soorten", domain::PlaceKindNames().size())) {
    for (size_t i = 0; i < kinds->size(); ++i) {
      const Json& k = (*kinds)[i];
      auto kind = k.is_string() ? domain::ParseEnum<domain::PlaceKind>(k.get<std::string>(),
                                                                       domain::PlaceKindNames())
                                : std::nullopt;
      if (!kind) {
        r.BadEnum("soorten[" + std::to_string(i) + "]", domain::PlaceKindNames());
      } else {
        out.kinds.push_back(*kind);
      }
    }
  }
  if (auto seed = r.Int64("lotingZaad", false, 0, domain::kMaxRoundSeed)) out.seed = *seed;
  if (auto b = r.Bool("inclusiefGeplaatsten", false)) out.include_placed = *b;
  r.Finish();
  RETURN_IF_ERROR(Finish(std::move(v)));
  return out;
}

Json Encode(const domain::AllocationRound& round) {
  Json kinds = Json::array();
  for (auto k : round.kinds) kinds.push_back(std::string(domain::Name(k)));
  Json j = {{"id", round.id},
            {"modus", std::string(domain::Name(round.mode))},
            {"regios", round.regions},
            {"landelijk", round.regions.empty()},
            {"soorten", kinds},
            {"lotingZaad", round.seed},
            {"inclusiefGeplaatsten", round.include_placed},
            {"status", std::string(domain::Name(round.status))},
            {"fase", round.phase},
            {"voortgang", static_cast<int>(std::floor(round.progress * 100))},
            {"aangemaakt", FormatTimestamp(round.created_micros)},
            {"gestart",
             round.started_micros ? Json(FormatTimestamp(round.started_micros)) : Json(nullptr)},
            {"klaar",
             round.finished_micros ? Json(FormatTimestamp(round.finished_micros)) : Json(nullptr)},
            {"resultaat", nullptr},
            {"fout", round.error.empty() ? Json(nullptr) : Json(round.error)}};
  if (round.status == domain::RoundStatus::kDone) {
    Json unplaced = Json::object();
    for (const auto& [code, count] : round.unplaced_by_reason) unplaced[code] = count;
    j["resultaat"] = {{"deelnemers", round.people},
                      {"plekken", round.places},
                      {"zetels", round.seats},
                      {"kandidaatparen", round.pairs},
                      {"geplaatst", round.placed},
                      {"nietGeplaatst", round.people - round.placed},
                      {"totaleScore", std::round(round.total_score * 10000) / 10000},
                      {"alGeplaatst", round.already_placed},
                      {"bezetteZetels", round.seats_held},
                      {"certificaat", nullptr},
                      {"nietGeplaatstPerReden", unplaced}};
    if (round.certificate_prices > 0) {
      j["resultaat"]["certificaat"] = {{"gecontroleerd", true},
                                       {"dualePrijzen", round.certificate_prices}};
    }
  }
  return j;
}

void AddExplanation(double score, const std::vector<domain::Reason>& fits,
                    const std::vector<domain::Reason>& missing, Json* j) {
  const auto rounded = domain::RoundExplanationValue;
  Json redenen = Json::array(), ontbreekt = Json::array();
  for (const auto& r : fits) {
    redenen.push_back({{"code", r.code}, {"tekst", r.text}, {"gewicht", rounded(r.weight)}});
  }
  for (const auto& r : missing) ontbreekt.push_back({{"code", r.code}, {"tekst", r.text}});
  (*j)["score"] = rounded(score);
  (*j)["redenen"] = std::move(redenen);
  (*j)["ontbreekt"] = std::move(ontbreekt);
}

Json Encode(const domain::RoundOutcome& o) {
  if (o.reason_code.empty()) {
    Json j = {{"deelnemer", o.person},
              {"plek", o.place.empty() ? Json(nullptr) : Json(o.place)},
              {"geplaatst", true}};
    AddExplanation(o.score, o.fits, o.missing, &j);
    return j;
  }
  return {{"deelnemer", o.person},
          {"plek", nullptr},
          {"geplaatst", false},
          {"reden", {{"code", o.reason_code}, {"tekst", o.reason_text}}}};
}

Json Encode(const domain::Organisation& o) {
  return {{"id", o.id},
          {"versie", o.version},
          {"naam", o.name},
          {"soort", std::string(domain::Name(o.kind))},
          {"gemeente", NullIfEmpty(o.municipality)},
          {"regio", o.region},
          {"brin", NullIfEmpty(o.brin)},
          {"kvk", NullIfEmpty(o.kvk)},
          {"aangemaakt", FormatTimestamp(o.created_micros)},
          {"gewijzigd", FormatTimestamp(o.updated_micros)}};
}

Json Encode(const domain::Person& p) {
  Json ext = Json::array();
  for (const auto& e : p.external_ids)
    ext.push_back({{"organisatie", e.organisation}, {"id", e.value}});
  return {{"id", p.id},
          {"versie", p.version},
          {"externeIds", ext},
          {"voornaam", p.first_name},
          {"tussenvoegsel", NullIfEmpty(p.surname_prefix)},
          {"achternaam", p.last_name},
          {"geboortedatum", FormatDate(p.birth_date)},
          {"postcode", p.postcode},
          {"gemeente", p.municipality},
          {"regio", p.region},
          {"situatie", std::string(domain::Name(p.situation))},
          {"instelling", NullIfEmpty(p.institution)},
          {"uitkering", std::string(domain::Name(p.benefit))},
          {"niveau", std::string(domain::Name(p.level))},
          {"vaardigheden", EncodeSkills(p.skills)},
          {"sectoren", p.sectors},
          {"ondersteuningNodig", EncodeSupport(p.support_needed)},
          {"maxReisafstandKm", p.max_travel_km},
          {"urenPerWeek", p.hours_per_week},
          {"beschikbaarVanaf", DateOrNull(p.available_from)},
          {"verantwoordelijkeOrganisatie", NullIfEmpty(p.responsible_organisation)},
          {"aangemaakt", FormatTimestamp(p.created_micros)},
          {"gewijzigd", FormatTimestamp(p.updated_micros)}};
}

void AppendJson(const domain::Person& p, std::string* out) {
  // Members in nlohmann's order (sorted by key), so the text equals Encode(p).dump().
  out->reserve(out->size() + 1024);
  JsonWriter w(out);
  auto string_or_null = [&](const std::string& s) {
    if (s.empty()) {
      w.Null();
    } else {
      w.String(s);
    }
  };
  std::string scratch;
  auto timestamp = [&](int64_t micros) {
    scratch.clear();
    AppendTimestamp(micros, &scratch);
    w.String(scratch);
  };
  w.BeginObject();
  w.Key("aangemaakt");
  timestamp(p.created_micros);
  w.Key("achternaam").String(p.last_name);
  w.Key("beschikbaarVanaf");
  if (p.available_from) {
    scratch.clear();
    AppendDate(*p.available_from, &scratch);
    w.String(scratch);
  } else {
    w.Null();
  }
  w.Key("externeIds").BeginArray();
  for (const auto& e : p.external_ids) {
    w.BeginObject().Key("id").String(e.value).Key("organisatie").String(e.organisation).EndObject();
  }
  w.EndArray();
  scratch.clear();
  AppendDate(p.birth_date, &scratch);
  w.Key("geboortedatum").String(scratch);
  w.Key("gemeente").String(p.municipality);
  w.Key("gewijzigd");
  timestamp(p.updated_micros);
  w.Key("id").String(p.id);
  w.Key("instelling");
  string_or_null(p.institution);
  w.Key("maxReisafstandKm").Int(p.max_travel_km);
  w.Key("niveau").String(domain::Name(p.level));
  w.Key("ondersteuningNodig").BeginArray();
  for (auto s : domain::SupportList(p.support_needed)) w.String(domain::Name(s));
  w.EndArray();
  w.Key("postcode").String(p.postcode);
  w.Key("regio").String(p.region);
  w.Key("sectoren").BeginArray();
  for (const auto& s : p.sectors) w.String(s);
  w.EndArray();
  w.Key("situatie").String(domain::Name(p.situation));
  w.Key("tussenvoegsel");
  string_or_null(p.surname_prefix);
  w.Key("uitkering").String(domain::Name(p.benefit));
  w.Key("urenPerWeek").Int(p.hours_per_week);
  w.Key("vaardigheden").BeginArray();
  for (const auto& s : p.skills) {
    w.BeginObject().Key("niveau").Int(s.level).Key("vaardigheid").String(s.skill).EndObject();
  }
  w.EndArray();
  w.Key("verantwoordelijkeOrganisatie");
  string_or_null(p.responsible_organisation);
  w.Key("versie").Int(p.version);
  w.Key("voornaam").String(p.first_name);
  w.EndObject();
}

Json Encode(const domain::Place& p) {
  return {{"id", p.id},
          {"versie", p.version},
          {"soort", std::string(domain::Name(p.kind))},
          {"organisatie", p.organisation},
          {"titel", p.title},
          {"postcode", p.postcode},
          {"gemeente", p.municipality},
          {"regio", p.region},
          {"sector", p.sector},
          {"beroep", NullIfEmpty(p.occupation)},
          {"vereisteVaardigheden", EncodeSkills(p.required_skills, /*with_learnable=*/true)},
          {"gewensteVaardigheden", EncodeSkills(p.desired_skills)},
          {"minimaalNiveau", std::string(domain::Name(p.minimum_level))},
          {"ondersteuningAanwezig", EncodeSupport(p.support_offered)},
          {"urenPerWeek", p.hours_per_week},
          {"capaciteit", p.capacity},
          {"periode", {{"van", DateOrNull(p.period_from)}, {"tot", DateOrNull(p.period_to)}}},
          {"erkendLeerbedrijf", p.recognised_training_company},
          {"aangemaakt", FormatTimestamp(p.created_micros)},
          {"gewijzigd", FormatTimestamp(p.updated_micros)}};
}

Json Encode(const domain::Region& r) {
  return {{"code", r.code},
          {"naam", r.name},
          {"provincies", r.provinces},
          {"middelpunt", {{"lat", r.centroid.lat}, {"lon", r.centroid.lon}}}};
}

Json Encode(const domain::Municipality& m) {
  return {{"code", m.code},
          {"naam", m.name},
          {"provinciecode", m.province_code},
          {"provincie", m.province_name},
          {"regio", m.region},
          {"middelpunt", {{"lat", m.centroid.lat}, {"lon", m.centroid.lon}}}};
}

Json Encode(const domain::Sector& s) {
  return {{"code", s.code}, {"naam", s.name_nl}, {"naamEngels", s.name_en}};
}

Json Encode(const domain::Skill& s) {
  return {{"id", s.id},
          {"naam", domain::SkillLabel(s)},
          {"taal", domain::LabelLanguage(s)},
          {"naamEngels", s.label_en},
          {"andereNamen", s.alt_labels_nl},
          {"soort", s.type},
          {"hergebruik", s.reuse_level}};
}

Json Encode(const domain::Occupation& o) {
  return {{"id", o.id},
          {"naam", o.label_nl.empty() ? o.label_en : o.label_nl},
          {"naamEngels", o.label_en},
          {"iscoCode", o.isco_code},
          {"escoCode", o.esco_code}};
}

}  // namespace overstap::http
