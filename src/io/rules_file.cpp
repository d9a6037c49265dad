#include "io/rules_file.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>
#include <vector>

namespace overstap::io {

// Generated from data/rules/signaalregels.json (see src/CMakeLists.txt).
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedRules();

const std::string& DefaultRulesText() {
  static const std::string kText(EmbeddedRules().front().second);
  return kText;
}

Result<domain::RulesConfig> ParseRules(const std::string& json_text) {
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  auto bad = [](const std::string& key, const std::string& why) {
    return InvalidArgument("Het regelbestand is ongeldig: " + key + ": " + why,
                           "The rules file is invalid: " + key + ": " + why,
                           {{key, "ongeldig", why, why}});
  };
  if (!j.is_object()) return bad("(bestand)", "geen JSON-object");
  const std::vector<std::pair<const char*, int domain::Thresholds::*>> fields = {
      {"uitBeeldDagen", &domain::Thresholds::out_of_view_days},
      {"geenPlekDagenVoorStart", &domain::Thresholds::no_place_days},
      {"overgangDagenVooraf", &domain::Thresholds::transition_days_before},
      {"overgangDagenNa", &domain::Thresholds::transition_days_after},
      {"taakTermijnDagen", &domain::Thresholds::task_days},
      {"escalatieTermijnDagen", &domain::Thresholds::escalation_days},
      {"overdrachtTermijnDagen", &domain::Thresholds::handover_days},
  };
  auto read = [&](const nlohmann::json& obj, const std::string& path,
                  domain::Thresholds* t) -> Status {
    if (!obj.is_object()) return bad(path, "geen object");
    for (const auto& [key, value] : obj.items()) {
      auto it = std::find_if(fields.begin(), fields.end(),
                             [&key = key](const auto& f) { return key == f.first; });
      std::string field = path;
      field.append(".").append(key);
      if (it == fields.end()) return bad(field, "onbekende drempel");
      if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() > 3650) {
        return bad(field, "moet een geheel aantal dagen van 0 tot 3650 zijn");
      }
      t->*(it->second) = value.get<int>();
    }
    return Status::Ok();
  };
  domain::RulesConfig rules;
  for (const auto& [key, value] : j.items()) {
    if (key == "toelichting") continue;
    if (key == "standaard") {
      RETURN_IF_ERROR(read(value, "standaard", &rules.defaults));
    } else if (key != "regios" && key != "coordinatie") {
      return bad(key, "onbekende sleutel");
    }
  }
  if (j.contains("regios")) {
    if (!j["regios"].is_object()) return bad("regios", "geen object");
    for (const auto& [region, value] : j["regios"].items()) {
      domain::Thresholds t = rules.defaults;
      RETURN_IF_ERROR(read(value, "regios." + region, &t));
      rules.regions[region] = t;
    }
  }
  if (j.contains("coordinatie")) {
    if (!j["coordinatie"].is_object()) return bad("coordinatie", "geen object");
    for (const auto& [region, value] : j["coordinatie"].items()) {
      if (!value.is_string()) return bad("coordinatie." + region, "geen gemeentecode");
      rules.coordinator_municipality[region] = value.get<std::string>();
    }
  }
  return rules;
}

}  // namespace overstap::io
