// The OpenAPI document is data: src/http/openapi.json (in Dutch), embedded at build time by
// cmake/embed.cmake. tests/api/openapi_test.cpp checks it against the route table and the
// domain's tables, tests/api/validate_responses.py every response the API tests receive, and
// tests/api/adr_lint.sh the NL API Design Rules.

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>
#include <vector>

#include "http/server.h"

namespace overstap::http {

const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedOpenApi();

const Json& OpenApiDocument() {
  static const Json kDoc = [] {
    Json doc = Json::parse(EmbeddedOpenApi().front().second, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      // A build-time file, checked by the tests: never the user's doing.
      std::fputs("overstap: the embedded openapi.json is not valid JSON\n", stderr);
      std::abort();
    }
    return doc;
  }();
  return kDoc;
}

}  // namespace overstap::http
