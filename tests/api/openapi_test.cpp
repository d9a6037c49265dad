// Keeps the OpenAPI document (src/http/openapi.json) honest: it names exactly the routes of
// routes.cpp (both ways), its version is the API's, its operationIds are unique, every query
// parameter it documents is one the running server accepts, with the values and bounds it
// documents, every enumeration is a domain name table and every limit a domain constant, and
// the server serves the file as it is. tests/api/validate_responses.py checks the responses.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/enums.h"
#include "domain/explanation.h"
#include "domain/follow.h"
#include "domain/reference.h"
#include "domain/types.h"
#include "http/problem.h"
#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Json = nlohmann::json;

const std::set<std::string> kMethods = {"get",   "put",  "post",    "delete",
                                        "patch", "head", "options", "trace"};

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The path every server url of the document ends in ("/api/v1"); the document's paths are
// relative to it.
std::string BasePath(const Json& doc) {
  std::string base;
  for (const auto& server : doc.at("servers")) {
    std::string url = server.at("url");
    size_t scheme = url.find("://");
    std::string path = scheme == std::string::npos ? url : url.substr(url.find('/', scheme + 3));
    if (base.empty()) base = path;
    EXPECT_EQ(path, base) << "all servers must share one base path; " << url;
  }
  return base;
}

// Follows a local "$ref" ("#/components/...").
const Json& Resolve(const Json& doc, const Json& node) {
  if (node.is_object() && node.contains("$ref")) {
    std::string ref = node["$ref"];
    return doc.at(Json::json_pointer(ref.substr(1)));
  }
  return node;
}

// "GET /api/v1/deelnemers/{id}" for each documented operation.
std::set<std::string> DocumentedOperations(const Json& doc) {
  std::string base = BasePath(doc);
  std::set<std::string> out;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, op] : item.items()) {
      if (kMethods.count(method)) out.insert(Upper(method) + " " + base + path);
    }
  }
  return out;
}

std::set<std::string> RoutedOperations() {
  std::set<std::string> out;
  for (const auto& r : http::BuildRoutes({})) out.insert(r.method + " " + r.pattern);
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += "\n  " + i;
  return s;
}

TEST(OpenApiTest, ServersCarryTheMajorVersionAndEveryRouteStartsWithIt) {
  const Json& doc = http::OpenApiDocument();
  ASSERT_FALSE(doc.at("servers").empty());
  std::string base = BasePath(doc);
  EXPECT_EQ(base, "/api/v1");
  for (const auto& r : http::BuildRoutes({})) {
    EXPECT_EQ(r.pattern.rfind(base + "/", 0), 0u) << r.pattern;
  }
}

TEST(OpenApiTest, EveryRouteIsDocumented) {
  std::set<std::string> documented = DocumentedOperations(http::OpenApiDocument());
  std::vector<std::string> missing;
  for (const auto& op : RoutedOperations()) {
    if (!documented.count(op)) missing.push_back(op);
  }
  EXPECT_TRUE(missing.empty()) << "routes in routes.cpp missing from the OpenAPI document:"
                               << Join(missing);
}

TEST(OpenApiTest, EveryDocumentedOperationIsRouted) {
  std::set<std::string> routed = RoutedOperations();
  std::vector<std::string> extra;
  for (const auto& op : DocumentedOperations(http::OpenApiDocument())) {
    if (!routed.count(op)) extra.push_back(op);
  }
  EXPECT_TRUE(extra.empty()) << "operations in the OpenAPI document that routes.cpp lacks:"
                             << Join(extra);
}

TEST(OpenApiTest, VersionIsTheApiVersion) {
  const Json& doc = http::OpenApiDocument();
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  EXPECT_EQ(doc.at("info").at("version"), http::kApiVersion);
}

TEST(OpenApiTest, OperationIdsArePresentAndUnique) {
  const Json& doc = http::OpenApiDocument();
  std::map<std::string, std::string> seen;  // operationId -> operation
  std::vector<std::string> problems;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, op] : item.items()) {
      if (!kMethods.count(method)) continue;
      std::string where = Upper(method) + " " + path;
      if (!op.contains("operationId") || !op["operationId"].is_string() ||
          op["operationId"].get<std::string>().empty()) {
        problems.push_back(where + ": no operationId");
        continue;
      }
      std::string id = op["operationId"];
      if (!std::islower(static_cast<unsigned char>(id[0]))) {
        problems.push_back(where + ": operationId '" + id + "' is not lowerCamelCase");
      }
      auto [it, fresh] = seen.emplace(id, where);
      if (!fresh) problems.push_back(where + ": operationId '" + id + "' also on " + it->second);
      for (const char* key : {"summary", "description", "tags"}) {
        if (!op.contains(key)) problems.push_back(where + ": no " + key);
      }
    }
  }
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

// Every documented response status of every operation: the 2xx ones declare API-Version and the
// 4xx/5xx ones are problem+json.
TEST(OpenApiTest, ResponsesDeclareVersionHeaderAndProblems) {
  const Json& doc = http::OpenApiDocument();
  std::vector<std::string> problems;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, op] : item.items()) {
      if (!kMethods.count(method)) continue;
      for (const auto& [status, ref] : op.at("responses").items()) {
        const Json& response = Resolve(doc, ref);
        std::string where = Upper(method) + " " + path + " " + status;
        if (!response.contains("headers") || !response["headers"].contains("API-Version")) {
          problems.push_back(where + ": no API-Version header");
        }
        if (status[0] == '4' || status[0] == '5') {
          if (!response.contains("content") ||
              !response["content"].contains("application/problem+json")) {
            problems.push_back(where + ": not application/problem+json");
          }
        }
      }
    }
  }
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

// A value the server should accept for a documented query parameter.
std::string PlausibleValue(const Json& doc, const Json& param) {
  const Json& schema = Resolve(doc, param.at("schema"));
  if (schema.contains("enum")) return schema["enum"][0];
  if (schema.contains("examples")) return schema["examples"][0];
  if (schema.value("format", "") == "uuid") return "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  if (schema.value("type", "") == "boolean") return "true";
  if (schema.value("type", "") == "integer") {
    if (schema.contains("default")) return std::to_string(schema["default"].get<int>());
    return std::to_string(schema.value("minimum", 1));
  }
  return "x";
}

// The parameters a documented query parameter needs beside it ("x-samenMet", say richting needs
// organisatie), with plausible values, as "&name=value...".
std::string Companions(const Json& doc, const std::vector<Json>& query, const Json& param) {
  std::string out;
  for (const auto& name : param.value("x-samenMet", Json::array())) {
    for (const auto& q : query) {
      if (q["name"] == name) {
        out += "&" + name.get<std::string>() + "=" +
               httplib::detail::encode_query_param(PlausibleValue(doc, q));
      }
    }
  }
  return out;
}

// The documented query parameters of each GET path without path parameters, by path.
std::vector<std::pair<std::string, std::vector<Json>>> GetQueryParameters(const Json& doc) {
  std::vector<std::pair<std::string, std::vector<Json>>> out;
  for (const auto& [path, item] : doc.at("paths").items()) {
    if (!item.contains("get") || path.find('{') != std::string::npos) continue;
    std::vector<Json> query;
    for (const auto& p : item["get"].value("parameters", Json::array())) {
      const Json& param = Resolve(doc, p);
      if (param.at("in") == "query") query.push_back(param);
    }
    out.emplace_back(path, std::move(query));
  }
  return out;
}

TEST(OpenApiTest, EveryDocumentedQueryParameterIsAccepted) {
  const Json& doc = http::OpenApiDocument();
  std::string base = BasePath(doc);
  TestServer server(FreshDatabase());
  auto client = server.Client();
  int checked = 0;
  for (const auto& [path, query] : GetQueryParameters(doc)) {
    // Required parameters go along with every request.
    std::string required;
    for (const auto& q : query) {
      if (q.value("required", false)) {
        required += "&" + q["name"].get<std::string>() + "=" +
                    httplib::detail::encode_query_param(PlausibleValue(doc, q));
      }
    }
    for (const auto& q : query) {
      std::string name = q["name"];
      std::string value = PlausibleValue(doc, q);
      std::string target =
          base + path + "?" + name + "=" + httplib::detail::encode_query_param(value);
      if (!q.value("required", false)) target += required;
      target += Companions(doc, query, q);
      auto res = client.Get(target.c_str());
      ASSERT_TRUE(res) << target;
      ++checked;
      EXPECT_NE(res->status, 500) << target << "\n" << res->body;
      if (res->status == 400) {
        Json body = Json::parse(res->body, nullptr, false);
        for (const auto& v : body.value("invalidParams", Json::array())) {
          EXPECT_NE(v.value("code", ""), "onbekendeParameter")
              << target << ": the server does not know documented parameter '" << name << "'\n"
              << res->body;
        }
      }
      // Every documented parameter has a plausible value except an opaque cursor.
      if (name != "cursor") {
        EXPECT_EQ(res->status, 200) << target << "\n" << res->body;
      }
    }
  }
  EXPECT_GT(checked, 20);
}

TEST(OpenApiTest, ServerServesTheSameDocument) {
  TestServer server(FreshDatabase());
  auto client = server.Client();
  auto res = client.Get("/api/v1/openapi.json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("API-Version"), http::kApiVersion);
  EXPECT_EQ(res->get_header_value("Content-Type").rfind("application/json", 0), 0u);
  Json served = Json::parse(res->body, nullptr, false);
  ASSERT_FALSE(served.is_discarded()) << "not JSON";
  EXPECT_EQ(served, http::OpenApiDocument());
}

TEST(OpenApiTest, TheFileIsWhatTheServerServes) {
  const std::string path = std::string(OVERSTAP_SOURCE_DIR) + "/src/http/openapi.json";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path;
  std::stringstream text;
  text << in.rdbuf();
  // The server and `overstap openapi` print the parsed document; the file is kept in that form
  // so that what is reviewed is what is served. To format it:
  //   /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); open(sys.argv[1],"w")
  //   .write(json.dumps(d, indent=2, sort_keys=True, ensure_ascii=False) + "\n")' <file>
  EXPECT_TRUE(text.str() == http::OpenApiDocument().dump(2) + "\n")
      << path << " is not in the form the server prints (2-space indent, sorted keys)";
}

std::vector<std::string> Strings(const std::vector<std::string_view>& names) {
  return {names.begin(), names.end()};
}

// Every "enum" and every limit (maxLength, maximum, ...) under components/schemas, by where.
struct SchemaFacts {
  std::map<std::string, std::vector<std::string>> enums;  // JSON pointer -> values
  // "Schema", "property" ("sectoren[]" for items, "x{}" for additionalProperties), keyword, value
  struct Limit {
    std::string schema, property, keyword;
    double value;
  };
  std::vector<Limit> limits;
};

void Collect(const Json& node, const std::string& schema, const std::string& property,
             const std::string& pointer, SchemaFacts* out) {
  if (!node.is_object()) return;
  static const std::set<std::string> kLimits = {"maxLength",        "minLength",       "maximum",
                                                "minimum",          "maxItems",        "minItems",
                                                "exclusiveMaximum", "exclusiveMinimum"};
  for (const auto& [key, value] : node.items()) {
    if (kLimits.count(key)) out->limits.push_back({schema, property, key, value.get<double>()});
    if (key == "enum") {
      std::vector<std::string> values;
      for (const auto& v : value) values.push_back(v.get<std::string>());
      out->enums[pointer + "/enum"] = values;
    }
    if (key == "properties") {
      for (const auto& [name, sub] : value.items()) {
        Collect(sub, schema, name, pointer + "/properties/" + name, out);
      }
    } else if (key == "items") {
      Collect(value, schema, property + "[]", pointer + "/items", out);
    } else if (key == "additionalProperties") {
      Collect(value, schema, property + "{}", pointer + "/additionalProperties", out);
    } else if (key == "anyOf" || key == "oneOf" || key == "allOf") {
      for (size_t i = 0; i < value.size(); ++i) {
        Collect(value[i], schema, property, pointer + "/" + key + "/" + std::to_string(i), out);
      }
    }
  }
}

SchemaFacts CollectSchemaFacts(const Json& doc) {
  SchemaFacts facts;
  for (const auto& [name, schema] : doc.at("components").at("schemas").items()) {
    Collect(schema, name, "", "/components/schemas/" + name, &facts);
  }
  return facts;
}

// Each enumeration of the document is the name table the code parses and prints with.
TEST(OpenApiTest, EveryEnumIsADomainNameTable) {
  using namespace domain;
  std::vector<std::string> end_reasons;
  for (auto r : kEnrolmentEndReasons) end_reasons.emplace_back(r);
  for (auto r : kPlacementEndReasons) {
    if (std::find(end_reasons.begin(), end_reasons.end(), r) == end_reasons.end()) {
      end_reasons.emplace_back(r);
    }
  }
  const std::string s = "/components/schemas/";
  const std::map<std::string, std::vector<std::string>> tables = {
      {s + "SoortOrganisatie/enum", Strings(OrganisationKindNames())},
      {s + "SoortPlek/enum", Strings(PlaceKindNames())},
      {s + "Situatie/enum", Strings(SituationNames())},
      {s + "Uitkering/enum", Strings(BenefitNames())},
      {s + "Niveau/enum", Strings(LevelNames())},
      {s + "Ondersteuning/enum", Strings(SupportNames())},
      {s + "Modus/enum", Strings(RoundModeNames())},
      {s + "StatusMatchronde/enum", Strings(RoundStatusNames())},
      {s + "Fase/enum", Strings(RoundPhaseNames())},
      {s + "SoortGebeurtenis/enum", Strings(EventKindNames())},
      {s + "ContactSoort/enum", Strings(ContactKindNames())},
      {s + "Big5Domein/enum", Strings(Big5DomainNames())},
      {s + "Big5Status/enum", Strings(Big5StatusNames())},
      {s + "SignaalSoort/enum", Strings(SignalKindNames())},
      {s + "StatusSignaal/enum", Strings(SignalStatusNames())},
      {s + "StatusTaak/enum", Strings(TaskStatusNames())},
      {s + "StatusOverdracht/enum", Strings(HandoverStatusNames())},
      {s + "Gebeurtenis/properties/reden/anyOf/0/enum", end_reasons},
      {s + "GebeurtenisInvoer/properties/reden/anyOf/0/enum", end_reasons},
      {s + "GebeurtenissenInvoer/properties/gebeurtenissen/items/properties/reden/anyOf/0/enum",
       end_reasons},
      {s + "Reden/properties/code/enum", Strings(ReasonCodeNames())},
      {s + "CodeOntbrekend/enum", Strings(MissingCodeNames())},
      {s + "CodeNietGeplaatst/enum", Strings(UnplacedCodeNames())},
      {s + "Vaardigheid/properties/taal/enum", Strings(LabelLanguageNames())},
      {s + "Probleem/properties/code/enum", Strings(http::ProblemCodeNames())},
  };
  const Json& doc = http::OpenApiDocument();
  SchemaFacts facts = CollectSchemaFacts(doc);
  for (const auto& [pointer, values] : facts.enums) {
    auto table = tables.find(pointer);
    if (table != tables.end()) {
      EXPECT_EQ(values, table->second) << pointer;
    } else {
      ADD_FAILURE() << pointer << ": an enumeration without a table";
    }
  }
  for (const auto& [pointer, values] : tables) {
    EXPECT_TRUE(facts.enums.count(pointer)) << pointer << ": not in the document";
  }
  // The big-5 plan has one property per domain.
  std::vector<std::string> plan;
  const Json& plan_schema = doc.at("components").at("schemas").at("Big5Plan");
  for (const auto& [name, _] : plan_schema.at("properties").items()) plan.push_back(name);
  std::vector<std::string> domains = Strings(Big5DomainNames());
  std::sort(domains.begin(), domains.end());
  EXPECT_EQ(plan, domains);
}

// Each limit of the document is the constant the code checks (domain/types.h, domain/follow.h).
// docs/api.md lists exactly the problem codes the API uses, in the table's order.
TEST(OpenApiTest, TheApiDocListsExactlyTheProblemCodes) {
  std::ifstream in(std::string(OVERSTAP_SOURCE_DIR) + "/docs/api.md");
  ASSERT_TRUE(in);
  std::vector<std::string> listed;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.find("<!-- problem codes: begin -->") != std::string::npos) inside = true;
    if (line.find("<!-- problem codes: end -->") != std::string::npos) inside = false;
    if (!inside || line.rfind("| `", 0) != 0) continue;
    const size_t end = line.find('`', 3);
    listed.push_back(line.substr(3, end - 3));
  }
  EXPECT_EQ(listed, Strings(http::ProblemCodeNames()));
}

TEST(OpenApiTest, EveryLimitIsTheCodes) {
  using namespace domain;
  struct Expected {
    std::string property;  // "Schema:property" where the name alone is ambiguous
    std::string keyword;
    double value;
  };
  const std::vector<Expected> expected = {
      {"naam", "maxLength", kMaxOrganisationNameLength},
      {"voornaam", "maxLength", kMaxNameLength},
      {"achternaam", "maxLength", kMaxNameLength},
      {"tussenvoegsel", "maxLength", kMaxSurnamePrefixLength},
      {"titel", "maxLength", kMaxTitleLength},
      {"id", "maxLength", kMaxExternalIdLength},  // ExternId
      {"externeIds", "maxItems", kMaxExternalIds},
      {"vaardigheden", "maxItems", kMaxSkills},
      {"vereisteVaardigheden", "maxItems", kMaxSkills},
      {"gewensteVaardigheden", "maxItems", kMaxSkills},
      {"niveau", "minimum", kMinSkillLevel},  // VaardigheidMetNiveau, VereisteVaardigheid
      {"niveau", "maximum", kMaxSkillLevel},
      {"sectoren", "maxItems", kMaxSectors},
      {"sectoren[]", "maxLength", kMaxSectorCodeLength},
      {"ondersteuningNodig", "maxItems", kMaxSupportItems},
      {"ondersteuningAanwezig", "maxItems", kMaxSupportItems},
      {"maxReisafstandKm", "minimum", kMinTravelKm},
      {"maxReisafstandKm", "maximum", kMaxTravelKm},
      {"urenPerWeek", "minimum", kMinHoursPerWeek},
      {"urenPerWeek", "maximum", kMaxHoursPerWeek},
      {"capaciteit", "minimum", kMinCapacity},
      {"capaciteit", "maximum", kMaxCapacity},
      {"regios", "maxItems", kMaxRoundRegions},
      {"regios[]", "maxLength", kMaxRegionCodeLength},
      {"soorten", "maxItems", static_cast<double>(PlaceKindNames().size())},
      {"medewerker", "maxLength", kMaxProfessionalLength},
      {"doel", "maxLength", kMaxNoteLength},
      {"acties", "maxLength", kMaxNoteLength},
      {"notitie", "maxLength", kMaxNoteLength},
      {"GebeurtenissenInvoer:gebeurtenissen", "minItems", 1},
      {"GebeurtenissenInvoer:gebeurtenissen", "maxItems", kMaxEventsPerBatch},
      {"escalatie", "minimum", 0},
      {"escalatie", "maximum", kMaxEscalation},
      // Required text is not empty (CheckText).
      {"naam", "minLength", 1},
      {"voornaam", "minLength", 1},
      {"achternaam", "minLength", 1},
      {"titel", "minLength", 1},
      {"id", "minLength", 1},
      {"sector", "minLength", 1},
      {"medewerker", "minLength", 1},
      // The decoder's bound on any integer (json_codec.cpp ObjectReader::Int).
      {"MatchrondeInvoer:lotingZaad", "minimum", 0},
      {"MatchrondeInvoer:lotingZaad", "maximum", static_cast<double>(domain::kMaxRoundSeed)},
      // Facts of the answers rather than checks on input: counts, fractions, percentages.
      {"Matchronde:lotingZaad", "minimum", 0},
      {"Matchronde:lotingZaad", "maximum", static_cast<double>(domain::kMaxRoundSeed)},
      {"alGeplaatst", "minimum", 0},
      {"bijnaPassend", "minimum", 0},
      {"plekkenBinnenBereik", "minimum", 0},
      {"WaaromGeen:plekken", "minimum", 1},
      {"bezetteZetels", "minimum", 0},
      {"dualePrijzen", "minimum", 1},
      {"versie", "minimum", 1},
      {"versie", "maximum", 2147483647},
      {"volgnummer", "minimum", 1},
      {"GebeurtenissenAanvaard:aantal", "minimum", 1},
      {"Volgstand:gebeurtenissen", "minimum", 0},
      {"deelnemers", "minimum", 0},
      {"plekken", "minimum", 0},
      {"zetels", "minimum", 0},
      {"kandidaatparen", "minimum", 0},
      {"geplaatst", "minimum", 0},
      {"nietGeplaatst", "minimum", 0},
      {"nietGeplaatstPerReden{}", "minimum", 1},
      {"totaleScore", "minimum", 0},
      {"score", "minimum", 0},
      {"score", "maximum", 1},
      {"gewicht", "minimum", 0},
      {"gewicht", "maximum", 1},
      {"voortgang", "minimum", 0},
      {"voortgang", "maximum", 100},
      {"leeftijd", "minimum", 0},
      {"leeftijd", "maximum", 150},
      {"status", "minimum", 400},  // Probleem: an HTTP error status
      {"status", "maximum", 599},
      {"invalidParamsTotaal", "minimum", 101},  // problem.cpp lists at most 100
      {"invalidParamsTotaal", "maximum", 1000000000},
  };
  auto lookup = [&](const SchemaFacts::Limit& l) -> const Expected* {
    const Expected* plain = nullptr;
    for (const auto& e : expected) {
      if (e.keyword != l.keyword) continue;
      if (e.property == l.schema + ":" + l.property) return &e;
      if (e.property == l.property) plain = &e;
    }
    return plain;
  };
  std::vector<std::string> problems;
  std::set<const Expected*> used;
  for (const auto& l : CollectSchemaFacts(http::OpenApiDocument()).limits) {
    std::string where = l.schema + "." + l.property + " " + l.keyword;
    const Expected* e = lookup(l);
    if (!e) {
      problems.push_back(where + " = " + std::to_string(l.value) + ": not tied to the code");
      continue;
    }
    used.insert(e);
    if (e->value != l.value) {
      problems.push_back(where + " = " + std::to_string(l.value) + ", the code says " +
                         std::to_string(e->value));
    }
  }
  for (const auto& e : expected) {
    if (!used.count(&e)) problems.push_back(e.property + " " + e.keyword + ": not in the document");
  }
  EXPECT_TRUE(problems.empty()) << Join(problems);
}

// Every value a documented query parameter lists is accepted, and an integer parameter's
// documented bounds are exactly the server's (page sizes live in routes.cpp).
TEST(OpenApiTest, QueryParameterValuesAndBoundsAreTheServers) {
  const Json& doc = http::OpenApiDocument();
  std::string base = BasePath(doc);
  TestServer server(FreshDatabase());
  auto client = server.Client();
  int bounds = 0;
  for (const auto& [path, query] : GetQueryParameters(doc)) {
    auto target = [&](const std::string& name, const std::string& value) {
      std::string t = base + path + "?" + name + "=" + httplib::detail::encode_query_param(value);
      for (const auto& q : query) {
        if (q.value("required", false) && q["name"] != name) {
          t += "&" + q["name"].get<std::string>() + "=" +
               httplib::detail::encode_query_param(PlausibleValue(doc, q));
        }
        if (q["name"] == name) t += Companions(doc, query, q);
      }
      return t;
    };
    auto status_of = [&](const std::string& t) {
      auto res = client.Get(t.c_str());
      return res ? res->status : -1;
    };
    for (const auto& q : query) {
      const std::string name = q["name"];
      const Json& schema = Resolve(doc, q.at("schema"));
      for (const auto& v : schema.value("enum", Json::array())) {
        std::string t = target(name, v.get<std::string>());
        EXPECT_EQ(status_of(t), 200) << t;
      }
      if (schema.value("type", "") != "integer") continue;
      if (schema.contains("maximum")) {
        int max = schema["maximum"];
        EXPECT_EQ(status_of(target(name, std::to_string(max))), 200) << path << " " << name;
        EXPECT_EQ(status_of(target(name, std::to_string(max + 1))), 400) << path << " " << name;
        ++bounds;
      }
      if (schema.contains("minimum")) {
        int min = schema["minimum"];
        EXPECT_EQ(status_of(target(name, std::to_string(min))), 200) << path << " " << name;
        EXPECT_EQ(status_of(target(name, std::to_string(min - 1))), 400) << path << " " << name;
        ++bounds;
      }
    }
  }
  EXPECT_GT(bounds, 10);
}

// The batch's documented size is the one routes.cpp enforces.
TEST(OpenApiTest, TheBatchLimitIsTheServers) {
  const Json& schema = http::OpenApiDocument()["components"]["schemas"]["GebeurtenissenInvoer"];
  const size_t max = schema["properties"]["gebeurtenissen"]["maxItems"];
  TestServer server(FreshDatabase());
  auto client = server.Client();
  auto first_field = [&](size_t n) {
    Json body = {{"gebeurtenissen", Json::array()}};
    for (size_t i = 0; i < n; ++i) body["gebeurtenissen"].push_back(Json::object());
    auto res = client.Post("/api/v1/gebeurtenissen", body.dump(), "application/json");
    if (!res || res->status != 400) {
      return std::string("status ") + (res ? std::to_string(res->status) : "none");
    }
    return Json::parse(res->body)["invalidParams"][0]["name"].get<std::string>();
  };
  EXPECT_EQ(first_field(max + 1), "gebeurtenissen");
  // At the limit the list is taken, and its first (empty) event is what is wrong.
  EXPECT_EQ(first_field(max).rfind("gebeurtenissen[0].", 0), 0u) << first_field(max);
}

}  // namespace
}  // namespace overstap::testing
