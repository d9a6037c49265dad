#include <cmath>

#include "http/json_codec.h"
#include "http/json_object_reader.h"

// The keep-in-view codecs: events, the big-5 plan, handovers, notes, and the encodings of
// timelines, states, signals, tasks and handovers (declared in json_codec.h).

namespace overstap::http {
namespace {

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

domain::Event DecodeEventPartly(const Json& j, std::vector<FieldViolation>* out) {
  std::vector<FieldViolation>& v = *out;
  ObjectReader r(j, "", &v);
  domain::Event e;
  if (!r.IsObject("")) return e;
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
  return e;
}

Result<domain::Event> DecodeEvent(const Json& j) {
  std::vector<FieldViolation> v;
  domain::Event e = DecodeEventPartly(j, &v);
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

Json Encode(const domain::FollowState& s, const domain::DerivedFields& derived) {
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
  return {{"situatie", std::string(domain::Name(derived.situation))},
          {"school", NullIfEmpty(s.school)},
          {"schoolSinds", s.school.empty() ? Json(nullptr) : Json(FormatTimestamp(s.school_since))},
          {"plaatsing", placement},
          {"gestoptePlaatsing", stopped},
          {"uitkering", benefit},
          {"laatsteContact", TimestampOrNull(s.last_contact)},
          {"verantwoordelijkeOrganisatie", NullIfEmpty(derived.responsible)},
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

}  // namespace overstap::http
