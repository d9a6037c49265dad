#include "match/rules.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "common/date.h"
#include "common/text.h"

namespace overstap::match {
namespace {

// Merge-walk two sorted skill lists: calls fn(req, held_level or 0).
template <typename Fn>
void ForEachReq(const std::vector<SkillReq>& reqs, const std::vector<SkillReq>& held, Fn fn) {
  size_t j = 0;
  for (const auto& r : reqs) {
    while (j < held.size() && held[j].skill < r.skill) ++j;
    fn(r, j < held.size() && held[j].skill == r.skill ? held[j].level : 0);
  }
}

double DesiredCoverage(const PersonProfile& person, const PlaceProfile& place, int* have) {
  *have = 0;
  if (place.desired.empty()) return 1.0;
  ForEachReq(place.desired, person.skills, [&](const SkillReq& r, int level) {
    if (level >= r.level) ++*have;
  });
  return static_cast<double>(*have) / static_cast<double>(place.desired.size());
}

double LevelFit(const PersonProfile& person, const PlaceProfile& place) {
  int over = LevelRank(person.level) - LevelRank(place.min_level);
  if (over <= 1) return 1.0;
  return std::max(0.0, 1.0 - 0.25 * (over - 1));
}

using domain::MissingCode;
using domain::ReasonCode;

Reason Fits(ReasonCode code, std::string text, double weight) {
  return {std::string(domain::Name(code)), std::move(text), weight};
}

Reason Lacks(MissingCode code, std::string text) {
  return {std::string(domain::Name(code)), std::move(text), 0};
}

// The kind of place as a noun in a sentence ("een baan", "een plek in beschut werk").
std::string KindNoun(domain::PlaceKind kind) {
  switch (kind) {
    case domain::PlaceKind::kStage:
      return "een stage";
    case domain::PlaceKind::kLeerbaan:
      return "een leerbaan";
    case domain::PlaceKind::kBaan:
      return "een baan";
    case domain::PlaceKind::kProefplaats:
      return "een proefplaats";
    case domain::PlaceKind::kBeschutWerk:
      return "beschut werk";
    case domain::PlaceKind::kDagbesteding:
      return "dagbesteding";
  }
  return "deze plek";
}

// The age rules' sentences (Explain): what was checked for a minor, and why it failed.
void ExplainAge(const PersonProfile& person, const PlaceProfile& place, const WorkRules& rules,
                int32_t today, uint32_t bad, Explanation* e) {
  if (person.birth == kNoDate || rules.empty()) return;
  const int32_t day = FirstWorkDay(person, place, today);
  if (day == kNoDate) return;
  const int age = AgeOn(Date{person.birth}, Date{day});
  const WorkRules::Kind& kind = rules.kind(place.kind);
  const int allowed = rules.HoursAllowed(place.kind, person.pupil, age);
  const std::string when =
      day > today ? "bij de start op " + FormatDateDutch(Date{day}) + " " : "nu ";
  const std::string week =
      person.pupil && kind.work == WorkRules::Work::kWork ? " in een schoolweek" : "";
  const WorkRules::Band* band = rules.BandAt(age);
  const std::string ground = band != nullptr && !band->ground.empty() ? band->ground : kind.ground;
  if (bad & kTooYoung) {
    e->missing.push_back(Lacks(MissingCode::kTeJong, KindNoun(place.kind) + " mag vanaf " +
                                                         std::to_string(kind.min_age) + " jaar (" +
                                                         kind.ground + "); de deelnemer is " +
                                                         when + std::to_string(age)));
  } else if (bad & kHoursForAge) {
    e->missing.push_back(Lacks(MissingCode::kTeVeelUrenVoorLeeftijd,
                               std::to_string(place.hours) + " uur per week is te veel voor " +
                                   std::to_string(age) + " jaar: hoogstens " +
                                   std::to_string(allowed) + " uur" + week + " (" + ground + ")"));
  } else if (age < WorkRules::kAdult && allowed > 0) {
    e->fits.push_back(Fits(ReasonCode::kLeeftijd,
                           "Mag op " + std::to_string(age) + " jaar: hoogstens " +
                               std::to_string(allowed) + " uur per week" + week + " (" + ground +
                               ")",
                           0));
  }
}

std::string Km(double km) { return std::to_string(static_cast<int>(std::lround(km))) + " km"; }

// "2 van 3 vereiste vaardigheden", "1 van 1 vereiste vaardigheid".
std::string OutOf(int have, size_t of, std::string_view one, std::string_view many) {
  return std::to_string(have) + " van " + Counted(static_cast<int64_t>(of), one, many);
}

std::string Shown(domain::Level level) { return std::string(domain::DisplayName(level)); }
// The age rule on the first day of work: kTooYoung, kHoursForAge or 0. Without a known day (no
// today, no start, no availability) nobody is old enough for a place with an age limit.
uint32_t AgeBits(const PersonProfile& person, const PlaceProfile& place, const WorkRules& rules,
                 int32_t today) {
  if (person.birth == kNoDate || rules.empty()) return 0;
  const int need = rules.MinAge(place.kind, person.pupil, place.hours);
  if (need == 0) return 0;
  const int32_t day = FirstWorkDay(person, place, today);
  const int kind_age = rules.kind(place.kind).min_age;
  if (kind_age > 0 && day < TurnsOn(person.birth, kind_age)) return kTooYoung;
  return day < TurnsOn(person.birth, need) ? kHoursForAge : 0;
}

// The day rules: kNotAvailable (the period ends before the person is available), kStartsTooLate
// (it starts beyond the window), or 0.
uint32_t DateBits(const PersonProfile& person, const PlaceProfile& place, const WorkRules& rules,
                  int32_t today) {
  const int32_t available = AvailableDay(person, today);
  if (available == kNoDate) return 0;
  uint32_t out = 0;
  if (place.to != kNoDate && available > place.to) out |= kNotAvailable;
  if (place.from != kNoDate && rules.start_window_days() >= 0 &&
      place.from > available + rules.start_window_days()) {
    out |= kStartsTooLate;
  }
  return out;
}

}  // namespace

int32_t TurnsOn(int32_t birth, int age) {
  int year = 0;
  unsigned month = 0, day = 0;
  CivilFromDays(birth, &year, &month, &day);
  year += age;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return DaysFromCivil(year, 3, 1);
  return DaysFromCivil(year, month, day);
}

const Weights& DefaultWeights() {
  static const Weights kWeights;
  return kWeights;
}

double TravelKm(const PersonProfile& person, const PlaceProfile& place, const Weights& w) {
  return DistanceKm(person.location, place.location) * w.road_factor;
}

uint32_t Check(const PersonProfile& person, const PlaceProfile& place, const Weights& w,
               int32_t today) {
  uint32_t out = DateBits(person, place, w.work, today) | AgeBits(person, place, w.work, today);
  if (LevelRank(person.level) < LevelRank(place.min_level)) out |= kLevelTooLow;
  if ((person.needs & ~place.offered) != 0) out |= kSupportMissing;
  if (place.hours > person.hours &&
      !(place.offered & domain::SupportBit(domain::Support::kAangepasteUren))) {
    out |= kTooManyHours;
  }
  const bool interested = (person.sector_mask & (1u << place.sector)) != 0;
  ForEachReq(place.required, person.skills, [&](const SkillReq& r, int level) {
    if (SkillMissing(r, level, interested)) out |= kMissingSkill;
  });
  if (TravelKm(person, place, w) > person.max_km) out |= kTooFar;
  return out;
}

namespace {

double ScoreAt(const PersonProfile& person, const PlaceProfile& place, const Weights& w,
               double km) {
  int have = 0;
  DesiredCoverage(person, place, &have);
  return SoftScore(w, have, place.desired.size(), (person.sector_mask & (1u << place.sector)) != 0,
                   km, person.max_km, LevelRank(person.level) - LevelRank(place.min_level),
                   place.recognised);
}

}  // namespace

double Score(const PersonProfile& person, const PlaceProfile& place, const Weights& w) {
  return ScoreAt(person, place, w, TravelKm(person, place, w));
}

bool FitScore(const PersonProfile& person, const PlaceProfile& place, const Weights& w,
              int32_t today, double* score) {
  // The cheap constraints first; the same rules as Check, stopping at the first that fails.
  if ((person.needs & ~place.offered) != 0) return false;
  if (LevelRank(person.level) < LevelRank(place.min_level)) return false;
  if (place.hours > person.hours &&
      !(place.offered & domain::SupportBit(domain::Support::kAangepasteUren))) {
    return false;
  }
  if (DateBits(person, place, w.work, today) != 0) return false;
  if (AgeBits(person, place, w.work, today) != 0) return false;
  // Great-circle distance is at least the distance along the meridian.
  const double reach = person.max_km / w.road_factor;
  if (std::abs(person.location.lat - place.location.lat) * 111.19 > reach) return false;
  const bool interested = (person.sector_mask & (1u << place.sector)) != 0;
  bool missing = false;
  ForEachReq(place.required, person.skills, [&](const SkillReq& r, int level) {
    if (SkillMissing(r, level, interested)) missing = true;
  });
  if (missing) return false;
  const double km = TravelKm(person, place, w);
  if (km > person.max_km) return false;
  *score = ScoreAt(person, place, w, km);
  return true;
}

Explanation Explain(const PersonProfile& person, const PlaceProfile& place,
                    const domain::Catalog& catalog, const Weights& w, int32_t today) {
  Explanation e;
  uint32_t bad = Check(person, place, w, today);
  e.feasible = bad == kFeasible;
  e.score = e.feasible ? Score(person, place, w) : 0.0;
  auto skill_name = [&](uint32_t idx) {
    return domain::QuotedSkillLabel(catalog.data().skills[idx]);
  };

  // Required skills.
  int req_have = 0;
  ForEachReq(place.required, person.skills, [&](const SkillReq& r, int level) {
    if (level >= r.level) {
      ++req_have;
    } else if (r.learnable && (person.sector_mask & (1u << place.sector))) {
      e.fits.push_back(Fits(ReasonCode::kLeerbaar,
                            skill_name(r.skill) + " kan op de werkplek geleerd worden", 0));
    } else if (r.learnable) {
      e.missing.push_back(
          Lacks(MissingCode::kVaardigheidOntbreekt,
                "Mist " + skill_name(r.skill) +
                    "; leerbaar op de werkplek, maar alleen bij interesse in deze sector"));
    } else {
      e.missing.push_back(Lacks(MissingCode::kVaardigheidOntbreekt,
                                level == 0
                                    ? "Mist vereiste vaardigheid " + skill_name(r.skill)
                                    : skill_name(r.skill) + " op niveau " + std::to_string(level) +
                                          ", gevraagd " + std::to_string(r.level)));
    }
  });
  if (!place.required.empty() && req_have > 0) {
    e.fits.push_back(Fits(
        ReasonCode::kVereisteVaardigheden,
        OutOf(req_have, place.required.size(), "vereiste vaardigheid", "vereiste vaardigheden"),
        0));
  }
  // Desired skills.
  int have = 0;
  double coverage = DesiredCoverage(person, place, &have);
  if (!place.desired.empty()) {
    e.fits.push_back(
        Fits(ReasonCode::kGewensteVaardigheden,
             OutOf(have, place.desired.size(), "gevraagde vaardigheid", "gevraagde vaardigheden"),
             w.desired_skills * coverage));
  }
  // Distance.
  double km = TravelKm(person, place, w);
  if (km <= person.max_km) {
    e.fits.push_back(
        Fits(ReasonCode::kReisafstand, Km(km) + " reisafstand",
             person.max_km > 0 ? w.distance * std::max(0.0, 1.0 - km / person.max_km) : 0));
  } else {
    e.missing.push_back(Lacks(MissingCode::kTeVer, Km(km) + " reisafstand, meer dan de " +
                                                       Km(person.max_km) + " die past"));
  }
  // Sector.
  if (person.sector_mask & (1u << place.sector)) {
    std::string code(1, static_cast<char>('A' + place.sector));
    const auto* sector = catalog.FindSector(code);
    e.fits.push_back(Fits(ReasonCode::kSector,
                          "Past bij interesse in " + (sector ? sector->name_nl : code), w.sector));
  }
  // Level.
  if (LevelRank(person.level) >= LevelRank(place.min_level)) {
    e.fits.push_back(
        Fits(ReasonCode::kNiveau,
             "Opleidingsniveau past: " + Shown(person.level) + " (" +
                 (place.min_level == domain::Level::kGeen ? std::string("geen minimum gevraagd")
                                                          : "minimaal " + Shown(place.min_level)) +
                 ")",
             w.level_fit * LevelFit(person, place)));
  } else {
    e.missing.push_back(Lacks(MissingCode::kNiveauTeLaag, "Minimaal " + Shown(place.min_level) +
                                                              " gevraagd, deelnemer heeft " +
                                                              Shown(person.level)));
  }
  // Support.
  for (auto s : domain::SupportList(person.needs)) {
    std::string name(domain::DisplayName(s));
    if (place.offered & domain::SupportBit(s)) {
      e.fits.push_back(Fits(ReasonCode::kOndersteuning, name + " aanwezig", 0));
    } else {
      e.missing.push_back(
          Lacks(MissingCode::kOndersteuningOntbreekt, "Geen " + name + " op deze plek"));
    }
  }
  if (bad & kTooManyHours) {
    e.missing.push_back(
        Lacks(MissingCode::kTeVeelUren, std::to_string(place.hours) + " uur per week gevraagd, " +
                                            std::to_string(person.hours) + " beschikbaar"));
  } else if (place.hours > person.hours) {  // more than the person has, but adapted hours offered
    e.fits.push_back(Fits(ReasonCode::kUren,
                          std::to_string(place.hours) +
                              " uur per week, aangepaste uren mogelijk (" +
                              std::to_string(person.hours) + " beschikbaar)",
                          0));
  } else {
    e.fits.push_back(Fits(ReasonCode::kUren,
                          std::to_string(place.hours) + " uur per week past (" +
                              std::to_string(person.hours) + " beschikbaar)",
                          0));
  }
  if (bad & kNotAvailable) {
    const int32_t available = AvailableDay(person, today);
    e.missing.push_back(
        Lacks(MissingCode::kNietBeschikbaar,
              available > today
                  ? "Beschikbaar vanaf " + FormatDateDutch(Date{available}) +
                        ", na het einde van de plek op " + FormatDateDutch(Date{place.to})
                  : "De plek liep tot " + FormatDateDutch(Date{place.to}) + " en is voorbij"));
  }
  if (bad & kStartsTooLate) {
    e.missing.push_back(Lacks(MissingCode::kStartTeLaat,
                              "Begint pas op " + FormatDateDutch(Date{place.from}) + ", meer dan " +
                                  std::to_string(w.work.start_window_days()) +
                                  " dagen nadat de deelnemer beschikbaar is"));
  }
  ExplainAge(person, place, w.work, today, bad, &e);
  if (place.recognised)
    e.fits.push_back(
        Fits(ReasonCode::kErkendLeerbedrijf, "Erkend leerbedrijf (SBB)", w.recognised));
  return e;
}

}  // namespace overstap::match
