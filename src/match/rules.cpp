#include "match/rules.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

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

std::string Km(double km) { return std::to_string(static_cast<int>(std::lround(km))) + " km"; }

// "2 van 3 vereiste vaardigheden", "1 van 1 vereiste vaardigheid".
std::string OutOf(int have, size_t of, std::string_view one, std::string_view many) {
  return std::to_string(have) + " van " + Counted(static_cast<int64_t>(of), one, many);
}

std::string Shown(domain::Level level) { return std::string(domain::DisplayName(level)); }

}  // namespace

const Weights& DefaultWeights() {
  static const Weights kWeights;
  return kWeights;
}

double TravelKm(const PersonProfile& person, const PlaceProfile& place, const Weights& w) {
  return DistanceKm(person.location, place.location) * w.road_factor;
}

uint32_t Check(const PersonProfile& person, const PlaceProfile& place, const Weights& w) {
  uint32_t out = kFeasible;
  if (LevelRank(person.level) < LevelRank(place.min_level)) out |= kLevelTooLow;
  if ((person.needs & ~place.offered) != 0) out |= kSupportMissing;
  if (place.hours > person.hours &&
      !(place.offered & domain::SupportBit(domain::Support::kAangepasteUren))) {
    out |= kTooManyHours;
  }
  if (place.to != kNoDate && person.available_from != kNoDate && person.available_from > place.to) {
    out |= kNotAvailable;
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
              double* score) {
  // The cheap constraints first; the same rules as Check, stopping at the first that fails.
  if ((person.needs & ~place.offered) != 0) return false;
  if (LevelRank(person.level) < LevelRank(place.min_level)) return false;
  if (place.hours > person.hours &&
      !(place.offered & domain::SupportBit(domain::Support::kAangepasteUren))) {
    return false;
  }
  if (place.to != kNoDate && person.available_from != kNoDate && person.available_from > place.to)
    return false;
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
                    const domain::Catalog& catalog, const Weights& w) {
  Explanation e;
  uint32_t bad = Check(person, place, w);
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
    e.missing.push_back(
        Lacks(MissingCode::kNietBeschikbaar, "Pas beschikbaar na het einde van de periode"));
  }
  if (place.recognised)
    e.fits.push_back(
        Fits(ReasonCode::kErkendLeerbedrijf, "Erkend leerbedrijf (SBB)", w.recognised));
  return e;
}

}  // namespace overstap::match
