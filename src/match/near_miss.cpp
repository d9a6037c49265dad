#include "match/near_miss.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>

#include "common/date.h"
#include "common/text.h"

namespace overstap::match {
namespace {

using domain::MissingCode;

// Every live place of the wanted kinds within kNearMissReach x the reach, with its rule bits
// and travel km.
template <typename Fn>
void ForEachAround(const PlaceIndex& places, const PersonProfile& person, const PlaceQuery& q,
                   Fn&& fn) {
  const Weights& w = places.weights();
  places.ForEachNear(person.location, kNearMissReach * person.max_km / w.road_factor,
                     [&](uint32_t i) {
                       const PlaceProfile& p = places.at(i);
                       if (q.kind_mask && !(q.kind_mask & (1u << static_cast<int>(p.kind))))
                         return true;
                       if (q.sector >= 0 && p.sector != q.sector) return true;
                       const double km = TravelKm(person, p, w);
                       if (km > kNearMissReach * person.max_km) return true;
                       fn(i, p, Check(person, p, w, q.today), km);
                       return true;
                     });
}

// The support needs of the person that the place lacks, in words ("jobcoach en vervoer").
std::string LackedSupport(const PersonProfile& person, domain::SupportSet offered) {
  std::string out;
  const auto lacked = domain::SupportList(static_cast<domain::SupportSet>(person.needs & ~offered));
  for (size_t i = 0; i < lacked.size(); ++i) {
    if (i > 0) out += i + 1 == lacked.size() ? " en " : ", ";
    out += domain::DisplayName(lacked[i]);
  }
  return out;
}

std::string ActionFor(uint32_t rule, const PersonProfile& person, const PlaceProfile& place,
                      double km, const Weights& w, int32_t today) {
  switch (rule) {
    case kTooFar:
      return "Met een maximale reisafstand van " + std::to_string(static_cast<int>(std::ceil(km))) +
             " km past deze plek";
    case kMissingSkill:
      return "Werk aan de ontbrekende vaardigheid, of vraag de werkgever of die op de werkplek "
             "te leren is";
    case kLevelTooLow:
      return "Vraag de werkgever of een lager opleidingsniveau kan";
    case kSupportMissing:
      return "Vraag de werkgever om " + LackedSupport(person, place.offered);
    case kTooManyHours:
      return "Vraag de werkgever om aangepaste uren: de plek vraagt " +
             std::to_string(place.hours) + " uur per week, de deelnemer kan " +
             std::to_string(person.hours);
    case kNotAvailable:
      return "Kijk of de deelnemer eerder kan beginnen, of vraag de werkgever de plek te "
             "verlengen";
    case kStartsTooLate:
      return "De plek begint later: spreek de start af en zoek iets voor de tussentijd";
    case kTooYoung: {
      const int age = w.work.kind(place.kind).min_age;
      return "Kan vanaf " + std::to_string(age) + " jaar, dus vanaf " +
             FormatDateDutch(Date{TurnsOn(person.birth, age)});
    }
    case kHoursForAge: {
      const int32_t day = FirstWorkDay(person, place, today);
      const int age = AgeOn(Date{person.birth}, Date{day});
      return "Vraag de werkgever om minder uren: hoogstens " +
             std::to_string(std::max(0, w.work.HoursAllowed(place.kind, person.pupil, age))) +
             " per week op deze leeftijd";
    }
    default:
      return "";
  }
}

}  // namespace

MissingCode MissingCodeOf(uint32_t bit) {
  switch (bit) {
    case kMissingSkill:
      return MissingCode::kVaardigheidOntbreekt;
    case kLevelTooLow:
      return MissingCode::kNiveauTeLaag;
    case kSupportMissing:
      return MissingCode::kOndersteuningOntbreekt;
    case kTooFar:
      return MissingCode::kTeVer;
    case kTooManyHours:
      return MissingCode::kTeVeelUren;
    case kNotAvailable:
      return MissingCode::kNietBeschikbaar;
    case kStartsTooLate:
      return MissingCode::kStartTeLaat;
    case kTooYoung:
      return MissingCode::kTeJong;
    default:
      return MissingCode::kTeVeelUrenVoorLeeftijd;
  }
}

std::vector<NearMiss> NearMisses(const PlaceIndex& places, const PersonProfile& person,
                                 const PlaceQuery& q) {
  const Weights& w = places.weights();
  std::vector<NearMiss> out;
  ForEachAround(places, person, q,
                [&](uint32_t i, const PlaceProfile& p, uint32_t bits, double km) {
                  if (std::popcount(bits) != 1) return;
                  out.push_back({i, bits, km, Score(person, p, w), ""});
                });
  std::sort(out.begin(), out.end(), [&](const NearMiss& a, const NearMiss& b) {
    if (a.score != b.score) return a.score > b.score;
    return places.at(a.entry).id < places.at(b.entry).id;
  });
  if (out.size() > q.k) out.resize(q.k);
  for (auto& m : out) m.action = ActionFor(m.rule, person, places.at(m.entry), m.km, w, q.today);
  return out;
}

WhyNone ExplainNone(const PlaceIndex& places, const PersonProfile& person, const PlaceQuery& q) {
  WhyNone why;
  std::map<uint32_t, int64_t> by_bit;
  std::map<int, int64_t> lacking;  // Support -> places within reach without it
  ForEachAround(places, person, q, [&](uint32_t, const PlaceProfile& p, uint32_t bits, double) {
    if (std::popcount(bits) == 1) ++why.near_misses;
    if (bits & kTooFar) return;
    ++why.within_reach;
    for (uint32_t b = 1; b != 0 && b <= kHoursForAge; b <<= 1) {
      if (bits & b) ++by_bit[b];
    }
    for (auto s : domain::SupportList(static_cast<domain::SupportSet>(person.needs & ~p.offered))) {
      ++lacking[static_cast<int>(s)];
    }
  });
  std::vector<std::pair<uint32_t, int64_t>> ranked(by_bit.begin(), by_bit.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [bit, n] : ranked) why.by_rule.emplace_back(MissingCodeOf(bit), n);
  const std::string reach = std::to_string(static_cast<int>(std::lround(person.max_km))) + " km";
  const std::string near = why.near_misses == 0
                               ? ""
                               : "; " + Counted(why.near_misses, "plek past", "plekken passen") +
                                     " op één punt na (bijna passende plekken)";
  if (why.within_reach == 0) {
    why.text = "Geen plekken binnen " + reach + near;
    return why;
  }
  const int64_t n = why.within_reach;
  const uint32_t bit = ranked.empty() ? 0 : ranked.front().first;
  const int64_t count = ranked.empty() ? 0 : ranked.front().second;
  auto all_or = [&](const std::string& all, const std::string& some) {
    return count == n ? all : Counted(count, "plek", "plekken") + " " + some;
  };
  std::string but;
  switch (bit) {
    case kSupportMissing: {
      auto most =
          std::max_element(lacking.begin(), lacking.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      const std::string what(domain::DisplayName(static_cast<domain::Support>(most->first)));
      but = most->second == n ? "geen met " + what
                              : Counted(most->second, "plek", "plekken") + " zonder " + what;
      break;
    }
    case kMissingSkill:
      but = all_or("bij alle ontbreekt een vereiste vaardigheid",
                   "waar een vereiste vaardigheid ontbreekt");
      break;
    case kLevelTooLow:
      but = all_or("alle vragen een hoger opleidingsniveau", "met een hoger gevraagd niveau");
      break;
    case kTooManyHours:
      but = all_or("alle vragen meer uren dan de deelnemer kan",
                   "met meer uren dan de deelnemer kan");
      break;
    case kNotAvailable:
      but = all_or("alle zijn voorbij of eindigen voordat de deelnemer beschikbaar is",
                   "die voorbij zijn of eindigen voordat de deelnemer beschikbaar is");
      break;
    case kStartsTooLate:
      but = all_or("alle beginnen te laat", "die te laat beginnen");
      break;
    case kTooYoung:
      but = all_or("voor alle is de deelnemer te jong", "waarvoor de deelnemer te jong is");
      break;
    case kHoursForAge:
      but = all_or("alle vragen meer uren dan op deze leeftijd mag",
                   "met meer uren dan op deze leeftijd mag");
      break;
    default:
      but = "die gaan naar anderen";
  }
  why.text = Counted(n, "plek", "plekken") + " binnen " + reach + ", maar " + but + near;
  return why;
}

}  // namespace overstap::match
