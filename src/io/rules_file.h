#pragma once
// The signal rules file (data/rules/signaalregels.json): thresholds per region with defaults,
// and the municipality that coordinates each region.

#include <string>

#include "common/status.h"
#include "domain/follow.h"

namespace overstap::io {

// Reads a rules file's text. kInvalidArgument naming the offending key when it is not a JSON
// object of known keys with thresholds of 0..3650 days.
Result<domain::RulesConfig> ParseRules(const std::string& json_text);

// The rules file built into the binary (a copy of data/rules/signaalregels.json).
const std::string& DefaultRulesText();

}  // namespace overstap::io
