// THE route table: every endpoint of API v1, in one place.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "common/text.h"
#include "http/json_writer.h"
#include "http/server.h"
#include "match/profile.h"
#include "service/follow_service.h"
#include "service/match_service.h"
#include "service/register_service.h"
#include "service/round_service.h"

namespace overstap::http {
namespace {

using access::RequestContext;
using service::RegisterService;

constexpr int kDefaultPageSize = 25;
constexpr int kMaxPageSize = 100;

// ---- query parameters -----------------------------------------------------------------------

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

// Reads query parameters strictly: unknown keys, repeated keys and bad values are errors.
class Query {
 public:
  Query(const Exchange& ex, const std::vector<std::string>& allowed) : ex_(ex) {
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

  std::string Str(const char* key) const {
    return ex_.req.has_param(key) ? ex_.req.get_param_value(key) : std::string();
  }

  int Int(const char* key, int fallback, int lo, int hi) {
    if (!ex_.req.has_param(key)) return fallback;
    std::string s = ex_.req.get_param_value(key);
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) {
      Add(key, "buitenBereik",
          "'" + std::string(key) + "' moet een geheel getal van " + std::to_string(lo) + " tot en met " +
              std::to_string(hi) + " zijn.",
          "'" + std::string(key) + "' must be an integer from " + std::to_string(lo) + " to " +
              std::to_string(hi) + ".");
      return fallback;
    }
    return v;
  }

  template <typename E>
  std::optional<E> Enum(const char* key, const std::vector<std::string_view>& names) {
    std::string s = Str(key);
    if (s.empty()) return std::nullopt;
    auto e = domain::ParseEnum<E>(s, names);
    if (!e) {
      std::string allowed;
      for (auto n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
      Add(key, "onbekendeWaarde", "'" + std::string(key) + "' moet een van deze zijn: " + allowed + ".",
          "'" + std::string(key) + "' must be one of: " + allowed + ".");
    }
    return e;
  }

  // A reference code filter (regio, gemeente, sector) that must exist.
  std::string Code(const char* key, bool exists) {
    std::string s = Str(key);
    if (!s.empty() && !exists) {
      Add(key, "onbekendeWaarde", "'" + std::string(key) + "' = '" + s.substr(0, 32) + "' bestaat niet.",
          "'" + std::string(key) + "' = '" + s.substr(0, 32) + "' does not exist.");
    }
    return s;
  }

  // An id filter (organisatie, deelnemer) that must be a UUID.
  std::string Id(const char* key) {
    std::string s = Str(key);
    if (!s.empty() && !IsUuid(s)) {
      Add(key, "ongeldigId", "'" + std::string(key) + "' moet een id (UUID) zijn.",
          "'" + std::string(key) + "' must be an id (UUID).");
    }
    return s;
  }

  store::PageRequest Page(std::initializer_list<std::pair<const char*, store::SortField>> sorts) {
    store::PageRequest page;
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

  void Add(std::string name, std::string code, std::string nl, std::string en) {
    violations_.push_back({std::move(name), std::move(code), std::move(nl), std::move(en)});
  }

  // Replies 400 and returns false when any parameter was bad.
  bool Ok(Exchange& ex) {
    if (violations_.empty()) return true;
    ex.Problem(InvalidArgument("Een of meer queryparameters zijn ongeldig.",
                               "One or more query parameters are invalid.", violations_));
    return false;
  }

 private:
  const Exchange& ex_;
  std::vector<FieldViolation> violations_;
};

// ---- ETag / If-Match --------------------------------------------------------------------------

std::string ETag(int64_t version) { return "\"" + std::to_string(version) + "\""; }

// The version named by If-Match; replies 428/400 and returns nullopt when absent or malformed.
std::optional<int64_t> RequireIfMatch(Exchange& ex) {
  if (!ex.req.has_header("If-Match")) {
    ex.Problem(428,
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
    ex.Problem(412, "Een zwakke ETag (W/...) past nooit bij If-Match; stuur de ETag zoals ontvangen.",
               "A weak ETag never matches If-Match; send the ETag as received.",
               {{"If-Match", "zwakkeETag", "Zwakke ETag.", "Weak ETag."}});
    return std::nullopt;
  }
  int64_t version = 0;
  if (v.size() >= 3 && v.front() == '"' && v.back() == '"') {
    auto [p, ec] = std::from_chars(v.data() + 1, v.data() + v.size() - 1, version);
    if (ec == std::errc() && p == v.data() + v.size() - 1 && version >= 1) return version;
  }
  ex.Problem(400, "De header If-Match moet een ETag zijn zoals \"3\".",
             "If-Match must be an ETag such as \"3\".",
             {{"If-Match", "ongeldig", "Ongeldige ETag.", "Malformed ETag."}});
  return std::nullopt;
}

// Routes that take no query parameters refuse any.
bool NoQuery(Exchange& ex) {
  Query q(ex, {});
  return q.Ok(ex);
}

bool ValidId(Exchange& ex, const std::string& id) {
  if (IsUuid(id)) return true;
  ex.Problem(404, "Er bestaat niets met dit id.", "Nothing has this id.");
  return false;
}

// ---- the three register resources, one template ---------------------------------------------

template <typename T, typename Filter>
struct Resource {
  std::string path;  // "/api/v1/deelnemers"
  std::function<Result<T>(const Json&)> decode;
  std::function<Result<T>(const RequestContext&, T)> create;
  std::function<Result<T>(const RequestContext&, const std::string&)> get;
  std::function<Result<T>(const RequestContext&, T)> replace;
  std::function<Status(const RequestContext&, const std::string&, int64_t)> remove;
  std::function<Result<store::Page<T>>(const RequestContext&, const Filter&, const store::PageRequest&)> list;
  // Reads the filter and page from the query; may add violations to `q`.
  std::function<std::pair<Filter, store::PageRequest>(Query&)> read_query;
  std::vector<std::string> query_keys;
};

// A record's JSON text: written directly for people (the most read resource), through the
// document for the rest; the same text either way.
template <typename T>
void AppendRecord(const T& record, std::string* out) {
  out->append(Encode(record).dump(-1, ' ', false, Json::error_handler_t::replace));
}
void AppendRecord(const domain::Person& person, std::string* out) { AppendJson(person, out); }

template <typename T>
void ReplyRecord(Exchange& ex, int status, const T& record) {
  ex.res.set_header("ETag", ETag(record.version));
  std::string body;
  AppendRecord(record, &body);
  ex.ReplyJson(status, std::move(body));
}

// A page of a collection: {"resultaten": [...], "volgende": cursor | null} plus a Link header
// to the next page with the same query.
template <typename T>
void ReplyList(Exchange& ex, const std::string& path, const store::Page<T>& page) {
  // {"resultaten": [...], "volgende": ...}: the members in the order Encode's documents have.
  std::string body = "{\"resultaten\":[";
  for (size_t i = 0; i < page.items.size(); ++i) {
    if (i > 0) body.push_back(',');
    AppendRecord(page.items[i], &body);
  }
  body.append("],\"volgende\":");
  if (page.next_cursor.empty()) {
    body.append("null");
  } else {
    JsonWriter(&body).String(page.next_cursor);
  }
  body.push_back('}');
  if (!page.next_cursor.empty()) {
    std::string next = path + "?cursor=" + page.next_cursor;
    for (const auto& [k, v] : ex.req.params) {
      if (k != "cursor") next += "&" + k + "=" + httplib::detail::encode_query_param(v);
    }
    ex.res.set_header("Link", "<" + next + ">; rel=\"next\"");
  }
  ex.ReplyJson(200, std::move(body));
}

template <typename T, typename Filter>
void AddResource(std::vector<ApiRoute>* routes, Resource<T, Filter> r) {
  auto res = std::make_shared<Resource<T, Filter>>(std::move(r));
  const std::string item = res->path + "/{id}";

  routes->push_back({"GET", res->path, [res](Exchange& ex) {
    Query q(ex, res->query_keys);
    auto [filter, page] = res->read_query(q);
    if (!q.Ok(ex)) return;
    auto result = res->list(ex.ctx, filter, page);
    if (!result.ok()) return ex.Problem(result.status());
    ReplyList(ex, res->path, *result);
  }});

  routes->push_back({"POST", res->path, [res](Exchange& ex) {
    if (!NoQuery(ex)) return;
    auto decoded = res->decode(ex.body);
    if (!decoded.ok()) return ex.Problem(decoded.status());
    auto created = res->create(ex.ctx, std::move(decoded).value());
    if (!created.ok()) return ex.Problem(created.status());
    ex.res.set_header("Location", res->path + "/" + created->id);
    ReplyRecord(ex, 201, *created);
  }});

  routes->push_back({"GET", item, [res](Exchange& ex) {
    if (!NoQuery(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto found = res->get(ex.ctx, id);
    if (!found.ok()) return ex.Problem(found.status());
    ReplyRecord(ex, 200, *found);
  }});

  auto write = [res](Exchange& ex, bool patch) {
    if (!NoQuery(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto version = RequireIfMatch(ex);
    if (!version) return;
    Json doc = ex.body;
    if (patch) {
      auto current = res->get(ex.ctx, id);
      if (!current.ok()) return ex.Problem(current.status());
      if (!ex.body.is_object()) {
        return ex.Problem(400, "Een merge patch moet een JSON-object zijn.",
                          "A merge patch must be a JSON object.");
      }
      doc = Encode(*current);
      // Derived fields follow what they derive from: a new postcode brings its own gemeente,
      // a new gemeente its own regio, unless the patch names them too.
      if (ex.body.contains("postcode") && !ex.body.contains("gemeente")) doc.erase("gemeente");
      if (ex.body.contains("gemeente") && !ex.body.contains("regio")) doc.erase("regio");
      doc.merge_patch(ex.body);
    }
    auto decoded = res->decode(doc);
    if (!decoded.ok()) return ex.Problem(decoded.status());
    T record = std::move(decoded).value();
    record.id = id;
    record.version = *version;
    auto updated = res->replace(ex.ctx, std::move(record));
    if (!updated.ok()) return ex.Problem(updated.status());
    ReplyRecord(ex, 200, *updated);
  };
  routes->push_back({"PUT", item, [write](Exchange& ex) { write(ex, false); }});
  routes->push_back({"PATCH", item, [write](Exchange& ex) { write(ex, true); }});

  routes->push_back({"DELETE", item, [res](Exchange& ex) {
    if (!NoQuery(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto version = RequireIfMatch(ex);
    if (!version) return;
    Status st = res->remove(ex.ctx, id, *version);
    if (!st.ok()) return ex.Problem(st);
    ex.res.status = 204;
  }});
}

// ---- reference data ---------------------------------------------------------------------------

// A prefix search: `zoek` (required) and `aantal`; `find` gives the encoded hits.
void Search(Exchange& ex, const std::function<Json(const std::string&, int)>& find) {
  Query q(ex, {"zoek", "aantal"});
  std::string zoek = q.Str("zoek");
  int n = q.Int("aantal", 20, 1, 100);
  if (Trim(zoek).empty()) {
    q.Add("zoek", "verplicht", "'zoek' is verplicht: het begin van een woord uit de naam.",
          "'zoek' is required: the start of a word of the name.");
  }
  if (!q.Ok(ex)) return;
  ex.Reply(200, {{"resultaten", find(zoek, n)}});
}

void AddReference(std::vector<ApiRoute>* routes, RegisterService* reg) {
  routes->push_back({"GET", "/api/v1/regios", [reg](Exchange& ex) {
    Query q(ex, {});
    if (!q.Ok(ex)) return;
    Json items = Json::array();
    for (const auto& r : reg->catalog().data().regions) items.push_back(Encode(r));
    ex.Reply(200, {{"resultaten", items}});
  }});
  routes->push_back({"GET", "/api/v1/regios/{code}", [reg](Exchange& ex) {
    Query q(ex, {});
    if (!q.Ok(ex)) return;
    const auto* r = reg->catalog().FindRegion(ex.params.Get("code"));
    if (!r) return ex.Problem(404, "Regio niet gevonden.", "Region not found.");
    Json j = Encode(*r);
    Json gemeenten = Json::array();
    for (const auto* m : reg->catalog().MunicipalitiesOf(r->code)) gemeenten.push_back(Encode(*m));
    j["gemeenten"] = gemeenten;
    ex.Reply(200, j);
  }});
  routes->push_back({"GET", "/api/v1/gemeenten", [reg](Exchange& ex) {
    Query q(ex, {"regio"});
    std::string regio = q.Code("regio", reg->catalog().FindRegion(q.Str("regio")) != nullptr);
    if (!q.Ok(ex)) return;
    Json items = Json::array();
    for (const auto& m : reg->catalog().data().municipalities) {
      if (regio.empty() || m.region == regio) items.push_back(Encode(m));
    }
    ex.Reply(200, {{"resultaten", items}});
  }});
  routes->push_back({"GET", "/api/v1/gemeenten/{code}", [reg](Exchange& ex) {
    Query q(ex, {});
    if (!q.Ok(ex)) return;
    const auto* m = reg->catalog().FindMunicipality(ex.params.Get("code"));
    if (!m) return ex.Problem(404, "Gemeente niet gevonden.", "Municipality not found.");
    Json j = Encode(*m);
    Json postcodes = Json::array();
    for (const auto* p : reg->catalog().Pc4sOf(m->code)) postcodes.push_back(p->code);
    j["postcodes"] = postcodes;
    ex.Reply(200, j);
  }});
  routes->push_back({"GET", "/api/v1/sectoren", [reg](Exchange& ex) {
    Query q(ex, {});
    if (!q.Ok(ex)) return;
    Json items = Json::array();
    for (const auto& s : reg->catalog().data().sectors) items.push_back(Encode(s));
    ex.Reply(200, {{"resultaten", items}});
  }});
  routes->push_back({"GET", "/api/v1/vaardigheden", [reg](Exchange& ex) {
    Search(ex, [reg](const std::string& zoek, int n) {
      Json items = Json::array();
      for (const auto* s : reg->catalog().SearchSkills(zoek, n)) items.push_back(Encode(*s));
      return items;
    });
  }});
  routes->push_back({"GET", "/api/v1/vaardigheden/{id}", [reg](Exchange& ex) {
    Query q(ex, {});
    if (!q.Ok(ex)) return;
    const auto* s = reg->catalog().FindSkill(ex.params.Get("id"));
    if (!s) return ex.Problem(404, "Vaardigheid niet gevonden.", "Skill not found.");
    ex.Reply(200, Encode(*s));
  }});
  routes->push_back({"GET", "/api/v1/beroepen", [reg](Exchange& ex) {
    Search(ex, [reg](const std::string& zoek, int n) {
      Json items = Json::array();
      for (const auto* o : reg->catalog().SearchOccupations(zoek, n)) items.push_back(Encode(*o));
      return items;
    });
  }});
  routes->push_back({"GET", "/api/v1/beroepen/{id}", [reg](Exchange& ex) {
    Query q(ex, {});
    if (!q.Ok(ex)) return;
    const auto& cat = reg->catalog();
    const auto* o = cat.FindOccupation(ex.params.Get("id"));
    if (!o) return ex.Problem(404, "Beroep niet gevonden.", "Occupation not found.");
    Json j = Encode(*o);
    Json essential = Json::array(), optional = Json::array();
    for (const auto* rel : cat.SkillsOf(o->id)) {
      const auto* s = cat.FindSkill(rel->skill);
      if (s) (rel->essential ? essential : optional).push_back(Encode(*s));
    }
    j["essentieleVaardigheden"] = essential;
    j["optioneleVaardigheden"] = optional;
    ex.Reply(200, j);
  }});
}

// ---- matching ------------------------------------------------------------------------------------

Json EncodeExplanation(const match::Explanation& e, Json j) {
  j["score"] = std::round(e.score * 10000) / 10000;
  Json fits = Json::array(), missing = Json::array();
  for (const auto& r : e.fits) {
    fits.push_back({{"code", r.code}, {"tekst", r.text}, {"gewicht", std::round(r.weight * 10000) / 10000}});
  }
  for (const auto& r : e.missing) missing.push_back({{"code", r.code}, {"tekst", r.text}});
  j["redenen"] = fits;
  j["ontbreekt"] = missing;
  return j;
}

void AddMatching(std::vector<ApiRoute>* routes, service::MatchService* match, RegisterService* reg) {
  routes->push_back({"GET", "/api/v1/deelnemers/{id}/passende-plekken", [match, reg](Exchange& ex) {
    Query q(ex, {"aantal", "soort", "sector"});
    match::PlaceQuery query;
    query.k = static_cast<size_t>(q.Int("aantal", 10, 1, 50));
    if (auto kind = q.Enum<domain::PlaceKind>("soort", domain::PlaceKindNames())) {
      query.kind_mask = 1u << static_cast<int>(*kind);
    }
    std::string sector = q.Code("sector", reg->catalog().FindSector(q.Str("sector")) != nullptr);
    if (!sector.empty()) query.sector = static_cast<int>(match::SectorBit(sector));
    if (!q.Ok(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto result = match->PlacesFor(ex.ctx, id, query);
    if (!result.ok()) return ex.Problem(result.status());
    Json items = Json::array();
    for (const auto& m : *result) items.push_back(EncodeExplanation(m.explanation, {{"plek", Encode(m.place)}}));
    ex.Reply(200, {{"resultaten", items}});
  }});
  routes->push_back({"GET", "/api/v1/plekken/{id}/kandidaten", [match](Exchange& ex) {
    Query q(ex, {"aantal"});
    size_t k = static_cast<size_t>(q.Int("aantal", 10, 1, 50));
    if (!q.Ok(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto result = match->CandidatesFor(ex.ctx, id, k);
    if (!result.ok()) return ex.Problem(result.status());
    Json items = Json::array();
    for (const auto& c : *result) {
      Json person = {{"id", c.person_id},
                     {"leeftijd", c.age},
                     {"gemeente", c.municipality},
                     {"regio", c.region},
                     {"niveau", std::string(domain::Name(c.level))},
                     {"situatie", std::string(domain::Name(c.situation))}};
      items.push_back(EncodeExplanation(c.explanation, {{"deelnemer", person}}));
    }
    ex.Reply(200, {{"resultaten", items}});
  }});
}

void AddRounds(std::vector<ApiRoute>* routes, service::RoundService* rounds) {
  const std::string path = "/api/v1/matchrondes";
  routes->push_back({"POST", path, [rounds, path](Exchange& ex) {
    if (!NoQuery(ex)) return;
    auto decoded = DecodeRoundRequest(ex.body);
    if (!decoded.ok()) return ex.Problem(decoded.status());
    service::RoundRequest request{decoded->mode, decoded->regions, decoded->kinds, decoded->seed};
    auto round = rounds->Submit(ex.ctx, request);
    if (!round.ok()) return ex.Problem(round.status());
    ex.res.set_header("Location", path + "/" + round->id);
    ex.Reply(202, Encode(*round));
  }});
  routes->push_back({"GET", path, [rounds, path](Exchange& ex) {
    Query q(ex, {"aantal", "cursor"});
    store::PageRequest page = q.Page({});
    if (!q.Ok(ex)) return;
    auto result = rounds->List(ex.ctx, page);
    if (!result.ok()) return ex.Problem(result.status());
    ReplyList(ex, path, *result);
  }});
  routes->push_back({"GET", path + "/{id}", [rounds](Exchange& ex) {
    if (!NoQuery(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto round = rounds->Get(ex.ctx, id);
    if (!round.ok()) return ex.Problem(round.status());
    ex.Reply(200, Encode(*round));
  }});
  routes->push_back({"GET", path + "/{id}/uitkomsten", [rounds, path](Exchange& ex) {
    Query q(ex, {"aantal", "cursor", "geplaatst"});
    store::PageRequest page = q.Page({});
    std::optional<bool> placed;
    if (std::string p = q.Str("geplaatst"); !p.empty()) {
      if (p == "true" || p == "false") {
        placed = p == "true";
      } else {
        q.Add("geplaatst", "onbekendeWaarde", "'geplaatst' moet true of false zijn.", "'geplaatst' must be true or false.");
      }
    }
    if (!q.Ok(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto result = rounds->Outcomes(ex.ctx, id, placed, page);
    if (!result.ok()) return ex.Problem(result.status());
    ReplyList(ex, path + "/" + id + "/uitkomsten", *result);
  }});
}

// ---- keep in view ------------------------------------------------------------------------------

// The same status with each violation's field renamed (a body whose names differ from the
// record's).
Status RenameFields(const Status& st, std::string (*rename)(const std::string&)) {
  std::vector<FieldViolation> violations = st.violations();
  for (auto& v : violations) v.field = rename(v.field);
  return Status(st.code(), st.message_nl(), st.message_en(), std::move(violations));
}

// GET <collection>/{id} for a record without a version.
template <typename T>
void ReplyOne(Exchange& ex, const std::function<Result<T>(const std::string&)>& get) {
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  auto found = get(id);
  if (!found.ok()) return ex.Problem(found.status());
  ex.Reply(200, Encode(*found));
}

// The timeline, the big-5 plan, signals, tasks and handovers. `follow` may be null (the route
// table alone, or a server without the service): the routes exist and answer 503.
void AddFollow(std::vector<ApiRoute>* routes, service::FollowService* follow,
               RegisterService* reg) {
  using service::FollowService;
  auto route = [&](const char* method, const std::string& pattern,
                   std::function<void(Exchange&, FollowService&)> fn) {
    routes->push_back({method, pattern, [follow, fn = std::move(fn)](Exchange& ex) {
      if (!follow) return ex.Problem(Unavailable("The keep-in-view service is not running."));
      fn(ex, *follow);
    }});
  };
  // An action whose body is only an optional note: POST without a body is fine.
  auto action = [&](const std::string& pattern, std::function<void(Exchange&, FollowService&)> fn) {
    route("POST", pattern, std::move(fn));
    routes->back().body_optional = true;
  };
  auto region_ok = [reg](const std::string& c) {
    return reg != nullptr && reg->catalog().FindRegion(c) != nullptr;
  };

  const std::string people = "/api/v1/deelnemers";
  route("GET", people + "/{id}/tijdlijn", [people](Exchange& ex, FollowService& f) {
    Query q(ex, {"aantal", "cursor"});
    store::PageRequest page = q.Page({});
    if (!q.Ok(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto result = f.Timeline(ex.ctx, id, page);
    if (!result.ok()) return ex.Problem(result.status());
    ReplyList(ex, people + "/" + id + "/tijdlijn", *result);
  });
  route("POST", people + "/{id}/gebeurtenissen", [people](Exchange& ex, FollowService& f) {
    if (!NoQuery(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto decoded = DecodeEvent(ex.body);
    if (!decoded.ok()) return ex.Problem(decoded.status());
    domain::Event event = std::move(decoded).value();
    event.person = id;
    auto added = f.AddEvent(ex.ctx, std::move(event));
    if (!added.ok()) return ex.Problem(added.status());
    // An event has no URL of its own; it is on the timeline.
    ex.res.set_header("Location", people + "/" + id + "/tijdlijn");
    ex.Reply(201, Encode(*added));
  });
  route("POST", "/api/v1/gebeurtenissen", [](Exchange& ex, FollowService& f) {
    if (!NoQuery(ex)) return;
    constexpr size_t kMaxEvents = 10000;
    std::vector<FieldViolation> v;
    const Json& body = ex.body;
    if (!body.is_object() || !body.contains("gebeurtenissen") ||
        !body["gebeurtenissen"].is_array() || body["gebeurtenissen"].empty() ||
        body["gebeurtenissen"].size() > kMaxEvents || body.size() != 1) {
      return ex.Problem(InvalidArgument(
          "Verwacht een object met alleen `gebeurtenissen`: een lijst van 1 tot 10.000.",
          "Expected an object with only `gebeurtenissen`: a list of 1 to 10,000.",
          {{"gebeurtenissen", "verkeerdeLijst", "Een lijst van 1 tot 10.000 gebeurtenissen.",
            "A list of 1 to 10,000 events."}}));
    }
    std::vector<domain::Event> events;
    const Json& list = body["gebeurtenissen"];
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string item = "gebeurtenissen[" + std::to_string(i) + "]";
      if (!list[i].is_object()) {
        return ex.Problem(InvalidArgument(
            "Elke gebeurtenis is een object.", "Every event is an object.",
            {{item, "verkeerdType", "Verwacht een object.", "Expected an object."}}));
      }
      auto decoded = DecodeEvent(list[i]);
      if (!decoded.ok()) return ex.Problem(PrefixFields(decoded.status(), item + "."));
      const auto person = list[i].find("deelnemer");
      if (person == list[i].end() || !person->is_string() || !IsUuid(person->get<std::string>())) {
        return ex.Problem(InvalidArgument(
            "Elke gebeurtenis noemt de deelnemer (een uuid).", "Every event names its person (a uuid).",
            {{item + ".deelnemer", "verplicht", "Verplicht: het id van de deelnemer.",
              "Required: the person's id."}}));
      }
      events.push_back(std::move(decoded).value());
      events.back().person = person->get<std::string>();
    }
    auto added = f.AddEvents(ex.ctx, std::move(events));
    if (!added.ok()) return ex.Problem(PrefixFields(added.status(), "gebeurtenissen"));
    std::string out;
    JsonWriter(&out).BeginObject().Key("aantal").Int(*added).EndObject();
    ex.ReplyJson(202, std::move(out));
  });
  route("GET", people + "/{id}/volgstand", [](Exchange& ex, FollowService& f) {
    if (!NoQuery(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto state = f.State(ex.ctx, id);
    if (!state.ok()) return ex.Problem(state.status());
    ex.Reply(200, Encode(*state));
  });
  route("PUT", people + "/{id}/big5/{domein}", [](Exchange& ex, FollowService& f) {
    if (!NoQuery(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    const std::string& name = ex.params.Get("domein");
    auto which = domain::ParseEnum<domain::Big5Domain>(name, domain::Big5DomainNames());
    if (!which) {
      std::string allowed;
      for (auto n : domain::Big5DomainNames()) {
        allowed += (allowed.empty() ? "" : ", ") + std::string(n);
      }
      return ex.Problem(404, "Dit big-5-domein bestaat niet.", "This big-5 domain does not exist.",
                        {{"domein", "onbekendeWaarde",
                          "'domein' moet een van deze zijn: " + allowed + ".",
                          "'domein' must be one of: " + allowed + "."}});
    }
    auto decoded = DecodeBig5Plan(ex.body);
    if (!decoded.ok()) return ex.Problem(decoded.status());
    domain::Event event = std::move(decoded).value();
    event.person = id;
    event.domain = *which;
    event.fact_micros = ex.ctx.now_micros;
    auto added = f.AddEvent(ex.ctx, std::move(event));
    if (!added.ok()) return ex.Problem(RenameFields(added.status(), Big5FieldName));
    auto state = f.State(ex.ctx, id);
    if (!state.ok()) return ex.Problem(state.status());
    ex.Reply(200, Encode(*state));
  });

  const std::string signals = "/api/v1/signalen";
  route("GET", signals, [signals, region_ok](Exchange& ex, FollowService& f) {
    Query q(ex, {"regio", "soort", "status", "deelnemer", "aantal", "cursor"});
    store::SignalFilter filter;
    filter.region = q.Code("regio", region_ok(q.Str("regio")));
    filter.kind = q.Enum<domain::SignalKind>("soort", domain::SignalKindNames());
    filter.status = q.Enum<domain::SignalStatus>("status", domain::SignalStatusNames());
    filter.person = q.Id("deelnemer");
    store::PageRequest page = q.Page({});
    if (!q.Ok(ex)) return;
    auto result = f.ListSignals(ex.ctx, filter, page);
    if (!result.ok()) return ex.Problem(result.status());
    ReplyList(ex, signals, *result);
  });
  route("GET", signals + "/{id}", [](Exchange& ex, FollowService& f) {
    ReplyOne<domain::Signal>(ex, [&](const std::string& id) { return f.GetSignal(ex.ctx, id); });
  });

  const std::string tasks = "/api/v1/taken";
  route("GET", tasks, [tasks, region_ok](Exchange& ex, FollowService& f) {
    Query q(ex, {"organisatie", "regio", "status", "deelnemer", "aantal", "cursor"});
    store::TaskFilter filter;
    filter.organisation = q.Id("organisatie");
    filter.region = q.Code("regio", region_ok(q.Str("regio")));
    filter.status = q.Enum<domain::TaskStatus>("status", domain::TaskStatusNames());
    filter.person = q.Id("deelnemer");
    store::PageRequest page = q.Page({});
    if (!q.Ok(ex)) return;
    auto result = f.ListTasks(ex.ctx, filter, page);
    if (!result.ok()) return ex.Problem(result.status());
    ReplyList(ex, tasks, *result);
  });
  route("GET", tasks + "/{id}", [](Exchange& ex, FollowService& f) {
    ReplyOne<domain::Task>(ex, [&](const std::string& id) { return f.GetTask(ex.ctx, id); });
  });
  action(tasks + "/{id}/afronden", [](Exchange& ex, FollowService& f) {
    if (!NoQuery(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto note = DecodeNote(ex.body);
    if (!note.ok()) return ex.Problem(note.status());
    auto done = f.CompleteTask(ex.ctx, id, *note);
    if (!done.ok()) return ex.Problem(done.status());
    ex.Reply(200, Encode(*done));
  });
  route("POST", tasks + "/{id}/toewijzen", [](Exchange& ex, FollowService& f) {
    if (!NoQuery(ex)) return;
    const std::string& id = ex.params.Get("id");
    if (!ValidId(ex, id)) return;
    auto professional = DecodeAssignment(ex.body);
    if (!professional.ok()) return ex.Problem(professional.status());
    auto assigned = f.AssignTask(ex.ctx, id, *professional);
    if (!assigned.ok()) return ex.Problem(assigned.status());
    ex.Reply(200, Encode(*assigned));
  });

  const std::string handovers = "/api/v1/overdrachten";
  route("POST", handovers, [handovers](Exchange& ex, FollowService& f) {
    if (!NoQuery(ex)) return;
    auto decoded = DecodeHandoverOffer(ex.body);
    if (!decoded.ok()) return ex.Problem(decoded.status());
    const std::string person = decoded->person;
    auto offered = f.OfferHandover(ex.ctx, std::move(decoded).value());
    if (offered.status().IsNotFound()) {
      // The only thing this URL can miss is the person the body names.
      return ex.Problem(Unprocessable(
          "Er bestaat geen deelnemer met dit id.", "No person has this id.",
          {{"deelnemer", "onbekendeDeelnemer", "Deelnemer '" + person + "' bestaat niet.",
            "Person '" + person + "' does not exist."}}));
    }
    if (!offered.ok()) return ex.Problem(offered.status());
    ex.res.set_header("Location", handovers + "/" + offered->id);
    ex.Reply(201, Encode(*offered));
  });
  route("GET", handovers, [handovers](Exchange& ex, FollowService& f) {
    Query q(ex, {"organisatie", "status", "deelnemer", "aantal", "cursor"});
    store::HandoverFilter filter;
    filter.organisation = q.Id("organisatie");
    filter.status = q.Enum<domain::HandoverStatus>("status", domain::HandoverStatusNames());
    filter.person = q.Id("deelnemer");
    store::PageRequest page = q.Page({});
    if (!q.Ok(ex)) return;
    auto result = f.ListHandovers(ex.ctx, filter, page);
    if (!result.ok()) return ex.Problem(result.status());
    ReplyList(ex, handovers, *result);
  });
  route("GET", handovers + "/{id}", [](Exchange& ex, FollowService& f) {
    ReplyOne<domain::Handover>(ex,
                               [&](const std::string& id) { return f.GetHandover(ex.ctx, id); });
  });
  for (bool accept : {true, false}) {
    action(handovers + "/{id}/" + (accept ? "accepteren" : "weigeren"),
           [accept](Exchange& ex, FollowService& f) {
             if (!NoQuery(ex)) return;
             const std::string& id = ex.params.Get("id");
             if (!ValidId(ex, id)) return;
             auto note = DecodeNote(ex.body);
             if (!note.ok()) return ex.Problem(note.status());
             auto answered = f.AnswerHandover(ex.ctx, id, accept, *note);
             if (!answered.ok()) return ex.Problem(answered.status());
             ex.Reply(200, Encode(*answered));
           });
  }
}

}  // namespace

std::vector<ApiRoute> BuildRoutes(const Services& services) {
  RegisterService* reg = services.reg;
  std::vector<ApiRoute> routes;
  routes.push_back({"GET", "/api/v1/openapi.json", [](Exchange& ex) {
    if (!NoQuery(ex)) return;
    ex.res.status = 200;
    ex.res.set_content(OpenApiDocument().dump(2), "application/json");
  }});
  AddReference(&routes, reg);

  auto region_ok = [reg](const std::string& c) { return reg->catalog().FindRegion(c) != nullptr; };
  auto municipality_ok = [reg](const std::string& c) {
    return reg->catalog().FindMunicipality(c) != nullptr;
  };
  auto sector_ok = [reg](const std::string& c) { return reg->catalog().FindSector(c) != nullptr; };

  AddResource<domain::Organisation, store::OrganisationFilter>(&routes, {
      "/api/v1/organisaties",
      DecodeOrganisation,
      [reg](const RequestContext& c, domain::Organisation o) { return reg->CreateOrganisation(c, std::move(o)); },
      [reg](const RequestContext& c, const std::string& id) { return reg->GetOrganisation(c, id); },
      [reg](const RequestContext& c, domain::Organisation o) { return reg->ReplaceOrganisation(c, std::move(o)); },
      [reg](const RequestContext& c, const std::string& id, int64_t v) { return reg->DeleteOrganisation(c, id, v); },
      [reg](const RequestContext& c, const store::OrganisationFilter& f, const store::PageRequest& p) {
        return reg->ListOrganisations(c, f, p);
      },
      [=](Query& q) {
        store::OrganisationFilter f;
        f.region = q.Code("regio", region_ok(q.Str("regio")));
        f.municipality = q.Code("gemeente", municipality_ok(q.Str("gemeente")));
        f.kind = q.Enum<domain::OrganisationKind>("soort", domain::OrganisationKindNames());
        auto page = q.Page({{"aangemaakt", store::SortField::kCreated}, {"naam", store::SortField::kName}});
        return std::make_pair(f, page);
      },
      {"regio", "gemeente", "soort", "sorteer", "cursor", "aantal"}});

  AddResource<domain::Person, store::PersonFilter>(&routes, {
      "/api/v1/deelnemers",
      DecodePerson,
      [reg](const RequestContext& c, domain::Person p) { return reg->CreatePerson(c, std::move(p)); },
      [reg](const RequestContext& c, const std::string& id) { return reg->GetPerson(c, id); },
      [reg](const RequestContext& c, domain::Person p) { return reg->ReplacePerson(c, std::move(p)); },
      [reg](const RequestContext& c, const std::string& id, int64_t v) { return reg->DeletePerson(c, id, v); },
      [reg](const RequestContext& c, const store::PersonFilter& f, const store::PageRequest& p) {
        return reg->ListPeople(c, f, p);
      },
      [=](Query& q) {
        store::PersonFilter f;
        f.region = q.Code("regio", region_ok(q.Str("regio")));
        f.municipality = q.Code("gemeente", municipality_ok(q.Str("gemeente")));
        f.sector = q.Code("sector", sector_ok(q.Str("sector")));
        f.situation = q.Enum<domain::Situation>("situatie", domain::SituationNames());
        f.level = q.Enum<domain::Level>("niveau", domain::LevelNames());
        auto page = q.Page({{"aangemaakt", store::SortField::kCreated},
                            {"achternaam", store::SortField::kName},
                            {"geboortedatum", store::SortField::kBirthDate}});
        return std::make_pair(f, page);
      },
      {"regio", "gemeente", "sector", "situatie", "niveau", "sorteer", "cursor", "aantal"}});

  AddResource<domain::Place, store::PlaceFilter>(&routes, {
      "/api/v1/plekken",
      DecodePlace,
      [reg](const RequestContext& c, domain::Place p) { return reg->CreatePlace(c, std::move(p)); },
      [reg](const RequestContext& c, const std::string& id) { return reg->GetPlace(c, id); },
      [reg](const RequestContext& c, domain::Place p) { return reg->ReplacePlace(c, std::move(p)); },
      [reg](const RequestContext& c, const std::string& id, int64_t v) { return reg->DeletePlace(c, id, v); },
      [reg](const RequestContext& c, const store::PlaceFilter& f, const store::PageRequest& p) {
        return reg->ListPlaces(c, f, p);
      },
      [=](Query& q) {
        store::PlaceFilter f;
        f.region = q.Code("regio", region_ok(q.Str("regio")));
        f.municipality = q.Code("gemeente", municipality_ok(q.Str("gemeente")));
        f.sector = q.Code("sector", sector_ok(q.Str("sector")));
        f.organisation = q.Id("organisatie");
        f.kind = q.Enum<domain::PlaceKind>("soort", domain::PlaceKindNames());
        f.minimum_level = q.Enum<domain::Level>("niveau", domain::LevelNames());
        auto page = q.Page({{"aangemaakt", store::SortField::kCreated},
                            {"titel", store::SortField::kName},
                            {"capaciteit", store::SortField::kCapacity}});
        return std::make_pair(f, page);
      },
      {"regio", "gemeente", "sector", "soort", "niveau", "organisatie", "sorteer", "cursor", "aantal"}});
  AddMatching(&routes, services.match, reg);
  AddRounds(&routes, services.rounds);
  AddFollow(&routes, services.follow, reg);
  return routes;
}

}  // namespace overstap::http
