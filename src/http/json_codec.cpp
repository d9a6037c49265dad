#include "http/json_codec.h"

#include <cmath>
#include <set>

#include "common/date.h"
#include "common/ids.h"
#include "common/text.h"
#include "http/json_writer.h"

namespace overstap::http {
namespace {

using domain::SkillLevel;

// A guard against absurd strings before they are copied, in bytes. The domain's limits are in
// characters (a note: 2,000) and a character takes up to 4 bytes in UTF-8, so this must allow
// 4 x the longest of them; the validators name the field when a text is too long.
constexpr size_t kMaxDecodedString = size_t{4} * 2000;

const char* TypeNameNl(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "lijst";
    case Json::value_t::string:
      return "tekst";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "geheel getal";
    case Json::value_t::number_float:
      return "getal met decimalen";
    default:
      return "onbekend";
  }
}

// Reads the members of one JSON object, collecting violations; Finish() reports members
// that were never asked for as unknown.
class ObjectReader {
 public:
  ObjectReader(const Json& j, std::string prefix, std::vector<FieldViolation>* out)
      : j_(j), prefix_(std::move(prefix)), out_(out) {}

  bool IsObject(const std::string& what) {
    if (j_.is_object()) return true;
    Add(what.empty() ? "(body)" : what, "verkeerdType",
        "Verwacht een object, kreeg " + std::string(TypeNameNl(j_)) + ".", "Expected an object.");
    return false;
  }

  void Ignore(const char* key) { seen_.insert(key); }

  const Json* Get(const char* key, bool required) {
    seen_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      if (required) {
        Add(Name(key), "verplicht", "'" + Name(key) + "' is verplicht.",
            "'" + Name(key) + "' is required.");
      }
      return nullptr;
    }
    return &*it;
  }

  std::optional<std::string> String(const char* key, bool required) {
    const Json* v = Get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) return WrongType(key, *v, "tekst", "a string"), std::nullopt;
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > kMaxDecodedString) {
      Add(Name(key), "teLang", "'" + Name(key) + "' is te lang.",
          "'" + Name(key) + "' is too long.");
      return std::nullopt;
    }
    return s;
  }

  std::optional<int> Int(const char* key, bool required) {
    const Json* v = Get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_number_integer())
      return WrongType(key, *v, "geheel getal", "an integer"), std::nullopt;
    if (v->is_number_unsigned()
            ? v->get<uint64_t>() > 1000000000ULL
            : (v->get<int64_t>() > 1000000000LL || v->get<int64_t>() < -1000000000LL)) {
      Add(Name(key), "buitenBereik", "'" + Name(key) + "' is veel te groot of te klein.",
          "'" + Name(key) + "' is far out of range.");
      return std::nullopt;
    }
    return static_cast<int>(v->get<int64_t>());
  }

  std::optional<bool> Bool(const char* key, bool required) {
    const Json* v = Get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) return WrongType(key, *v, "boolean", "a boolean"), std::nullopt;
    return v->get<bool>();
  }

  std::optional<Date> DateField(const char* key, bool required) {
    auto s = String(key, required);
    if (!s) return std::nullopt;
    auto d = ParseDate(*s);
    if (!d) {
      Add(Name(key), "ongeldigeDatum",
          "'" + Name(key) + "' moet een bestaande datum zijn als JJJJ-MM-DD.",
          "'" + Name(key) + "' must be a real date as YYYY-MM-DD.");
    }
    return d;
  }

  std::optional<std::string> Uuid(const char* key, bool required) {
    auto s = String(key, required);
    if (s && !IsUuid(*s)) {
      Add(Name(key), "ongeldigId", "'" + Name(key) + "' moet een id (UUID) zijn.",
          "'" + Name(key) + "' must be an id (UUID).");
      return std::nullopt;
    }
    return s;
  }

  template <typename E>
  std::optional<E> Enum(const char* key, const std::vector<std::string_view>& names,
                        bool required) {
    auto s = String(key, required);
    if (!s) return std::nullopt;
    auto e = domain::ParseEnum<E>(*s, names);
    if (!e) BadEnum(Name(key), names);
    return e;
  }

  void BadEnum(const std::string& name, const std::vector<std::string_view>& names) {
    std::string allowed;
    for (auto n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    Add(name, "onbekendeWaarde", "'" + name + "' moet een van deze waarden zijn: " + allowed + ".",
        "'" + name + "' must be one of: " + allowed + ".");
  }

  const Json* Array(const char* key, size_t max_items) {
    const Json* v = Get(key, false);
    if (!v) return nullptr;
    if (!v->is_array()) return WrongType(key, *v, "lijst", "an array"), nullptr;
    if (v->size() > max_items) {
      Add(Name(key), "teVeel",
          "'" + Name(key) + "' heeft te veel items (maximaal " + std::to_string(max_items) + ").",
          "'" + Name(key) + "' has too many items.");
      return nullptr;
    }
    return v;
  }

  // Names the first kMaxUnknownNamed unknown members, then counts the rest in one entry (a
  // body of 80,000 unknown keys must not become an answer of 80,000 entries).
  void Finish() {
    if (!j_.is_object()) return;
    constexpr size_t kMaxUnknownNamed = 100;
    size_t unknown = 0;
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (seen_.count(it.key())) continue;
      if (++unknown > kMaxUnknownNamed) continue;
      std::string key = it.key().substr(0, 64);
      Add(Name(key), "onbekendVeld", "Onbekend veld '" + Name(key) + "'.",
          "Unknown field '" + Name(key) + "'.");
    }
    if (unknown > kMaxUnknownNamed) {
      const std::string more = std::to_string(unknown - kMaxUnknownNamed);
      Add(prefix_.empty() ? "(body)" : prefix_, "teVeelOnbekendeVelden",
          "Nog " + more + " onbekende velden.", more + " more unknown fields.");
    }
  }

  std::string Name(const std::string& key) const {
    return prefix_.empty() ? key : prefix_ + "." + key;
  }

  void Add(std::string field, std::string code, std::string nl, std::string en) {
    if (!IsValidUtf8(field)) field = "(ongeldige UTF-8)";
    out_->push_back({std::move(field), std::move(code), std::move(nl), std::move(en)});
  }

 private:
  void WrongType(const char* key, const Json& v, const char* want_nl, const char* want_en) {
    Add(Name(key), "verkeerdType",
        "'" + Name(key) + "' moet " + want_nl + " zijn, niet " + TypeNameNl(v) + ".",
        "'" + Name(key) + "' must be " + want_en + ".");
  }

  const Json& j_;
  std::string prefix_;
  std::vector<FieldViolation>* out_;
  std::set<std::string> seen_;
};

std::vector<SkillLevel> ReadSkills(ObjectReader& r, const char* key,
                                   std::vector<FieldViolation>* out,
                                   bool learnable_allowed = false) {
  std::vector<SkillLevel> skills;
  const Json* arr = r.Array(key, domain::kMaxSkills);
  if (!arr) return skills;
  for (size_t i = 0; i < arr->size(); ++i) {
    ObjectReader item((*arr)[i], r.Name(key) + "[" + std::to_string(i) + "]", out);
    if (!item.IsObject(r.Name(key) + "[" + std::to_string(i) + "]")) continue;
    auto id = item.String("vaardigheid", true);
    auto level = item.Int("niveau", true);
    std::optional<bool> learnable;
    if (learnable_allowed) learnable = item.Bool("leerbaar", false);
    item.Finish();
    if (id && level) skills.push_back({*id, *level, learnable.value_or(false)});
  }
  return skills;
}

domain::SupportSet ReadSupport(ObjectReader& r, const char* key, std::vector<FieldViolation>* out) {
  domain::SupportSet set = 0;
  const Json* arr = r.Array(key, domain::kMaxSupportItems);
  if (!arr) return set;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string name = r.Name(key) + "[" + std::to_string(i) + "]";
    const Json& v = (*arr)[i];
    std::optional<domain::Support> s;
    if (v.is_string())
      s = domain::ParseEnum<domain::Support>(v.get<std::string>(), domain::SupportNames());
    if (!s) {
      r.BadEnum(name, domain::SupportNames());
      continue;
    }
    set |= domain::SupportBit(*s);
  }
  return set;
}

Status Finish(std::vector<FieldViolation> violations) {
  if (violations.empty()) return Status::Ok();
  return InvalidArgument("De invoer is ongeldig.", "The input is invalid.", std::move(violations));
}

void IgnoreReadOnly(ObjectReader& r) {
  for (const char* k : {"id", "versie", "regio", "aangemaakt", "gewijzigd"}) r.Ignore(k);
}

template <typename T>
Json Nullable(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}
Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }
Json DateOrNull(const std::optional<Date>& d) { return d ? Json(FormatDate(*d)) : Json(nullptr); }

Json EncodeSkills(const std::vector<SkillLevel>& skills, bool with_learnable = false) {
  Json arr = Json::array();
  for (const auto& s : skills) {
    Json j = {{"vaardigheid", s.skill}, {"niveau", s.level}};
    if (with_learnable) j["leerbaar"] = s.learnable;
    arr.push_back(std::move(j));
  }
  return arr;
}

Json EncodeSupport(domain::SupportSet set) {
  Json arr = Json::array();
  for (auto s : domain::SupportList(set)) arr.push_back(std::string(domain::Name(s)));
  return arr;
}

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

Json TimestampOrNull(int64_t micros) {
  return micros ? Json(FormatTimestamp(micros)) : Json(nullptr);
}

// The payload fields of an event a client may send, and which kinds take them.
enum EventField : uint16_t {
  kFieldOrganisation = 1 << 0,
  kFieldPlace = 1 << 1,
  kFieldReason = 1 << 2,
  kFieldUntil = 1 << 3,
  kFieldBenefit = 1 << 4,
  kFieldContact = 1 << 5,
  kFieldDomain = 1 << 6,
  kFieldBig5Status = 1 << 7,
  kFieldProfessional = 1 << 8,
  kFieldGoal = 1 << 9,
  kFieldActions = 1 << 10,
  kFieldNote = 1 << 11,
  kFieldCorrects = 1 << 12,
};

constexpr std::pair<const char*, uint16_t> kEventFields[] = {
    {"organisatie", kFieldOrganisation},
    {"plek", kFieldPlace},
    {"reden", kFieldReason},
    {"tot", kFieldUntil},
    {"uitkering", kFieldBenefit},
    {"contactSoort", kFieldContact},
    {"domein", kFieldDomain},
    {"big5Status", kFieldBig5Status},
    {"medewerker", kFieldProfessional},
    {"doel", kFieldGoal},
    {"acties", kFieldActions},
    {"notitie", kFieldNote},
    {"corrigeert", kFieldCorrects},
};

// The fields a kind takes (domain/follow.h, Event); 0xffff for kinds only Overstap records
// (domain::ValidateEvent refuses those by `soort`).
uint16_t FieldsOf(domain::EventKind kind) {
  using K = domain::EventKind;
  const uint16_t common = kFieldNote | kFieldCorrects;
  switch (kind) {
    case K::kEnrolmentStarted:
      return common | kFieldOrganisation;
    case K::kEnrolmentEnded:
      return common | kFieldOrganisation | kFieldReason;
    case K::kPlacementStarted:
      return common | kFieldOrganisation | kFieldPlace | kFieldUntil;
    case K::kPlacementEnded:
      return common | kFieldOrganisation | kFieldPlace | kFieldReason;
    case K::kBenefitStarted:
    case K::kBenefitEnded:
      return common | kFieldOrganisation | kFieldBenefit;
    case K::kContact:
      return common | kFieldOrganisation | kFieldContact;
    case K::kBig5Changed:
      return kFieldCorrects | kFieldDomain | kFieldBig5Status | kFieldOrganisation |
             kFieldProfessional | kFieldGoal | kFieldActions | kFieldUntil;
    case K::kConsentGiven:
    case K::kConsentWithdrawn:
      return common | kFieldOrganisation;
    case K::kVoided:
      return common;
    default:
      return 0xffff;
  }
}

bool Present(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && !it->is_null();
}

}  // namespace

Result<domain::Organisation> DecodeOrganisation(const Json& j) {
  std::vector<FieldViolation> v;
  ObjectReader r(j, "", &v);
  domain::Organisation o;
  if (!r.IsObject("")) return Finish(std::move(v));
  for (const char* k : {"id", "versie", "aangemaakt", "gewijzigd"}) r.Ignore(k);
  if (auto s = r.String("naam", true)) o.name = *s;
  if (auto k = r.Enum<domain::OrganisationKind>("soort", domain::OrganisationKindNames(), true))
    o.kind = *k;
  if (auto s = r.String("gemeente", false)) o.municipality = *s;
  if (auto s = r.String("regio", false)) o.region = s->substr(0, 16);
  r.Finish();
  RETURN_IF_ERROR(Finish(std::move(v)));
  return o;
}

Result<domain::Person> DecodePerson(const Json& j) {
  std::vector<FieldViolation> v;
  ObjectReader r(j, "", &v);
  domain::Person p;
  if (!r.IsObject("")) return Finish(std::move(v));
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
  RETURN_IF_ERROR(Finish(std::move(v)));
  return p;
}

Result<domain::Place> DecodePlace(const Json& j) {
  std::vector<FieldViolation> v;
  ObjectReader r(j, "", &v);
  domain::Place p;
  if (!r.IsObject("")) return Finish(std::move(v));
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
  RETURN_IF_ERROR(Finish(std::move(v)));
  return p;
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
  if (auto seed = r.Int("lotingZaad", false)) {
    if (*seed < 0) {
      r.Add("lotingZaad", "buitenBereik", "'lotingZaad' moet 0 of groter zijn.",
            "'lotingZaad' must be 0 or more.");
    } else {
      out.seed = *seed;
    }
  }
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
                      {"nietGeplaatstPerReden", unplaced}};
  }
  return j;
}

void AddExplanation(double score, const std::vector<domain::Reason>& fits,
                    const std::vector<domain::Reason>& missing, Json* j) {
  auto rounded = [](double v) { return std::round(v * 10000) / 10000; };
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

std::optional<int64_t> ParseTimestampOrDate(const std::string& s) {
  auto date = ParseDate(std::string_view(s).substr(0, 10));
  if (!date) return std::nullopt;
  const int64_t day_seconds = static_cast<int64_t>(date->days) * kSecondsPerDay;
  if (s.size() == 10) return day_seconds * kMicrosPerSecond;
  auto digit = [&](size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
  auto two = [&](size_t i, int* out) {
    if (!digit(i) || !digit(i + 1)) return false;
    *out = (s[i] - '0') * 10 + (s[i + 1] - '0');
    return true;
  };
  int hour = 0, minute = 0, second = 0;
  if (s.size() < 20 || (s[10] != 'T' && s[10] != 't') || !two(11, &hour) || s[13] != ':' ||
      !two(14, &minute) || s[16] != ':' || !two(17, &second) || hour > 23 || minute > 59 ||
      second > 60) {
    return std::nullopt;
  }
  size_t i = 19;
  int64_t fraction = 0;
  if (s[i] == '.') {
    const size_t start = ++i;
    int64_t scale = 100000;
    for (; digit(i); ++i, scale /= 10) fraction += (s[i] - '0') * scale;
    if (i == start) return std::nullopt;
  }
  if (i >= s.size()) return std::nullopt;
  int64_t offset = 0;
  if (s[i] == 'Z' || s[i] == 'z') {
    ++i;
  } else if (s[i] == '+' || s[i] == '-') {
    int oh = 0, om = 0;
    if (!two(i + 1, &oh) || i + 3 >= s.size() || s[i + 3] != ':' || !two(i + 4, &om) || oh > 23 ||
        om > 59) {
      return std::nullopt;
    }
    offset = (int64_t{oh} * 60 + om) * 60 * (s[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  if (second == 60) {  // a leap second: the last microsecond of the minute
    second = 59;
    fraction = kMicrosPerSecond - 1;
  }
  return (day_seconds + int64_t{hour} * 3600 + int64_t{minute} * 60 + second - offset) *
             kMicrosPerSecond +
         fraction;
}

Result<domain::Event> DecodeEvent(const Json& j) {
  std::vector<FieldViolation> v;
  ObjectReader r(j, "", &v);
  domain::Event e;
  if (!r.IsObject("")) return Finish(std::move(v));
  for (const char* k :
       {"id", "deelnemer", "volgnummer", "vastgelegd", "actor", "actorOrganisatie", "verwijzing"}) {
    r.Ignore(k);
  }
  auto kind = r.Enum<domain::EventKind>("soort", domain::EventKindNames(), true);
  if (kind) e.kind = *kind;
  if (auto s = r.String("tijdstip", true)) {
    if (auto micros = ParseTimestampOrDate(*s)) {
      e.fact_micros = *micros;
    } else {
      r.Add("tijdstip", "ongeldigTijdstip",
            "'tijdstip' moet een tijdstip volgens RFC 3339 zijn (zoals 2026-09-01T10:30:00+02:00) "
            "of een datum als JJJJ-MM-DD.",
            "'tijdstip' must be an RFC 3339 timestamp (such as 2026-09-01T10:30:00+02:00) or a "
            "date as YYYY-MM-DD.");
    }
  }
  if (auto s = r.Uuid("organisatie", false)) e.organisation = *s;
  if (auto s = r.Uuid("plek", false)) e.place = *s;
  if (auto s = r.String("reden", false)) e.reason = *s;
  e.until = r.DateField("tot", false);
  if (auto b = r.Enum<domain::Benefit>("uitkering", domain::BenefitNames(), false)) e.benefit = *b;
  if (auto c = r.Enum<domain::ContactKind>("contactSoort", domain::ContactKindNames(), false)) {
    e.contact = *c;
  }
  const bool big5 = kind == domain::EventKind::kBig5Changed;
  if (auto d = r.Enum<domain::Big5Domain>("domein", domain::Big5DomainNames(), big5)) e.domain = *d;
  if (auto st = r.Enum<domain::Big5Status>("big5Status", domain::Big5StatusNames(), big5)) {
    e.big5_status = *st;
  }
  if (auto s = r.String("medewerker", false)) e.professional = *s;
  if (auto s = r.String(big5 ? "doel" : "notitie", false)) e.text = *s;
  if (auto s = r.String(big5 ? "notitie" : "doel", false)) e.text = *s;  // refused below
  if (auto s = r.String("acties", false)) e.actions = *s;
  if (auto s = r.Uuid("corrigeert", false)) e.corrects = *s;
  r.Finish();
  if (kind && j.is_object()) {
    const uint16_t allowed = FieldsOf(*kind);
    for (const auto& [name, bit] : kEventFields) {
      if ((allowed & bit) || !Present(j, name)) continue;
      const std::string kind_name(domain::Name(*kind));
      r.Add(name, "nietBijDezeSoort",
            "'" + std::string(name) + "' hoort niet bij een gebeurtenis van soort '" + kind_name +
                "'.",
            "'" + std::string(name) + "' does not belong to an event of kind '" + kind_name + "'.");
    }
  }
  RETURN_IF_ERROR(Finish(std::move(v)));
  return e;
}

Result<domain::Event> DecodeBig5Plan(const Json& j) {
  std::vector<FieldViolation> v;
  ObjectReader r(j, "", &v);
  domain::Event e;
  e.kind = domain::EventKind::kBig5Changed;
  if (!r.IsObject("")) return Finish(std::move(v));
  r.Ignore("gewijzigd");
  if (auto st = r.Enum<domain::Big5Status>("status", domain::Big5StatusNames(), true)) {
    e.big5_status = *st;
  }
  if (auto s = r.Uuid("eigenaar", false)) e.organisation = *s;
  if (auto s = r.String("medewerker", false)) e.professional = *s;
  if (auto s = r.String("doel", false)) e.text = *s;
  if (auto s = r.String("acties", false)) e.actions = *s;
  e.until = r.DateField("evaluatie", false);
  r.Finish();
  RETURN_IF_ERROR(Finish(std::move(v)));
  return e;
}

std::string Big5FieldName(const std::string& event_field) {
  if (event_field == "organisatie") return "eigenaar";
  if (event_field == "tot") return "evaluatie";
  if (event_field == "big5Status") return "status";
  return event_field;
}

Result<domain::Handover> DecodeHandoverOffer(const Json& j) {
  std::vector<FieldViolation> v;
  ObjectReader r(j, "", &v);
  domain::Handover h;
  if (!r.IsObject("")) return Finish(std::move(v));
  for (const char* k :
       {"id", "regio", "status", "antwoordVoor", "aangeboden", "beantwoord", "beantwoordDoor"}) {
    r.Ignore(k);
  }
  if (auto s = r.Uuid("deelnemer", true)) h.person = *s;
  if (auto s = r.Uuid("van", false)) h.from = *s;
  if (auto s = r.Uuid("naar", true)) h.to = *s;
  if (auto s = r.String("notitie", false)) h.note = *s;
  r.Finish();
  RETURN_IF_ERROR(Finish(std::move(v)));
  return h;
}

Result<std::string> DecodeNote(const Json& j) {
  std::vector<FieldViolation> v;
  ObjectReader r(j, "", &v);
  if (!r.IsObject("")) return Finish(std::move(v));
  std::string note = r.String("notitie", false).value_or("");
  r.Finish();
  RETURN_IF_ERROR(Finish(std::move(v)));
  return note;
}

Result<std::string> DecodeAssignment(const Json& j) {
  std::vector<FieldViolation> v;
  ObjectReader r(j, "", &v);
  if (!r.IsObject("")) return Finish(std::move(v));
  std::string professional = r.String("medewerker", true).value_or("");
  r.Finish();
  RETURN_IF_ERROR(Finish(std::move(v)));
  return professional;
}

Json Encode(const domain::Event& e) {
  using K = domain::EventKind;
  const bool big5 = e.kind == K::kBig5Changed;
  const bool benefit = e.kind == K::kBenefitStarted || e.kind == K::kBenefitEnded;
  return {{"id", e.id},
          {"deelnemer", e.person},
          {"volgnummer", e.seq},
          {"soort", std::string(domain::Name(e.kind))},
          {"tijdstip", FormatTimestamp(e.fact_micros)},
          {"vastgelegd", FormatTimestamp(e.recorded_micros)},
          {"actor", e.actor},
          {"actorOrganisatie", NullIfEmpty(e.actor_organisation)},
          {"corrigeert", NullIfEmpty(e.corrects)},
          {"organisatie", NullIfEmpty(e.organisation)},
          {"plek", NullIfEmpty(e.place)},
          {"reden", NullIfEmpty(e.reason)},
          {"tot", DateOrNull(e.until)},
          {"uitkering", benefit && e.benefit != domain::Benefit::kGeen
                            ? Json(std::string(domain::Name(e.benefit)))
                            : Json(nullptr)},
          {"contactSoort",
           e.kind == K::kContact ? Json(std::string(domain::Name(e.contact))) : Json(nullptr)},
          {"domein", big5 ? Json(std::string(domain::Name(e.domain))) : Json(nullptr)},
          {"big5Status", big5 ? Json(std::string(domain::Name(e.big5_status))) : Json(nullptr)},
          {"medewerker", NullIfEmpty(e.professional)},
          {"doel", big5 ? NullIfEmpty(e.text) : Json(nullptr)},
          {"acties", NullIfEmpty(e.actions)},
          {"notitie", big5 ? Json(nullptr) : NullIfEmpty(e.text)},
          {"verwijzing", NullIfEmpty(e.ref)}};
}

Json Encode(const domain::FollowState& s) {
  Json big5 = Json::object();
  for (int i = 0; i < domain::kBig5Domains; ++i) {
    const auto& b = s.big5[static_cast<size_t>(i)];
    const std::string name(domain::Name(static_cast<domain::Big5Domain>(i)));
    if (!b.set) {
      big5[name] = nullptr;
      continue;
    }
    big5[name] = {{"status", std::string(domain::Name(b.status))},
                  {"eigenaar", NullIfEmpty(b.owner)},
                  {"medewerker", NullIfEmpty(b.professional)},
                  {"doel", NullIfEmpty(b.goal)},
                  {"acties", NullIfEmpty(b.actions)},
                  {"evaluatie", DateOrNull(b.review)},
                  {"gewijzigd", FormatTimestamp(b.changed_micros)}};
  }
  Json placement = nullptr;
  if (s.placed) {
    placement = {{"werkgever", NullIfEmpty(s.employer)},
                 {"plek", NullIfEmpty(s.place)},
                 {"sinds", FormatTimestamp(s.placed_since)},
                 {"tot", DateOrNull(s.placed_until)}};
  }
  Json benefit = nullptr;
  if (s.benefit) {
    benefit = {{"soort", std::string(domain::Name(*s.benefit))},
               {"instantie", NullIfEmpty(s.benefit_agency)},
               {"sinds", FormatTimestamp(s.benefit_since)}};
  }
  Json stopped = nullptr;
  if (!s.stopped_placement.empty()) {
    stopped = {{"gebeurtenis", s.stopped_placement}, {"sinds", FormatTimestamp(s.stopped_micros)}};
  }
  return {{"situatie", std::string(domain::Name(s.situation()))},
          {"school", NullIfEmpty(s.school)},
          {"schoolSinds", s.school.empty() ? Json(nullptr) : Json(FormatTimestamp(s.school_since))},
          {"plaatsing", placement},
          {"gestoptePlaatsing", stopped},
          {"uitkering", benefit},
          {"laatsteContact", TimestampOrNull(s.last_contact)},
          {"verantwoordelijkeOrganisatie", NullIfEmpty(s.responsible)},
          {"verantwoordelijkSinds",
           s.responsible.empty() ? Json(nullptr) : Json(FormatTimestamp(s.responsible_since))},
          {"toestemming", s.consent},
          {"big5", big5},
          {"gebeurtenissen", s.events},
          {"laatsteTijdstip", TimestampOrNull(s.last_fact_micros)}};
}

Json Encode(const domain::Signal& s) {
  Json facts = Json::object();
  for (const auto& [name, value] : s.facts) facts[name] = value;
  return {{"id", s.id},
          {"deelnemer", s.person},
          {"regio", s.region},
          {"soort", std::string(domain::Name(s.kind))},
          {"sleutel", NullIfEmpty(s.key)},
          {"status", std::string(domain::Name(s.status))},
          {"feiten", facts},
          {"opgeworpen", FormatTimestamp(s.raised_micros)},
          {"opgelost", TimestampOrNull(s.resolved_micros)},
          {"taak", NullIfEmpty(s.task)}};
}

Json Encode(const domain::Task& t) {
  return {{"id", t.id},
          {"deelnemer", t.person},
          {"regio", t.region},
          {"signaal", NullIfEmpty(t.signal)},
          {"soort", std::string(domain::Name(t.kind))},
          {"titel", t.title},
          {"organisatie", NullIfEmpty(t.organisation)},
          {"medewerker", NullIfEmpty(t.professional)},
          {"status", std::string(domain::Name(t.status))},
          {"vervaldatum", FormatDate(t.due)},
          {"escalatie", t.escalation},
          {"escaleert", NullIfEmpty(t.escalates)},
          {"notitie", NullIfEmpty(t.note)},
          {"aangemaakt", FormatTimestamp(t.created_micros)},
          {"afgesloten", TimestampOrNull(t.closed_micros)}};
}

Json Encode(const domain::Handover& h) {
  return {{"id", h.id},
          {"deelnemer", h.person},
          {"regio", h.region},
          {"van", h.from},
          {"naar", h.to},
          {"notitie", NullIfEmpty(h.note)},
          {"status", std::string(domain::Name(h.status))},
          {"antwoordVoor", FormatDate(h.due)},
          {"aangeboden", FormatTimestamp(h.offered_micros)},
          {"beantwoord", TimestampOrNull(h.answered_micros)},
          {"beantwoordDoor", NullIfEmpty(h.answered_by)}};
}

Json Encode(const domain::Organisation& o) {
  return {{"id", o.id},
          {"versie", o.version},
          {"naam", o.name},
          {"soort", std::string(domain::Name(o.kind))},
          {"gemeente", NullIfEmpty(o.municipality)},
          {"regio", o.region},
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
          {"naam", s.label_nl.empty() ? s.label_en : s.label_nl},
          {"naamEngels", s.label_en},
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
