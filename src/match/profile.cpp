#include "match/profile.h"

#include <algorithm>

namespace overstap::match {
namespace {

std::vector<SkillReq> Skills(const std::vector<domain::SkillLevel>& in,
                             const domain::Catalog& catalog) {
  std::vector<SkillReq> out;
  out.reserve(in.size());
  const auto* base = catalog.data().skills.data();
  for (const auto& s : in) {
    const auto* skill = catalog.FindSkill(s.skill);
    if (!skill) continue;
    out.push_back(
        {static_cast<uint32_t>(skill - base), static_cast<uint8_t>(s.level), s.learnable});
  }
  std::sort(out.begin(), out.end());
  return out;
}

LatLon LocationOf(const std::string& pc4, const domain::Catalog& catalog) {
  const auto* p = catalog.FindPc4(pc4);
  return p ? p->location : LatLon{};
}

}  // namespace

int LevelRank(domain::Level level) {
  using domain::Level;
  switch (level) {
    case Level::kGeen:
    case Level::kVsoDagbesteding:
      return 0;
    case Level::kPro:
    case Level::kVsoArbeidsmarkt:
      return 1;
    case Level::kEntree:
    case Level::kVsoVervolgonderwijs:
      return 2;
    case Level::kMbo2:
      return 3;
    case Level::kMbo3:
      return 4;
    case Level::kMbo4:
    case Level::kHavoVwo:
      return 5;
    case Level::kHbo:
      return 6;
  }
  return 0;
}

uint32_t SectorBit(const std::string& code) {
  if (code.size() != 1 || code[0] < 'A' || code[0] > 'Z') return 31;
  return static_cast<uint32_t>(code[0] - 'A');
}

uint64_t IdHash(const std::string& id) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ULL;
  return h;
}

PersonProfile ProfileOf(const domain::Person& p, const domain::Catalog& catalog) {
  PersonProfile out;
  out.id = p.id;
  out.id_hash = IdHash(p.id);
  out.region = p.region;
  out.location = LocationOf(p.postcode, catalog);
  out.level = p.level;
  out.needs = p.support_needed;
  out.max_km = static_cast<float>(p.max_travel_km);
  out.hours = p.hours_per_week;
  out.available_from = p.available_from ? p.available_from->days : kNoDate;
  out.birth = p.birth_date.days;
  out.pupil =
      p.situation == domain::Situation::kSchool || p.situation == domain::Situation::kSchoolEnWerk;
  for (const auto& s : p.sectors) out.sector_mask |= 1u << SectorBit(s);
  out.skills = Skills(p.skills, catalog);
  return out;
}

PlaceProfile ProfileOf(const domain::Place& p, const domain::Catalog& catalog) {
  PlaceProfile out;
  out.id = p.id;
  out.region = p.region;
  out.location = LocationOf(p.postcode, catalog);
  out.kind = p.kind;
  out.sector = static_cast<uint8_t>(SectorBit(p.sector));
  out.min_level = p.minimum_level;
  out.offered = p.support_offered;
  out.hours = p.hours_per_week;
  out.capacity = p.capacity;
  out.from = p.period_from ? p.period_from->days : kNoDate;
  out.to = p.period_to ? p.period_to->days : kNoDate;
  out.recognised = p.recognised_training_company;
  out.required = Skills(p.required_skills, catalog);
  out.desired = Skills(p.desired_skills, catalog);
  return out;
}

}  // namespace overstap::match
