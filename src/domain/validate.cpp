#include "domain/validate.h"

#include <algorithm>
#include <set>
#include <span>

#include "common/text.h"

namespace overstap::domain {
namespace {

// Collects violations of both kinds and turns them into one Status.
class Violations {
 public:
  void Form(std::string field, std::string code, std::string nl, std::string en) {
    form_.push_back({std::move(field), std::move(code), std::move(nl), std::move(en)});
  }
  void Reference(std::string field, std::string code, std::string nl, std::string en) {
    reference_.push_back({std::move(field), std::move(code), std::move(nl), std::move(en)});
  }
  Status ToStatus() && {
    if (!form_.empty()) {
      // Report reference problems too, so one round trip shows everything.
      form_.insert(form_.end(), reference_.begin(), reference_.end());
      return InvalidArgument("De invoer is ongeldig.", "The input is invalid.", std::move(form_));
    }
    if (!reference_.empty()) {
      return Unprocessable(
          "De invoer verwijst naar iets dat niet bestaat of spreekt zichzelf tegen.",
          "The input refers to something unknown or contradicts itself.", std::move(reference_));
    }
    return Status::Ok();
  }

 private:
  std::vector<FieldViolation> form_, reference_;
};

void CheckText(Violations* v, const std::string& field, const std::string& value, bool required,
               size_t max_len) {
  std::string trimmed = Trim(value);
  if (required && trimmed.empty()) {
    v->Form(field, "verplicht", "'" + field + "' is verplicht en mag niet leeg zijn.",
            "'" + field + "' is required and must not be empty.");
    return;
  }
  if (Utf8Length(value) > max_len) {
    v->Form(field, "teLang",
            "'" + field + "' is te lang (maximaal " + std::to_string(max_len) + " tekens).",
            "'" + field + "' is too long (at most " + std::to_string(max_len) + " characters).");
  }
  for (unsigned char c : value) {
    if (c < 0x20) {
      v->Form(field, "ongeldigTeken", "'" + field + "' bevat een stuurteken.",
              "'" + field + "' contains a control character.");
      return;
    }
  }
}

void CheckRange(Violations* v, const std::string& field, int value, int lo, int hi) {
  if (value < lo || value > hi) {
    std::string range = std::to_string(lo) + " en " + std::to_string(hi);
    v->Form(field, value < lo ? "teKlein" : "teGroot",
            "'" + field + "' moet tussen " + range + " liggen (was " + std::to_string(value) + ").",
            "'" + field + "' must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                " (was " + std::to_string(value) + ").");
  }
}

// Resolves postcode → PC4 → gemeente → regio.
void ResolveLocation(Violations* v, const Catalog& catalog, std::string* postcode,
                     std::string* municipality, std::string* region) {
  if (postcode->empty()) {
    v->Form("postcode", "verplicht", "'postcode' is verplicht.", "'postcode' is required.");
    return;
  }
  auto pc4 = NormalisePostcode(*postcode);
  if (!pc4) {
    v->Form("postcode", "ongeldigePostcode",
            "'postcode' moet een Nederlandse postcode zijn (1234 of 1234AB).",
            "'postcode' must be a Dutch postcode (1234 or 1234AB).");
    return;
  }
  const Pc4* found = catalog.FindPc4(*pc4);
  if (!found) {
    v->Reference("postcode", "onbekendePostcode", "Postcode " + *pc4 + " is onbekend.",
                 "Postcode " + *pc4 + " is unknown.");
    return;
  }
  *postcode = *pc4;
  if (!municipality->empty() && *municipality != found->municipality) {
    if (!catalog.FindMunicipality(*municipality)) {
      v->Reference("gemeente", "onbekendeGemeente", "Gemeente " + *municipality + " is onbekend.",
                   "Municipality " + *municipality + " is unknown.");
    } else {
      v->Reference("gemeente", "postcodeNietInGemeente",
                   "Postcode " + *pc4 + " ligt niet in gemeente " + *municipality + ".",
                   "Postcode " + *pc4 + " is not in municipality " + *municipality + ".");
    }
    return;
  }
  *municipality = found->municipality;
  *region = catalog.FindMunicipality(found->municipality)->region;
}

void CheckSkills(Violations* v, const Catalog& catalog, const std::string& field,
                 std::vector<SkillLevel>* skills) {
  if (skills->size() > kMaxSkills) {
    v->Form(field, "teVeel",
            "'" + field + "' heeft te veel items (maximaal " + std::to_string(kMaxSkills) + ").",
            "'" + field + "' has too many items (at most " + std::to_string(kMaxSkills) + ").");
    return;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < skills->size(); ++i) {
    const SkillLevel& s = (*skills)[i];
    std::string f = field + "[" + std::to_string(i) + "]";
    CheckRange(v, f + ".niveau", s.level, kMinSkillLevel, kMaxSkillLevel);
    if (!catalog.FindSkill(s.skill)) {
      v->Reference(f + ".vaardigheid", "onbekendeVaardigheid",
                   "Vaardigheid '" + s.skill.substr(0, 64) + "' is onbekend (ESCO-id verwacht).",
                   "Skill '" + s.skill.substr(0, 64) + "' is unknown (ESCO id expected).");
    } else if (!seen.insert(s.skill).second) {
      v->Form(f + ".vaardigheid", "dubbel", "Vaardigheid komt twee keer voor.",
              "Skill occurs twice.");
    }
  }
}

void CheckSector(Violations* v, const Catalog& catalog, const std::string& field,
                 const std::string& code) {
  if (!catalog.FindSector(code)) {
    v->Reference(
        field, "onbekendeSector",
        "Sector '" + code.substr(0, 16) + "' is onbekend (SBI-sectieletter A-V verwacht).",
        "Sector '" + code.substr(0, 16) + "' is unknown (SBI section letter A-V expected).");
  }
}

}  // namespace

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperOrDigit(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); }

}  // namespace

bool IsBrin(std::string_view b) {
  if (b.size() != 4 && b.size() != 6) return false;
  if (!IsDigit(b[0]) || !IsDigit(b[1]) || !IsUpperOrDigit(b[2]) || !IsUpperOrDigit(b[3])) {
    return false;
  }
  return b.size() == 4 || (IsDigit(b[4]) && IsDigit(b[5]));
}

std::string NormaliseBrin(std::string_view brin) {
  std::string out(brin);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return out;
}

bool IsKvkNumber(std::string_view kvk) {
  if (kvk.size() != 8) return false;
  for (char c : kvk) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool IsSurnamePrefix(std::string_view prefix) {
  if (prefix.empty() || Utf8Length(prefix) > kMaxSurnamePrefixLength || !IsValidUtf8(prefix)) {
    return false;
  }
  if (prefix.front() == ' ' || prefix.back() == ' ') return false;
  char prev = 0;
  for (size_t i = 0; i < prefix.size(); ++i) {
    const auto c = static_cast<unsigned char>(prefix[i]);
    if (c >= 0x80) {
      // Letters beyond ASCII, and the typographic apostrophe (U+2019, E2 80 99).
      if (c == 0xE2 && prefix.substr(i, 3) != "\xE2\x80\x99") return false;
      prev = 'a';
      continue;
    }
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && c != '\'' && c != ' ') return false;
    if (c == ' ' && prev == ' ') return false;
    prev = static_cast<char>(c);
  }
  return true;
}

Status ValidateOrganisation(Organisation* org, const Catalog& catalog) {
  Violations v;
  CheckText(&v, "naam", org->name, true, kMaxOrganisationNameLength);
  if (!org->brin.empty()) {
    org->brin = NormaliseBrin(org->brin);
    if (!IsBrin(org->brin)) {
      v.Form("brin", "ongeldigeBrin",
             "'brin' is geen BRIN: twee cijfers en twee letters of cijfers (12AB), eventueel "
             "met twee cijfers voor de vestiging (12AB01).",
             "'brin' is not a BRIN: two digits and two letters or digits (12AB), optionally "
             "followed by two digits for the location (12AB01).");
    } else if (org->kind != OrganisationKind::kPraktijkonderwijs &&
               org->kind != OrganisationKind::kVso && org->kind != OrganisationKind::kMbo) {
      v.Reference("brin", "alleenVoorScholen",
                  "Alleen een school (praktijkonderwijs, vso of mbo) heeft een BRIN.",
                  "Only a school (praktijkonderwijs, vso or mbo) has a BRIN.");
    }
  }
  if (!org->kvk.empty() && !IsKvkNumber(org->kvk)) {
    v.Form("kvk", "ongeldigKvkNummer", "'kvk' is geen KvK-nummer: precies acht cijfers.",
           "'kvk' is not a KvK number: exactly eight digits.");
  }
  if (!org->municipality.empty()) {
    const Municipality* m = catalog.FindMunicipality(org->municipality);
    if (!m) {
      v.Reference("gemeente", "onbekendeGemeente",
                  "Gemeente " + org->municipality.substr(0, 16) + " is onbekend.",
                  "Municipality " + org->municipality.substr(0, 16) + " is unknown.");
    } else if (!org->region.empty() && org->region != m->region) {
      v.Reference("regio", "gemeenteNietInRegio",
                  "Gemeente " + m->code + " hoort bij regio " + m->region + ", niet bij " +
                      org->region.substr(0, 16) + ".",
                  "Municipality " + m->code + " belongs to region " + m->region + ".");
    } else {
      org->region = m->region;
    }
  } else if (org->region.empty()) {
    v.Form("regio", "verplicht", "'regio' of 'gemeente' is verplicht.",
           "'regio' or 'gemeente' is required.");
  } else if (!catalog.FindRegion(org->region)) {
    v.Reference("regio", "onbekendeRegio", "Regio " + org->region.substr(0, 16) + " is onbekend.",
                "Region " + org->region.substr(0, 16) + " is unknown.");
  }
  return std::move(v).ToStatus();
}

Status ValidatePerson(Person* p, const Catalog& catalog, Date today) {
  Violations v;
  CheckText(&v, "voornaam", p->first_name, true, kMaxNameLength);
  CheckText(&v, "achternaam", p->last_name, true, kMaxNameLength);
  if (!p->surname_prefix.empty() && !IsSurnamePrefix(p->surname_prefix)) {
    v.Form("tussenvoegsel", "ongeldigTussenvoegsel",
           "'tussenvoegsel' mag alleen letters, spaties tussen woorden en apostroffen bevatten, "
           "maximaal " +
               std::to_string(kMaxSurnamePrefixLength) + " tekens (zoals 'van der').",
           "'tussenvoegsel' may hold only letters, single spaces between words and apostrophes, "
           "at most " +
               std::to_string(kMaxSurnamePrefixLength) + " characters (like 'van der').");
  }
  int age = AgeOn(p->birth_date, today);
  if (p->birth_date > today) {
    v.Reference("geboortedatum", "inDeToekomst", "'geboortedatum' ligt in de toekomst.",
                "'geboortedatum' is in the future.");
  } else if (age < kMinAge || age > kMaxAge) {
    const std::string lo = std::to_string(kMinAge), hi = std::to_string(kMaxAge);
    v.Form("geboortedatum", "buitenBereik",
           "'geboortedatum' geeft een leeftijd van " + std::to_string(age) +
               "; Overstap is voor mensen van " + lo + " tot en met " + hi + " jaar.",
           "'geboortedatum' gives an age of " + std::to_string(age) + "; expected " + lo + " to " +
               hi + ".");
  }
  ResolveLocation(&v, catalog, &p->postcode, &p->municipality, &p->region);
  CheckSkills(&v, catalog, "vaardigheden", &p->skills);
  if (p->sectors.size() > kMaxSectors) {
    v.Form("sectoren", "teVeel", "'sectoren' heeft te veel items.",
           "'sectoren' has too many items.");
  } else {
    for (size_t i = 0; i < p->sectors.size(); ++i) {
      CheckSector(&v, catalog, "sectoren[" + std::to_string(i) + "]", p->sectors[i]);
    }
    std::sort(p->sectors.begin(), p->sectors.end());
    p->sectors.erase(std::unique(p->sectors.begin(), p->sectors.end()), p->sectors.end());
  }
  CheckRange(&v, "maxReisafstandKm", p->max_travel_km, kMinTravelKm, kMaxTravelKm);
  CheckRange(&v, "urenPerWeek", p->hours_per_week, kMinHoursPerWeek, kMaxHoursPerWeek);
  if (p->external_ids.size() > kMaxExternalIds) {
    v.Form("externeIds", "teVeel", "'externeIds' heeft te veel items.",
           "'externeIds' has too many items.");
  }
  for (size_t i = 0; i < p->external_ids.size(); ++i) {
    CheckText(&v, "externeIds[" + std::to_string(i) + "].id", p->external_ids[i].value, true,
              kMaxExternalIdLength);
  }
  if (p->situation == Situation::kUitkering && p->benefit == Benefit::kGeen) {
    v.Reference("uitkering", "uitkeringOntbreekt",
                "Bij situatie 'uitkering' hoort een 'uitkering' anders dan 'geen'.",
                "Situation 'uitkering' needs a benefit other than 'geen'.");
  }
  return std::move(v).ToStatus();
}

Status ValidatePlace(Place* p, const Catalog& catalog) {
  Violations v;
  CheckText(&v, "titel", p->title, true, kMaxTitleLength);
  ResolveLocation(&v, catalog, &p->postcode, &p->municipality, &p->region);
  if (p->sector.empty()) {
    v.Form("sector", "verplicht", "'sector' is verplicht.", "'sector' is required.");
  } else {
    CheckSector(&v, catalog, "sector", p->sector);
  }
  if (!p->occupation.empty() && !catalog.FindOccupation(p->occupation)) {
    v.Reference("beroep", "onbekendBeroep",
                "Beroep '" + p->occupation.substr(0, 64) + "' is onbekend (ESCO-id verwacht).",
                "Occupation '" + p->occupation.substr(0, 64) + "' is unknown (ESCO id expected).");
  }
  CheckSkills(&v, catalog, "vereisteVaardigheden", &p->required_skills);
  CheckSkills(&v, catalog, "gewensteVaardigheden", &p->desired_skills);
  for (size_t i = 0; i < p->desired_skills.size(); ++i) {
    for (const auto& r : p->required_skills) {
      if (r.skill == p->desired_skills[i].skill) {
        v.Form("gewensteVaardigheden[" + std::to_string(i) + "].vaardigheid", "dubbel",
               "Deze vaardigheid staat al bij 'vereisteVaardigheden'.",
               "This skill is already listed in 'vereisteVaardigheden'.");
      }
    }
  }
  CheckRange(&v, "urenPerWeek", p->hours_per_week, kMinHoursPerWeek, kMaxHoursPerWeek);
  CheckRange(&v, "capaciteit", p->capacity, kMinCapacity, kMaxCapacity);
  if (p->period_from && p->period_to && *p->period_to < *p->period_from) {
    v.Reference("periode.tot", "eindVoorBegin", "'periode.tot' ligt voor 'periode.van'.",
                "'periode.tot' is before 'periode.van'.");
  }
  return std::move(v).ToStatus();
}

namespace {

bool IsSystemKind(EventKind k) {
  switch (k) {
    case EventKind::kSignalRaised:
    case EventKind::kSignalResolved:
    case EventKind::kTaskCreated:
    case EventKind::kTaskCompleted:
    case EventKind::kTaskEscalated:
    case EventKind::kHandoverOffered:
    case EventKind::kHandoverAccepted:
    case EventKind::kHandoverDeclined:
      return true;
    default:
      return false;
  }
}

void CheckReason(Violations* v, const std::string& reason,
                 std::span<const std::string_view> allowed, bool required) {
  if (reason.empty() && !required) return;
  for (auto a : allowed) {
    if (reason == a) return;
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  v->Form("reden", reason.empty() ? "verplicht" : "onbekendeWaarde",
          "'reden' moet een van deze zijn: " + list + ".", "'reden' must be one of: " + list + ".");
}

}  // namespace

Status ValidateEvent(Event* e, int64_t now_micros) {
  Violations v;
  constexpr int64_t kFutureSlack = 5LL * 60 * 1000000;  // clocks differ a little
  if (IsSystemKind(e->kind)) {
    v.Form("soort", "systeemSoort",
           "Gebeurtenissen van soort '" + std::string(Name(e->kind)) +
               "' legt Overstap zelf vast; gebruik /signalen, /taken of /overdrachten.",
           "Events of kind '" + std::string(Name(e->kind)) +
               "' are recorded by Overstap itself; use /signalen, /taken or /overdrachten.");
  }
  if (e->fact_micros > now_micros + kFutureSlack) {
    v.Reference("tijdstip", "inDeToekomst", "'tijdstip' ligt in de toekomst.",
                "'tijdstip' lies in the future.");
  }
  if (e->fact_micros < static_cast<int64_t>(DaysFromCivil(1990, 1, 1)) * 86'400'000'000) {
    v.Form("tijdstip", "teVroeg", "'tijdstip' ligt voor 1990.", "'tijdstip' lies before 1990.");
  }
  auto need_organisation = [&] {
    if (e->organisation.empty()) {
      v.Form("organisatie", "verplicht", "'organisatie' is verplicht bij deze soort.",
             "'organisatie' is required for this kind.");
    }
  };
  switch (e->kind) {
    case EventKind::kEnrolmentStarted:
      need_organisation();
      break;
    case EventKind::kEnrolmentEnded:
      CheckReason(&v, e->reason, kEnrolmentEndReasons, true);
      break;
    case EventKind::kPlacementStarted:
      need_organisation();
      if (e->until && *e->until < DateFromMicros(e->fact_micros)) {
        v.Reference("tot", "eindVoorBegin", "'tot' ligt voor het begin van de plaatsing.",
                    "'tot' lies before the start of the placement.");
      }
      break;
    case EventKind::kPlacementEnded:
      CheckReason(&v, e->reason, kPlacementEndReasons, true);
      break;
    case EventKind::kBenefitStarted:
      need_organisation();
      if (e->benefit == Benefit::kGeen) {
        v.Form("uitkering", "verplicht", "'uitkering' moet ww, bijstand of wajong zijn.",
               "'uitkering' must be ww, bijstand or wajong.");
      }
      break;
    case EventKind::kBig5Changed:
      CheckText(&v, "medewerker", e->professional, false, kMaxProfessionalLength);
      CheckText(&v, "acties", e->actions, false, kMaxNoteLength);
      break;
    case EventKind::kVoided:
      if (e->corrects.empty()) {
        v.Form("corrigeert", "verplicht", "'vervallen' moet noemen welke gebeurtenis vervalt.",
               "'vervallen' must name the event it voids.");
      }
      break;
    default:
      break;
  }
  CheckText(&v, e->kind == EventKind::kBig5Changed ? "doel" : "notitie", e->text, false,
            kMaxNoteLength);
  return std::move(v).ToStatus();
}

}  // namespace overstap::domain
