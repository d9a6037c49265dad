#include "domain/follow.h"

namespace overstap::domain {

Situation FollowState::situation() const {
  const bool working = placed;
  if (!school.empty()) return working ? Situation::kSchoolEnWerk : Situation::kSchool;
  if (working) return Situation::kWerk;
  if (benefit) return Situation::kUitkering;
  return Situation::kGeen;
}

DerivedFields Derive(const FollowState& s, const std::string& registered_responsible) {
  DerivedFields d;
  d.situation = s.situation();
  d.institution = !s.school.empty() ? s.school : s.placed ? s.employer : std::string();
  d.responsible = !s.responsible.empty()            ? s.responsible
                  : !registered_responsible.empty() ? registered_responsible
                  : !s.school.empty()               ? s.school
                                                    : s.benefit_agency;
  return d;
}

}  // namespace overstap::domain
