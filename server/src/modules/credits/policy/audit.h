// The annual audit (学分审核认定) of one teacher under one policy: every
// record with whether it counts and why, credits per dimension, achievement
// credits after the yearly cap, the total, each requirement with
// required / actual / met, and 达标 / 未达标 with the shortfalls in words. A year
// the teacher is exempt from (e.g. a backbone teacher who passed the annual
// assessment, domain.md §6) is 达标 whatever the records, with the reason.
// Semantics (cycles, caps, duplicates, rounding) are in docs/policy.md.
//
// Pure: no I/O, no clock (the audited year and every date are inputs).
// Every function is thread-safe; audit many teachers in parallel freely.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "modules/credits/policy/policy.h"

namespace jj::credits::policy {

enum class SourceKind { kTraining, kSchoolActivity, kWorkshop, kReading, kAchievement, kImport };
// "training" "school_activity" "workshop" "reading" "achievement" "import".
const char* SourceKindName(SourceKind k);
// The kind named `name` (as SourceKindName spells it), if any.
std::optional<SourceKind> SourceKindOf(std::string_view name);

// One approved credit record (the caller filters out declared / verified /
// rejected ones: only bureau-approved records reach the engine).
struct CreditRecord {
  std::string id;
  std::string project_code;  // records with the same non-empty code count once
  std::string project_name;
  Date date;
  std::string level, form, dimension, location;  // unused for achievements
  int64_t hours_tenths = 0;                      // unused for achievements
  std::string grade;                             // empty = not graded (passes)
  std::vector<std::string> topic_tags;
  SourceKind source = SourceKind::kTraining;
  std::string achievement_type;  // for kAchievement: a key of Policy::achievement_types
  // Optional, for readers that already know them (audit packs): the indices
  // of level, form, dimension and location in Levels(), Forms(), Dimensions()
  // and Locations(), or -1 to have the engine look the text up. An index set
  // here must be that of the text.
  std::array<int8_t, 4> vocabulary_index{-1, -1, -1, -1};
};

struct TeacherFacts {
  std::string id;
  std::string stage;
  std::vector<std::string> posts;
  std::string sex;  // 男 / 女
  std::optional<Date> birth_date, hire_date;
  std::map<int, std::string> exempt_years;  // year -> reason (e.g. 骨干教师年度考核合格)
};

// Why a record does or does not count, in the order the engine decides.
enum class Outcome {
  kCounted,                 // counts in the audited year
  kPartiallyCounted,        // an achievement that crossed the yearly cap: the part below it counts
  kCycleOnly,               // dated in another year of a cycle: counts toward that cycle requirement only
  kOutsidePeriod,           // dated outside the audited year and every applicable cycle
  kInvalid,                 // bad data (detail = the field); ValidateRecord says what
  kFailedGrade,             // grade not in Policy::passing_grades (detail = grade)
  kUnknownAchievementType,  // detail = the type
  kDuplicate,               // same project code as an earlier record (detail = that record's id)
  kOverCap,                 // achievement beyond the yearly cap
};
const char* OutcomeName(Outcome o);  // "counted", "partially_counted", ...

struct RecordAudit {
  std::string record_id;
  Date date;
  bool achievement = false;
  Outcome outcome = Outcome::kCounted;
  std::string detail;
  int coef_hundredths = 0;
  int64_t hours_tenths = 0;
  int64_t credit_units = 0;       // exact credited amount after the cap (0 when excluded)
  int64_t credits_tenths = 0;     // credit_units rounded, for display
  uint64_t requirement_mask = 0;  // bit i: counted toward Policy::requirements[i]
  bool counts_in_year() const { return outcome == Outcome::kCounted || outcome == Outcome::kPartiallyCounted; }
};

struct RequirementAudit {
  std::string id, name, name_en;
  Measure measure = Measure::kCredits;
  int first_year = 0, last_year = 0;  // the period containing the audited year
  bool applies = false;               // the teacher satisfies applies_to
  bool binding = false;               // decides the status this year (a cycle binds only in its last year)
  int64_t required_tenths = 0, actual_tenths = 0;  // actual rounded once, for display
  // The exact amounts, in units of 1/per_one credit or hour (UnitsPerOne):
  // `met` compares these, never the rounded ones (19.95 does not meet 20).
  int64_t required_units = 0, actual_units = 0, per_one = 1000;
  bool met = true;  // !applies || actual_units >= required_units
};

enum class AuditStatus { kPassed, kFailed };
const char* AuditStatusText(AuditStatus s);  // 达标 / 未达标

struct Shortfall {
  size_t requirement = 0;     // index into TeacherAudit::requirements
  int64_t missing_units = 0;  // exact, in the requirement's units (RequirementAudit::per_one)
  int64_t missing_tenths = 0;  // rounded up to a tenth: 0.05 short is 0.1, never 0.0
};

// What a teacher still has to earn, in one measure, to meet every binding
// requirement of that measure at once. A record counts toward every
// requirement whose filter it matches, so the shortfalls must not simply be
// added: a teacher with nothing needs 64 credits under the default policy,
// not 64 + 6 + 28 + 10 + 20. The engine takes the largest of
//   - each single shortfall, and
//   - each sum of shortfalls over requirements whose record filters are
//     pairwise disjoint (FiltersDisjoint): no record counts toward two of
//     them, so their missing amounts add up.
// That is a lower bound of what must be earned (the new records' amounts
// must cover each such sum); it is exact when every two of these
// requirements are disjoint or nested (one filter's records are all the
// other's), as in the default policy (the total contains the four disjoint
// dimensions): then earning `units` in the right places meets them all.
struct Needed {
  Measure measure = Measure::kCredits;
  int64_t units = 0, per_one = 1000;  // exact: units / per_one credits or hours
  // The shortfalls (indices into TeacherAudit::shortfalls) that add up to
  // `units`: one, or several with pairwise disjoint filters.
  std::vector<size_t> group;
};

struct TeacherAudit {
  std::string teacher_id;
  int year = 0;
  int hours_per_credit = 1;
  std::optional<int64_t> achievement_cap_tenths;
  // Year totals: exact sums of counted records, each rounded once.
  int64_t total_credits_tenths = 0;                            // training + achievements after the cap
  std::array<int64_t, kDimensionCount> by_dimension_tenths{};  // in Dimensions() order
  int64_t achievement_credits_tenths = 0;
  // kPassed when every binding, applicable requirement is met, or when the
  // teacher is exempt for the year (then `exempt` is set, `shortfalls` is
  // empty and the requirements still show where the teacher stands).
  AuditStatus status = AuditStatus::kPassed;
  bool exempt = false;
  std::string exempt_reason;
  std::vector<RecordAudit> records;            // same order as the input records
  std::vector<RequirementAudit> requirements;  // same order as Policy::requirements
  std::vector<Shortfall> shortfalls;           // binding, applicable, unmet; policy order
  // Per measure with a shortfall (credits first, then hours): what is still
  // to earn; empty when 达标 (also when exempt).
  std::vector<Needed> needed;
};

// What Audit returns: everything, or (kTotals) all but TeacherAudit::records,
// which stays empty: a school's table needs only the totals, and is faster.
enum class AuditDetail { kRecords, kTotals };

// A policy made ready to audit many teachers: the vocabularies resolved to
// indices, the coefficient table expanded for every (level, form, location)
// and each requirement's record filter turned into bit masks, so that a
// record costs integer lookups. Immutable: share one across threads.
class PreparedPolicy {
 public:
  explicit PreparedPolicy(Policy policy);
  const Policy& policy() const { return policy_; }

 private:
  friend TeacherAudit Audit(const PreparedPolicy&, const TeacherFacts&, std::span<const CreditRecord>, int,
                            AuditDetail);
  struct Filter {
    uint32_t dimensions = ~0u, forms = ~0u, levels = ~0u;  // bit i: vocabulary entry i matches
  };
  bool dimension_required_ = true;  // RequiresDimension(policy_)
  int Coefficient(int level, int form, int location) const;
  Policy policy_;
  std::vector<int> coef_hundredths_;  // [level][form][location], row-major
  std::vector<Filter> filters_;       // per requirement
};

// Audits `teacher` for calendar year `year`. `records` are the teacher's
// approved records; pass every year a cycle requirement may need (records
// of other years are explained, not counted in the year). Never fails: a
// record with bad data is reported as kInvalid and not counted. To audit
// many teachers under one policy, prepare it once and use the first form.
TeacherAudit Audit(const PreparedPolicy& policy, const TeacherFacts& teacher, std::span<const CreditRecord> records,
                   int year, AuditDetail detail = AuditDetail::kRecords);
TeacherAudit Audit(const Policy& policy, const TeacherFacts& teacher, std::span<const CreditRecord> records, int year);

// A shortfall in words ("zh" or "en"): "学生管理 差 3.5 学分",
// "学生管理 (Student management): 3.5 credits short".
// The exact missing amount is shown ("差 0.05 学分", FormatExact).
std::string ShortfallText(const TeacherAudit& audit, const Shortfall& s, const std::string& lang);
// What is still needed, in words: "64.0 学分" / "64.0 credits", the measures
// joined by "；" / "; "; empty when nothing is needed.
std::string NeededText(const TeacherAudit& audit, const std::string& lang);
// How one Needed was found, line by line (each shortfall of its measure,
// the largest disjoint sum, the conclusion).
std::vector<std::string> NeededExplanation(const TeacherAudit& audit, const Needed& n, const std::string& lang);

// The audit as JSON, numbers as decimals with one place (docs/policy.md):
// {"year","total_credits","by_dimension":{...},"achievement_credits","status",
//  "shortfalls":[{"requirement","name","measure","required","actual","missing","text_zh","text_en"}],
//  "needed":[{"measure","amount","text_zh","text_en","requirements","explain_zh","explain_en"}],
//  "needed_text_zh","needed_text_en"}
// ("missing" and "amount" are exact decimals, the rest one place).
// plus "exempt" (boolean) and, when exempt, "exempt_reason". The caller adds
// "id_number", "name", "school". With `detail`, also "teacher_id", "requirements":[...] and
// "records":[...] with every record's outcome and reason in zh and en.
nlohmann::json AuditToJson(const TeacherAudit& audit, bool detail = false);

// A record's reason in words ("zh" or "en").
std::string ExplainRecord(const TeacherAudit& audit, const RecordAudit& r, const std::string& lang);

// Checks a record's own data: for training records level, form and dimension
// in the vocabularies, location empty or in Locations(), hours >= 0; for
// achievements a non-empty type. The dimension may be empty when
// `dimension_required` is false (RequiresDimension of the policy in force).
// Errors: InvalidArgument policy.enum / policy.required / policy.range with
// field() naming the record field.
Status ValidateRecord(const CreditRecord& r, bool dimension_required = true);

// JSON forms of the inputs (used by golden files, the CLI and previews).
// record: {"id","date","source"?,"project_code"?,"project_name"?,"level","form",
//          "dimension","location"?,"hours","grade"?,"topic_tags"?,"achievement_type"?}
// teacher: {"id","stage"?,"posts"?,"sex"?,"birth_date"?,"hire_date"?,
//           "exempt"?:[{"year","reason"}]}
// These check the JSON shape and types only (so that a golden file can feed
// a bad record to Audit); call ValidateRecord for the vocabularies.
// Errors: InvalidArgument with field() = `path` + the JSON path at fault.
Result<CreditRecord> RecordFromJson(const nlohmann::json& j, const std::string& path = "");
Result<TeacherFacts> TeacherFromJson(const nlohmann::json& j, const std::string& path = "");
nlohmann::json RecordToJson(const CreditRecord& r);

}  // namespace jj::credits::policy
