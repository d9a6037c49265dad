// `overstap match solve` on the cases in tests/data/match/*.json: the real binary, as an
// outside user runs it. Each file has an instance and either `args` + `expected` or `cases`.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

std::vector<std::string> CaseFiles() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(std::string(OVERSTAP_SOURCE_DIR) + "/tests/data/match")) {
    if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Json RunSolve(const std::string& instance_path, const Json& args) {
  std::string cmd = std::string(OVERSTAP_BINARY) + " match solve " + instance_path;
  for (const auto& a : args) cmd += " " + a.get<std::string>();
  cmd += " 2>/dev/null";
  FILE* f = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  EXPECT_EQ(pclose(f), 0) << cmd;
  return Json::parse(out, nullptr, false);
}

class MatchSolveCase : public ::testing::TestWithParam<std::string> {};

TEST_P(MatchSolveCase, GivesTheExpectedAssignment) {
  std::ifstream in(std::string(OVERSTAP_SOURCE_DIR) + "/tests/data/match/" + GetParam());
  Json spec = Json::parse(in);
  std::string path = TempDir() + "/instance.json";
  std::ofstream(path) << spec["instance"].dump();
  Json cases = spec.contains("cases") ? spec["cases"]
                                      : Json::array({{{"args", spec["args"]}, {"expected", spec["expected"]}}});
  for (const auto& c : cases) {
    Json got = RunSolve(path, c["args"]);
    EXPECT_EQ(got, c["expected"]) << GetParam() << " " << c["args"].dump() << "\n" << got.dump();
  }
}

INSTANTIATE_TEST_SUITE_P(Files, MatchSolveCase, ::testing::ValuesIn(CaseFiles()),
                         [](const auto& info) {
                           std::string n = info.param.substr(0, info.param.size() - 5);
                           for (auto& ch : n) if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

}  // namespace
}  // namespace overstap::testing
