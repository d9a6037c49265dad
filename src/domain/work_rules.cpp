#include "domain/work_rules.h"

#include <string>
#include <utility>

namespace overstap::domain {

const WorkRules::Band* WorkRules::BandAt(int age) const {
  const Band* at = nullptr;
  for (const auto& b : bands_) {
    if (b.from_age <= age) at = &b;
  }
  return age >= kAdult ? nullptr : at;
}

int WorkRules::HoursAllowed(PlaceKind kind, bool pupil, int age) const {
  const Kind& k = kinds_[static_cast<size_t>(kind)];
  if (age < k.min_age) return 0;
  const Band* b = BandAt(age);
  if (b == nullptr || k.work == Work::kNone) return -1;
  if (k.work == Work::kInternship) return b->internship;
  return pupil ? b->work_school_week : b->work;
}

uint8_t WorkRules::MinAgeStep(PlaceKind kind, bool pupil, int hours) const {
  const int age = MinAge(kind, pupil, hours);
  const auto it = std::lower_bound(age_steps_.begin(), age_steps_.end(), age);
  return static_cast<uint8_t>(it - age_steps_.begin());
}

Result<WorkRules> WorkRules::Make(int start_window_days, std::array<Kind, kKinds> kinds,
                                  std::vector<Band> bands) {
  auto bad = [](const std::string& field, const std::string& nl, const std::string& en) {
    return InvalidArgument("Het bestand met matchregels is ongeldig: " + field + ": " + nl,
                           "The matching rules file is invalid: " + field + ": " + en,
                           {{field, "ongeldig", nl, en}});
  };
  for (size_t i = 0; i < bands.size(); ++i) {
    const int from = bands[i].from_age;
    if (from < 0 || from >= kAdult || (i > 0 && from <= bands[i - 1].from_age)) {
      return bad("urenPerWeek[" + std::to_string(i) + "].vanafLeeftijd",
                 "oplopend van 0 tot " + std::to_string(kAdult) + " (vanaf " +
                     std::to_string(kAdult) + " geldt geen jeugdregel)",
                 "ascending from 0 below " + std::to_string(kAdult));
    }
  }
  WorkRules r;
  r.set_ = true;
  r.start_window_days_ = start_window_days;
  r.kinds_ = std::move(kinds);
  r.bands_ = std::move(bands);
  for (int k = 0; k < kKinds; ++k) {
    if (r.kinds_[k].min_age < 0 || r.kinds_[k].min_age > kAdult) {
      return bad(std::string("soorten.") + std::string(Name(static_cast<PlaceKind>(k))) +
                     ".minimumleeftijd",
                 "van 0 tot en met " + std::to_string(kAdult), "0 to " + std::to_string(kAdult));
    }
    for (int pupil = 0; pupil < 2; ++pupil) {
      int last = -1;  // hours allowed at the previous age: must not shrink with age
      for (int age = 0; age <= kAdult; ++age) {
        int allowed = r.HoursAllowed(static_cast<PlaceKind>(k), pupil != 0, age);
        if (allowed < 0) allowed = kHours;
        if (allowed < last) {
          return bad("urenPerWeek", "een oudere deelnemer mag niet minder uren dan een jongere",
                     "an older person may not be allowed fewer hours than a younger one");
        }
        last = allowed;
      }
      for (int hours = 0; hours <= kHours; ++hours) {
        int age = 0;
        while (age < kAdult) {
          const int allowed = r.HoursAllowed(static_cast<PlaceKind>(k), pupil != 0, age);
          if (allowed != 0 && (allowed < 0 || allowed >= hours)) break;
          ++age;
        }
        r.min_age_[k][pupil][hours] = static_cast<uint8_t>(age);
        if (!std::binary_search(r.age_steps_.begin(), r.age_steps_.end(), age)) {
          r.age_steps_.insert(std::upper_bound(r.age_steps_.begin(), r.age_steps_.end(), age),
                              static_cast<uint8_t>(age));
        }
      }
    }
  }
  if (r.age_steps_.size() > kAgeSteps) {
    return bad(
        "urenPerWeek",
        "te veel verschillende leeftijdsgrenzen (hoogstens " + std::to_string(kAgeSteps) + ")",
        "too many distinct age limits");
  }
  return r;
}

}  // namespace overstap::domain
