#pragma once
// A small router over path templates such as "/api/v1/deelnemers/{id}". It knows every
// (method, template) pair, so it can answer 405 with an Allow header and the OpenAPI test can
// check that every route is documented.

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "access/route_access.h"

namespace overstap::http {

struct PathParams {
  std::vector<std::pair<std::string, std::string>> values;
  const std::string& Get(std::string_view name) const;
};

template <typename Handler>
struct Route {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // "/api/v1/deelnemers/{id}"
  Handler handler;
  // What the route does, for the access policy: action, kind of resource, personal data.
  access::RouteAccess access;
  // An action whose body only carries optional fields (a note): a request without any body
  // and without a Content-Type is taken as the empty object `{}`.
  bool body_optional = false;
};

// Splits a path into segments; "" for "/".
std::vector<std::string_view> PathSegments(std::string_view path);

// True when `path` matches `pattern`; fills `params` with the {name} segments.
bool MatchPattern(std::string_view pattern, std::string_view path, PathParams* params);

// A pattern split once, matched against paths split once per request.
class CompiledPattern {
 public:
  explicit CompiledPattern(std::string_view pattern);
  // `segments` from PathSegments(path) of a path without trailing slash or "//".
  bool Match(const std::vector<std::string_view>& segments, PathParams* params) const;

 private:
  std::vector<std::string> parts_;  // literal segments, or the name of a {param}
  std::vector<bool> is_param_;
};

}  // namespace overstap::http
