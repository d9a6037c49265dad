#pragma once
// Why a person and a place fit, and why a person got no place: plain values the matching engine
// gives and the edge encodes. The codes' API names come from the tables in explanation.cpp, the
// only place that spells them; a round's outcomes store them as that text.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/enums.h"

namespace overstap::domain {

// What fits (Reason::code in Explanation::fits).
enum class ReasonCode : uint8_t {
  kVereisteVaardigheden,
  kLeerbaar,
  kGewensteVaardigheden,
  kReisafstand,
  kSector,
  kNiveau,
  kOndersteuning,
  kUren,
  kErkendLeerbedrijf,
  kLeeftijd,  // a minor: the place is allowed at their age, within the hours the law allows
};
template <>
inline constexpr size_t kEnumSize<ReasonCode> = static_cast<size_t>(ReasonCode::kLeeftijd) + 1;
// What is missing (Reason::code in Explanation::missing).
enum class MissingCode : uint8_t {
  kVaardigheidOntbreekt,
  kTeVer,
  kNiveauTeLaag,
  kOndersteuningOntbreekt,
  kTeVeelUren,
  kNietBeschikbaar,
  kStartTeLaat,
  kTeJong,
  kTeVeelUrenVoorLeeftijd,
};
template <>
inline constexpr size_t kEnumSize<MissingCode> =
    static_cast<size_t>(MissingCode::kTeVeelUrenVoorLeeftijd) + 1;
// Why a person got no place in a round (RoundOutcome::reason_code).
enum class UnplacedCode : uint8_t {
  kGeenPlekBinnenBereik,
  kOntbrekendeVaardigheid,
  kOndersteuningNietAangeboden,
  kNiveauTeLaag,
  kTeVer,
  kUrenPassenNiet,
  kNietBeschikbaar,
  kAnderenGingenVoor,
  kStartTeLaat,
  kTeJong,
  kTeVeelUrenVoorLeeftijd,
};
template <>
inline constexpr size_t kEnumSize<UnplacedCode> =
    static_cast<size_t>(UnplacedCode::kTeVeelUrenVoorLeeftijd) + 1;

// Name tables: the API value of each enumerator, indexed by its integer value.
const std::vector<std::string_view>& ReasonCodeNames();
const std::vector<std::string_view>& MissingCodeNames();
const std::vector<std::string_view>& UnplacedCodeNames();

inline std::string_view Name(ReasonCode v) { return NameOf(v, ReasonCodeNames()); }
inline std::string_view Name(MissingCode v) { return NameOf(v, MissingCodeNames()); }
inline std::string_view Name(UnplacedCode v) { return NameOf(v, UnplacedCodeNames()); }

// Scores and weights in explanations are given to 4 decimals, wherever they are shown or stored
// (the API's answers, a round's stored outcomes), so a stored outcome reads back as it was shown.
inline double RoundExplanationValue(double v) { return std::round(v * 10000) / 10000; }

// One reason: something that fits (with its weight in the score) or something missing.
struct Reason {
  std::string code;  // a name from ReasonCodeNames() (fits) or MissingCodeNames() (missing)
  std::string text;  // Dutch, for a person to read
  double weight = 0;
};

struct Explanation {
  double score = 0;
  bool feasible = false;
  std::vector<Reason> fits;     // redenen
  std::vector<Reason> missing;  // ontbreekt
};

// Why no place fits one person (match/near_miss.h).
struct WhyNone {
  int64_t within_reach = 0;  // places of the wanted kinds within the travel distance
  int64_t near_misses = 0;   // places within 1.5 x that fail exactly one rule
  std::vector<std::pair<MissingCode, int64_t>> by_rule;  // places within reach failing each
                                                         // rule, most first
  std::string text;                                      // one Dutch sentence
};

}  // namespace overstap::domain
