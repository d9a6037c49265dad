// The route table (src/http/routes.cpp): every route declares what it does for access
// control, and every literal path is routed once per method, on one line of the table.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "http/server.h"

namespace overstap::testing {
namespace {

TEST(RouteTableTest, EveryRouteDeclaresItsAccess) {
  const auto routes = http::BuildRoutes({});
  ASSERT_FALSE(routes.empty());
  for (const auto& r : routes) {
    EXPECT_NE(r.access.action, access::Action::kUnset) << r.method << " " << r.pattern;
    EXPECT_NE(r.access.resource, access::ResourceKind::kUnset) << r.method << " " << r.pattern;
    EXPECT_NE(r.access.personal, access::PersonalData::kUnset) << r.method << " " << r.pattern;
    EXPECT_TRUE(r.access.complete()) << r.method << " " << r.pattern;
  }
}

TEST(RouteTableTest, AnUnsetDeclarationIsIncomplete) {
  EXPECT_FALSE(access::RouteAccess{}.complete());
  EXPECT_FALSE((access::RouteAccess{access::Action::kLezen, access::ResourceKind::kDeelnemer,
                                    access::PersonalData::kUnset}
                    .complete()));
  EXPECT_TRUE((access::RouteAccess{access::Action::kLezen, access::ResourceKind::kDeelnemer,
                                   access::PersonalData::kJa}
                   .complete()));
}

TEST(RouteTableTest, EachPathIsRoutedOncePerMethod) {
  std::map<std::string, int> seen;
  for (const auto& r : http::BuildRoutes({})) ++seen[r.method + " " + r.pattern];
  for (const auto& [route, count] : seen) EXPECT_EQ(count, 1) << route;
}

// grep for a URL lands on its route: the method and the literal path share one line of
// routes.cpp, and no other line names both.
TEST(RouteTableTest, EachRouteIsOneLiteralLineOfTheTable) {
  std::ifstream in(std::string(OVERSTAP_SOURCE_DIR) + "/src/http/routes.cpp");
  ASSERT_TRUE(in) << "routes.cpp not found";
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  for (const auto& r : http::BuildRoutes({})) {
    const std::string method = "\"" + r.method + "\"";
    const std::string path = "\"" + r.pattern + "\"";
    int hits = 0;
    for (const auto& line : lines) {
      if (line.find(method) != std::string::npos && line.find(path) != std::string::npos) ++hits;
    }
    EXPECT_EQ(hits, 1) << r.method << " " << r.pattern;
  }
}

}  // namespace
}  // namespace overstap::testing
