// The house has floors: dependencies point one way. Checks the #includes of every source file.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

namespace {

// What each folder may include from the project (besides itself).
const std::map<std::string, std::set<std::string>> kAllowed = {
    {"common", {}},
    {"domain", {"common"}},
    {"store", {"common", "domain"}},
    {"io", {"common", "domain"}},
    {"access", {"common", "domain", "store"}},
    {"match", {"common", "domain"}},
    {"follow", {"common", "domain"}},
    {"insight", {"common", "domain"}},
    {"service", {"common", "domain", "store", "access", "io", "match", "follow", "insight"}},
    {"http", {"common", "domain", "store", "access", "io", "service", "match", "follow", "insight"}},
    {"cli", {"common", "domain", "store", "access", "io", "service", "http", "match", "follow", "insight"}},
};

TEST(LayeringTest, DependenciesPointOneWay) {
  namespace fs = std::filesystem;
  const fs::path src = fs::path(OVERSTAP_SOURCE_DIR) / "src";
  const std::regex include_re(R"re(#include\s+"([a-z_]+)/)re");
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    if (!entry.is_regular_file()) continue;
    auto rel = fs::relative(entry.path(), src);
    std::string folder = rel.begin()->string();
    if (!kAllowed.count(folder)) continue;
    ++files;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (!std::regex_search(line, m, include_re)) continue;
      std::string dep = m[1];
      if (dep == folder) continue;
      EXPECT_TRUE(kAllowed.at(folder).count(dep))
          << rel.string() << " includes " << dep << "/: not allowed for " << folder << "/";
    }
  }
  EXPECT_GT(files, 20);
}

TEST(LayeringTest, EnginesNeverSeeHttpJsonOrSql) {
  namespace fs = std::filesystem;
  const fs::path src = fs::path(OVERSTAP_SOURCE_DIR) / "src";
  for (const char* folder : {"common", "domain", "match", "follow", "insight"}) {
    if (!fs::exists(src / folder)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(src / folder)) {
      std::ifstream in(entry.path());
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      EXPECT_EQ(text.find("httplib"), std::string::npos) << entry.path();
      EXPECT_EQ(text.find("nlohmann"), std::string::npos) << entry.path();
      EXPECT_EQ(text.find("sqlite3"), std::string::npos) << entry.path();
    }
  }
}

}  // namespace
