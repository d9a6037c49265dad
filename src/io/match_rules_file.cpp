#include "io/match_rules_file.h"

#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>
#include <vector>

namespace overstap::io {

// Generated from data/rules/*.json (see src/CMakeLists.txt).
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedRules();

const std::string& DefaultMatchRulesText() {
  static const std::string kText = [] {
    for (const auto& [name, text] : EmbeddedRules()) {
      if (name == "matchregels.json") return std::string(text);
    }
    return std::string();
  }();
  return kText;
}

namespace {

Status Bad(const std::string& key, const std::string& why) {
  return InvalidArgument("Het bestand met matchregels is ongeldig: " + key + ": " + why,
                         "The matching rules file is invalid: " + key + ": " + why,
                         {{key, "ongeldig", why, why}});
}

// An integer in [lo, hi] at obj[key]; `fallback` when absent and allowed (absent: -2 refuses).
Result<int> Int(const nlohmann::json& obj, const std::string& key, const std::string& path, int lo,
                int hi, int fallback = -2) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (fallback != -2) return fallback;
    return Bad(path + "." + key, "ontbreekt");
  }
  if (!it->is_number_integer() || it->get<int64_t>() < lo || it->get<int64_t>() > hi) {
    return Bad(path + "." + key, "moet een geheel getal van " + std::to_string(lo) + " tot " +
                                     std::to_string(hi) + " zijn");
  }
  return it->get<int>();
}

// Only the named keys; "bron" (the source) and "grond" (its short form) are text.
Status KnownKeys(const nlohmann::json& obj, const std::string& path,
                 const std::vector<std::string_view>& keys) {
  if (!obj.is_object()) return Bad(path, "geen object");
  for (const auto& [key, value] : obj.items()) {
    bool known = false;
    for (auto k : keys) known = known || key == k;
    std::string field = path;
    field.append(".").append(key);
    if (!known) return Bad(field, "onbekende sleutel");
    if ((key == "bron" || key == "grond" || key == "toelichting") && !value.is_string()) {
      return Bad(field, "moet tekst zijn");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<domain::WorkRules> ParseMatchRules(const std::string& json_text) {
  using domain::WorkRules;
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_object()) return Bad("(bestand)", "geen JSON-object");
  RETURN_IF_ERROR(KnownKeys(j, "(bestand)", {"toelichting", "periode", "soorten", "urenPerWeek"}));
  if (!j.contains("periode")) return Bad("periode", "ontbreekt");
  RETURN_IF_ERROR(KnownKeys(j["periode"], "periode", {"startVensterDagen", "bron"}));
  ASSIGN_OR_RETURN(int window, Int(j["periode"], "startVensterDagen", "periode", 0, 3650));

  std::array<WorkRules::Kind, WorkRules::kKinds> kinds{};
  if (!j.contains("soorten")) return Bad("soorten", "ontbreekt");
  RETURN_IF_ERROR(KnownKeys(j["soorten"], "soorten",
                            {domain::PlaceKindNames().begin(), domain::PlaceKindNames().end()}));
  for (size_t k = 0; k < domain::PlaceKindNames().size(); ++k) {
    const std::string name(domain::PlaceKindNames()[k]);
    const std::string path = "soorten." + name;
    auto it = j["soorten"].find(name);
    if (it == j["soorten"].end()) return Bad(path, "ontbreekt");
    RETURN_IF_ERROR(KnownKeys(*it, path, {"minimumleeftijd", "arbeid", "grond", "bron"}));
    ASSIGN_OR_RETURN(kinds[k].min_age, Int(*it, "minimumleeftijd", path, 0, WorkRules::kAdult));
    const std::string work = it->value("arbeid", "");
    if (work == "werk") {
      kinds[k].work = WorkRules::Work::kWork;
    } else if (work == "stage") {
      kinds[k].work = WorkRules::Work::kInternship;
    } else if (work == "geen") {
      kinds[k].work = WorkRules::Work::kNone;
    } else {
      return Bad(path + ".arbeid", "moet werk, stage of geen zijn");
    }
    kinds[k].ground = it->value("grond", "");
    if (kinds[k].ground.empty()) return Bad(path + ".grond", "ontbreekt");
  }

  std::vector<WorkRules::Band> bands;
  if (!j.contains("urenPerWeek") || !j["urenPerWeek"].is_array()) {
    return Bad("urenPerWeek", "ontbreekt of is geen lijst");
  }
  for (size_t i = 0; i < j["urenPerWeek"].size(); ++i) {
    const auto& b = j["urenPerWeek"][i];
    const std::string path = "urenPerWeek[" + std::to_string(i) + "]";
    RETURN_IF_ERROR(
        KnownKeys(b, path, {"vanafLeeftijd", "werk", "werkSchoolweek", "stage", "grond", "bron"}));
    ASSIGN_OR_RETURN(int from, Int(b, "vanafLeeftijd", path, 0, WorkRules::kAdult));
    if (from == WorkRules::kAdult) continue;  // adults: no youth rule, stated for the reader
    WorkRules::Band band;
    band.from_age = from;
    ASSIGN_OR_RETURN(band.work, Int(b, "werk", path, 0, WorkRules::kHours));
    ASSIGN_OR_RETURN(band.work_school_week, Int(b, "werkSchoolweek", path, 0, WorkRules::kHours));
    ASSIGN_OR_RETURN(band.internship, Int(b, "stage", path, 0, WorkRules::kHours));
    band.ground = b.value("grond", "");
    if (band.ground.empty()) return Bad(path + ".grond", "ontbreekt");
    bands.push_back(std::move(band));
  }
  return WorkRules::Make(window, std::move(kinds), std::move(bands));
}

}  // namespace overstap::io
