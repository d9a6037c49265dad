// Keeps the OpenAPI document honest: it names exactly the routes of routes.cpp (both ways), its
// version is the API's, its operationIds are unique, every query parameter it documents is one
// the running server accepts, and the server serves the same document.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

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
  if (schema.value("type", "") == "integer") {
    if (schema.contains("default")) return std::to_string(schema["default"].get<int>());
    return std::to_string(schema.value("minimum", 1));
  }
  return "x";
}

TEST(OpenApiTest, EveryDocumentedQueryParameterIsAccepted) {
  const Json& doc = http::OpenApiDocument();
  std::string base = BasePath(doc);
  TestServer server(FreshDatabase());
  auto client = server.Client();
  int checked = 0;
  for (const auto& [path, item] : doc.at("paths").items()) {
    if (!item.contains("get") || path.find('{') != std::string::npos) continue;
    std::vector<Json> query;
    for (const auto& p : item["get"].value("parameters", Json::array())) {
      const Json& param = Resolve(doc, p);
      if (param.at("in") == "query") query.push_back(param);
    }
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

}  // namespace
}  // namespace overstap::testing
