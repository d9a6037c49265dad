// The house has floors: dependencies point one way. Checks the #includes of every source file,
// and that JSON, SQL and HTTP stay at the edges.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

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
    {"service", {"common", "domain", "store", "access", "io", "match", "follow"}},
    // The edge talks to the use cases only: no store, engine or file format of its own.
    {"http", {"common", "domain", "access", "service"}},
    {"cli", {"common", "domain", "store", "access", "io", "service", "http", "match", "follow"}},
};

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

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

// Every folder of the source tree is a floor of the table above (or main.cpp and the
// CMakeLists): a new folder says where it stands.
TEST(LayeringTest, EveryFolderIsAFloor) {
  namespace fs = std::filesystem;
  const fs::path src = fs::path(OVERSTAP_SOURCE_DIR) / "src";
  for (const auto& entry : fs::directory_iterator(src)) {
    if (!entry.is_directory()) continue;
    EXPECT_TRUE(kAllowed.count(entry.path().filename().string())) << entry.path();
  }
}

// The domain, the use cases and the engines never see JSON, SQL or HTTP: they are parsed into
// C++ types and formatted at the edges (http/, io/, store/, cli/).
TEST(LayeringTest, NoJsonSqlOrHttpBelowTheEdges) {
  namespace fs = std::filesystem;
  const fs::path src = fs::path(OVERSTAP_SOURCE_DIR) / "src";
  // SQL in a string literal: a statement's opening words.
  const std::regex sql_re(
      R"re("[^"\n]*\b(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)|PRAGMA\s))re");
  int files = 0;
  for (const char* folder : {"common", "domain", "service", "match", "follow"}) {
    ASSERT_TRUE(fs::exists(src / folder)) << folder;
    for (const auto& entry : fs::recursive_directory_iterator(src / folder)) {
      if (!entry.is_regular_file()) continue;
      ++files;
      const std::string text = ReadAll(entry.path());
      EXPECT_EQ(text.find("httplib"), std::string::npos) << entry.path() << ": HTTP";
      EXPECT_EQ(text.find("nlohmann"), std::string::npos) << entry.path() << ": JSON";
      EXPECT_EQ(text.find("sqlite3"), std::string::npos) << entry.path() << ": SQLite";
      std::istringstream lines(text);
      for (std::string line; std::getline(lines, line);) {
        EXPECT_FALSE(std::regex_search(line, sql_re))
            << entry.path() << ": SQL in a string literal: " << line;
      }
    }
  }
  EXPECT_GT(files, 20);
}

// The checks above catch what they are meant to.
TEST(LayeringTest, TheSqlCheckSeesAStatement) {
  const std::regex sql_re(
      R"re("[^"\n]*\b(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)|PRAGMA\s))re");
  EXPECT_TRUE(std::regex_search(std::string(R"x(Prepare("SELECT id FROM x"))x"), sql_re));
  EXPECT_TRUE(std::regex_search(std::string(R"x(q = "INSERT INTO t VALUES (?)";)x"), sql_re));
  EXPECT_FALSE(std::regex_search(std::string(R"x(// SELECT the best "plek")x"), sql_re));
  EXPECT_FALSE(
      std::regex_search(std::string(R"x(std::string s = "Selecteer een plek";)x"), sql_re));
}

}  // namespace
