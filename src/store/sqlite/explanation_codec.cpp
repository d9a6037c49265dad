#include "store/sqlite/explanation_codec.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace overstap::store {
namespace {

using Json = nlohmann::json;

Json ReasonList(const std::vector<domain::Reason>& reasons, bool weights) {
  Json out = Json::array();
  for (const auto& r : reasons) {
    Json j = {{"code", r.code}, {"tekst", r.text}};
    if (weights) j["gewicht"] = domain::RoundExplanationValue(r.weight);
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<domain::Reason> ReadReasons(const Json& doc, const char* key) {
  std::vector<domain::Reason> out;
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_array()) return out;
  for (const auto& r : *it) {
    if (!r.is_object()) continue;
    domain::Reason reason;
    reason.code = r.value("code", "");
    reason.text = r.value("tekst", "");
    reason.weight = r.value("gewicht", 0.0);
    out.push_back(std::move(reason));
  }
  return out;
}

}  // namespace

std::string ExplanationText(const domain::RoundOutcome& o) {
  if (!o.reason_code.empty()) return Json{{"code", o.reason_code}, {"tekst", o.reason_text}}.dump();
  return Json{{"redenen", ReasonList(o.fits, true)}, {"ontbreekt", ReasonList(o.missing, false)}}
      .dump();
}

domain::RoundOutcome RoundOutcomeFromRow(std::string person, std::string place, double score,
                                         std::string reason_code, std::string_view explanation) {
  domain::RoundOutcome o;
  o.person = std::move(person);
  o.place = std::move(place);
  o.score = score;
  o.reason_code = std::move(reason_code);
  Json doc = Json::parse(explanation, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return o;
  try {
    if (o.reason_code.empty()) {
      o.fits = ReadReasons(doc, "redenen");
      o.missing = ReadReasons(doc, "ontbreekt");
    } else {
      o.reason_text = doc.value("tekst", "");
    }
  } catch (const Json::exception&) {
    // A member of the wrong type: what was read so far.
  }
  return o;
}

std::string ReasonCountsText(const std::map<std::string, int64_t>& counts) {
  return Json(counts).dump();
}

std::map<std::string, int64_t> ReasonCountsFromText(std::string_view text) {
  std::map<std::string, int64_t> counts;
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return counts;
  for (const auto& [code, count] : doc.items()) {
    if (count.is_number_integer()) counts[code] = count.get<int64_t>();
  }
  return counts;
}

}  // namespace overstap::store
