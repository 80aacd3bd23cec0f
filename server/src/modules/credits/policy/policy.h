// The credit policy (学分政策) as data: how training hours turn into credits
// and what a teacher must reach. One Policy is one region's rules for one
// year; storing, versioning and inheriting policies is the caller's business.
// The schema, the default policy and the arithmetic are documented in
// docs/policy.md.
//
// Exact arithmetic: hours are integer tenths, coefficients integer
// hundredths, credits integer tenths. A record's exact credited amount is
//   hours_tenths * coef_hundredths / (100 * hours_per_credit)   (tenths)
// and it is rounded half up to a tenth only at the final step (see
// RoundedCreditsTenths and audit.h): 64 online hours x 0.7 = 44.8 exactly.
//
// Pure: no I/O, no clock, no globals that change. Every function here is
// thread-safe; a Policy is a plain value, read concurrently without locks.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/date.h"
#include "core/result.h"

namespace jj::credits::policy {

// The closed vocabularies (values are the Chinese words themselves).
const std::vector<std::string>& Levels();      // 国培 省培 市培 区县级 校本
const std::vector<std::string>& Forms();       // 集中培训 网络研修 校本研修 跟岗研修 工作坊 岗前培训
const std::vector<std::string>& Locations();   // 区域内 区域外
const std::vector<std::string>& Dimensions();  // 师德修养 学科教学 学生管理 专业成长
inline constexpr int kDimensionCount = 4;
inline constexpr size_t kMaxRequirements = 64;

// One row of the coefficient table. An empty list matches anything; a
// non-empty list matches any of its values. Rules are tried in order and the
// first match wins; no rule matching means Policy::default_coef_hundredths.
struct CoefficientRule {
  std::string id;  // optional; names the rule so that an extending policy can override or remove it
  std::vector<std::string> levels, forms, locations;
  int coef_hundredths = 100;
  int origin = 0;  // which document of a layered policy it comes from (see ResolvePolicy); 0 = the base
  bool operator==(const CoefficientRule&) const = default;
};

// Who a requirement applies to. Every condition that is set must hold (AND);
// within a list any value matches (OR). Nothing set = all teachers.
struct AppliesTo {
  std::vector<std::string> stages;  // teacher's stage is one of these
  std::vector<std::string> posts;   // teacher holds at least one of these
  std::string sex;                  // 男 / 女, empty = either
  std::optional<int> age_under;     // age (whole years) on age_on is < this ("不满 N 周岁")
  std::optional<Date> age_on;       // default: 31 December of the audited year
  // (audited year - hire year) < N: 1 = hired in the audited year (first-year
  // teachers), 3 = 新教师 in their first three calendar years.
  std::optional<int> years_since_hire_under;
  bool IsAll() const {
    return stages.empty() && posts.empty() && sex.empty() && !age_under && !years_since_hire_under;
  }
  bool operator==(const AppliesTo&) const = default;
};

// A single year, or a cycle of `cycle_years` years starting in `start_year`
// (and repeating every cycle_years before and after it).
struct Period {
  enum class Kind { kYear, kCycle };
  Kind kind = Kind::kYear;
  int cycle_years = 1;
  int start_year = 0;
  // The first and last year of the period that contains `year`.
  int FirstYear(int year) const;
  int LastYear(int year) const;
  bool operator==(const Period&) const = default;
};

// Which records a requirement counts. Empty lists match anything. Achievement
// records have no dimension, form or level: they count only where
// include_achievements is set, which is allowed only with no other filter
// (a "total" requirement).
struct RecordFilter {
  std::vector<std::string> dimensions, forms, levels, topic_tags;
  bool include_achievements = false;
  bool operator==(const RecordFilter&) const = default;
};

enum class Measure { kCredits, kHours };
const char* MeasureName(Measure m);  // "credits" / "hours"

struct Requirement {
  std::string id;       // stable, unique within the policy ("total", "ethics")
  std::string name;     // zh, shown to users ("学生管理")
  std::string name_en;  // optional; falls back to name
  AppliesTo applies_to;
  Period period;
  RecordFilter counts;
  Measure measure = Measure::kCredits;
  int64_t minimum_tenths = 0;  // of credits or of hours, per measure
  int origin = 0;              // which document of a layered policy it comes from (see ResolvePolicy)
  bool operator==(const Requirement&) const = default;
};

struct Policy {
  std::string name;
  int hours_per_credit = 1;
  int default_coef_hundredths = 100;
  std::vector<CoefficientRule> coefficients;
  std::vector<std::string> passing_grades;  // a record with an empty grade also passes
  std::map<std::string, int> achievement_types;  // type -> coefficient (hundredths) for one unit
  std::optional<int64_t> achievement_cap_tenths;  // credits per calendar year; nullopt = no cap
  std::vector<Requirement> requirements;        // at most kMaxRequirements
  // For a layered policy (ExtendPolicy): the document that last set each
  // top-level setting ("name", "hours_per_credit", "coefficients.default",
  // "passing_grades", "achievements"); absent = the base (0).
  std::map<std::string, int> origins;
  bool operator==(const Policy&) const = default;
};

// Whether a training record must carry a 维度 under this policy: exactly
// when some requirement counts records by dimension. S2 (a 360-hour cycle
// with no dimensions) does not need one; the default policy does.
bool RequiresDimension(const Policy& p);

// True when no record can match both filters (so a record counts toward at
// most one of the two requirements): some attribute (dimensions, forms,
// levels) is restricted by both with no value in common, and not both count
// achievements. Topic tags never make filters disjoint (a record may carry
// several). Used for the amount a teacher still needs (audit.h).
bool FiltersDisjoint(const RecordFilter& a, const RecordFilter& b);

// The coefficient (hundredths) for a training record. An empty location is
// read as 区域内 (most records are local; the importer may leave it blank).
int CoefficientFor(const Policy& p, std::string_view level, std::string_view form, std::string_view location);

// The exact credited amount of a record in "exact units" of
// 1 / (1000 * hours_per_credit) credit: hours_tenths * coef_hundredths.
// Sums of these are exact; RoundedCreditsTenths turns one into tenths.
inline int64_t ExactCreditUnits(int64_t hours_tenths, int coef_hundredths) {
  return hours_tenths * coef_hundredths;
}
// The exact units of one achievement: one unit (1 credit) x coefficient.
inline int64_t AchievementCreditUnits(int coef_hundredths, int hours_per_credit) {
  return int64_t{coef_hundredths} * 10 * hours_per_credit;
}
// Exact units -> credits in tenths, half up (`units` must be >= 0).
int64_t RoundedCreditsTenths(int64_t units, int hours_per_credit);
// hours_tenths x coefficient / hours_per_credit, rounded half up to tenths.
inline int64_t CreditsTenths(int64_t hours_tenths, int coef_hundredths, int hours_per_credit) {
  return RoundedCreditsTenths(ExactCreditUnits(hours_tenths, coef_hundredths), hours_per_credit);
}
// 448 -> "44.8", 640 -> "64.0", -5 -> "-0.5". FormatHundredths(70) -> "0.70".
std::string FormatTenths(int64_t tenths);
std::string FormatHundredths(int64_t hundredths);
// An exact amount of `units` / `per_one` (per_one > 0, units >= 0) with as
// many decimals as it needs, at least one and at most four: 50/1000 ->
// "0.05", 64000/1000 -> "64.0", 15250/1000 -> "15.25". An amount that needs
// more than four decimals (only when hours_per_credit does not divide a
// power of ten) is rounded up at the fourth, so that the amount shown is
// always enough.
std::string FormatExact(int64_t units, int64_t per_one);
// The exact units in one credit (1000 x hours_per_credit) or one hour (1000).
inline int64_t UnitsPerOne(Measure m, int hours_per_credit) {
  return m == Measure::kHours ? 1000 : int64_t{1000} * hours_per_credit;
}

// The district policy of seed S1 (see docs/policy.md): 1 hour per credit,
// yearly 64 credits with dimension minimums, achievements capped at 10.
const Policy& DefaultPolicy();

// Parses and validates a policy document. Unknown keys are rejected.
// Errors: InvalidArgument whose field() is the JSON path at fault
// ("requirements[2].period.start_year") and whose key is one of
// policy.required, policy.type, policy.unknown_field, policy.enum,
// policy.empty, policy.decimals, policy.range, policy.date, policy.duplicate,
// policy.rule_shadowed, policy.achievement_filter, policy.age_on_alone,
// policy.too_many (params: field, and per key expected/value/allowed/min/max/by).
Result<Policy> ParsePolicy(const nlohmann::json& j);
// The same from text; malformed JSON is InvalidArgument policy.malformed.
Result<Policy> ParsePolicyText(std::string_view text);
// The canonical document: ParsePolicy(PolicyToJson(p)) == p.
nlohmann::json PolicyToJson(const Policy& p);

// Layered policies (docs/policy.md "Layered regional policies"). A region's
// document with "extends": "parent" stores only its difference from the
// policy in force above it: top-level settings it gives replace the
// inherited ones; `requirements` and `coefficients.rules` entries add or
// override by id (an override puts the entry's keys over the inherited
// item's), and {"id": X, "remove": true} removes one. New rules are tried
// before the inherited ones; new requirements come after them. An inherited
// rule that the extension's rules cover completely is left out. Changing
// hours_per_credit requires restating (a "minimum") or removing every
// inherited requirement in credits or counting achievements.
bool IsExtension(const nlohmann::json& document);
// `base` extended by `extension`; everything the extension writes gets
// `origin` (Requirement::origin, CoefficientRule::origin, Policy::origins).
// Errors as ParsePolicy's, naming the extension's own paths, plus
// policy.not_inherited (removing an id the base lacks) and
// policy.hpc_inherited (param value: the requirement to restate).
Result<Policy> ExtendPolicy(const Policy& base, const nlohmann::json& extension, int origin);

}  // namespace jj::credits::policy
