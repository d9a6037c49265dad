#pragma once
// The matching rules file (data/rules/matchregels.json): the start window of a place, the
// minimum age per kind of place and the hours a week allowed per age band, each with its source.

#include <string>

#include "common/status.h"
#include "domain/work_rules.h"

namespace overstap::io {

// Reads a matching rules file's text. kInvalidArgument naming the offending key when it is not
// a JSON object of known keys, a kind or band is missing or out of range, or the bands do not
// make a consistent table (domain::WorkRules::Make).
Result<domain::WorkRules> ParseMatchRules(const std::string& json_text);

// The matching rules file built into the binary (a copy of data/rules/matchregels.json).
const std::string& DefaultMatchRulesText();

}  // namespace overstap::io
