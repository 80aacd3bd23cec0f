// Unit tests of the policy document (ParsePolicy / PolicyToJson), the
// default policy and samples, the coefficient table and the exact
// arithmetic helpers. The audit itself is tested by the golden cases
// (golden_test.cc).
#include "modules/credits/policy/policy.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/messages.h"
#include "modules/credits/policy/audit.h"

namespace jj::credits::policy {
namespace {

using Json = nlohmann::json;

std::string ReadSampleText(const std::string& name) {
  std::ifstream in(std::filesystem::path(JJ_SOURCE_DIR) / "server/src/modules/credits/policy/samples" /
                   (name + ".json"));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Policy LoadSample(const std::string& name) {
  auto p = ParsePolicyText(ReadSampleText(name));
  EXPECT_TRUE(p.ok()) << name << ": " << p.status().key() << " at " << p.status().field();
  return p.ok() ? p.value() : Policy{};
}

// A small valid document that each error test breaks in one place.
Json Minimal() {
  return Json::parse(R"({
    "hours_per_credit": 1,
    "coefficients": {"default": 1.0, "rules": [{"forms": ["网络研修"], "coefficient": 0.7}]},
    "passing_grades": ["合格"],
    "achievements": {"types": {"荣誉": 1.0}, "yearly_cap_credits": 10},
    "requirements": [
      {"id": "total", "name": "年度总学分", "applies_to": "all", "period": {"kind": "year"},
       "counts": {"include_achievements": true}, "measure": "credits", "minimum": 64}
    ]
  })");
}

// Parses `j`, expects an InvalidArgument `key` at `field` whose message is in
// the catalogue and names the field (by its label where it has one).
void ExpectError(const Json& j, const std::string& key, const std::string& field) {
  auto r = ParsePolicy(j);
  ASSERT_FALSE(r.ok()) << "expected " << key << " at " << field << " for " << j.dump();
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().key(), key) << r.status().Message("en");
  EXPECT_EQ(r.status().field(), field) << r.status().Message("en");
  EXPECT_TRUE(HasMessage(key)) << key;
  EXPECT_NE(r.status().Message("zh").find(FieldLabel(field, "zh")), std::string::npos) << r.status().Message("zh");
  EXPECT_NE(r.status().Message("en").find(FieldLabel(field, "en")), std::string::npos) << r.status().Message("en");
}

TEST(PolicyParse, MinimalIsValid) {
  auto r = ParsePolicy(Minimal());
  ASSERT_TRUE(r.ok()) << r.status().key() << " at " << r.status().field();
  EXPECT_EQ(r->hours_per_credit, 1);
  EXPECT_EQ(r->coefficients.size(), 1u);
  EXPECT_EQ(r->coefficients[0].coef_hundredths, 70);
  EXPECT_EQ(r->achievement_cap_tenths, 100);
  EXPECT_EQ(r->requirements[0].minimum_tenths, 640);
}

TEST(PolicyParse, OptionalKeysHaveDefaults) {
  Json j = Minimal();
  j["requirements"][0].erase("applies_to");
  j["requirements"][0].erase("period");
  j["requirements"][0]["counts"] = Json::object();
  j["requirements"][0]["minimum"] = 63.9;
  j.erase("achievements");
  j["coefficients"].erase("default");
  auto r = ParsePolicy(j);
  ASSERT_TRUE(r.ok()) << r.status().key() << " at " << r.status().field();
  EXPECT_TRUE(r->requirements[0].applies_to.IsAll());
  EXPECT_EQ(r->requirements[0].period.kind, Period::Kind::kYear);
  EXPECT_FALSE(r->requirements[0].counts.include_achievements);
  EXPECT_EQ(r->requirements[0].minimum_tenths, 639);
  EXPECT_FALSE(r->achievement_cap_tenths.has_value());
  EXPECT_TRUE(r->achievement_types.empty());
  EXPECT_EQ(r->default_coef_hundredths, 100);
}

TEST(PolicyParse, ErrorUnknownKey) {
  Json j = Minimal();
  j["hours_per_credits"] = 1;
  ExpectError(j, "policy.unknown_field", "hours_per_credits");
  j = Minimal();
  j["requirements"][0]["counts"]["dimension"] = Json::array({"师德修养"});
  ExpectError(j, "policy.unknown_field", "requirements[0].counts.dimension");
  j = Minimal();
  j["requirements"][0]["period"] = {{"kind", "year"}, {"years", 5}};
  ExpectError(j, "policy.unknown_field", "requirements[0].period.years");
}

TEST(PolicyParse, ErrorWrongType) {
  Json j = Minimal();
  j["hours_per_credit"] = "1";
  ExpectError(j, "policy.type", "hours_per_credit");
  j = Minimal();
  j["hours_per_credit"] = 1.5;
  ExpectError(j, "policy.type", "hours_per_credit");
  j = Minimal();
  j["coefficients"]["rules"][0]["coefficient"] = "0.7";
  ExpectError(j, "policy.type", "coefficients.rules[0].coefficient");
  j = Minimal();
  j["requirements"] = Json::object();
  ExpectError(j, "policy.type", "requirements");
  j = Minimal();
  j["requirements"][0]["counts"]["include_achievements"] = 1;
  ExpectError(j, "policy.type", "requirements[0].counts.include_achievements");
  j = Minimal();
  j["passing_grades"] = Json::array({"合格", 3});
  ExpectError(j, "policy.type", "passing_grades[1]");
  EXPECT_EQ(ParsePolicy(Json::array()).status().key(), "policy.type");
}

TEST(PolicyParse, ErrorBadEnum) {
  Json j = Minimal();
  j["coefficients"]["rules"][0]["forms"] = Json::array({"网络研修", "讲座"});
  ExpectError(j, "policy.enum", "coefficients.rules[0].forms[1]");
  j = Minimal();
  j["requirements"][0]["measure"] = "points";
  ExpectError(j, "policy.enum", "requirements[0].measure");
  j = Minimal();
  j["requirements"][0]["period"] = {{"kind", "month"}};
  ExpectError(j, "policy.enum", "requirements[0].period.kind");
  j = Minimal();
  j["requirements"][0]["applies_to"] = "everyone";
  ExpectError(j, "policy.enum", "requirements[0].applies_to");
  j = Minimal();
  j["requirements"][0]["applies_to"] = {{"sex", "M"}};
  ExpectError(j, "policy.enum", "requirements[0].applies_to.sex");
  j = Minimal();
  j["requirements"][0]["applies_to"] = {{"stages", {"大学"}}};
  ExpectError(j, "policy.enum", "requirements[0].applies_to.stages[0]");
  j = Minimal();
  j["requirements"][0]["counts"] = {{"dimensions", {"体育"}}};
  ExpectError(j, "policy.enum", "requirements[0].counts.dimensions[0]");
}

TEST(PolicyParse, ErrorTooManyDecimals) {
  Json j = Minimal();
  j["coefficients"]["rules"][0]["coefficient"] = 0.705;
  ExpectError(j, "policy.decimals", "coefficients.rules[0].coefficient");
  j = Minimal();
  j["requirements"][0]["minimum"] = 64.25;
  ExpectError(j, "policy.decimals", "requirements[0].minimum");
  j = Minimal();
  j["achievements"]["yearly_cap_credits"] = 10.05;
  ExpectError(j, "policy.decimals", "achievements.yearly_cap_credits");
  j = Minimal();
  j["achievements"]["types"]["荣誉"] = 1.001;
  ExpectError(j, "policy.decimals", "achievements.types.荣誉");
  // Binary noise of a decimal within its places is not "too many decimals".
  j = Minimal();
  j["coefficients"]["rules"][0]["coefficient"] = 1.15;
  j["requirements"][0]["minimum"] = 0.3;
  auto r = ParsePolicy(j);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->coefficients[0].coef_hundredths, 115);
  EXPECT_EQ(r->requirements[0].minimum_tenths, 3);
}

TEST(PolicyParse, ErrorDuplicates) {
  Json j = Minimal();
  Json second = j["requirements"][0];
  second["name"] = "another";
  j["requirements"].push_back(second);
  ExpectError(j, "policy.duplicate", "requirements[1].id");
  j = Minimal();
  j["passing_grades"] = Json::array({"合格", "合格"});
  ExpectError(j, "policy.duplicate", "passing_grades[1]");
}

TEST(PolicyParse, ErrorShadowedRule) {
  Json j = Minimal();
  // The first rule (every 网络研修) takes every record the second would.
  j["coefficients"]["rules"].push_back({{"levels", {"国培"}}, {"forms", {"网络研修"}}, {"coefficient", 0.8}});
  ExpectError(j, "policy.rule_shadowed", "coefficients.rules[1]");
  auto r = ParsePolicy(j);
  EXPECT_EQ(r.status().params().at("by"), "coefficients.rules[0]");
  // The other order is fine: the narrower rule first.
  Json ok = Minimal();
  ok["coefficients"]["rules"] = Json::array({{{"levels", {"国培"}}, {"forms", {"网络研修"}}, {"coefficient", 0.8}},
                                             {{"forms", {"网络研修"}}, {"coefficient", 0.7}}});
  EXPECT_TRUE(ParsePolicy(ok).ok());
  // A rule with no condition at all shadows every later rule.
  j = Minimal();
  j["coefficients"]["rules"] = Json::array({{{"coefficient", 1.1}}, {{"forms", {"网络研修"}}, {"coefficient", 0.7}}});
  ExpectError(j, "policy.rule_shadowed", "coefficients.rules[1]");
}

TEST(PolicyParse, ErrorAchievementFilterMixedWithDimension) {
  Json j = Minimal();
  j["requirements"][0]["counts"] = {{"include_achievements", true}, {"dimensions", {"师德修养"}}};
  ExpectError(j, "policy.achievement_filter", "requirements[0].counts.include_achievements");
  j["requirements"][0]["counts"] = {{"include_achievements", true}, {"topic_tags", {"教育技术"}}};
  ExpectError(j, "policy.achievement_filter", "requirements[0].counts.include_achievements");
}

TEST(PolicyParse, ErrorAgeOnWithoutAgeUnder) {
  Json j = Minimal();
  j["requirements"][0]["applies_to"] = {{"sex", "女"}, {"age_on", "2023-09-01"}};
  ExpectError(j, "policy.age_on_alone", "requirements[0].applies_to.age_on");
  j["requirements"][0]["applies_to"]["age_under"] = 40;
  auto r = ParsePolicy(j);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->requirements[0].applies_to.age_on, (Date{2023, 9, 1}));
  EXPECT_EQ(r->requirements[0].applies_to.age_under, 40);
  j["requirements"][0]["applies_to"]["age_on"] = "2023-02-30";
  ExpectError(j, "policy.date", "requirements[0].applies_to.age_on");
}

TEST(PolicyParse, ErrorRange) {
  Json j = Minimal();
  j["hours_per_credit"] = 0;
  ExpectError(j, "policy.range", "hours_per_credit");
  j["hours_per_credit"] = 101;
  ExpectError(j, "policy.range", "hours_per_credit");
  j = Minimal();
  j["coefficients"]["rules"][0]["coefficient"] = 10.01;
  ExpectError(j, "policy.range", "coefficients.rules[0].coefficient");
  j["coefficients"]["rules"][0]["coefficient"] = -0.1;
  ExpectError(j, "policy.range", "coefficients.rules[0].coefficient");
  j = Minimal();
  j["requirements"][0]["minimum"] = -1;
  ExpectError(j, "policy.range", "requirements[0].minimum");
  j["requirements"][0]["minimum"] = 10000.1;
  ExpectError(j, "policy.range", "requirements[0].minimum");
  j["requirements"][0]["minimum"] = 1e300;
  ExpectError(j, "policy.range", "requirements[0].minimum");
  j = Minimal();
  j["requirements"][0]["period"] = {{"kind", "cycle"}, {"years", 1}, {"start_year", 2021}};
  ExpectError(j, "policy.range", "requirements[0].period.years");
  j["requirements"][0]["period"] = {{"kind", "cycle"}, {"years", 5}, {"start_year", 1800}};
  ExpectError(j, "policy.range", "requirements[0].period.start_year");
  j = Minimal();
  j["requirements"][0]["applies_to"] = {{"age_under", 0}};
  ExpectError(j, "policy.range", "requirements[0].applies_to.age_under");
}

TEST(PolicyParse, ErrorRequiredEmptyTooManyMalformed) {
  Json j = Minimal();
  j.erase("requirements");
  ExpectError(j, "policy.required", "requirements");
  j = Minimal();
  j.erase("hours_per_credit");
  ExpectError(j, "policy.required", "hours_per_credit");
  j = Minimal();
  j.erase("coefficients");
  ExpectError(j, "policy.required", "coefficients");
  j = Minimal();
  j["requirements"][0].erase("minimum");
  ExpectError(j, "policy.required", "requirements[0].minimum");
  j = Minimal();
  j["requirements"][0]["period"] = {{"kind", "cycle"}, {"years", 5}};
  ExpectError(j, "policy.required", "requirements[0].period.start_year");
  j = Minimal();
  j["passing_grades"] = Json::array();
  ExpectError(j, "policy.empty", "passing_grades");
  j = Minimal();
  j["requirements"][0]["id"] = "";
  ExpectError(j, "policy.empty", "requirements[0].id");
  j = Minimal();
  for (size_t i = 1; i <= kMaxRequirements; ++i) {
    Json r = j["requirements"][0];
    r["id"] = "r" + std::to_string(i);
    j["requirements"].push_back(r);
  }
  ExpectError(j, "policy.too_many", "requirements");
  auto bad = ParsePolicyText("{\"hours_per_credit\": 1,");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().key(), "policy.malformed");
  EXPECT_EQ(bad.status().field(), "$");
  EXPECT_TRUE(HasMessage("policy.malformed"));
}

TEST(PolicyParse, EveryDocumentedKeyHasAMessage) {
  for (const char* key : {"policy.required",
                          "policy.type",
                          "policy.unknown_field",
                          "policy.enum",
                          "policy.empty",
                          "policy.decimals",
                          "policy.range",
                          "policy.date",
                          "policy.duplicate",
                          "policy.rule_shadowed",
                          "policy.achievement_filter",
                          "policy.age_on_alone",
                          "policy.too_many",
                          "policy.not_inherited",
                          "policy.hpc_inherited",
                          "policy.needed.line",
                          "policy.needed.disjoint",
                          "policy.needed.result",
                          "policy.malformed",
                          "policy.shortfall",
                          "policy.unit.credits",
                          "policy.unit.hours",
                          "policy.reason.achievement",
                          "policy.reason.counted",
                          "policy.reason.counted_per_credit",
                          "policy.reason.cycle_only",
                          "policy.reason.duplicate",
                          "policy.reason.failed_grade",
                          "policy.reason.invalid",
                          "policy.reason.outside_period",
                          "policy.reason.over_cap",
                          "policy.reason.partially_counted",
                          "policy.reason.unknown_achievement_type"}) {
    EXPECT_TRUE(HasMessage(key)) << key;
    EXPECT_NE(FormatMessage(key, "zh", {}), FormatMessage(key, "en", {})) << key;
  }
}

TEST(PolicyRoundTrip, DefaultAndSamples) {
  std::vector<std::pair<std::string, Policy>> policies = {{"DefaultPolicy()", DefaultPolicy()}};
  for (const char* name : {"s1_district_default", "s1_provincial", "s2_jiyuan"}) {
    policies.emplace_back(name, LoadSample(name));
  }
  // The layered S1 policy, flattened, is a whole document too (origins aside).
  {
    auto layered = ExtendPolicy(LoadSample("s1_provincial"), Json::parse(ReadSampleText("s1_district_extends_provincial")), 1);
    ASSERT_TRUE(layered.ok()) << layered.status().key() << " at " << layered.status().field();
    Policy flat = *layered;
    flat.origins.clear();
    for (auto& r : flat.requirements) r.origin = 0;
    for (auto& r : flat.coefficients) r.origin = 0;
    policies.emplace_back("s1 layered", flat);
  }
  for (const auto& [name, p] : policies) {
    Json doc = PolicyToJson(p);
    auto back = ParsePolicy(doc);
    ASSERT_TRUE(back.ok()) << name << ": " << back.status().key() << " at " << back.status().field();
    EXPECT_TRUE(back.value() == p) << name << ": " << doc.dump();
    // And through text, as stored.
    auto text = ParsePolicyText(doc.dump());
    ASSERT_TRUE(text.ok()) << name;
    EXPECT_TRUE(text.value() == p) << name;
    EXPECT_EQ(PolicyToJson(back.value()), doc) << name;
  }
}

TEST(PolicySamples, DistrictSampleIsTheDefaultPolicy) {
  EXPECT_TRUE(LoadSample("s1_district_default") == DefaultPolicy());
}

TEST(PolicySamples, DefaultPolicyMatchesTheIssue) {
  const Policy& p = DefaultPolicy();
  EXPECT_EQ(p.hours_per_credit, 1);
  EXPECT_EQ(p.passing_grades, (std::vector<std::string>{"优秀", "良好", "合格", "基本合格"}));
  EXPECT_EQ(p.achievement_cap_tenths, 100);
  for (const char* t : {"荣誉", "科研", "论文", "竞赛"}) EXPECT_EQ(p.achievement_types.at(t), 100) << t;
  ASSERT_EQ(p.requirements.size(), 5u);
  const std::vector<std::pair<std::string, int64_t>> mins = {
      {"total", 640}, {"ethics", 60}, {"teaching", 280}, {"student_mgmt", 100}, {"growth", 200}};
  for (size_t i = 0; i < mins.size(); ++i) {
    const Requirement& r = p.requirements[i];
    EXPECT_EQ(r.id, mins[i].first);
    EXPECT_EQ(r.minimum_tenths, mins[i].second) << r.id;
    EXPECT_EQ(r.measure, Measure::kCredits) << r.id;
    EXPECT_EQ(r.period.kind, Period::Kind::kYear) << r.id;
    EXPECT_TRUE(r.applies_to.IsAll()) << r.id;
    // Achievements count toward the total and no dimension.
    EXPECT_EQ(r.counts.include_achievements, i == 0) << r.id;
    EXPECT_EQ(r.counts.dimensions.size(), i == 0 ? 0u : 1u) << r.id;
  }
}

TEST(PolicySamples, S1ProvincialMatchesTheIssue) {
  Policy p = LoadSample("s1_provincial");
  EXPECT_EQ(p.hours_per_credit, 10);
  ASSERT_FALSE(p.requirements.empty());
  const Requirement& cycle = p.requirements[0];
  EXPECT_EQ(cycle.id, "cycle_total");
  EXPECT_EQ(cycle.measure, Measure::kHours);
  EXPECT_EQ(cycle.minimum_tenths, 2400);
  EXPECT_EQ(cycle.period.kind, Period::Kind::kCycle);
  EXPECT_EQ(cycle.period.cycle_years, 5);
  EXPECT_TRUE(cycle.applies_to.IsAll());
  EXPECT_FALSE(cycle.counts.include_achievements);
  // Education technology >= 50 h for men and women under (configurable) ages.
  ASSERT_EQ(p.requirements.size(), 3u);
  for (size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(p.requirements[i].minimum_tenths, 500);
    EXPECT_EQ(p.requirements[i].measure, Measure::kHours);
    EXPECT_TRUE(p.requirements[i].applies_to.age_under.has_value());
    EXPECT_EQ(p.requirements[i].counts.topic_tags, std::vector<std::string>{"教育技术"});
  }
  EXPECT_EQ(p.requirements[1].applies_to.sex, "男");
  EXPECT_EQ(p.requirements[2].applies_to.sex, "女");
}

TEST(PolicySamples, S2MatchesTheIssue) {
  Policy p = LoadSample("s2_jiyuan");
  EXPECT_EQ(p.hours_per_credit, 1);
  ASSERT_EQ(p.requirements.size(), 2u);
  const Requirement& cycle = p.requirements[0];
  EXPECT_EQ(cycle.measure, Measure::kHours);
  EXPECT_EQ(cycle.minimum_tenths, 3600);
  EXPECT_EQ(cycle.period.kind, Period::Kind::kCycle);
  EXPECT_EQ(cycle.period.cycle_years, 5);
  EXPECT_EQ(cycle.period.start_year, 2021);
  const Requirement& pre = p.requirements[1];
  EXPECT_EQ(pre.measure, Measure::kHours);
  EXPECT_EQ(pre.minimum_tenths, 1200);
  EXPECT_EQ(pre.applies_to.years_since_hire_under, 1);
  EXPECT_EQ(pre.counts.forms, std::vector<std::string>{"岗前培训"});
  EXPECT_EQ(pre.period.kind, Period::Kind::kYear);
}

TEST(PolicyCoefficients, DefaultTable) {
  const Policy& p = DefaultPolicy();
  auto expected = [](const std::string& level, const std::string& form, const std::string& location) {
    // Seed S1 §五.2, restated independently of the table's encoding: 区级
    // 集中培训 1.2 with no location condition; 区级以上 (市培、省培、国培)
    // 集中培训 1.2 in the region, 1.3 outside it.
    if (form == "校本研修") return 100;
    if (form == "网络研修") return 70;
    if (form == "集中培训" && level == "区县级") return 120;
    if (form == "集中培训" && level != "校本") return location == "区域外" ? 130 : 120;
    return 100;
  };
  for (const auto& level : Levels()) {
    for (const auto& form : Forms()) {
      for (const std::string location : {"区域内", "区域外", ""}) {
        EXPECT_EQ(CoefficientFor(p, level, form, location), expected(level, form, location))
            << level << " " << form << " " << location;
      }
    }
  }
  EXPECT_EQ(CoefficientFor(p, "区县级", "集中培训", "区域外"), 120);
  EXPECT_EQ(CoefficientFor(p, "市培", "集中培训", "区域外"), 130);
  EXPECT_EQ(CoefficientFor(p, "国培", "网络研修", "区域外"), 70);
  EXPECT_EQ(CoefficientFor(p, "校本", "集中培训", "区域外"), 100);
  // A policy without rules gives its default to everything.
  Policy flat;
  flat.default_coef_hundredths = 90;
  EXPECT_EQ(CoefficientFor(flat, "国培", "集中培训", "区域外"), 90);
}

TEST(PolicyArithmetic, FormatExact) {
  EXPECT_EQ(FormatExact(50, 1000), "0.05");  // 20 - 19.95
  EXPECT_EQ(FormatExact(64000, 1000), "64.0");
  EXPECT_EQ(FormatExact(15250, 1000), "15.25");
  EXPECT_EQ(FormatExact(5, 10000), "0.0005");  // hours_per_credit 10: ten-thousandths of a credit
  EXPECT_EQ(FormatExact(0, 1000), "0.0");
  EXPECT_EQ(FormatExact(1, 3000), "0.0004");  // 1/3000 = 0.000333..., rounded up: enough
}

TEST(PolicyFilters, DisjointAndDimensionRequired) {
  const Policy& p = DefaultPolicy();
  // The total meets every dimension; the dimensions are pairwise disjoint.
  for (size_t i = 1; i < 5; ++i) {
    EXPECT_FALSE(FiltersDisjoint(p.requirements[0].counts, p.requirements[i].counts)) << i;
    for (size_t k = 1; k < 5; ++k)
      EXPECT_EQ(FiltersDisjoint(p.requirements[i].counts, p.requirements[k].counts), i != k) << i << " " << k;
  }
  RecordFilter online{{}, {"网络研修"}, {}, {}, false}, central{{}, {"集中培训"}, {}, {}, false};
  RecordFilter ethics{{"师德修养"}, {}, {}, {}, false}, tagged{{}, {}, {}, {"教育技术"}, false},
      other_tag{{}, {}, {}, {"安全"}, false};
  EXPECT_TRUE(FiltersDisjoint(online, central));
  EXPECT_FALSE(FiltersDisjoint(online, ethics));    // an online 师德 record matches both
  EXPECT_FALSE(FiltersDisjoint(tagged, other_tag));  // a record may carry both tags
  EXPECT_TRUE(RequiresDimension(DefaultPolicy()));
  EXPECT_FALSE(RequiresDimension(LoadSample("s2_jiyuan")));
  EXPECT_FALSE(RequiresDimension(LoadSample("s1_provincial")));
}

// Layered policies: the extension's own paths name each error.
void ExpectExtendError(const Policy& base, const Json& ext, const std::string& key, const std::string& field) {
  auto r = ExtendPolicy(base, ext, 1);
  ASSERT_FALSE(r.ok()) << "expected " << key << " at " << field << " for " << ext.dump();
  EXPECT_EQ(r.status().key(), key) << r.status().Message("en");
  EXPECT_EQ(r.status().field(), field) << r.status().Message("en");
  EXPECT_NE(r.status().Message("zh").find(field), std::string::npos) << r.status().Message("zh");
}

TEST(PolicyExtend, AddOverrideRemoveWithOrigins) {
  const Policy province = LoadSample("s1_provincial");
  auto r = ExtendPolicy(province, Json::parse(ReadSampleText("s1_district_extends_provincial")), 1);
  ASSERT_TRUE(r.ok()) << r.status().key() << " at " << r.status().field();
  EXPECT_EQ(r->hours_per_credit, 1);
  EXPECT_EQ(r->origins.at("hours_per_credit"), 1);
  ASSERT_EQ(r->requirements.size(), 8u);  // the province's 3, then the district's 5
  EXPECT_EQ(r->requirements[0].id, "cycle_total");
  EXPECT_EQ(r->requirements[0].origin, 0);
  EXPECT_EQ(r->requirements[3].id, "total");
  EXPECT_EQ(r->requirements[3].origin, 1);
  EXPECT_EQ(CoefficientFor(*r, "区县级", "集中培训", "区域外"), 120);
  EXPECT_EQ(CoefficientFor(*r, "市培", "集中培训", "区域外"), 130);

  // Override a minimum (hours: no hours_per_credit issue), remove a rule and a requirement.
  auto o = ExtendPolicy(*r, Json::parse(R"({"extends": "parent",
      "coefficients": {"rules": [{"id": "online", "coefficient": 0.8}, {"id": "district_central", "remove": true}]},
      "requirements": [{"id": "cycle_total", "minimum": 200}, {"id": "edtech_male", "remove": true}]})"), 2);
  ASSERT_TRUE(o.ok()) << o.status().key() << " at " << o.status().field();
  EXPECT_EQ(o->requirements[0].minimum_tenths, 2000);
  EXPECT_EQ(o->requirements[0].origin, 2);
  EXPECT_EQ(o->requirements[0].measure, Measure::kHours);  // the rest inherited
  EXPECT_EQ(o->requirements.size(), 7u);
  EXPECT_EQ(CoefficientFor(*o, "校本", "网络研修", ""), 80);
  EXPECT_EQ(CoefficientFor(*o, "区县级", "集中培训", "区域外"), 100);  // no rule: the default
  EXPECT_EQ(o->hours_per_credit, 1);  // inherited from layer 1
}

TEST(PolicyExtend, Errors) {
  const Policy province = LoadSample("s1_provincial");
  const Policy& def = DefaultPolicy();
  // Changing hours_per_credit under an inherited credits requirement.
  ExpectExtendError(def, Json::parse(R"({"extends": "parent", "hours_per_credit": 10})"), "policy.hpc_inherited",
                    "hours_per_credit");
  // ...is fine once each is restated or removed, and raw hours carry over.
  EXPECT_TRUE(ExtendPolicy(province, Json::parse(R"({"extends": "parent", "hours_per_credit": 1})"), 1).ok());
  ExpectExtendError(def, Json::parse(R"({"extends": "parent", "requirements": [{"id": "nope", "remove": true}]})"),
                    "policy.not_inherited", "requirements[0].id");
  ExpectExtendError(def, Json::parse(R"({"extends": "parent", "requirements": [{"id": "total", "minimum": 6.45}]})"),
                    "policy.decimals", "requirements[0].minimum");
  ExpectExtendError(def, Json::parse(R"({"extends": "parent", "requirements": [{"id": "new", "name": "x"}]})"),
                    "policy.required", "requirements[0].measure");
  ExpectExtendError(def, Json::parse(R"({"extends": "parent", "coefficients": {"rules": [
      {"forms": ["网络研修"], "coefficient": 0.8}, {"forms": ["网络研修"], "levels": ["国培"], "coefficient": 0.9}]}})"),
                    "policy.rule_shadowed", "coefficients.rules[1]");
  ExpectExtendError(def, Json::parse(R"({"extends": "grandparent"})"), "policy.enum", "extends");
  ExpectExtendError(def, Json::parse(R"({"extends": "parent", "requirements": [{"id": "total", "remove": false}]})"),
                    "policy.enum", "requirements[0].remove");
}

TEST(PolicyArithmetic, FormatTenths) {
  EXPECT_EQ(FormatTenths(0), "0.0");
  EXPECT_EQ(FormatTenths(5), "0.5");
  EXPECT_EQ(FormatTenths(448), "44.8");
  EXPECT_EQ(FormatTenths(640), "64.0");
  EXPECT_EQ(FormatTenths(639), "63.9");
  EXPECT_EQ(FormatTenths(-5), "-0.5");
  EXPECT_EQ(FormatTenths(-640), "-64.0");
  EXPECT_EQ(FormatTenths(1234567890123), "123456789012.3");
  EXPECT_EQ(FormatHundredths(0), "0.00");
  EXPECT_EQ(FormatHundredths(5), "0.05");
  EXPECT_EQ(FormatHundredths(70), "0.70");
  EXPECT_EQ(FormatHundredths(130), "1.30");
  EXPECT_EQ(FormatHundredths(1000), "10.00");
  EXPECT_EQ(FormatHundredths(-5), "-0.05");
}

TEST(PolicyArithmetic, RoundedCreditsTenthsHalfUp) {
  // hours_per_credit 1: a tenth of a credit is 100 units.
  EXPECT_EQ(RoundedCreditsTenths(0, 1), 0);
  EXPECT_EQ(RoundedCreditsTenths(49, 1), 0);     // 0.049 -> 0.0
  EXPECT_EQ(RoundedCreditsTenths(50, 1), 1);     // 0.05 -> 0.1 (half up)
  EXPECT_EQ(RoundedCreditsTenths(1049, 1), 10);  // 1.049 -> 1.0
  EXPECT_EQ(RoundedCreditsTenths(1050, 1), 11);  // 1.05 -> 1.1
  EXPECT_EQ(RoundedCreditsTenths(3150, 1), 32);  // 3.15 -> 3.2
  // hours_per_credit 10: a tenth of a credit is 1000 units.
  EXPECT_EQ(RoundedCreditsTenths(499, 10), 0);
  EXPECT_EQ(RoundedCreditsTenths(500, 10), 1);
  // Large values stay exact.
  EXPECT_EQ(RoundedCreditsTenths(int64_t{100000} * 1000, 1), 1000000);
  EXPECT_EQ(RoundedCreditsTenths(int64_t{4'000'000'000'000'050}, 1), int64_t{40'000'000'000'001});

  EXPECT_EQ(CreditsTenths(640, 70, 1), 448);     // 64 h x 0.7 = 44.8 exactly
  EXPECT_EQ(CreditsTenths(75, 130, 1), 98);      // 7.5 x 1.3 = 9.75 -> 9.8
  EXPECT_EQ(CreditsTenths(25, 130, 1), 33);      // 2.5 x 1.3 = 3.25 -> 3.3
  EXPECT_EQ(CreditsTenths(285, 70, 1), 200);     // 28.5 x 0.7 = 19.95 -> 20.0
  EXPECT_EQ(CreditsTenths(2400, 100, 10), 240);  // 240 h / 10 = 24.0 credits
  EXPECT_EQ(CreditsTenths(399, 100, 10), 40);    // 39.9 h / 10 = 3.99 -> 4.0
  EXPECT_EQ(CreditsTenths(640, 70, 2), 224);     // 64 x 0.7 / 2 = 22.4
  EXPECT_EQ(CreditsTenths(5, 100, 2), 3);        // 0.5 / 2 = 0.25 -> 0.3
  EXPECT_EQ(CreditsTenths(0, 130, 1), 0);
  EXPECT_EQ(RoundedCreditsTenths(AchievementCreditUnits(100, 1), 1), 10);
  EXPECT_EQ(RoundedCreditsTenths(AchievementCreditUnits(150, 10), 10), 15);
}

TEST(PolicyPeriod, CyclesRepeatBothWays) {
  Period y;
  EXPECT_EQ(y.FirstYear(2023), 2023);
  EXPECT_EQ(y.LastYear(2023), 2023);
  Period c{Period::Kind::kCycle, 5, 2021};
  EXPECT_EQ(c.FirstYear(2021), 2021);
  EXPECT_EQ(c.LastYear(2021), 2025);
  EXPECT_EQ(c.FirstYear(2025), 2021);
  EXPECT_EQ(c.LastYear(2025), 2025);
  EXPECT_EQ(c.FirstYear(2026), 2026);
  EXPECT_EQ(c.LastYear(2026), 2030);
  EXPECT_EQ(c.FirstYear(2020), 2016);
  EXPECT_EQ(c.LastYear(2020), 2020);
  EXPECT_EQ(c.FirstYear(2000), 1996);
}

TEST(PolicyAudit, ExemptIsPassedWithReason) {
  TeacherFacts t;
  t.id = "T";
  t.exempt_years[2023] = "骨干教师年度考核合格";
  TeacherAudit a = Audit(DefaultPolicy(), t, {}, 2023);
  EXPECT_EQ(a.status, AuditStatus::kPassed);
  EXPECT_TRUE(a.exempt);
  EXPECT_EQ(a.exempt_reason, "骨干教师年度考核合格");
  EXPECT_TRUE(a.shortfalls.empty());
  EXPECT_STREQ(AuditStatusText(a.status), "达标");
  TeacherAudit b = Audit(DefaultPolicy(), t, {}, 2024);
  EXPECT_EQ(b.status, AuditStatus::kFailed);
  EXPECT_FALSE(b.exempt);
  EXPECT_EQ(b.shortfalls.size(), 5u);
}

}  // namespace
}  // namespace jj::credits::policy
