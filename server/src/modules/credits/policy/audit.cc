#include "modules/credits/policy/audit.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "core/messages.h"
#include "core/text.h"
#include "modules/credits/policy/json_read.h"

namespace jj::credits::policy {
namespace {

using internal::Json;
using internal::ObjectReader;
using internal::PathError;

bool Applies(const AppliesTo& a, const TeacherFacts& t, int year) {
  if (!a.stages.empty() && !Contains(a.stages, t.stage)) return false;
  if (!a.posts.empty() &&
      std::none_of(t.posts.begin(), t.posts.end(), [&](const std::string& p) { return Contains(a.posts, p); })) {
    return false;
  }
  if (!a.sex.empty() && t.sex != a.sex) return false;
  // A fact the predicate needs but the registry lacks means "does not apply":
  // the registry derives birth date from the ID number, so this is rare.
  if (a.age_under) {
    if (!t.birth_date) return false;
    Date on = a.age_on.value_or(Date{year, 12, 31});
    if (YearsBetween(*t.birth_date, on) >= *a.age_under) return false;
  }
  if (a.years_since_hire_under) {
    if (!t.hire_date) return false;
    int since = year - t.hire_date->year;
    if (since < 0 || since >= *a.years_since_hire_under) return false;
  }
  return true;
}

// a == b for short texts without a call to memcmp: the vocabularies are a
// handful of words of 6 to 12 bytes, compared for every record of an audit.
inline bool SameText(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  auto load8 = [](const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  };
  auto load4 = [](const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  };
  if (n > 16) return std::memcmp(a.data(), b.data(), n) == 0;
  if (n >= 8) return load8(a.data()) == load8(b.data()) && load8(a.data() + n - 8) == load8(b.data() + n - 8);
  if (n >= 4) return load4(a.data()) == load4(b.data()) && load4(a.data() + n - 4) == load4(b.data() + n - 4);
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

int IndexOf(const std::vector<std::string>& vocabulary, std::string_view v) {
  for (size_t i = 0; i < vocabulary.size(); ++i) {
    if (SameText(vocabulary[i], v)) return static_cast<int>(i);
  }
  return -1;
}

// A record's vocabularies as indices (location 0 = 区域内, also when empty).
struct Classified {
  int level = -1, form = -1, dimension = -1, location = 0;
};

// The first of ValidateRecord's checks a record fails (no key when it is
// valid): the message key, the field and, for policy.enum, the value and
// its vocabulary.
struct Fault {
  const char* key = nullptr;
  const char* field = nullptr;
  const std::string* value = nullptr;
  const std::vector<std::string>* allowed = nullptr;
  explicit operator bool() const { return key != nullptr; }
};

// ValidateRecord's checks, resolving the vocabularies on the way. It makes
// no Status: it runs for every record of a county's audit.
Fault Classify(const CreditRecord& r, Classified& c, bool dimension_required) {
  if (!IsValidDate(r.date.year, r.date.month, r.date.day)) return {"policy.date", "date"};
  if (r.source == SourceKind::kAchievement) {
    if (r.achievement_type.empty()) return {"policy.required", "achievement_type"};
    return {};
  }
  auto check = [&r](int which, const char* field, const std::string& v, const std::vector<std::string>& allowed,
                    int& index) {
    if (r.vocabulary_index[which] >= 0) {
      index = r.vocabulary_index[which];
      return Fault{};
    }
    if (v.empty()) return Fault{"policy.required", field};
    index = IndexOf(allowed, v);
    return index < 0 ? Fault{"policy.enum", field, &v, &allowed} : Fault{};
  };
  if (Fault f = check(0, "level", r.level, Levels(), c.level)) return f;
  if (Fault f = check(1, "form", r.form, Forms(), c.form)) return f;
  if (!r.dimension.empty() || r.vocabulary_index[2] >= 0 || dimension_required) {
    if (Fault f = check(2, "dimension", r.dimension, Dimensions(), c.dimension)) return f;
  }  // else no dimension, under a policy that needs none: c.dimension stays -1
  if (!r.location.empty()) {
    if (Fault f = check(3, "location", r.location, Locations(), c.location)) return f;
  }
  // 10,000 hours bounds every product in int64 by a wide margin.
  if (r.hours_tenths < 0 || r.hours_tenths > 100000) return {"policy.range", "hours"};
  return {};
}

// Bit i set for every vocabulary entry i in `values`; all bits when empty.
uint32_t MaskOf(const std::vector<std::string>& values, const std::vector<std::string>& vocabulary) {
  if (values.empty()) return ~0u;
  uint32_t mask = 0;
  for (const auto& v : values) {
    if (int i = IndexOf(vocabulary, v); i >= 0) mask |= 1u << i;
  }
  return mask;
}

// A record with no topic tag filter, or with one of the filter's tags.
bool MatchesTags(const std::vector<std::string>& filter, const std::vector<std::string>& tags) {
  return filter.empty() ||
         std::any_of(tags.begin(), tags.end(), [&](const std::string& tag) { return Contains(filter, tag); });
}

// Tenths of the requirement's measure from exact units (see audit.h).
int64_t RoundMeasure(int64_t units, Measure m, int hours_per_credit) {
  return m == Measure::kCredits ? RoundedCreditsTenths(units, hours_per_credit) : (units + 50) / 100;
}

std::string Text(const char* key, const std::string& lang, const std::map<std::string, std::string>& params = {}) {
  return FormatMessage(key, lang, params);
}

Json Tenths(int64_t tenths) { return static_cast<double>(tenths) / 10.0; }
// An exact amount as the JSON number its decimal text spells (0.05, 40.45).
Json Exact(int64_t units, int64_t per_one) { return std::stod(FormatExact(units, per_one)); }

std::string PeriodText(const RequirementAudit& q) {
  if (q.first_year == q.last_year) return std::to_string(q.first_year);
  return std::to_string(q.first_year) + "-" + std::to_string(q.last_year);
}

}  // namespace

const char* SourceKindName(SourceKind k) {
  switch (k) {
    case SourceKind::kTraining:
      return "training";
    case SourceKind::kSchoolActivity:
      return "school_activity";
    case SourceKind::kWorkshop:
      return "workshop";
    case SourceKind::kReading:
      return "reading";
    case SourceKind::kAchievement:
      return "achievement";
    case SourceKind::kImport:
      return "import";
  }
  return "training";
}

std::optional<SourceKind> SourceKindOf(std::string_view name) {
  for (SourceKind k : {SourceKind::kTraining, SourceKind::kSchoolActivity, SourceKind::kWorkshop, SourceKind::kReading,
                       SourceKind::kAchievement, SourceKind::kImport})
    if (name == SourceKindName(k)) return k;
  return std::nullopt;
}

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kCounted:
      return "counted";
    case Outcome::kPartiallyCounted:
      return "partially_counted";
    case Outcome::kCycleOnly:
      return "cycle_only";
    case Outcome::kOutsidePeriod:
      return "outside_period";
    case Outcome::kInvalid:
      return "invalid";
    case Outcome::kFailedGrade:
      return "failed_grade";
    case Outcome::kUnknownAchievementType:
      return "unknown_achievement_type";
    case Outcome::kDuplicate:
      return "duplicate";
    case Outcome::kOverCap:
      return "over_cap";
  }
  return "invalid";
}

const char* AuditStatusText(AuditStatus s) {
  switch (s) {
    case AuditStatus::kPassed:
      return "达标";
    case AuditStatus::kFailed:
      return "未达标";
  }
  return "未达标";
}

Status ValidateRecord(const CreditRecord& r, bool dimension_required) {
  Classified c;
  const Fault f = Classify(r, c, dimension_required);
  if (!f) return Status::Ok();
  std::map<std::string, std::string> params;
  if (f.allowed) params = {{"value", *f.value}, {"allowed", internal::JoinList(*f.allowed)}};
  if (std::string_view(f.field) == "date") params = {{"value", r.date.ToString()}};
  if (std::string_view(f.field) == "hours") params = {{"min", "0.0"}, {"max", "10000.0"}};
  return PathError(f.key, f.field, std::move(params));
}

PreparedPolicy::PreparedPolicy(Policy policy) : policy_(std::move(policy)) {
  dimension_required_ = RequiresDimension(policy_);
  const auto &levels = Levels(), &forms = Forms(), &locations = Locations();
  coef_hundredths_.reserve(levels.size() * forms.size() * locations.size());
  for (const auto& l : levels) {
    for (const auto& f : forms) {
      for (const auto& loc : locations) coef_hundredths_.push_back(CoefficientFor(policy_, l, f, loc));
    }
  }
  for (const Requirement& req : policy_.requirements) {
    filters_.push_back({MaskOf(req.counts.dimensions, Dimensions()), MaskOf(req.counts.forms, forms),
                        MaskOf(req.counts.levels, levels)});
  }
}

int PreparedPolicy::Coefficient(int level, int form, int location) const {
  return coef_hundredths_[(static_cast<size_t>(level) * Forms().size() + form) * Locations().size() + location];
}

TeacherAudit Audit(const Policy& p, const TeacherFacts& teacher, std::span<const CreditRecord> records, int year) {
  return Audit(PreparedPolicy(p), teacher, records, year);
}

namespace {

// The heaviest set of pairwise disjoint shortfalls among `items` (indices
// into a.shortfalls) by exhaustive search with a bound: there are a handful
// of shortfalls per measure (at most kMaxRequirements; beyond 20 the search
// keeps the best found by taking them greedily in order, still a lower bound).
void BestDisjoint(const Policy& p, const TeacherAudit& a, const std::vector<size_t>& items, size_t from,
                  std::vector<size_t>& chosen, int64_t sum, int64_t rest, std::vector<size_t>& best, int64_t& best_sum) {
  if (sum > best_sum) {
    best_sum = sum;
    best = chosen;
  }
  if (from == items.size() || sum + rest <= best_sum) return;
  const size_t s = items[from];
  const int64_t w = a.shortfalls[s].missing_units;
  const RecordFilter& f = p.requirements[a.shortfalls[s].requirement].counts;
  const bool fits = std::all_of(chosen.begin(), chosen.end(), [&](size_t c) {
    return FiltersDisjoint(f, p.requirements[a.shortfalls[c].requirement].counts);
  });
  if (fits) {
    chosen.push_back(s);
    BestDisjoint(p, a, items, from + 1, chosen, sum + w, rest - w, best, best_sum);
    chosen.pop_back();
  }
  if (items.size() <= 20 || !fits) BestDisjoint(p, a, items, from + 1, chosen, sum, rest - w, best, best_sum);
}

std::vector<Needed> ComputeNeeded(const Policy& p, const TeacherAudit& a) {
  std::vector<Needed> out;
  for (Measure m : {Measure::kCredits, Measure::kHours}) {
    std::vector<size_t> items;
    int64_t rest = 0;
    for (size_t s = 0; s < a.shortfalls.size(); ++s) {
      if (a.requirements[a.shortfalls[s].requirement].measure != m) continue;
      items.push_back(s);
      rest += a.shortfalls[s].missing_units;
    }
    if (items.empty()) continue;
    Needed n;
    n.measure = m;
    n.per_one = a.requirements[a.shortfalls[items[0]].requirement].per_one;
    std::vector<size_t> chosen;
    int64_t best_sum = -1;
    BestDisjoint(p, a, items, 0, chosen, 0, rest, n.group, best_sum);
    // A single shortfall is a disjoint set of one, so best_sum is at least
    // the largest of them. Prefer the single largest when it is as big.
    size_t largest = items[0];
    for (size_t s : items)
      if (a.shortfalls[s].missing_units > a.shortfalls[largest].missing_units) largest = s;
    if (a.shortfalls[largest].missing_units >= best_sum) n.group = {largest};
    n.units = std::max(best_sum, a.shortfalls[largest].missing_units);
    out.push_back(std::move(n));
  }
  return out;
}

// The engine's working storage, kept per thread: a county's audit runs the
// engine for millions of teachers, and allocating these each time was a
// tenth of its cost.
struct Scratch {
  std::vector<RecordAudit> records;  // for AuditDetail::kTotals
  std::vector<Classified> classes;
  std::vector<size_t> order, duplicate_of;
  std::vector<std::pair<std::string_view, size_t>> coded;
};

}  // namespace

TeacherAudit Audit(const PreparedPolicy& prepared, const TeacherFacts& teacher, std::span<const CreditRecord> records,
                   int year, AuditDetail detail) {
  const Policy& p = prepared.policy_;
  thread_local Scratch scratch;
  TeacherAudit a;
  a.teacher_id = teacher.id;
  a.year = year;
  a.hours_per_credit = p.hours_per_credit;
  a.achievement_cap_tenths = p.achievement_cap_tenths;
  const size_t n = records.size();
  const bool keep = detail == AuditDetail::kRecords;
  std::vector<RecordAudit>& audits = keep ? a.records : scratch.records;
  audits.clear();
  audits.resize(n);
  std::vector<Classified>& classes = scratch.classes;
  classes.assign(n, Classified{});

  // 1. What each record is worth on its own, or why it is worth nothing.
  for (size_t i = 0; i < n; ++i) {
    const CreditRecord& r = records[i];
    RecordAudit& ra = audits[i];
    if (keep) ra.record_id = r.id;
    ra.date = r.date;
    ra.achievement = r.source == SourceKind::kAchievement;
    ra.hours_tenths = ra.achievement ? 0 : r.hours_tenths;
    if (const Fault fault = Classify(r, classes[i], prepared.dimension_required_)) {
      ra.outcome = Outcome::kInvalid;
      ra.detail = fault.field;
      continue;
    }
    if (!r.grade.empty() && IndexOf(p.passing_grades, r.grade) < 0) {
      ra.outcome = Outcome::kFailedGrade;
      ra.detail = r.grade;
      continue;
    }
    if (ra.achievement) {
      auto it = p.achievement_types.find(r.achievement_type);
      if (it == p.achievement_types.end()) {
        ra.outcome = Outcome::kUnknownAchievementType;
        ra.detail = r.achievement_type;
        continue;
      }
      ra.coef_hundredths = it->second;
      ra.credit_units = AchievementCreditUnits(it->second, p.hours_per_credit);
    } else {
      const Classified& c = classes[i];
      ra.coef_hundredths = prepared.Coefficient(c.level, c.form, c.location);
      ra.credit_units = ExactCreditUnits(r.hours_tenths, ra.coef_hundredths);
    }
  }

  // 2. Duplicates and the achievement cap, in date order (input order breaks
  // ties) over every year given: the first passing record of a project is the
  // one that counts, and each calendar year's cap fills up in date order.
  std::vector<size_t>& order = scratch.order;
  order.resize(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return records[x].date != records[y].date ? records[x].date < records[y].date : x < y;
  });
  // A project's records that count so far, by code then date order: the
  // first of each run is the one that counts, the rest are its duplicates.
  auto& coded = scratch.coded;  // (code, position in `order`)
  coded.clear();
  for (size_t pos = 0; pos < n; ++pos) {
    const size_t i = order[pos];
    if (audits[i].outcome == Outcome::kCounted && !records[i].project_code.empty())
      coded.emplace_back(records[i].project_code, pos);
  }
  std::sort(coded.begin(), coded.end());
  constexpr size_t kFirst = static_cast<size_t>(-1);
  std::vector<size_t>& duplicate_of = scratch.duplicate_of;  // record index -> the counted record of its project
  duplicate_of.assign(n, kFirst);
  for (size_t k = 1; k < coded.size(); ++k) {
    if (coded[k].first != coded[k - 1].first) continue;
    const size_t first = duplicate_of[order[coded[k - 1].second]];
    duplicate_of[order[coded[k].second]] = first == kFirst ? order[coded[k - 1].second] : first;
  }
  std::unordered_map<int, int64_t> achievement_units_by_year;
  const int64_t tenth = int64_t{100} * p.hours_per_credit;  // exact units in a tenth of a credit
  for (size_t i : order) {
    RecordAudit& ra = audits[i];
    if (ra.outcome != Outcome::kCounted) continue;
    const CreditRecord& r = records[i];
    if (duplicate_of[i] != kFirst) {
      ra.outcome = Outcome::kDuplicate;
      ra.detail = records[duplicate_of[i]].id;
      ra.credit_units = 0;
      continue;
    }
    if (ra.achievement && p.achievement_cap_tenths) {
      int64_t& used = achievement_units_by_year[r.date.year];
      int64_t room = std::max<int64_t>(0, *p.achievement_cap_tenths * tenth - used);
      if (room == 0) {
        ra.outcome = Outcome::kOverCap;
        ra.credit_units = 0;
        continue;
      }
      if (ra.credit_units > room) {
        ra.outcome = Outcome::kPartiallyCounted;
        ra.credit_units = room;
      }
      used += ra.credit_units;
    }
  }

  // 3. Requirements: each sums the surviving records of its period up to the
  // audited year that pass its filter, exactly, and rounds once.
  a.requirements.resize(p.requirements.size());
  for (size_t k = 0; k < p.requirements.size(); ++k) {
    const Requirement& req = p.requirements[k];
    RequirementAudit& q = a.requirements[k];
    q.id = req.id;
    q.name = req.name;
    q.name_en = req.name_en;
    q.measure = req.measure;
    q.first_year = req.period.FirstYear(year);
    q.last_year = req.period.LastYear(year);
    q.binding = q.last_year == year;
    q.required_tenths = req.minimum_tenths;
    q.per_one = UnitsPerOne(req.measure, p.hours_per_credit);
    q.required_units = req.minimum_tenths * (q.per_one / 10);
    q.applies = Applies(req.applies_to, teacher, year);
    if (!q.applies) continue;
    const PreparedPolicy::Filter& f = prepared.filters_[k];
    int64_t units = 0;
    for (size_t i = 0; i < n; ++i) {
      RecordAudit& ra = audits[i];
      if (!ra.counts_in_year()) continue;  // not yet sorted by period: still kCounted/kPartiallyCounted
      if (ra.date.year < q.first_year || ra.date.year > year) continue;
      // Achievement records have no dimension, form or level: only a total counts them.
      if (ra.achievement
              ? !req.counts.include_achievements
              : !(classes[i].dimension < 0 ? f.dimensions == ~0u : (f.dimensions >> classes[i].dimension & 1)) ||
                    !(f.forms >> classes[i].form & 1) ||
                    !(f.levels >> classes[i].level & 1) || !MatchesTags(req.counts.topic_tags, records[i].topic_tags)) {
        continue;
      }
      // Hours are raw hours; an achievement's hours are its credits x hours_per_credit.
      units += (req.measure == Measure::kHours && !ra.achievement) ? ra.hours_tenths * 100 : ra.credit_units;
      ra.requirement_mask |= uint64_t{1} << k;
    }
    q.actual_tenths = RoundMeasure(units, req.measure, p.hours_per_credit);
    q.actual_units = units;
    // "不少于 20" means the exact amount: 19.95 (shown 20.0) does not meet it.
    q.met = q.actual_units >= q.required_units;
  }

  // 4. Period outcomes and the year's totals.
  std::array<int64_t, kDimensionCount> dim_units{};
  int64_t total_units = 0, achievement_units = 0;
  for (size_t i = 0; i < n; ++i) {
    RecordAudit& ra = audits[i];
    if (ra.counts_in_year() && ra.date.year != year) {
      ra.outcome = ra.requirement_mask ? Outcome::kCycleOnly : Outcome::kOutsidePeriod;
      if (!ra.requirement_mask) ra.credit_units = 0;
    }
    ra.credits_tenths = RoundedCreditsTenths(ra.credit_units, p.hours_per_credit);
    if (!ra.counts_in_year()) continue;
    total_units += ra.credit_units;
    if (ra.achievement) {
      achievement_units += ra.credit_units;
    } else if (classes[i].dimension >= 0) {
      dim_units[classes[i].dimension] += ra.credit_units;
    }
  }
  a.total_credits_tenths = RoundedCreditsTenths(total_units, p.hours_per_credit);
  a.achievement_credits_tenths = RoundedCreditsTenths(achievement_units, p.hours_per_credit);
  for (int d = 0; d < kDimensionCount; ++d) {
    a.by_dimension_tenths[d] = RoundedCreditsTenths(dim_units[d], p.hours_per_credit);
  }

  // 5. Status. An exempt year is 达标 whatever the records (the issue and
  // domain.md §6: "registered as qualified for that year"); the requirements
  // are still computed so the teacher sees where they stand.
  if (auto it = teacher.exempt_years.find(year); it != teacher.exempt_years.end()) {
    a.status = AuditStatus::kPassed;
    a.exempt = true;
    a.exempt_reason = it->second;
    return a;
  }
  for (size_t k = 0; k < a.requirements.size(); ++k) {
    const RequirementAudit& q = a.requirements[k];
    if (!q.applies || !q.binding || q.met) continue;
    const int64_t missing = q.required_units - q.actual_units;
    const int64_t tenth = q.per_one / 10;
    a.shortfalls.push_back({k, missing, (missing + tenth - 1) / tenth});
  }
  a.status = a.shortfalls.empty() ? AuditStatus::kPassed : AuditStatus::kFailed;
  a.needed = ComputeNeeded(p, a);
  return a;
}

std::string ShortfallText(const TeacherAudit& a, const Shortfall& s, const std::string& lang) {
  const RequirementAudit& q = a.requirements[s.requirement];
  const char* unit = q.measure == Measure::kHours ? "policy.unit.hours" : "policy.unit.credits";
  return Text("policy.shortfall", lang,
              {{"name", lang == "en" && !q.name_en.empty() ? q.name_en : q.name},
               {"amount", FormatExact(s.missing_units, q.per_one)},
               {"unit", Text(unit, lang)}});
}

namespace {
std::string Unit(Measure m, const std::string& lang) {
  return Text(m == Measure::kHours ? "policy.unit.hours" : "policy.unit.credits", lang);
}
std::string NameOf(const RequirementAudit& q, const std::string& lang) {
  return lang == "en" && !q.name_en.empty() ? q.name_en : q.name;
}
}  // namespace

std::string NeededText(const TeacherAudit& a, const std::string& lang) {
  std::string out;
  for (const Needed& n : a.needed) {
    if (!out.empty()) out += lang == "en" ? "; " : "；";
    out += FormatExact(n.units, n.per_one) + " " + Unit(n.measure, lang);
  }
  return out;
}

std::vector<std::string> NeededExplanation(const TeacherAudit& a, const Needed& n, const std::string& lang) {
  std::vector<std::string> lines;
  const std::string unit = Unit(n.measure, lang);
  for (size_t s = 0; s < a.shortfalls.size(); ++s) {
    const RequirementAudit& q = a.requirements[a.shortfalls[s].requirement];
    if (q.measure != n.measure) continue;
    lines.push_back(Text("policy.needed.line", lang,
                         {{"name", NameOf(q, lang)},
                          {"required", FormatTenths(q.required_tenths)},
                          {"actual", FormatExact(q.actual_units, q.per_one)},
                          {"amount", FormatExact(a.shortfalls[s].missing_units, q.per_one)},
                          {"unit", unit}}));
  }
  const std::string total = FormatExact(n.units, n.per_one);
  if (n.group.size() > 1) {
    std::string sum;
    for (size_t s : n.group) {
      const RequirementAudit& q = a.requirements[a.shortfalls[s].requirement];
      if (!sum.empty()) sum += " + ";
      sum += NameOf(q, lang) + " " + FormatExact(a.shortfalls[s].missing_units, q.per_one);
    }
    lines.push_back(Text("policy.needed.disjoint", lang, {{"sum", sum}, {"amount", total}, {"unit", unit}}));
  }
  lines.push_back(Text("policy.needed.result", lang, {{"amount", total}, {"unit", unit}}));
  return lines;
}

std::string ExplainRecord(const TeacherAudit& a, const RecordAudit& r, const std::string& lang) {
  const std::string year = std::to_string(a.year);
  const std::string cap = a.achievement_cap_tenths ? FormatTenths(*a.achievement_cap_tenths) : "";
  switch (r.outcome) {
    case Outcome::kCounted:
      if (r.achievement) {
        return Text("policy.reason.achievement", lang,
                    {{"year", year},
                     {"coef", FormatHundredths(r.coef_hundredths)},
                     {"credits", FormatTenths(r.credits_tenths)}});
      }
      return Text(a.hours_per_credit == 1 ? "policy.reason.counted" : "policy.reason.counted_per_credit", lang,
                  {{"year", year},
                   {"hours", FormatTenths(r.hours_tenths)},
                   {"coef", FormatHundredths(r.coef_hundredths)},
                   {"hpc", std::to_string(a.hours_per_credit)},
                   {"credits", FormatTenths(r.credits_tenths)}});
    case Outcome::kPartiallyCounted:
      return Text("policy.reason.partially_counted", lang, {{"cap", cap}, {"credits", FormatTenths(r.credits_tenths)}});
    case Outcome::kOverCap:
      return Text("policy.reason.over_cap", lang, {{"cap", cap}});
    case Outcome::kCycleOnly:
      return Text(
          "policy.reason.cycle_only", lang,
          {{"record_year", std::to_string(r.date.year)}, {"year", year}, {"credits", FormatTenths(r.credits_tenths)}});
    case Outcome::kOutsidePeriod:
      return Text("policy.reason.outside_period", lang, {{"date", r.date.ToString()}, {"year", year}});
    case Outcome::kInvalid:
      return Text("policy.reason.invalid", lang, {{"field", r.detail}});
    case Outcome::kFailedGrade:
      return Text("policy.reason.failed_grade", lang, {{"grade", r.detail}});
    case Outcome::kUnknownAchievementType:
      return Text("policy.reason.unknown_achievement_type", lang, {{"type", r.detail}});
    case Outcome::kDuplicate:
      return Text("policy.reason.duplicate", lang, {{"other", r.detail}});
  }
  return {};
}

Json AuditToJson(const TeacherAudit& a, bool detail) {
  Json out = Json::object();
  out["year"] = a.year;
  out["total_credits"] = Tenths(a.total_credits_tenths);
  Json dims = Json::object();
  for (int d = 0; d < kDimensionCount; ++d) dims[Dimensions()[d]] = Tenths(a.by_dimension_tenths[d]);
  out["by_dimension"] = std::move(dims);
  out["achievement_credits"] = Tenths(a.achievement_credits_tenths);
  out["status"] = AuditStatusText(a.status);
  out["exempt"] = a.exempt;
  if (a.exempt) out["exempt_reason"] = a.exempt_reason;
  Json shortfalls = Json::array();
  for (const Shortfall& s : a.shortfalls) {
    const RequirementAudit& q = a.requirements[s.requirement];
    shortfalls.push_back({{"requirement", q.id},
                          {"name", q.name},
                          {"name_en", q.name_en.empty() ? q.name : q.name_en},
                          {"measure", MeasureName(q.measure)},
                          {"required", Tenths(q.required_tenths)},
                          {"actual", Tenths(q.actual_tenths)},
                          {"missing", Exact(s.missing_units, q.per_one)},
                          {"text_zh", ShortfallText(a, s, "zh")},
                          {"text_en", ShortfallText(a, s, "en")}});
  }
  out["shortfalls"] = std::move(shortfalls);
  Json needed = Json::array();
  for (const Needed& n : a.needed) {
    Json ids = Json::array();
    for (size_t s : n.group) ids.push_back(a.requirements[a.shortfalls[s].requirement].id);
    needed.push_back({{"measure", MeasureName(n.measure)},
                      {"amount", Exact(n.units, n.per_one)},
                      {"text_zh", FormatExact(n.units, n.per_one) + " " + Unit(n.measure, "zh")},
                      {"text_en", FormatExact(n.units, n.per_one) + " " + Unit(n.measure, "en")},
                      {"requirements", std::move(ids)},
                      {"explain_zh", NeededExplanation(a, n, "zh")},
                      {"explain_en", NeededExplanation(a, n, "en")}});
  }
  out["needed"] = std::move(needed);
  out["needed_text_zh"] = NeededText(a, "zh");
  out["needed_text_en"] = NeededText(a, "en");
  if (!detail) return out;

  out["teacher_id"] = a.teacher_id;
  Json reqs = Json::array();
  for (const RequirementAudit& q : a.requirements) {
    reqs.push_back({{"id", q.id},
                    {"name", q.name},
                    {"name_en", q.name_en.empty() ? q.name : q.name_en},
                    {"measure", MeasureName(q.measure)},
                    {"period", PeriodText(q)},
                    {"applies", q.applies},
                    {"binding", q.binding},
                    {"required", Tenths(q.required_tenths)},
                    {"actual", Tenths(q.actual_tenths)},
                    {"actual_exact", Exact(q.actual_units, q.per_one)},
                    {"met", q.met}});
  }
  out["requirements"] = std::move(reqs);
  Json recs = Json::array();
  for (const RecordAudit& r : a.records) {
    Json counted_toward = Json::array();
    for (size_t k = 0; k < a.requirements.size(); ++k) {
      if (r.requirement_mask & (uint64_t{1} << k)) counted_toward.push_back(a.requirements[k].id);
    }
    recs.push_back({{"id", r.record_id},
                    {"date", r.date.ToString()},
                    {"outcome", OutcomeName(r.outcome)},
                    {"counts_in_year", r.counts_in_year()},
                    {"coefficient", static_cast<double>(r.coef_hundredths) / 100.0},
                    {"hours", Tenths(r.hours_tenths)},
                    {"credits", Tenths(r.credits_tenths)},
                    {"requirements", std::move(counted_toward)},
                    {"reason_zh", ExplainRecord(a, r, "zh")},
                    {"reason_en", ExplainRecord(a, r, "en")}});
  }
  out["records"] = std::move(recs);
  return out;
}

Result<CreditRecord> RecordFromJson(const Json& j, const std::string& path) {
  JJ_ASSIGN_OR_RETURN(
      auto o, ObjectReader::Of(j, path,
                               {"id", "project_code", "project_name", "date", "level", "form", "dimension", "location",
                                "hours", "grade", "topic_tags", "source", "achievement_type"}));
  CreditRecord r;
  std::string source = "training";
  JJ_RETURN_IF_ERROR(o.String("id", true, r.id));
  JJ_RETURN_IF_ERROR(o.String("source", false, source));
  if (auto kind = SourceKindOf(source)) {
    r.source = *kind;
  } else {
    std::vector<std::string> names;
    for (int k = 0; k <= static_cast<int>(SourceKind::kImport); ++k)
      names.push_back(SourceKindName(static_cast<SourceKind>(k)));
    return PathError("policy.enum", o.PathOf("source"), {{"value", source}, {"allowed", internal::JoinList(names)}});
  }
  const bool achievement = r.source == SourceKind::kAchievement;
  std::optional<Date> date;
  JJ_RETURN_IF_ERROR(o.DateField("date", true, date));
  r.date = *date;
  JJ_RETURN_IF_ERROR(o.String("project_code", false, r.project_code));
  JJ_RETURN_IF_ERROR(o.String("project_name", false, r.project_name));
  JJ_RETURN_IF_ERROR(o.String("level", false, r.level));
  JJ_RETURN_IF_ERROR(o.String("form", false, r.form));
  JJ_RETURN_IF_ERROR(o.String("dimension", false, r.dimension));
  JJ_RETURN_IF_ERROR(o.String("location", false, r.location));
  JJ_RETURN_IF_ERROR(o.String("grade", false, r.grade));
  JJ_RETURN_IF_ERROR(o.String("achievement_type", false, r.achievement_type));
  JJ_RETURN_IF_ERROR(o.StringList("topic_tags", false, nullptr, r.topic_tags));
  std::optional<int64_t> hours;
  JJ_RETURN_IF_ERROR(o.Fixed("hours", !achievement, 1, 0, 100000, hours));
  r.hours_tenths = hours.value_or(0);
  return r;
}

Json RecordToJson(const CreditRecord& r) {
  Json j = {{"id", r.id}, {"date", r.date.ToString()}, {"source", SourceKindName(r.source)}};
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) j[key] = v;
  };
  put("project_code", r.project_code);
  put("project_name", r.project_name);
  put("level", r.level);
  put("form", r.form);
  put("dimension", r.dimension);
  put("location", r.location);
  put("grade", r.grade);
  put("achievement_type", r.achievement_type);
  if (!r.topic_tags.empty()) j["topic_tags"] = r.topic_tags;
  if (r.source != SourceKind::kAchievement) j["hours"] = Tenths(r.hours_tenths);
  return j;
}

Result<TeacherFacts> TeacherFromJson(const Json& j, const std::string& path) {
  JJ_ASSIGN_OR_RETURN(auto o,
                      ObjectReader::Of(j, path, {"id", "stage", "posts", "sex", "birth_date", "hire_date", "exempt"}));
  TeacherFacts t;
  JJ_RETURN_IF_ERROR(o.String("id", true, t.id));
  JJ_RETURN_IF_ERROR(o.String("stage", false, t.stage));
  JJ_RETURN_IF_ERROR(o.StringList("posts", false, nullptr, t.posts));
  JJ_RETURN_IF_ERROR(o.String("sex", false, t.sex));
  JJ_RETURN_IF_ERROR(o.DateField("birth_date", false, t.birth_date));
  JJ_RETURN_IF_ERROR(o.DateField("hire_date", false, t.hire_date));
  if (const Json* ex = o.Find("exempt")) {
    const std::string ex_path = o.PathOf("exempt");
    if (!ex->is_array()) return PathError("policy.type", ex_path, {{"expected", "array"}});
    for (size_t i = 0; i < ex->size(); ++i) {
      JJ_ASSIGN_OR_RETURN(auto e, ObjectReader::Of((*ex)[i], internal::Index(ex_path, i), {"year", "reason"}));
      std::optional<int64_t> y;
      std::string reason;
      JJ_RETURN_IF_ERROR(e.Int("year", true, 1900, 2200, y));
      JJ_RETURN_IF_ERROR(e.String("reason", true, reason));
      t.exempt_years[static_cast<int>(*y)] = std::move(reason);
    }
  }
  return t;
}

}  // namespace jj::credits::policy
