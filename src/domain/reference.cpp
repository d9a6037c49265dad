#include "domain/reference.h"

#include <algorithm>

#include "common/text.h"

namespace overstap::domain {
namespace {

template <typename T>
void IndexBy(const std::vector<T>& rows, std::string T::*key,
             std::unordered_map<std::string, size_t>* out) {
  out->reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out->emplace(rows[i].*key, i);
}

template <typename T>
const T* Lookup(const std::vector<T>& rows, const std::unordered_map<std::string, size_t>& index,
                std::string_view key) {
  auto it = index.find(std::string(key));
  return it == index.end() ? nullptr : &rows[it->second];
}

void AddWords(std::string_view label, uint32_t index,
              std::vector<std::pair<std::string, uint32_t>>* out) {
  std::string folded = FoldForSearch(label);
  // The whole label, and every word after a space, hyphen or slash.
  size_t start = 0;
  for (size_t i = 0; i <= folded.size(); ++i) {
    if (i == folded.size() || folded[i] == ' ' || folded[i] == '-' || folded[i] == '/') {
      if (i > start) out->emplace_back(folded.substr(start), index);
      start = i + 1;
    }
  }
}

// 0 when the folded label starts with `p`, 1 when one of its later words does, else -1.
int MatchRank(std::string_view folded, std::string_view p) {
  if (StartsWith(folded, p)) return 0;
  for (size_t i = 0; i < folded.size(); ++i) {
    if ((folded[i] == ' ' || folded[i] == '-' || folded[i] == '/') &&
        StartsWith(folded.substr(i + 1), p)) {
      return 1;
    }
  }
  return -1;
}

template <typename T, typename LabelOf>
std::vector<const T*> Search(const std::vector<std::pair<std::string, uint32_t>>& words,
                             const std::vector<T>& rows, std::string_view prefix, size_t limit,
                             LabelOf label_of) {
  std::string p = FoldForSearch(Trim(prefix));
  std::vector<uint32_t> hits;
  auto it = std::lower_bound(words.begin(), words.end(), p,
                             [](const auto& w, const std::string& v) { return w.first < v; });
  for (; it != words.end() && StartsWith(it->first, p); ++it) hits.push_back(it->second);
  std::sort(hits.begin(), hits.end());
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  // Best first: labels that start with the prefix, then shorter labels, then alphabetical.
  std::vector<std::pair<std::tuple<int, size_t, std::string>, uint32_t>> ranked;
  ranked.reserve(hits.size());
  for (uint32_t h : hits) {
    // Found through the label shown first; through another name (an English or other Dutch
    // name of a skill) after those.
    std::string folded = FoldForSearch(label_of(rows[h]));
    int rank = MatchRank(folded, p);
    ranked.push_back({{rank < 0 ? 2 : rank, folded.size(), folded}, h});
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<const T*> out;
  for (size_t i = 0; i < ranked.size() && out.size() < limit; ++i) {
    out.push_back(&rows[ranked[i].second]);
  }
  return out;
}

}  // namespace

Catalog::Catalog(ReferenceData data) : data_(std::move(data)) {
  IndexBy(data_.regions, &Region::code, &regions_);
  IndexBy(data_.municipalities, &Municipality::code, &municipalities_);
  IndexBy(data_.pc4s, &Pc4::code, &pc4s_);
  IndexBy(data_.sectors, &Sector::code, &sectors_);
  IndexBy(data_.skills, &Skill::id, &skills_);
  IndexBy(data_.occupations, &Occupation::id, &occupations_);
  for (const auto& rel : data_.occupation_skills) {
    occupation_skills_[rel.occupation].push_back(&rel);
  }
  for (uint32_t i = 0; i < data_.skills.size(); ++i) {
    const Skill& s = data_.skills[i];
    if (!s.label_nl.empty()) AddWords(s.label_nl, i, &skill_words_);
    for (const auto& alt : s.alt_labels_nl) AddWords(alt, i, &skill_words_);
    AddWords(s.label_en, i, &skill_words_);
  }
  for (uint32_t i = 0; i < data_.occupations.size(); ++i) {
    const Occupation& o = data_.occupations[i];
    AddWords(o.label_nl.empty() ? o.label_en : o.label_nl, i, &occupation_words_);
  }
  std::sort(skill_words_.begin(), skill_words_.end());
  std::sort(occupation_words_.begin(), occupation_words_.end());
}

const Region* Catalog::FindRegion(std::string_view c) const {
  return Lookup(data_.regions, regions_, c);
}
const Municipality* Catalog::FindMunicipality(std::string_view c) const {
  return Lookup(data_.municipalities, municipalities_, c);
}
const Pc4* Catalog::FindPc4(std::string_view c) const { return Lookup(data_.pc4s, pc4s_, c); }
const Sector* Catalog::FindSector(std::string_view c) const {
  return Lookup(data_.sectors, sectors_, c);
}
const Skill* Catalog::FindSkill(std::string_view c) const {
  return Lookup(data_.skills, skills_, c);
}
const Occupation* Catalog::FindOccupation(std::string_view c) const {
  return Lookup(data_.occupations, occupations_, c);
}

std::vector<const Municipality*> Catalog::MunicipalitiesOf(std::string_view region) const {
  std::vector<const Municipality*> out;
  for (const auto& m : data_.municipalities) {
    if (m.region == region) out.push_back(&m);
  }
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->name < b->name; });
  return out;
}

std::vector<const Pc4*> Catalog::Pc4sOf(std::string_view municipality) const {
  std::vector<const Pc4*> out;
  for (const auto& p : data_.pc4s) {
    if (p.municipality == municipality) out.push_back(&p);
  }
  return out;
}

std::vector<const Skill*> Catalog::SearchSkills(std::string_view prefix, size_t limit) const {
  return Search(skill_words_, data_.skills, prefix, limit,
                [](const Skill& s) -> const std::string& { return SkillLabel(s); });
}

std::vector<const Occupation*> Catalog::SearchOccupations(std::string_view prefix,
                                                          size_t limit) const {
  return Search(occupation_words_, data_.occupations, prefix, limit,
                [](const Occupation& o) -> const std::string& {
                  return o.label_nl.empty() ? o.label_en : o.label_nl;
                });
}

const std::vector<const OccupationSkill*>& Catalog::SkillsOf(std::string_view occupation) const {
  static const std::vector<const OccupationSkill*> kNone;
  auto it = occupation_skills_.find(std::string(occupation));
  return it == occupation_skills_.end() ? kNone : it->second;
}

const std::string& SkillLabel(const Skill& s) {
  return s.label_nl.empty() ? s.label_en : s.label_nl;
}

bool HasDutchLabel(const Skill& s) { return !s.label_nl.empty(); }

const std::vector<std::string_view>& LabelLanguageNames() {
  static const std::vector<std::string_view> kNames = {"nl", "en"};
  return kNames;
}

std::string_view LabelLanguage(const Skill& s) {
  return LabelLanguageNames()[HasDutchLabel(s) ? 0 : 1];
}

std::string QuotedSkillLabel(const Skill& s) {
  return HasDutchLabel(s) ? "'" + s.label_nl + "'" : "'" + s.label_en + "' (Engels)";
}

std::optional<std::string> NormalisePostcode(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c != ' ') compact.push_back(c);
  }
  if (compact.size() != 4 && compact.size() != 6) return std::nullopt;
  for (size_t i = 0; i < 4; ++i) {
    if (compact[i] < '0' || compact[i] > '9') return std::nullopt;
  }
  if (compact[0] == '0') return std::nullopt;
  if (compact.size() == 6) {
    for (size_t i = 4; i < 6; ++i) {
      char c = compact[i];
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return std::nullopt;
    }
  }
  return compact.substr(0, 4);
}

}  // namespace overstap::domain
