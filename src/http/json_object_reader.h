#pragma once
// What the JSON codecs of http/ share (json_codec.cpp for the register and rounds,
// follow_codec.cpp for keep in view): reading one object's members while collecting a violation
// per bad field (ObjectReader), and encoding optional values. Internal to those two files.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/ids.h"
#include "common/text.h"
#include "http/json_codec.h"

namespace overstap::http {

using domain::SkillLevel;

// A guard against absurd strings before they are copied, in bytes. The domain's limits are in
// characters (a note: 2,000) and a character takes up to 4 bytes in UTF-8, so this must allow
// 4 x the longest of them; the validators name the field when a text is too long.
inline constexpr size_t kMaxDecodedString = size_t{4} * 2000;

inline const char* TypeNameNl(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "lijst";
    case Json::value_t::string:
      return "tekst";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "geheel getal";
    case Json::value_t::number_float:
      return "getal met decimalen";
    default:
      return "onbekend";
  }
}

// Reads the members of one JSON object, collecting violations; Finish() reports members
// that were never asked for as unknown.
class ObjectReader {
 public:
  ObjectReader(const Json& j, std::string prefix, std::vector<FieldViolation>* out)
      : j_(j), prefix_(std::move(prefix)), out_(out) {}

  bool IsObject(const std::string& what) {
    if (j_.is_object()) return true;
    Add(what.empty() ? "(body)" : what, "verkeerdType",
        "Verwacht een object, kreeg " + std::string(TypeNameNl(j_)) + ".", "Expected an object.");
    return false;
  }

  void Ignore(const char* key) { seen_.insert(key); }

  const Json* Get(const char* key, bool required) {
    seen_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      if (required) {
        Add(Name(key), "verplicht", "'" + Name(key) + "' is verplicht.",
            "'" + Name(key) + "' is required.");
      }
      return nullptr;
    }
    return &*it;
  }

  std::optional<std::string> String(const char* key, bool required) {
    const Json* v = Get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) return WrongType(key, *v, "tekst", "a string"), std::nullopt;
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > kMaxDecodedString) {
      Add(Name(key), "teLang", "'" + Name(key) + "' is te lang.",
          "'" + Name(key) + "' is too long.");
      return std::nullopt;
    }
    return s;
  }

  std::optional<int> Int(const char* key, bool required) {
    const Json* v = Get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_number_integer())
      return WrongType(key, *v, "geheel getal", "an integer"), std::nullopt;
    if (v->is_number_unsigned()
            ? v->get<uint64_t>() > 1000000000ULL
            : (v->get<int64_t>() > 1000000000LL || v->get<int64_t>() < -1000000000LL)) {
      Add(Name(key), "buitenBereik", "'" + Name(key) + "' is veel te groot of te klein.",
          "'" + Name(key) + "' is far out of range.");
      return std::nullopt;
    }
    return static_cast<int>(v->get<int64_t>());
  }

  // An integer in [lo, hi] (64 bits); out of range: buitenBereik naming the bounds.
  std::optional<int64_t> Int64(const char* key, bool required, int64_t lo, int64_t hi) {
    const Json* v = Get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_number_integer())
      return WrongType(key, *v, "geheel getal", "an integer"), std::nullopt;
    const bool in = v->is_number_unsigned() ? v->get<uint64_t>() <= static_cast<uint64_t>(hi) &&
                                                  static_cast<int64_t>(v->get<uint64_t>()) >= lo
                                            : v->get<int64_t>() >= lo && v->get<int64_t>() <= hi;
    if (!in) {
      Add(Name(key), "buitenBereik",
          "'" + Name(key) + "' moet van " + std::to_string(lo) + " tot en met " +
              std::to_string(hi) + " zijn.",
          "'" + Name(key) + "' must be from " + std::to_string(lo) + " to " + std::to_string(hi) +
              ".");
      return std::nullopt;
    }
    return v->get<int64_t>();
  }

  std::optional<bool> Bool(const char* key, bool required) {
    const Json* v = Get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) return WrongType(key, *v, "boolean", "a boolean"), std::nullopt;
    return v->get<bool>();
  }

  std::optional<Date> DateField(const char* key, bool required) {
    auto s = String(key, required);
    if (!s) return std::nullopt;
    auto d = ParseDate(*s);
    if (!d) {
      Add(Name(key), "ongeldigeDatum",
          "'" + Name(key) + "' moet een bestaande datum zijn als JJJJ-MM-DD.",
          "'" + Name(key) + "' must be a real date as YYYY-MM-DD.");
    }
    return d;
  }

  std::optional<std::string> Uuid(const char* key, bool required) {
    auto s = String(key, required);
    if (s && !IsUuid(*s)) {
      Add(Name(key), "ongeldigId", "'" + Name(key) + "' moet een id (UUID) zijn.",
          "'" + Name(key) + "' must be an id (UUID).");
      return std::nullopt;
    }
    return s;
  }

  template <typename E>
  std::optional<E> Enum(const char* key, const std::vector<std::string_view>& names,
                        bool required) {
    auto s = String(key, required);
    if (!s) return std::nullopt;
    auto e = domain::ParseEnum<E>(*s, names);
    if (!e) BadEnum(Name(key), names);
    return e;
  }

  void BadEnum(const std::string& name, const std::vector<std::string_view>& names) {
    std::string allowed;
    for (auto n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    Add(name, "onbekendeWaarde", "'" + name + "' moet een van deze waarden zijn: " + allowed + ".",
        "'" + name + "' must be one of: " + allowed + ".");
  }

  const Json* Array(const char* key, size_t max_items) {
    const Json* v = Get(key, false);
    if (!v) return nullptr;
    if (!v->is_array()) return WrongType(key, *v, "lijst", "an array"), nullptr;
    if (v->size() > max_items) {
      Add(Name(key), "teVeel",
          "'" + Name(key) + "' heeft te veel items (maximaal " + std::to_string(max_items) + ").",
          "'" + Name(key) + "' has too many items.");
      return nullptr;
    }
    return v;
  }

  // Names the first kMaxUnknownNamed unknown members, then counts the rest in one entry (a
  // body of 80,000 unknown keys must not become an answer of 80,000 entries).
  void Finish() {
    if (!j_.is_object()) return;
    constexpr size_t kMaxUnknownNamed = 100;
    size_t unknown = 0;
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (seen_.count(it.key())) continue;
      if (++unknown > kMaxUnknownNamed) continue;
      std::string key = it.key().substr(0, 64);
      Add(Name(key), "onbekendVeld", "Onbekend veld '" + Name(key) + "'.",
          "Unknown field '" + Name(key) + "'.");
    }
    if (unknown > kMaxUnknownNamed) {
      const std::string more = std::to_string(unknown - kMaxUnknownNamed);
      Add(prefix_.empty() ? "(body)" : prefix_, "teVeelOnbekendeVelden",
          "Nog " + more + " onbekende velden.", more + " more unknown fields.");
    }
  }

  std::string Name(const std::string& key) const {
    return prefix_.empty() ? key : prefix_ + "." + key;
  }

  void Add(std::string field, std::string code, std::string nl, std::string en) {
    if (!IsValidUtf8(field)) field = "(ongeldige UTF-8)";
    out_->push_back({std::move(field), std::move(code), std::move(nl), std::move(en)});
  }

 private:
  void WrongType(const char* key, const Json& v, const char* want_nl, const char* want_en) {
    Add(Name(key), "verkeerdType",
        "'" + Name(key) + "' moet " + want_nl + " zijn, niet " + TypeNameNl(v) + ".",
        "'" + Name(key) + "' must be " + want_en + ".");
  }

  const Json& j_;
  std::string prefix_;
  std::vector<FieldViolation>* out_;
  std::set<std::string> seen_;
};

inline std::vector<SkillLevel> ReadSkills(ObjectReader& r, const char* key,
                                          std::vector<FieldViolation>* out,
                                          bool learnable_allowed = false) {
  std::vector<SkillLevel> skills;
  const Json* arr = r.Array(key, domain::kMaxSkills);
  if (!arr) return skills;
  for (size_t i = 0; i < arr->size(); ++i) {
    ObjectReader item((*arr)[i], r.Name(key) + "[" + std::to_string(i) + "]", out);
    if (!item.IsObject(r.Name(key) + "[" + std::to_string(i) + "]")) continue;
    auto id = item.String("vaardigheid", true);
    auto level = item.Int("niveau", true);
    std::optional<bool> learnable;
    if (learnable_allowed) learnable = item.Bool("leerbaar", false);
    item.Finish();
    if (id && level) skills.push_back({*id, *level, learnable.value_or(false)});
  }
  return skills;
}

inline domain::SupportSet ReadSupport(ObjectReader& r, const char* key,
                                      std::vector<FieldViolation>* out) {
  domain::SupportSet set = 0;
  const Json* arr = r.Array(key, domain::kMaxSupportItems);
  if (!arr) return set;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string name = r.Name(key) + "[" + std::to_string(i) + "]";
    const Json& v = (*arr)[i];
    std::optional<domain::Support> s;
    if (v.is_string())
      s = domain::ParseEnum<domain::Support>(v.get<std::string>(), domain::SupportNames());
    if (!s) {
      r.BadEnum(name, domain::SupportNames());
      continue;
    }
    set |= domain::SupportBit(*s);
  }
  return set;
}

inline Status Finish(std::vector<FieldViolation> violations) {
  if (violations.empty()) return Status::Ok();
  return InvalidArgument("De invoer is ongeldig.", "The input is invalid.", std::move(violations));
}

inline void IgnoreReadOnly(ObjectReader& r) {
  for (const char* k : {"id", "versie", "regio", "aangemaakt", "gewijzigd"}) r.Ignore(k);
}

template <typename T>
Json Nullable(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}
inline Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }
inline Json DateOrNull(const std::optional<Date>& d) {
  return d ? Json(FormatDate(*d)) : Json(nullptr);
}

inline Json EncodeSkills(const std::vector<SkillLevel>& skills, bool with_learnable = false) {
  Json arr = Json::array();
  for (const auto& s : skills) {
    Json j = {{"vaardigheid", s.skill}, {"niveau", s.level}};
    if (with_learnable) j["leerbaar"] = s.learnable;
    arr.push_back(std::move(j));
  }
  return arr;
}

inline Json EncodeSupport(domain::SupportSet set) {
  Json arr = Json::array();
  for (auto s : domain::SupportList(set)) arr.push_back(std::string(domain::Name(s)));
  return arr;
}

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kSecondsPerDay = 86'400;

inline Json TimestampOrNull(int64_t micros) {
  return micros ? Json(FormatTimestamp(micros)) : Json(nullptr);
}

}  // namespace overstap::http
