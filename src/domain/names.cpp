#include "domain/names.h"

#include <array>

#include "common/text.h"

namespace overstap::domain {

std::string DisplayName(std::string_view first, std::string_view prefix, std::string_view last) {
  std::string out;
  for (std::string_view part : {first, prefix, last}) {
    if (part.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(part);
  }
  return out;
}

std::string SurnameSortKey(std::string_view first, std::string_view last) {
  return FoldName(last) + ',' + FoldName(first);
}

std::vector<std::string> NameWords(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  for (char ch : FoldName(name)) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'') {
      word.push_back(ch);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool IsSurnamePrefixWord(std::string_view folded) {
  // The words of the tussenvoegsels in the Dutch registers (BRP table 36), folded.
  static constexpr std::array<std::string_view, 30> kWords = {
      "'s",   "'t", "aan", "bij", "d'",  "da",  "de",   "del", "den",  "der",
      "des",  "di", "dos", "du",  "het", "in",  "l'",   "la",  "le",   "op",
      "over", "te", "ten", "ter", "tot", "uit", "uijt", "van", "voor", "von"};
  for (auto w : kWords) {
    if (w == folded) return true;
  }
  return false;
}

NameQuery ParseNameQuery(std::string_view text) {
  const std::string folded = FoldName(text);
  std::vector<std::string> words = Split(folded, ' ');
  size_t n = 0;
  while (n + 1 < words.size() && IsSurnamePrefixWord(words[n])) ++n;
  NameQuery q;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string& part = i < n ? q.prefix : q.surname;
    if (!part.empty()) part.push_back(' ');
    part += words[i];
  }
  return q;
}

std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<unsigned char>(prefix.back());
    if (last < 0xFF) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

DisplayRefs RefsOf(const Person& p) { return {p.id, p.institution, "", ""}; }
DisplayRefs RefsOf(const Place& p) { return {"", p.organisation, p.id, ""}; }
DisplayRefs RefsOf(const Signal& s) { return {s.person, "", "", ""}; }
DisplayRefs RefsOf(const Task& t) { return {t.person, t.organisation, "", ""}; }
DisplayRefs RefsOf(const Handover& h) { return {h.person, h.from, "", h.to}; }
DisplayRefs RefsOf(const RoundOutcome& o) { return {o.person, "", o.place, ""}; }

}  // namespace overstap::domain
