#pragma once
// The reference data: regions, municipalities, PC4 postcodes, sectors, ESCO skills and
// occupations. ReferenceData is the plain set of rows (what the store loads and saves);
// Catalog indexes it for look-ups and prefix search. A Catalog is immutable after Build and
// safe to share between threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/geo.h"

namespace overstap::domain {

struct Region {
  std::string code;  // AM01
  std::string name;
  std::vector<std::string> provinces;
  LatLon centroid;
};

struct Municipality {
  std::string code;  // GM0363
  std::string name;
  std::string province_code;
  std::string province_name;
  std::string region;  // AMxx
  LatLon centroid;     // mean of its PC4 points (where people live)
  int pc4_count = 0;
};

struct Pc4 {
  std::string code;  // "1011"
  std::string municipality;
  LatLon location;
};

struct Sector {
  std::string code;  // SBI 2025 section letter
  std::string name_nl;
  std::string name_en;
};

struct Skill {
  std::string id;  // ESCO id
  std::string label_en;
  std::string label_nl;  // empty where the partial Dutch ESCO labels have none
  std::string type;      // skill/competence | knowledge
  std::string reuse_level;
  std::vector<std::string> alt_labels_nl;  // other Dutch names, for search
};

// The name a Dutch reader sees: the Dutch label, else the English one.
const std::string& SkillLabel(const Skill& s);
// Whether SkillLabel is Dutch or the English fallback.
bool HasDutchLabel(const Skill& s);
// The language of SkillLabel as the API says it: "nl", or "en" for the English fallback; a
// name from LabelLanguageNames().
std::string_view LabelLanguage(const Skill& s);
const std::vector<std::string_view>& LabelLanguageNames();
// A skill's name for a Dutch sentence, quoted: "'luisteren'", or with an English fallback
// marked as such: "'communicate verbal instructions' (Engels)".
std::string QuotedSkillLabel(const Skill& s);

struct Occupation {
  std::string id;  // ESCO id
  std::string isco_code;
  std::string esco_code;
  std::string label_nl;
  std::string label_en;
};

struct OccupationSkill {
  std::string occupation;
  std::string skill;
  bool essential = false;
};

struct ReferenceData {
  std::string version;  // content version (hash of the source files)
  std::vector<Region> regions;
  std::vector<Municipality> municipalities;
  std::vector<Pc4> pc4s;
  std::vector<Sector> sectors;
  std::vector<Skill> skills;
  std::vector<Occupation> occupations;
  std::vector<OccupationSkill> occupation_skills;
};

class Catalog {
 public:
  explicit Catalog(ReferenceData data);

  const ReferenceData& data() const { return data_; }

  const Region* FindRegion(std::string_view code) const;
  const Municipality* FindMunicipality(std::string_view code) const;
  const Pc4* FindPc4(std::string_view pc4) const;
  const Sector* FindSector(std::string_view code) const;
  const Skill* FindSkill(std::string_view id) const;
  const Occupation* FindOccupation(std::string_view id) const;
  std::vector<const Municipality*> MunicipalitiesOf(std::string_view region) const;
  std::vector<const Pc4*> Pc4sOf(std::string_view municipality) const;

  // Skills/occupations whose label or one of its words starts with `prefix` (accent- and
  // case-insensitive), best (shortest label) first. A skill is found by its Dutch label, its
  // other Dutch names and its English label; an occupation by its Dutch label (else English).
  std::vector<const Skill*> SearchSkills(std::string_view prefix, size_t limit) const;
  std::vector<const Occupation*> SearchOccupations(std::string_view prefix, size_t limit) const;
  // Essential and optional skills of an occupation (ESCO relations).
  const std::vector<const OccupationSkill*>& SkillsOf(std::string_view occupation) const;

 private:
  ReferenceData data_;
  std::unordered_map<std::string, size_t> regions_, municipalities_, pc4s_, sectors_, skills_,
      occupations_;
  std::unordered_map<std::string, std::vector<const OccupationSkill*>> occupation_skills_;
  // (folded word, index) sorted by word, for prefix search.
  std::vector<std::pair<std::string, uint32_t>> skill_words_, occupation_words_;
};

// Cuts "1011 AB" / "1011AB" / "1011" to "1011"; nullopt when it is not a Dutch postcode.
std::optional<std::string> NormalisePostcode(std::string_view text);

}  // namespace overstap::domain
