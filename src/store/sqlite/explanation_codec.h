#pragma once
// The stored text of a round outcome's explanation (column matchronde_uitkomsten.toelichting):
//   placed:   {"ontbreekt":[{"code","tekst"}...],"redenen":[{"code","gewicht","tekst"}...]}
//             with each gewicht rounded to 3 decimals;
//   unplaced: {"code","tekst"} of the reason.
// The format predates the struct; rows written by older versions read back the same.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "domain/types.h"

namespace overstap::store {

// The text to store for `outcome`.
std::string ExplanationText(const domain::RoundOutcome& outcome);

// An outcome from its stored row. A text that does not parse gives no reasons (placed) or an
// empty reason text (unplaced).
domain::RoundOutcome RoundOutcomeFromRow(std::string person, std::string place, double score,
                                         std::string reason_code, std::string_view explanation);

// The stored text of a round's unplaced counts (column matchrondes.niet_geplaatst): a JSON
// object reason code -> count, "{}" when none.
std::string ReasonCountsText(const std::map<std::string, int64_t>& counts);
// The counts from their stored text; none when it does not parse.
std::map<std::string, int64_t> ReasonCountsFromText(std::string_view text);

}  // namespace overstap::store
