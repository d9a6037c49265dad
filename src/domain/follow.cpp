#include "domain/follow.h"

namespace overstap::domain {

Situation FollowState::situation() const {
  const bool working = placed;
  if (!school.empty()) return working ? Situation::kSchoolEnWerk : Situation::kSchool;
  if (working) return Situation::kWerk;
  if (benefit) return Situation::kUitkering;
  return Situation::kGeen;
}

}  // namespace overstap::domain
