#include "http/handler_util.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "common/text.h"

namespace overstap::http {
namespace {

// The keys of the raw query string in order, repeats included (httplib folds identical
// key=value pairs into one).
std::vector<std::string> RawQueryKeys(const std::string& target) {
  std::vector<std::string> keys;
  auto q = target.find('?');
  if (q == std::string::npos) return keys;
  for (const auto& part : Split(std::string_view(target).substr(q + 1), '&')) {
    if (part.empty()) continue;
    std::string key = part.substr(0, part.find('='));
    keys.push_back(httplib::detail::decode_url(key, true));
  }
  return keys;
}

}  // namespace

Query::Query(const Exchange& ex, const std::vector<std::string>& allowed) : ex_(ex) {
  std::set<std::string> seen;
  for (const auto& k : RawQueryKeys(ex.req.target)) {
    bool known = std::find(allowed.begin(), allowed.end(), k) != allowed.end();
    std::string key = k.substr(0, 64);
    if (!known) {
      Add(key, "onbekendeParameter", "Onbekende queryparameter '" + key + "'.",
          "Unknown query parameter '" + key + "'.");
    } else if (!seen.insert(k).second) {
      Add(key, "dubbeleParameter", "Queryparameter '" + key + "' komt meer dan eens voor.",
          "Query parameter '" + key + "' occurs more than once.");
    }
  }
}

std::string Query::Str(const char* key) const {
  return ex_.req.has_param(key) ? ex_.req.get_param_value(key) : std::string();
}

int Query::Int(const char* key, int fallback, int lo, int hi) {
  if (!ex_.req.has_param(key)) return fallback;
  std::string s = ex_.req.get_param_value(key);
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) {
    Add(key, "buitenBereik",
        "'" + std::string(key) + "' moet een geheel getal van " + std::to_string(lo) +
            " tot en met " + std::to_string(hi) + " zijn.",
        "'" + std::string(key) + "' must be an integer from " + std::to_string(lo) + " to " +
            std::to_string(hi) + ".");
    return fallback;
  }
  return v;
}

void Query::UnknownValue(const char* key, const std::vector<std::string_view>& names) {
  std::string allowed;
  for (auto n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
  Add(key, "onbekendeWaarde", "'" + std::string(key) + "' moet een van deze zijn: " + allowed + ".",
      "'" + std::string(key) + "' must be one of: " + allowed + ".");
}

std::string Query::Code(const char* key, bool exists) {
  std::string s = Str(key);
  if (!s.empty() && !exists) {
    Add(key, "onbekendeWaarde",
        "'" + std::string(key) + "' = '" + s.substr(0, 32) + "' bestaat niet.",
        "'" + std::string(key) + "' = '" + s.substr(0, 32) + "' does not exist.");
  }
  return s;
}

std::string Query::Id(const char* key) {
  std::string s = Str(key);
  if (!s.empty() && !IsUuid(s)) {
    Add(key, "ongeldigId", "'" + std::string(key) + "' moet een id (UUID) zijn.",
        "'" + std::string(key) + "' must be an id (UUID).");
  }
  return s;
}

std::optional<bool> Query::Bool(const char* key) {
  std::string s = Str(key);
  if (s.empty()) return std::nullopt;
  if (s == "true" || s == "false") return s == "true";
  Add(key, "onbekendeWaarde", "'" + std::string(key) + "' moet true of false zijn.",
      "'" + std::string(key) + "' must be true or false.");
  return std::nullopt;
}

std::string Query::Text(const char* key, size_t max_chars) {
  std::string s = Str(key);
  if (!ex_.req.has_param(key)) return s;
  if (Trim(s).empty()) {
    Add(key, "leeg", "'" + std::string(key) + "' mag niet leeg zijn.",
        "'" + std::string(key) + "' must not be empty.");
  } else if (!IsValidUtf8(s)) {
    Add(key, "ongeldigeTekst", "'" + std::string(key) + "' is geen geldige UTF-8-tekst.",
        "'" + std::string(key) + "' is not valid UTF-8 text.");
  } else if (Utf8Length(s) > max_chars) {
    Add(key, "teLang",
        "'" + std::string(key) + "' is te lang (maximaal " + std::to_string(max_chars) +
            " tekens).",
        "'" + std::string(key) + "' is too long (at most " + std::to_string(max_chars) +
            " characters).");
  }
  return s;
}

domain::PageRequest Query::Page(
    std::initializer_list<std::pair<const char*, domain::SortField>> sorts) {
  domain::PageRequest page;
  page.limit = Int("aantal", kDefaultPageSize, 1, kMaxPageSize);
  page.cursor = Str("cursor");
  std::string sort = Str("sorteer");
  if (!sort.empty()) {
    page.descending = sort[0] == '-';
    std::string name = page.descending ? sort.substr(1) : sort;
    bool found = false;
    std::string allowed;
    for (const auto& [n, f] : sorts) {
      allowed += (allowed.empty() ? "" : ", ") + std::string(n);
      if (name == n) {
        page.sort = f;
        found = true;
      }
    }
    if (!found) {
      Add("sorteer", "onbekendeWaarde",
          "'sorteer' moet een van deze zijn (met '-' ervoor voor aflopend): " + allowed + ".",
          "'sorteer' must be one of (prefix '-' for descending): " + allowed + ".");
    }
  }
  return page;
}

void Query::Add(std::string name, std::string code, std::string nl, std::string en) {
  violations_.push_back({std::move(name), std::move(code), std::move(nl), std::move(en)});
}

bool Query::Ok(Exchange& ex) {
  if (violations_.empty()) return true;
  ex.Problem(InvalidArgument("Een of meer queryparameters zijn ongeldig.",
                             "One or more query parameters are invalid.", violations_));
  return false;
}

std::string ETag(int64_t version) { return "\"" + std::to_string(version) + "\""; }

std::optional<int64_t> RequireIfMatch(Exchange& ex) {
  if (!ex.req.has_header("If-Match")) {
    ex.Problem(
        Refusal::kVersionRequired,
        "Stuur de header If-Match met de ETag die u bij het ophalen kreeg, zodat een "
        "gelijktijdige wijziging niet ongemerkt wordt overschreven.",
        "Send If-Match with the ETag you received, so a concurrent change is never "
        "silently overwritten.",
        {{"If-Match", "verplicht", "Header If-Match ontbreekt.", "Header If-Match is missing."}});
    return std::nullopt;
  }
  std::string v = Trim(ex.req.get_header_value("If-Match"));
  if (StartsWith(v, "W/")) {
    // If-Match uses strong comparison (RFC 9110 13.1.1): a weak tag never matches.
    ex.Problem(Refusal::kVersionMismatch,
               "Een zwakke ETag (W/...) past nooit bij If-Match; stuur de ETag zoals ontvangen.",
               "A weak ETag never matches If-Match; send the ETag as received.",
               {{"If-Match", "zwakkeETag", "Zwakke ETag.", "Weak ETag."}});
    return std::nullopt;
  }
  int64_t version = 0;
  if (v.size() >= 3 && v.front() == '"' && v.back() == '"') {
    auto [p, ec] = std::from_chars(v.data() + 1, v.data() + v.size() - 1, version);
    if (ec == std::errc() && p == v.data() + v.size() - 1 && version >= 1) return version;
  }
  ex.Problem(Refusal::kMalformed, "De header If-Match moet een ETag zijn zoals \"3\".",
             "If-Match must be an ETag such as \"3\".",
             {{"If-Match", "ongeldig", "Ongeldige ETag.", "Malformed ETag."}});
  return std::nullopt;
}

bool NoQuery(Exchange& ex) {
  Query q(ex, {});
  return q.Ok(ex);
}

bool ValidId(Exchange& ex, const std::string& id) {
  if (IsUuid(id)) return true;
  ex.Problem(Refusal::kNotFound, "Er bestaat niets met dit id.", "Nothing has this id.");
  return false;
}

Status RenameFields(const Status& st, std::string (*rename)(const std::string&)) {
  std::vector<FieldViolation> violations = st.violations();
  for (auto& v : violations) v.field = rename(v.field);
  return Status(st.code(), st.message_nl(), st.message_en(), std::move(violations));
}

void AppendDisplay(const domain::DisplayNames& names, std::string* out) {
  if (out->empty() || out->back() != '}') return;
  out->pop_back();
  out->append(",\"weergave\":");
  JsonWriter w(out);
  w.BeginObject();
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"deelnemer", &names.person},
        {"naar", &names.to},
        {"organisatie", &names.organisation},
        {"plek", &names.place}}) {
    if (!value->empty()) w.Key(key).String(*value);
  }
  w.EndObject();
  out->push_back('}');
}

void LinkNextPage(Exchange& ex, const std::string& path, const std::string& next_cursor) {
  std::string next = path + "?cursor=" + next_cursor;
  for (const auto& [k, v] : ex.req.params) {
    if (k != "cursor") next += "&" + k + "=" + httplib::detail::encode_query_param(v);
  }
  ex.res.set_header("Link", "<" + next + ">; rel=\"next\"");
}

}  // namespace overstap::http
