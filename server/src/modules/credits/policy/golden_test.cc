// The golden-case runner of the policy engine (design.md convention 8).
//
// Every file golden/*.json beside this runner is one case; the runner lists
// the directory (sorted by name, no hard-coded list), so adding a case is
// adding a file. A case is a JSON object with exactly these keys:
//
//   "description"  string, required. What the case shows and the arithmetic
//                  behind every expected number, worked by hand from the rules
//                  (docs/policy.md), never copied from the engine's output.
//   "policy"       required. "default" = DefaultPolicy(); any other string
//                  names a sample, samples/<name>.json; an object is an inline
//                  policy document (the schema of docs/policy.md). An array
//                  is a layered policy: its first element is the base (as
//                  above), each further one an extension ("extends":
//                  "parent", inline or a sample name) applied in order
//                  (ExtendPolicy, origin = its index).
//   "year"         integer, required: the audited calendar year.
//   "teacher"      object, required: TeacherFromJson's form
//                  {"id","stage"?,"posts"?,"sex"?,"birth_date"?,"hire_date"?,
//                   "exempt"?:[{"year","reason"}]}.
//   "records"      array, required (may be empty): RecordFromJson's form
//                  {"id","date","source"?,"project_code"?,"level","form",
//                   "dimension","location"?,"hours","grade"?,"topic_tags"?,
//                   "achievement_type"?}; hours are decimals with one place.
//   "expect"       object, required: a subset of AuditToJson(audit, true).
//
// Comparison of "expect" against the actual audit JSON:
//   - an object matches when every key it holds is present in the actual
//     object and matches there; keys it leaves out are not checked;
//   - an array matches when it has the same length and each element matches
//     the actual element at the same position (records and requirements are
//     in input / policy order, shortfalls in policy order), so "shortfalls": []
//     asserts that there are none;
//   - numbers match by value (64 == 64.0; decimals within 1e-9), strings,
//     booleans and null exactly.
// A mismatch fails the case with one line per difference naming the file and
// the JSON path ("expect.records[3].credits: expected 20.0, got 19.9").
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "modules/credits/policy/audit.h"
#include "modules/credits/policy/policy.h"

namespace jj::credits::policy {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

const fs::path& PolicyDir() {
  static const fs::path kDir = fs::path(JJ_SOURCE_DIR) / "server/src/modules/credits/policy";
  return kDir;
}

std::vector<std::string> GoldenFiles() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(PolicyDir() / "golden", ec)) {
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Collects every difference between `expected` (a subset) and `actual`.
void Compare(const Json& expected, const Json& actual, const std::string& path, std::vector<std::string>& diffs) {
  auto mismatch = [&] { diffs.push_back(path + ": expected " + expected.dump() + ", got " + actual.dump()); };
  if (expected.is_object()) {
    if (!actual.is_object()) return mismatch();
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      auto found = actual.find(it.key());
      if (found == actual.end()) {
        diffs.push_back(path + "." + it.key() + ": expected " + it.value().dump() + ", key missing");
        continue;
      }
      Compare(it.value(), *found, path + "." + it.key(), diffs);
    }
    return;
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return mismatch();
    if (expected.size() != actual.size()) {
      diffs.push_back(path + ": expected " + std::to_string(expected.size()) + " elements, got " +
                      std::to_string(actual.size()) + ": " + actual.dump());
      return;
    }
    for (size_t i = 0; i < expected.size(); ++i) {
      Compare(expected[i], actual[i], path + "[" + std::to_string(i) + "]", diffs);
    }
    return;
  }
  if (expected.is_number()) {
    if (!actual.is_number() || std::fabs(expected.get<double>() - actual.get<double>()) > 1e-9) mismatch();
    return;
  }
  if (expected != actual) mismatch();
}

struct Case {
  Policy policy;
  TeacherFacts teacher;
  std::vector<CreditRecord> records;
  int year = 0;
  Json expect;
};

// Loads a case; on a malformed file returns false with `error` set.
bool LoadCase(const Json& j, Case& c, std::string& error) {
  if (!j.is_object()) return error = "not a JSON object", false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    static const char* kKeys[] = {"description", "policy", "year", "teacher", "records", "expect"};
    if (std::none_of(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return it.key() == k; })) {
      return error = "unknown key \"" + it.key() + "\"", false;
    }
  }
  if (!j.contains("description") || !j["description"].is_string() || j["description"].get<std::string>().empty()) {
    return error = "\"description\" must be a non-empty string", false;
  }
  if (!j.contains("year") || !j["year"].is_number_integer()) return error = "\"year\" must be an integer", false;
  c.year = j["year"].get<int>();
  if (!j.contains("expect") || !j["expect"].is_object()) return error = "\"expect\" must be an object", false;
  c.expect = j["expect"];

  if (!j.contains("policy")) return error = "\"policy\" is required", false;
  const Json& pj = j["policy"];
  auto document = [](const Json& d) {
    return d.is_string() ? Json::parse(ReadFile(PolicyDir() / "samples" / (d.get<std::string>() + ".json")), nullptr,
                                       /*allow_exceptions=*/false)
                         : d;
  };
  const Json& base = pj.is_array() && !pj.empty() ? pj[0] : pj;
  if (base.is_string() && base.get<std::string>() == "default") {
    c.policy = DefaultPolicy();
  } else {
    Result<Policy> p = ParsePolicy(document(base));
    if (!p.ok()) {
      return error = "policy: " + p.status().key() + " at " + p.status().field() + ": " + p.status().Message("en"),
             false;
    }
    c.policy = std::move(p).value();
  }
  for (size_t i = 1; pj.is_array() && i < pj.size(); ++i) {
    Result<Policy> p = ExtendPolicy(c.policy, document(pj[i]), static_cast<int>(i));
    if (!p.ok()) {
      return error = "policy[" + std::to_string(i) + "]: " + p.status().key() + " at " + p.status().field() + ": " +
                     p.status().Message("en"),
             false;
    }
    c.policy = std::move(p).value();
  }

  if (!j.contains("teacher")) return error = "\"teacher\" is required", false;
  auto t = TeacherFromJson(j["teacher"], "teacher");
  if (!t.ok()) return error = t.status().key() + " at " + t.status().field(), false;
  c.teacher = std::move(t).value();

  if (!j.contains("records") || !j["records"].is_array()) return error = "\"records\" must be an array", false;
  for (size_t i = 0; i < j["records"].size(); ++i) {
    auto r = RecordFromJson(j["records"][i], "records[" + std::to_string(i) + "]");
    if (!r.ok()) return error = r.status().key() + " at " + r.status().field(), false;
    c.records.push_back(std::move(r).value());
  }
  return true;
}

// Runs a loaded case; returns the differences from its expectation.
std::vector<std::string> RunCase(const Case& c) {
  TeacherAudit a = Audit(c.policy, c.teacher, c.records, c.year);
  std::vector<std::string> diffs;
  Compare(c.expect, AuditToJson(a, true), "expect", diffs);
  return diffs;
}

class PolicyGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(PolicyGolden, MatchesExpectation) {
  const std::string file = GetParam();
  const std::string text = ReadFile(PolicyDir() / "golden" / file);
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(j.is_discarded()) << "golden/" << file << ": not valid JSON";
  Case c;
  std::string error;
  ASSERT_TRUE(LoadCase(j, c, error)) << "golden/" << file << ": " << error;
  std::vector<std::string> diffs = RunCase(c);
  if (!diffs.empty()) {
    std::string msg = "golden/" + file + ": " + std::to_string(diffs.size()) + " difference(s)\n";
    for (const auto& d : diffs) msg += "  " + d + "\n";
    ADD_FAILURE() << msg;
  }
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, PolicyGolden, ::testing::ValuesIn(GoldenFiles()), CaseName);

TEST(PolicyGoldenRunner, FindsTheCases) {
  std::vector<std::string> files = GoldenFiles();
  EXPECT_GE(files.size(), 7u);
  EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
}

// The runner must not be a rubber stamp: a wrong expectation is reported with
// its path, a missing key too, and so is an array of the wrong length.
TEST(PolicyGoldenRunner, WrongExpectationFails) {
  const std::string text = ReadFile(PolicyDir() / "golden" / "g01_default_all_dimensions_pass.json");
  Json j = Json::parse(text);
  Case c;
  std::string error;
  ASSERT_TRUE(LoadCase(j, c, error)) << error;
  ASSERT_TRUE(RunCase(c).empty());

  Case wrong = c;
  wrong.expect["total_credits"] = 65.5;
  wrong.expect["records"][2]["credits"] = 10.3;
  wrong.expect["no_such_key"] = 1;
  std::vector<std::string> diffs = RunCase(wrong);
  ASSERT_EQ(diffs.size(), 3u);
  EXPECT_EQ(diffs[0], "expect.no_such_key: expected 1, key missing");
  EXPECT_EQ(diffs[1].rfind("expect.records[2].credits: expected 10.3, got 10.4", 0), 0u) << diffs[1];
  EXPECT_EQ(diffs[2].rfind("expect.total_credits: expected 65.5, got 65.4", 0), 0u) << diffs[2];

  Case shorter = c;
  shorter.expect["shortfalls"] = Json::array({Json::object()});
  EXPECT_EQ(RunCase(shorter).size(), 1u);

  Case wrong_type = c;
  wrong_type.expect["status"] = true;
  EXPECT_EQ(RunCase(wrong_type).size(), 1u);
}

TEST(PolicyGoldenRunner, RejectsMalformedCases) {
  Case c;
  std::string error;
  Json j = {{"description", "x"},        {"policy", "default"},      {"year", 2023},
            {"teacher", {{"id", "T"}}},  {"records", Json::array()}, {"expect", Json::object()},
            {"expected", Json::object()}};
  EXPECT_FALSE(LoadCase(j, c, error));
  EXPECT_NE(error.find("expected"), std::string::npos);
  j.erase("expected");
  EXPECT_TRUE(LoadCase(j, c, error)) << error;
  j["policy"] = "no_such_sample";
  EXPECT_FALSE(LoadCase(j, c, error));
  EXPECT_NE(error.find("policy"), std::string::npos);
}

}  // namespace
}  // namespace jj::credits::policy
