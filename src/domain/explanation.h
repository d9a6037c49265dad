#pragma once
// Why a person and a place fit: plain values the matching engine gives and the edge encodes.

#include <string>
#include <vector>

namespace overstap::domain {

// One reason: something that fits (with its weight in the score) or something missing.
struct Reason {
  std::string code;
  std::string text;  // Dutch, for a person to read
  double weight = 0;
};

struct Explanation {
  double score = 0;
  bool feasible = false;
  std::vector<Reason> fits;     // redenen
  std::vector<Reason> missing;  // ontbreekt
};

}  // namespace overstap::domain
