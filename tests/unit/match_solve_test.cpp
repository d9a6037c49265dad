// `overstap match solve` on the cases in tests/data/match/*.json: the real binary, as an
// outside user runs it. Each file has an instance and either `args` + `expected` or `cases`.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/text.h"
#include "support/test_env.h"

namespace overstap::testing {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

std::vector<std::string> CaseFiles() {
  std::vector<std::string> out;
  for (const auto& e :
       fs::directory_iterator(std::string(OVERSTAP_SOURCE_DIR) + "/tests/data/match")) {
    if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Runs the solver; its stderr goes to *warnings (one string per line).
Json RunSolve(const std::string& instance_path, const Json& args,
              std::vector<std::string>* warnings) {
  const std::string err = TempDir() + "/stderr.txt";
  std::string cmd = std::string(OVERSTAP_BINARY) + " match solve " + instance_path;
  for (const auto& a : args) cmd += " " + a.get<std::string>();
  cmd += " 2>" + err;
  FILE* f = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  EXPECT_EQ(pclose(f), 0) << cmd;
  std::ifstream in(err);
  warnings->clear();
  for (std::string line; std::getline(in, line);) warnings->push_back(line);
  return Json::parse(out, nullptr, false);
}

class MatchSolveCase : public ::testing::TestWithParam<std::string> {};

// The expected assignment, and on stderr exactly the warnings the file lists (each line
// containing its text, in any order), none when it lists none.
TEST_P(MatchSolveCase, GivesTheExpectedAssignment) {
  std::ifstream in(std::string(OVERSTAP_SOURCE_DIR) + "/tests/data/match/" + GetParam());
  Json spec = Json::parse(in);
  std::string path = TempDir() + "/instance.json";
  std::ofstream(path) << spec["instance"].dump();
  Json cases = spec.contains("cases")
                   ? spec["cases"]
                   : Json::array({{{"args", spec["args"]}, {"expected", spec["expected"]}}});
  const Json expected_warnings = spec.value("warnings", Json::array());
  for (const auto& c : cases) {
    std::vector<std::string> warnings;
    Json got = RunSolve(path, c["args"], &warnings);
    EXPECT_EQ(got, c["expected"]) << GetParam() << " " << c["args"].dump() << "\n" << got.dump();
    std::string all;
    for (const auto& w : warnings) all += w + "\n";
    ASSERT_EQ(warnings.size(), expected_warnings.size()) << GetParam() << ":\n" << all;
    for (const auto& text : expected_warnings) {
      const auto hit = std::count_if(warnings.begin(), warnings.end(), [&](const std::string& w) {
        return w.rfind("warning: ", 0) == 0 && w.find(text.get<std::string>()) != std::string::npos;
      });
      EXPECT_EQ(hit, 1) << GetParam() << ": " << text << " in\n" << all;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Files, MatchSolveCase, ::testing::ValuesIn(CaseFiles()),
                         [](const auto& info) {
                           std::string n = info.param.substr(0, info.param.size() - 5);
                           for (auto& ch : n)
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

std::string RunCommand(const std::string& cmd, int* status) {
  FILE* f = popen((cmd + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  *status = pclose(f);
  return out;
}

// `overstap match --region` on a demo region, as a coordinator runs it: every person of the
// region gets one line in the CSV, placed with a score or unplaced with a reason, and the round
// is stored.
TEST(MatchRoundCli, RegionRoundWritesEveryOutcome) {
  const std::string dir = TempDir();
  const std::string db = " --db " + dir + "/round.db";
  const std::string bin = std::string(OVERSTAP_BINARY);
  int status = 0;
  std::string out =
      RunCommand(bin + db + " demo --people 400 --places 150 --seed 3 --region AM13", &status);
  ASSERT_EQ(status, 0) << out;
  const std::string csv = dir + "/uitkomsten.csv";
  // Without --inclusief-geplaatsten the people with an active placement stay out of the round.
  out = RunCommand(bin + db + " match --region AM13 --seed 9", &status);
  ASSERT_EQ(status, 0) << out;
  auto count = [](const std::string& report, const std::string& label) {
    const auto at = report.find(label);
    return at == std::string::npos ? -1 : std::stoll(report.substr(at + label.size()));
  };
  const long long in_round = count(out, "deelnemers "), left_out = count(out, "(buiten de ronde) ");
  EXPECT_GT(left_out, 0) << out;
  EXPECT_EQ(in_round + left_out, 400) << out;
  EXPECT_GT(count(out, "bezette zetels "), 0) << out;
  out = RunCommand(
      bin + db + " match --region AM13 --mode optimal --inclusief-geplaatsten --seed 9 --out " +
          csv,
      &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("deelnemers 400"), std::string::npos) << out;
  EXPECT_NE(out.find("certificaat gecontroleerd"), std::string::npos) << out;
  EXPECT_NE(out.find("lotingZaad 9"), std::string::npos) << out;
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "deelnemer,plek,score,reden,toelichting\r");
  int rows = 0, placed = 0;
  while (std::getline(in, line)) {
    ++rows;
    auto fields = Split(line, ',');
    ASSERT_GE(fields.size(), 5u) << line;
    if (!fields[1].empty()) {
      ++placed;
      EXPECT_FALSE(fields[2].empty()) << line;
      EXPECT_TRUE(fields[3].empty()) << line;
    } else {
      EXPECT_FALSE(fields[3].empty()) << line;  // the reason code
    }
  }
  EXPECT_EQ(rows, 400);
  EXPECT_GT(placed, 0);
  EXPECT_NE(out.find("geplaatst " + std::to_string(placed) + " "), std::string::npos) << out;
  // As the crow flies (--road-factor 1) more places are within reach than by road.
  auto pairs = [](const std::string& report) {
    const auto at = report.find("kandidaatparen ");
    return at == std::string::npos ? -1 : std::stoll(report.substr(at + 15));
  };
  const std::string crow =
      RunCommand(bin + db + " --road-factor 1 match --region AM13 --seed 9", &status);
  ASSERT_EQ(status, 0) << crow;
  EXPECT_GT(pairs(crow), pairs(out)) << crow << out;
  RunCommand(bin + db + " --road-factor 0.5 match --region AM13", &status);
  EXPECT_NE(status, 0);
  // Neither or both scopes, or an unknown region: a clear error, nonzero exit.
  RunCommand(bin + db + " match --mode stable", &status);
  EXPECT_NE(status, 0);
  out = RunCommand(bin + db + " match --region AM99", &status);
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("AM99"), std::string::npos) << out;
}

}  // namespace
}  // namespace overstap::testing
